#!/usr/bin/env python3
"""Render the moons example with the Data panel, one row shown and stepped: scripts/screenshot_data.py [OUT.png].

Opens the bundled moons network, shows row ROW (default 12), steps its
backward pass until a weight's chain-rule line adds this row's share on top
of the rows before it, centres the canvas on that step, and saves the window.
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


def main() -> int:
    """Open moons, choose a row, step to a weight's accumulation, save a PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="data_panel.png")
    parser.add_argument("--row", type=int, default=12)
    parser.add_argument("--size", default="1500x950")
    args = parser.parse_args()

    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication

    from gradgui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.resize(*(int(v) for v in args.size.lower().split("x")))
    window.show()  # then the file, as the editor opens one it is started on
    app.processEvents()
    if not window.files.load_path(str(examples_dir() / "moons.json")):
        return 2
    app.processEvents()
    window.data.select_row(args.row)

    def weight_adds_on_top() -> bool:
        stepper = window.backprop.stepper
        return any(stepper.carry_note(t) and t.contribution != 0.0
                   and window.session.doc.node(window.session.evaluation.id_of(t.operand))["kind"] == "weight"
                   for t in stepper.done[-1].terms)

    step = window.actions["actionStep"]
    step.trigger()
    while not window.backprop.stepper.finished and not weight_adds_on_top():
        step.trigger()
    node = window.session.evaluation.id_of(window.backprop.stepper.done[-1].node)
    app.processEvents()
    window.view.reset_zoom()
    window.view.centerOn(window.scene.nodes[node].sceneBoundingRect().center() + QPointF(-150, 0))
    app.processEvents()
    window.grab().save(args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
