#!/usr/bin/env python3
"""Render the main window offscreen to a PNG: scripts/screenshot.py [FILE] [OUT.png].

Options: --size WxH (default 1280x800), --backward (press Backward first),
--steps N (take N backward steps first), --dark (a dark palette),
--theme light|dark and --text-size 100|125|150|200 (as the View menu sets them),
--edge-labels (View > Edge Labels), --one-to-one NODE (1:1 at the text size, centred
on NODE),
--train N (train N steps with Play, then shoot), --train-live N (shoot while
Play runs, once it has taken N steps).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The default window layout, not whatever the last session left behind.
os.environ.setdefault("GRADGUI_SETTINGS_DIR", tempfile.mkdtemp(prefix="gradgui-shot-"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gradgui import examples_dir  # noqa: E402


def dark_palette():
    """A dark palette like a desktop's dark theme, disabled controls greyed."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role = QPalette.ColorRole
    for name, colour in ((role.Window, "#2b2d31"), (role.WindowText, "#e8e8e8"),
                         (role.Base, "#1e1f22"), (role.AlternateBase, "#26282c"),
                         (role.Text, "#e8e8e8"), (role.Button, "#33363b"),
                         (role.ButtonText, "#e8e8e8"), (role.Highlight, "#3d7bd9"),
                         (role.HighlightedText, "#ffffff"), (role.PlaceholderText, "#8a8f98"),
                         (role.ToolTipBase, "#33363b"), (role.ToolTipText, "#e8e8e8")):
        palette.setColor(name, QColor(colour))
    for name in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, name, QColor("#6b7075"))
    return palette


def train(window, app, steps: int, live: bool) -> None:
    """Play until ``steps`` steps are taken (and shown, when ``live``, while the run goes on)."""
    import time

    training = window.training
    window.train_dock.show()
    # Near enough to read the last layer's weights change, where the network meets its loss.
    window.view.reset_zoom()
    window.view.centerOn(window.scene.nodes["L3.n1.b"] if "L3.n1.b" in window.scene.nodes
                         else window.scene.itemsBoundingRect().center())
    if not training.play(until=None if live else steps):
        raise SystemExit("screenshot.py: the graph cannot be trained")
    while training.running and training.trainer.steps_done < steps:
        app.processEvents()
        time.sleep(0.002)
    if live:
        training.show_progress()
        app.processEvents()
    while not live and training.running:
        app.processEvents()
        time.sleep(0.002)
    app.processEvents()


def main() -> int:
    """Open FILE in the window, optionally act, and save the window as a PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(examples_dir() / "neuron.json"))
    parser.add_argument("out", nargs="?", default="screenshot.png")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--backward", action="store_true")
    parser.add_argument("--steps", type=int, default=0)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--train", type=int, default=0, metavar="N")
    parser.add_argument("--train-live", type=int, default=0, metavar="N")
    parser.add_argument("--theme", choices=("light", "dark"), help="as View > Theme chooses it")
    parser.add_argument("--text-size", type=int, choices=(100, 125, 150, 200), default=100)
    parser.add_argument("--edge-labels", action="store_true")
    parser.add_argument("--one-to-one", metavar="NODE",
                        help="after Fit, View > Zoom Reset (1:1 at the text size) centred on NODE")
    args = parser.parse_args()

    from gradgui.document.fileformat import FileFormatError, load

    try:  # checked here: the window would say it in a message box, and wait for a click
        load(args.file)
    except FileFormatError as error:
        print(f"screenshot.py: {error}", file=sys.stderr)
        return 2

    from PySide6.QtWidgets import QApplication

    from gradgui.ui.main_window import MainWindow
    from idle import until_idle  # this script's folder is on the path

    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    width, height = (int(v) for v in args.size.lower().split("x"))
    window = MainWindow()
    window.resize(width, height)
    if args.theme:
        window.appearance.set_theme_choice(args.theme)
    window.appearance.set_text_size(args.text_size)
    if args.edge_labels:
        window.actions["actionEdgeLabels"].trigger()
    window.show()  # then the file, as the editor opens one it is started on
    app.processEvents()
    if not window.files.load_path(args.file):
        return 2
    app.processEvents()
    window.view.fit_graph(readable=True)  # as opening a file fits it
    for name in (["actionBackward"] if args.backward else []) + ["actionStep"] * args.steps:
        window.actions[name].trigger()
    if args.one_to_one:
        window.actions["actionZoomReset"].trigger()
        window.view.centerOn(window.navigate.node_rect(args.one_to_one).center())
    app.processEvents()
    # A big graph's overview draws its wires a slice at a time after the first paint.
    until_idle(app, window)
    if args.train or args.train_live:
        train(window, app, args.train or args.train_live, live=bool(args.train_live))
    window.grab().save(args.out)
    if window.training.running:
        window.training.pause_now()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
