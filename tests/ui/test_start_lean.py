"""What the window leaves for later: parts not shown at start are made only when first
needed, and then behave as if they had been there all along."""

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDockWidget, QWidget

CTRL = Qt.KeyboardModifier.ControlModifier

def test_the_quick_add_popup_made_after_a_dark_theme_is_dark_and_follows_changes(window):
    assert window.typing.popup_if_made() is None
    window.actions["actionThemeDark"].trigger()
    window.actions["actionTextSize150"].trigger()
    popup = window.typing.popup
    assert window.typing.popup_if_made() is popup
    assert popup.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.3
    assert popup.font() == window.font()
    window.actions["actionThemeLight"].trigger()
    window.actions["actionTextSize100"].trigger()
    assert popup.font() == window.font()
    assert popup.palette().color(QPalette.ColorRole.Base).lightnessF() > 0.7
    assert popup.windowFlags() & Qt.WindowType.Popup


def test_a_window_on_a_graph_without_data_never_loads_the_plotting_library():
    """pyqtgraph is imported with the first data set (its scatter plot), not at start."""
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from gradgui.ui.main_window import MainWindow\n"
        "window = MainWindow()\n"
        "window.show()\n"
        "app.processEvents()\n"
        "print('pyqtgraph' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False"



# Run as the command line runs the editor: a watcher sees the canvas's first paint, then
# waits (without blocking the window) until networkx is in and the thread importing it has
# gone, adds a node and closes the window.
_FIRST_PAINT_SCRIPT = """
import gc, sys, threading
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from gradgui.cli import main
from gradgui.ui.main_window import MainWindow

HEAVY = ("numpy", "pyqtgraph", "networkx")
# Modules of things not on show at start: the quiz, expressions typed in, SVG export, the
# hidden docks' panels (find, minimap, gradient check, quiz), the lessons' modules, Help's
# windows, the exports' writers, descent, the view's smooth pan, collapsed groups' boxes,
# auto layout, the bug lab's variants.
LATER = ("gradgui.document.quiz", "gradgui.document.expression", "PySide6.QtSvg",
         "gradgui.ui.panels.find_bar", "gradgui.document.search", "gradgui.ui.panels.minimap",
         "gradgui.ui.panels.gradcheck", "gradgui.document.lesson",
         "gradgui.document.lesson_check", "gradgui.ui.panels.quiz", "gradgui.ui.panels.help",
         "gradgui.ui.controllers.pictures", "gradgui.document.dot_export",
         "gradgui.document.descent", "gradgui.ui.canvas.pan", "gradgui.ui.canvas.group_item",
         "gradgui.document.layout", "gradgui.document.bug_lab")
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "paint" not in seen:
            seen["paint"] = [name for name in HEAVY if name in sys.modules]
            seen["later"] = [name for name in LATER if name in sys.modules]
            seen["collecting"] = [gc.isenabled()]
            QTimer.singleShot(0, once_networkx_is_in)
        return False

def once_networkx_is_in():
    if "networkx" not in sys.modules or any(thread.name == "gradgui-preload"
                                            for thread in threading.enumerate()):
        QTimer.singleShot(10, once_networkx_is_in)
        return
    seen["collecting"].append(gc.isenabled())
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    window.edits.add_node("input")
    seen["nodes"] = len(window.session.doc)
    window.session.undo_stack.setClean()
    QApplication.instance().closeAllWindows()

watcher = FirstPaint()
show = MainWindow.show

def watched_show(self):
    self.view.viewport().installEventFilter(watcher)
    show(self)

MainWindow.show = watched_show
main([])
print(seen["collecting"])
print(seen["later"])
print(seen["paint"], seen["nodes"])
"""


def test_the_window_paints_before_numpy_pyqtgraph_and_networkx_are_loaded(tmp_path):
    """At the canvas's first paint none of the three is loaded, nor the modules of what the
    window does not show at start; networkx comes beside the window afterwards, and the
    first edit of the empty graph works. The cycle collector waits until the first paint
    is done, and runs again after it."""
    done = subprocess.run([sys.executable, "-c", _FIRST_PAINT_SCRIPT], capture_output=True,
                          text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                               "GRADGUI_SETTINGS_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-3:] == ["[False, True]", "[]", "[] 1"]


# Each dock hidden at start, and the object name of the panel it gets when first shown.
# (The lesson panel is made at start: its size hint shares out the right column.)
HIDDEN_DOCKS = {"findDock": "findBar", "minimapDock": "minimap", "gradCheckDock": "gradCheckPanel",
                "quizDock": "quizPanel"}


@pytest.mark.parametrize("dock_name", sorted(HIDDEN_DOCKS))
def test_a_dock_hidden_at_start_is_there_empty_and_gets_its_panel_when_shown(window, qtbot,
                                                                               dock_name):
    """View's toggle (or a tab) shows a hidden dock: its panel is made then, inside it."""
    dock = window.findChild(QDockWidget, dock_name)
    assert dock is not None
    assert window.findChild(QWidget, HIDDEN_DOCKS[dock_name]) is None
    if dock.isHidden():
        dock.toggleViewAction().trigger()  # View > Find, Minimap, …
    dock.raise_()  # a tab behind another: its tab clicked
    qtbot.waitUntil(dock.isVisible)
    panel = window.findChild(QWidget, HIDDEN_DOCKS[dock_name])
    assert panel is not None and dock.isAncestorOf(panel)
    qtbot.waitUntil(panel.isVisible)


def test_the_first_ctrl_f_opens_the_find_bar_ready_to_type(window, canvas, qtbot):
    """The find bar is made by the first Ctrl+F, which still puts the cursor in its field."""
    assert window.findChild(QWidget, "findBar") is None
    label = window.session.doc.label(window.edits.add_node("input"))
    canvas.key(Qt.Key.Key_F, CTRL)
    bar = window.findChild(QWidget, "findBar")
    assert bar is not None and window.find_dock.isVisible()
    qtbot.waitUntil(lambda: bar.field.hasFocus())
    qtbot.keyClicks(bar.field, label)
    assert bar.list.count() == 1


def test_a_layout_saved_with_the_minimap_shown_brings_it_back_drawn(make_window, qtbot):
    """The next window restores the minimap's dock shown, with its picture in it."""
    first = make_window()
    first.actions["actionMinimap"].trigger()
    qtbot.waitUntil(first.minimap_dock.isVisible)
    assert first.close()
    second = make_window()
    qtbot.waitUntil(second.minimap_dock.isVisible)
    minimap = second.findChild(QWidget, "minimap")
    assert minimap is not None and second.minimap_dock.isAncestorOf(minimap)
    qtbot.waitUntil(minimap.isVisible)


def test_the_theme_watches_other_windows_only_once_a_look_is_chosen_and_stops_on_close(
        make_window):
    """With the desktop's look there is nothing to dress: no application-wide filter. Dark
    or a larger text size installs it; closing the window removes it (the application may
    be someone else's)."""
    window = make_window()
    assert not window.appearance.watching_windows
    window.actions["actionTextSize150"].trigger()
    assert window.appearance.watching_windows
    window.actions["actionTextSize100"].trigger()
    assert window.appearance.watching_windows  # it stays, to give windows their look back
    window.close()
    assert not window.appearance.watching_windows
    other = make_window()
    other.actions["actionThemeDark"].trigger()
    assert other.appearance.watching_windows
    again = make_window()  # a new window reads the choice back, and watches at once
    assert again.appearance.watching_windows
