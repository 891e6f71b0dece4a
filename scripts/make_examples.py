#!/usr/bin/env python3
"""Write the bundled example graphs: neuron.json, neuron_loss.json, mlp.json.

Every example is built through the document's edit commands, the same way
the editor builds graphs, so the files are valid by construction. Rerun it
after changing an example; ``--check`` only compares and exits 1 if a file
on disk differs from what would be written.

Usage: scripts/make_examples.py [--check] [--dir DIR]
"""

import argparse
import random
import sys
import tempfile
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import networkx as nx

# A checkout works without installing the package first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gradgui import examples_dir  # noqa: E402
from gradgui.document import (AddNode, AddWire, GraphDocument, SetOutput,  # noqa: E402
                              move_nodes)
from gradgui.document.fileformat import save  # noqa: E402

COLUMN = 220.0  # node boxes are about 150 px wide
ROW = 110.0  # and about 90 px high
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

    def finish(self, output: str, keep_left: Callable[[str], bool]) -> GraphDocument:
        """Mark the output and lay the graph out; return the document."""
        SetOutput(output).do(self.doc)
        move_nodes(layered_layout(self.doc, keep_left)).do(self.doc)
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
    # The bias sits beside the sum it joins, so its wire passes behind no other box.
    return b.finish(_neuron(b), keep_left=lambda node_id: node_id != "b")


def neuron_loss() -> GraphDocument:
    """The tutorial neuron with a squared-error loss against a target of 1."""
    b = Builder()
    o = _neuron(b)
    b.leaf("target", "input", 1.0)
    b.op("diff", "sub", o, "target")
    b.op("loss", "pow", "diff", exponent=2.0)
    # The target sits next to the subtraction it feeds, not with the neuron's leaves.
    return b.finish("loss", keep_left=lambda node_id: node_id not in ("target", "b"))


def mlp() -> GraphDocument:
    """2 inputs, a hidden layer of 3 tanh neurons, 1 tanh output, squared error."""
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
    return b.finish("loss", keep_left=lambda node_id: False)


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
}


def layered_layout(doc: GraphDocument, keep_left: Callable[[str], bool]) -> Dict[str, Tuple[float, float]]:
    """Positions in columns, left to right, each op one column after its last operand."""
    # A leaf goes just before the first node it feeds, unless ``keep_left``
    # pins it to the first column as in the tutorial's picture. Columns are
    # filled from the right, each node as close as it can get to the nodes it
    # feeds, so wires stay short.
    graph = doc.graph
    order = _topological(doc)
    column: Dict[str, int] = {}
    for node_id in order:
        preds = list(graph.predecessors(node_id))
        column[node_id] = 1 + max(column[p] for p in preds) if preds else 0
    pinned: Dict[str, int] = {}
    for node_id in order:
        users = doc.consumers(node_id)
        if doc.kind(node_id).is_leaf and users:
            natural = min(column[u] for u in users) - 1
            if not keep_left(node_id):
                column[node_id] = natural
            elif natural > 0:
                pinned[node_id] = natural
    # A wire that skips columns gets a stand-in in each column it crosses,
    # which keeps a slot free there so the wire does not run through a box.
    uses: Dict[object, List[Tuple[object, int]]] = {n: [] for n in order}
    col_of: Dict[object, int] = {n: column[n] for n in order if n not in pinned}
    for wire in doc.wires():
        source = wire.source
        if source in pinned:
            continue
        for col in range(column[wire.source] + 1, column[wire.target]):
            stand_in = (wire, col)
            col_of[stand_in] = col
            uses[source].append((stand_in, 0))
            uses[stand_in] = []
            source = stand_in
        uses[source].append((wire.target, wire.port))
    columns: Dict[int, List[object]] = {}
    for item, col in col_of.items():
        columns.setdefault(col, []).append(item)

    y: Dict[object, float] = {}
    for col in sorted(columns, reverse=True):
        y.update(_place_column(columns[col], uses, y))
    # A leaf pinned far from its user goes below everything its wire passes,
    # so the wire runs under the boxes instead of through them.
    for node_id, natural in pinned.items():
        passed = [y[n] for n in y if col_of[n] < natural]
        y[node_id] = max(passed, default=0.0) + ROW
        col_of[node_id] = 0
    top = min(y[n] for n in order)
    return {n: (column[n] * COLUMN, round(y[n] - top, 1)) for n in order}


def _topological(doc: GraphDocument) -> List[str]:
    # Ties broken by the order nodes were added, so the layout is reproducible.
    rank = {node_id: i for i, node_id in enumerate(doc.node_ids())}
    return list(nx.lexicographical_topological_sort(doc.graph, key=rank.__getitem__))


def _place_column(nodes: List[object], uses: Dict[object, List[Tuple[object, int]]],
                  placed: Dict[object, float]) -> Dict[object, float]:
    """Y positions for one column, given the already placed columns to its right."""
    wants = {}
    for node in nodes:
        found = [(placed[target], port) for target, port in uses[node] if target in placed]
        wants[node] = (sum(t for t, _ in found) / len(found), min(found)) if found else None
    # Nodes that feed nothing to the right (an output) go below the others.
    floor = max((w[0] for w in wants.values() if w), default=0.0) + ROW
    keys = {n: wants[n] or (floor, (floor, i)) for i, n in enumerate(nodes)}
    ranked = sorted(nodes, key=lambda n: keys[n])
    ys: List[float] = []
    for node in ranked:
        want = keys[node][0]
        ys.append(want if not ys else max(want, ys[-1] + ROW))
    # Pushing down only would drift the column downwards; centre it on what it wanted.
    shift = sum(keys[n][0] for n in ranked) / len(ranked) - sum(ys) / len(ys)
    return {n: y + shift for n, y in zip(ranked, ys)}


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
