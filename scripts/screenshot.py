"""Render the main window offscreen to a PNG: scripts/screenshot.py [FILE] [OUT.png].

Options: --size WxH (default 1280x800), --backward (press Backward first),
--steps N (take N backward steps first), --dark (a dark palette).
"""

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gradgui import examples_dir  # noqa: E402


def main() -> int:
    """Open FILE in the window, optionally act, and save the window as a PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(examples_dir() / "neuron.json"))
    parser.add_argument("out", nargs="?", default="screenshot.png")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--backward", action="store_true")
    parser.add_argument("--steps", type=int, default=0)
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()

    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from gradgui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.dark:
        app.setStyle("Fusion")
        palette = QPalette()
        for role, color in ((QPalette.ColorRole.Window, "#2b2d31"), (QPalette.ColorRole.WindowText, "#e8e8e8"),
                            (QPalette.ColorRole.Base, "#1e1f22"), (QPalette.ColorRole.Text, "#e8e8e8"),
                            (QPalette.ColorRole.Button, "#2b2d31"), (QPalette.ColorRole.ButtonText, "#e8e8e8")):
            palette.setColor(role, QColor(color))
        app.setPalette(palette)
    width, height = (int(v) for v in args.size.lower().split("x"))
    window = MainWindow()
    window.resize(width, height)
    if not window.files.load_path(args.file):
        return 2
    window.show()
    app.processEvents()
    window.view.fit_graph()
    for name in (["actionBackward"] if args.backward else []) + ["actionStep"] * args.steps:
        window.actions[name].trigger()
    app.processEvents()
    window.grab().save(args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
