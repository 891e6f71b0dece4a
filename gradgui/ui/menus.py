"""The menu bar and the toolbars of the main window, built from its actions."""

from typing import List

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QMenu, QToolBar
from shiboken6 import isValid

from ..engine.numbers import significant_digits
from .actions import SPECS, spec
from .examples import bundled_examples, example_title
from .toolbar_rows import ToolbarRows

MENUS = ("File", "Edit", "Graph", "Train", "View", "Help")
_FILE_ORDER = ("actionNew", "actionOpen", "@examples", "@recent", None, "actionSave", "actionSaveAs",
               "actionRevert", None, "actionImportCsv", "actionExportPng", "actionExportSvg", "actionExportPython",
               "actionExportDot", None,
               "actionClose", "actionQuit")
# Each toolbar: its title, object name and items (None: a separator; "@lr": the descent's
# learning rate).
_TOOLBARS = (("Main", "mainToolBar", ("actionOpen", "actionSave", None, "actionUndo", "actionRedo")),
             ("Backward pass", "backwardToolBar", ("actionBackward", "actionStep", "actionStepBack",
                                                   "actionStepOver", "actionRunToEnd",
                                                   "actionResetGrads")),
             ("Descent", "descentToolBar", ("actionDescend", "@lr", None, "actionGradCheck",
                                            "actionFit")))


def build_menus(window) -> dict:
    """Fill the menu bar: File (with examples and recent files), Edit, Graph, Train, View, Help."""
    menus = {name: window.menuBar().addMenu(f"&{name}") for name in MENUS}
    actions = window.actions
    for name in _FILE_ORDER:
        if name is None:
            menus["File"].addSeparator()
        elif name == "@examples":
            window.examples_menu = menus["File"].addMenu("Open &Example")
            window.examples_menu.setObjectName("menuExamples")
            for path in bundled_examples():
                action = window.examples_menu.addAction(example_title(path.name))
                action.setObjectName(f"actionExample_{path.stem}")
                action.triggered.connect(lambda _c=False, n=path.name: window.files.open_example(n))
        elif name == "@recent":
            window.recent_menu = menus["File"].addMenu("Open &Recent")
            window.recent_menu.setObjectName("menuRecent")
        else:
            menus["File"].addAction(actions[name])
    for action_name in ("actionUndo", "actionRedo"):
        menus["Edit"].addAction(actions[action_name])
    menus["Edit"].addSeparator()
    for action_spec in (spec(n) for n in actions):
        if action_spec is not None and action_spec.menu in ("Edit", "Graph", "Train", "View", "Help") \
                and action_spec.name not in ("actionUndo", "actionRedo"):
            menus[action_spec.menu].addAction(actions[action_spec.name])
    _lessons_menu(window, menus["Help"])
    view_menu = menus["View"]
    _collapse_menus(window, view_menu)
    view_menu.addSeparator()
    _scale_menu(window, view_menu)
    _choice_menu(window, view_menu, "&Theme", "menuTheme", THEME_CHOICES, window.appearance.theme_choice)
    _choice_menu(window, view_menu, "Text Si&ze", "menuTextSize", TEXT_SIZE_CHOICES, window.appearance.text_size)
    _toggle(window, view_menu, "actionEdgeLabels", "&Edge Labels (local derivatives)",
            window.scene.set_edge_labels)
    _digits_menu(window, view_menu)
    view_menu.addSeparator()
    # The window's own list, not findChildren: that asks PySide6 to wrap every child of the
    # window, of types it has not set up yet (a few ms at start).
    for dock in window.docks:
        view_menu.addAction(dock.toggleViewAction())
    return menus


def fill_recent(window, paths) -> None:
    """Show the recent files in File > Open Recent."""
    menu = window.recent_menu
    menu.clear()
    for index, path in enumerate(paths, start=1):
        action = menu.addAction(f"&{index % 10} {path}")
        action.triggered.connect(lambda _c=False, p=path: window.files.open_file(p))
    menu.addSeparator()
    clear = menu.addAction("Clear Recent Files")
    clear.setEnabled(bool(paths))
    clear.triggered.connect(window.files.clear_recent)


def _lessons_menu(window, help_menu) -> None:
    """Help > Lessons, after the user guide: the bundled lessons, then a lesson file."""
    menu = QMenu("&Lessons", help_menu)
    menu.setObjectName("menuLessons")
    menu.menuAction().setObjectName("menuLessonsAction")
    for action_spec in SPECS:
        if action_spec.menu == "Lessons" and action_spec.name in window.actions:
            if action_spec.name == "actionOpenLesson":
                menu.addSeparator()
            menu.addAction(window.actions[action_spec.name])
    entries = help_menu.actions()
    help_menu.insertMenu(entries[1] if len(entries) > 1 else None, menu)


def _collapse_menus(window, view_menu) -> None:
    """View > Collapse All and Expand All: a submenu each, listing the groups' levels."""
    for name, verb, title, run in (
            ("menuCollapseAll", "Collapse", "Colla&pse All", window.groups.collapse_level),
            ("menuExpandAll", "Expand", "E&xpand All", window.groups.expand_level)):
        menu = view_menu.addMenu(title)
        menu.setObjectName(name)
        menu.aboutToShow.connect(lambda m=menu, v=verb, r=run: _fill_levels(window, m, v, r))
        _fill_levels(window, menu, verb, run)
        refill = (lambda *_a, m=menu, v=verb, r=run: _fill_levels(window, m, v, r))
        window.session.document_replaced.connect(refill)


def _fill_levels(window, menu, verb: str, run) -> None:
    """One action per level of the document's groups (innermost first), then every group."""
    levels = window.groups.levels()
    if getattr(menu, "levels_shown", None) == levels:
        return  # as it is: the menu's actions stay the ones a person may be pointing at
    menu.levels_shown = levels
    menu.clear()
    for level in levels:
        action = menu.addAction(f"{verb} every &{level}")
        action.setObjectName(f"action{verb}All_{level}")
        action.triggered.connect(lambda _c=False, l=level: run(l))
    if levels:
        menu.addSeparator()
    every = menu.addAction(f"{verb} every group")
    every.setObjectName(f"action{verb}AllGroups")
    every.setEnabled(bool(levels))
    every.triggered.connect(lambda _c=False: run(None))


DIGIT_CHOICES = (3, 4, 5, 6, 8)


def _digits_menu(window, view_menu) -> None:
    """View > Significant Digits: how many digits faces, the inspector and the stepper show."""
    menu = view_menu.addMenu("Significant &Digits")
    menu.setObjectName("menuDigits")
    group = QActionGroup(menu)
    for digits in DIGIT_CHOICES:
        action = QAction(str(digits), menu, objectName=f"actionDigits{digits}", checkable=True)
        action.setChecked(digits == significant_digits())
        action.triggered.connect(lambda _c=False, d=digits: window.appearance.set_significant_digits(d))
        group.addAction(action)
        menu.addAction(action)
        window.actions[action.objectName()] = action


SCALE_CHOICES = (("auto", "actionScaleAuto"), ("linear", "actionScaleLinear"),
                 ("symlog", "actionScaleSymlog"))


def _scale_menu(window, view_menu) -> None:
    """View > Colour Scale: Auto, Linear or Symmetric Log, one checked."""
    menu = view_menu.addMenu("Colour &Scale")
    menu.setObjectName("menuColourScale")
    group = QActionGroup(menu)
    for mode, name in SCALE_CHOICES:
        action = window.actions[name]
        action.setCheckable(True)
        action.setChecked(mode == window.display.scale_mode)
        group.addAction(action)
        menu.addAction(action)


TEXT_SIZE_CHOICES = tuple((size, f"actionTextSize{size}") for size in (100, 125, 150, 200))
THEME_CHOICES = (("system", "actionThemeSystem"), ("light", "actionThemeLight"),
                 ("dark", "actionThemeDark"))


def _choice_menu(window, view_menu, title, object_name, choices, current) -> None:
    """A submenu of checkable actions of which one is checked: ``current``'s."""
    menu = view_menu.addMenu(title)
    menu.setObjectName(object_name)
    group = QActionGroup(menu)
    for choice, name in choices:
        action = window.actions[name]
        action.setCheckable(True)
        action.setChecked(choice == current)
        group.addAction(action)
        menu.addAction(action)


def _toggle(window, menu, name, text, handler) -> QAction:
    action = QAction(text, window, objectName=name, checkable=True)
    action.toggled.connect(handler)
    menu.addAction(action)
    window.actions[name] = action
    return action


def build_toolbars(window) -> List[QToolBar]:
    """The toolbars: files and undo, the backward pass, descent with its learning rate and
    the checks; side by side when the window is wide enough, else in rows."""
    toolbars = [_toolbar(window, *group) for group in _TOOLBARS]
    ToolbarRows(window, toolbars)
    return toolbars


def _toolbar(window, title: str, name: str, items) -> QToolBar:
    toolbar = QToolBar(title, window)
    toolbar.setObjectName(name)
    window.addToolBar(toolbar)
    for item in items:
        if item is None:
            toolbar.addSeparator()
        elif item == "@lr":
            toolbar.addWidget(QLabel(" lr "))
            spin = QDoubleSpinBox(objectName="learningRate")
            spin.setDecimals(4)
            spin.setRange(0.0001, 10.0)
            spin.setSingleStep(0.01)
            spin.setValue(window.backprop.learning_rate)
            spin.setToolTip("Learning rate of a descent step")
            spin.valueChanged.connect(lambda v: setattr(window.backprop, "learning_rate", v))
            toolbar.addWidget(spin)
            window.learning_rate = spin
        else:
            toolbar.addAction(ToolbarButton(window.actions[item], toolbar))
    return toolbar


class ToolbarButton(QAction):
    """A stand-in for an action on the toolbar, with a fixed short text.

    Undo's text ("Undo Add input") changes with every edit; on the button it
    would change the button's width and shift every button after it. The
    detail, and the shortcut, go in the tooltip instead.
    """

    def __init__(self, action: QAction, parent):
        known = spec(action.objectName())
        super().__init__((known.text if known else action.text()).replace("&", "").rstrip("…"), parent)
        self.setObjectName(f"toolbar_{action.objectName()}")
        self.source = action
        self._tip = known.tip if known is not None else ""
        self.follow_source()
        action.changed.connect(self.follow_source)
        self.triggered.connect(action.trigger)

    def follow_source(self) -> None:
        """Take the action's enabled state, and its text and shortcut into the tooltip."""
        if not isValid(self.source):  # the window is closing: its undo stack goes first
            return
        self.setEnabled(self.source.isEnabled())
        tip = self._tip or self.source.text().replace("&", "")
        keys = self.source.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.setToolTip(f"{tip} ({keys})" if keys else tip)
