#!/usr/bin/env python3
"""Make the README's pictures of Find, the minimap and Focus on Selection:
scripts/navigate_screenshots.py [FOLDER] (default: docs/screenshots).

Each is the window rendered offscreen after the gestures a person would make
(the find bar's text typed key by key, Enter pressed).
"""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRADGUI_SETTINGS_DIR", tempfile.mkdtemp(prefix="gradgui-shot-"))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gradgui import examples_dir  # noqa: E402

SIZE = (1280, 800)


def window_on(example: str, app):
    """A shown window with a bundled example open, after Backward."""
    from gradgui.ui.main_window import MainWindow
    from gradgui.ui.settings import settings

    settings().clear()  # the default layout: not the docks the last picture opened
    window = MainWindow()
    window.resize(*SIZE)
    assert window.files.load_path(str(examples_dir() / example))
    window.show()
    app.processEvents()
    window.view.fit_graph()
    window.actions["actionBackward"].trigger()
    app.processEvents()
    return window


def settle(window, app) -> None:
    """Let the view's glide finish and everything repaint."""
    from PySide6.QtTest import QTest

    while window.navigate.pan.running:
        QTest.qWait(20)
    app.processEvents()


def find(app, out: Path) -> None:
    """The find bar with the matches of "n2" listed, the first one gone to."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = window_on("mlp.json", app)
    window.actions["actionFind"].trigger()
    QTest.keyClicks(window.find_bar.field, "n2")
    QTest.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    settle(window, app)
    window.grab().save(str(out))
    window.session.undo_stack.setClean()
    window.close()


def minimap(app, out: Path) -> None:
    """The minimap of the small MLP beside a view zoomed in on part of it."""
    from PySide6.QtCore import Qt

    window = window_on("mlp.json", app)
    window.actions["actionMinimap"].trigger()
    window.resizeDocks([window.minimap_dock], [300], Qt.Orientation.Horizontal)
    window.resizeDocks([window.minimap_dock], [260], Qt.Orientation.Vertical)
    window.view.zoom_by(0.7 / window.view.zoom)
    graph = window.scene.graph_rect()
    window.view.centerOn(graph.left() + graph.width() * 0.3, graph.center().y())
    settle(window, app)
    window.grab().save(str(out))
    window.session.undo_stack.setClean()
    window.close()


def focus(app, out: Path) -> None:
    """The small MLP focused on one hidden neuron's output: its paths stand out."""
    window = window_on("mlp.json", app)
    window.scene.select_nodes(["L1.n2.o"])
    window.actions["actionFocusSelection"].trigger()
    window.view.zoom_by(0.6 / window.view.zoom)
    window.view.centerOn(window.scene.nodes["L1.n2.o"].sceneBoundingRect().center())
    settle(window, app)
    window.grab().save(str(out))
    window.session.undo_stack.setClean()
    window.close()


def main() -> int:
    """Render the three pictures."""
    from PySide6.QtWidgets import QApplication

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    for name, make in (("find.png", find), ("minimap.png", minimap), ("focus.png", focus)):
        make(app, folder / name)
        print(folder / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
