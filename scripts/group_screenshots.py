#!/usr/bin/env python3
"""Screenshots of collapsed groups: scripts/group_screenshots.py [FOLDER].

A 2-16-16-1 tanh network on a small data set, a group per neuron, drawn
expanded, with every neuron collapsed, and part way through stepping the
backward pass with the stepped neuron's box marked (default FOLDER:
docs/screenshots). The window is rendered offscreen at 1600x1000.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication, QDockWidget  # noqa: E402

from gradgui.document.dataset import Dataset  # noqa: E402
from gradgui.document.network import network_document  # noqa: E402


def network():
    """The network, with a group per neuron (ids ``L1.n3``) inside one per layer."""
    rng = np.random.default_rng(1)
    x = rng.uniform(-1.0, 1.0, size=(4, 2))
    dataset = Dataset({"x1": x[:, 0], "x2": x[:, 1], "y": np.sign(x[:, 0] * x[:, 1])})
    # The builder groups each neuron (ids ``L1.n3``) inside its layer, and the loss.
    return network_document(dataset, ["x1", "x2"], "y", hidden=(16, 16), activation="tanh")


def main() -> int:
    """Render the three pictures."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    from gradgui.ui.main_window import MainWindow
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    window.session.replace_document(network())
    app.processEvents()
    # The pictures are of the canvas: the data set's and training's docks, shown with a
    # network on data, are closed to give it the room a network on its own has.
    for name in ("dataDock", "trainDock"):
        window.findChild(QDockWidget, name).hide()
    app.processEvents()

    def shot(name):
        window.view.fit_graph()
        for _ in range(3):
            app.processEvents()
        window.grab().save(str(folder / name))

    window.actions["actionBackward"].trigger()
    shot("network_expanded.png")
    window.groups.collapse_level("neuron")
    window.actions["actionAutoLayout"].trigger()
    window.actions["actionBackward"].trigger()
    shot("network_collapsed.png")
    hidden = window.scene.folding.plan.hidden
    id_of = window.session.evaluation.id_of
    step, over = window.actions["actionStep"], window.actions["actionStepOver"]
    step.trigger()
    # Into the second hidden layer, then two steps inside a neuron there.
    while not (hidden.get(id_of(window.backprop.stepper.done[-1].node)) or "").startswith("L2."):
        over.trigger()
    step.trigger()
    step.trigger()
    shot("network_mid_step.png")
    window.session.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
