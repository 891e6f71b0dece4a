"""What the window leaves for later: parts not shown at start are made only when first
needed, and then behave as if they had been there all along."""

import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

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
