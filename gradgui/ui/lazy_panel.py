"""A dock's panel made when it is first wanted: a dock hidden at start is made empty, so
the window saves and restores its place, and its panel (and the panel's modules) come
the first time the dock shows or anything asks for the panel."""

from typing import Callable, List, Optional

from PySide6.QtWidgets import QWidget


class LazyPanel:
    """The panel of ``dock`` (whose widget is a scroll area), made by ``make`` on first use."""

    def __init__(self, dock, make: Callable[[], QWidget]):
        self.dock = dock
        self._make = make
        self._panel: Optional[QWidget] = None
        self._then: List[Callable[[QWidget], None]] = []
        dock.visibilityChanged.connect(lambda shown: shown and self.get())

    def get(self) -> QWidget:
        """The panel, made (and put in the dock) the first time it is asked for."""
        if self._panel is None:
            panel = self._panel = self._make()
            self.dock.widget().setWidget(panel)  # in place of the empty scroll area's nothing
            for then in self._then:
                then(panel)
            self._then.clear()
        return self._panel

    def made(self) -> Optional[QWidget]:
        """The panel if it has been made, else None (without making it)."""
        return self._panel

    def when_made(self, then: Callable[[QWidget], None]) -> None:
        """Call ``then(panel)`` once the panel is made (at once if it is)."""
        if self._panel is not None:
            then(self._panel)
        else:
            self._then.append(then)


def panel_of(holder: str) -> property:
    """A window property reading the panel of the LazyPanel in attribute ``holder`` (making
    it): code and tests reach the panel as if it had been made at start."""
    return property(lambda window: getattr(window, holder).get())


# The main window's panels hidden at start, each module imported when the panel is made.
def make_grad_check_panel():
    """The Gradient check dock's table."""
    from .panels.gradcheck import GradCheckPanel
    return GradCheckPanel()


def make_lesson_panel():
    """The Lesson dock's panel."""
    from .panels.lesson_panel import LessonPanel
    return LessonPanel()


def make_quiz_panel():
    """The Predict the grad dock's panel."""
    from .panels.quiz import QuizPanel
    return QuizPanel()


def make_find_bar(session):
    """The Find dock's bar."""
    from .panels.find_bar import FindBar
    return FindBar(session)


def make_minimap(scene, view):
    """The Minimap dock's picture."""
    from .panels.minimap import Minimap
    return Minimap(scene, view)
