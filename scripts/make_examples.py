#!/usr/bin/env python3
"""Write the bundled example graphs: neuron.json, neuron_loss.json, mlp.json, moons.json,
line_regression.json.

The first three are built through the document's edit commands, the same
way the editor builds graphs, so the files are valid by construction, and
laid out by the document's layered layout, so Auto Layout leaves it as it
is; the MLP is grouped by neuron, layer and loss. The two networks bound to
a data set are what New Network from a data set builds, groups included. Rerun it
after changing an example; ``--check`` only compares and exits 1 if a file
on disk differs from what would be written.

Usage: scripts/make_examples.py [--check] [--dir DIR]
"""

import argparse
import random
import sys
import tempfile
from pathlib import Path
from typing import Callable, Dict, List, Optional

# A checkout works without installing the package first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gradgui import examples_dir  # noqa: E402
from gradgui.document import (AddNode, AddWire, GraphDocument, MakeGroup,  # noqa: E402
                              SetOutput, layered_layout, move_nodes)
from gradgui.document.fileformat import save  # noqa: E402
from gradgui.document.generators import generate  # noqa: E402
from gradgui.document.network import network_document  # noqa: E402
from gradgui.document.training_settings import TrainingSettings  # noqa: E402

MLP_SEED = 1337


class Builder:
    """Builds a document through commands, one node or wire at a time."""

    def __init__(self):
        self.doc = GraphDocument()

    def leaf(self, node_id: str, kind: str, value: float, label: Optional[str] = None) -> str:
        """Add an input, weight or const node."""
        AddNode(node_id, kind, label=label, value=value).do(self.doc)
        return node_id

    def op(self, node_id: str, kind: str, *operands: str, label: Optional[str] = None,
           exponent: Optional[float] = None) -> str:
        """Add an op node wired to ``operands`` in port order."""
        AddNode(node_id, kind, label=label, exponent=exponent).do(self.doc)
        for port, source in enumerate(operands):
            AddWire(source, node_id, port).do(self.doc)
        return node_id

    def group(self, gid: str, level: str, node_ids: List[str], parent: Optional[str] = None) -> None:
        """Group nodes (labelled with the group's id)."""
        MakeGroup(gid, gid, node_ids, level=level, parent=parent).do(self.doc)

    def finish(self, output: str) -> GraphDocument:
        """Mark the output and lay the graph out as Auto Layout does; return the document."""
        SetOutput(output).do(self.doc)
        move_nodes(layered_layout(self.doc)).do(self.doc)
        return self.doc


def _neuron(b: Builder) -> str:
    """The tutorial's neuron o = tanh(x1*w1 + x2*w2 + b); returns o's id."""
    b.leaf("x1", "input", 2.0)
    b.leaf("w1", "weight", -3.0)
    b.leaf("x2", "input", 0.0)
    b.leaf("w2", "weight", 1.0)
    b.leaf("b", "weight", 6.8813735870195432)
    b.op("m1", "mul", "x1", "w1", label="x1*w1")
    b.op("m2", "mul", "x2", "w2", label="x2*w2")
    b.op("s1", "add", "m1", "m2", label="x1*w1 + x2*w2")
    b.op("n", "add", "s1", "b")
    return b.op("o", "tanh", "n")


def neuron() -> GraphDocument:
    """The tutorial neuron, leaves on the left as in the tutorial's picture."""
    b = Builder()
    return b.finish(_neuron(b))


def neuron_loss() -> GraphDocument:
    """The tutorial neuron with a squared-error loss against a target of 1."""
    b = Builder()
    o = _neuron(b)
    b.leaf("target", "input", 1.0)
    b.op("diff", "sub", o, "target")
    b.op("loss", "pow", "diff", exponent=2.0)
    return b.finish("loss")


def mlp() -> GraphDocument:
    """2 inputs, a hidden layer of 3 tanh neurons, 1 tanh output, squared error; a group per
    neuron (its weights, bias and work) inside one per layer, and one for the loss."""
    rng = random.Random(MLP_SEED)

    def param(b: Builder, node_id: str) -> str:
        # Two decimals keep the numbers readable on the canvas and by hand.
        return b.leaf(node_id, "weight", round(rng.uniform(-1.0, 1.0), 2))

    b = Builder()
    inputs = [b.leaf("x1", "input", 2.0), b.leaf("x2", "input", -1.0)]
    hidden = [_tanh_neuron(b, f"L1.n{j}", inputs, param, out_label=f"h{j}")
              for j in range(1, 4)]
    y = _tanh_neuron(b, "L2.n1", hidden, param, out_label="y")
    b.leaf("target", "input", 1.0)
    b.op("diff", "sub", y, "target")
    b.op("loss", "pow", "diff", exponent=2.0)
    for layer, size in (("L1", 3), ("L2", 1)):
        b.group(layer, "layer", [])
        for j in range(1, size + 1):
            name = f"{layer}.n{j}"
            b.group(name, "neuron", [n for n in b.doc.node_ids() if n.startswith(name + ".")],
                    parent=layer)
    b.group("loss", "loss", ["target", "diff", "loss"])
    return b.finish("loss")


def moons() -> GraphDocument:
    """micrograd's demo: 2-16-16-1, relu, max-margin loss, L2 1e-4, 100 moons rows, its schedule."""
    settings = TrainingSettings(lr=1.0, schedule="decay", l2=1e-4, steps=100)
    return network_document(generate("moons", 100, noise=0.1, seed=1), ["x1", "x2"], "y",
                            hidden=(16, 16), activation="relu", loss="max-margin", seed=1,
                            settings=settings)


def line_regression() -> GraphDocument:
    """A line to fit: 1-8-1 tanh network, squared error, 50 rows."""
    return network_document(generate("line", 50, noise=0.1, seed=1), ["x"], "y", hidden=(8,),
                            activation="tanh", loss="squared", seed=1,
                            settings=TrainingSettings(lr=0.1, steps=200))


def _tanh_neuron(b: Builder, name: str, xs: List[str], param, out_label: str) -> str:
    """tanh(x1*w1 + x2*w2 + ... + b), summed left to right like the tutorial."""
    total = None
    for i, x in enumerate(xs, start=1):
        w = param(b, f"{name}.w{i}")
        product = b.op(f"{name}.m{i}", "mul", x, w, label=f"{name}.{b.doc.label(x)}*w{i}")
        if total is None:
            total = product
        else:
            total = b.op(f"{name}.s{i - 1}", "add", total, product)
    bias = param(b, f"{name}.b")
    b.op(f"{name}.n", "add", total, bias)
    return b.op(f"{name}.o", "tanh", f"{name}.n", label=out_label)


EXAMPLES: Dict[str, Callable[[], GraphDocument]] = {
    "neuron.json": neuron,
    "neuron_loss.json": neuron_loss,
    "mlp.json": mlp,
    "moons.json": moons,
    "line_regression.json": line_regression,
}


def main(argv: Optional[List[str]] = None) -> int:
    """Write the examples (or with --check, compare them); return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a file differs from what would be written")
    parser.add_argument("--dir", type=Path, default=examples_dir(),
                        help="the folder to write to (default: the package's examples)")
    args = parser.parse_args(argv)
    stale = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, build in EXAMPLES.items():
            target = args.dir / name
            if not args.check:
                target.parent.mkdir(parents=True, exist_ok=True)
                save(build(), target)
                print(f"wrote {target}")
                continue
            # Saving for real and comparing bytes checks exactly what save writes.
            fresh = Path(scratch) / name
            save(build(), fresh)
            if not target.is_file() or target.read_bytes() != fresh.read_bytes():
                stale.append(name)
    if stale:
        print(f"out of date: {', '.join(stale)}; run {Path(__file__).name} to rewrite them",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
