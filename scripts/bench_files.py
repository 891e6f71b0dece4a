#!/usr/bin/env python3
"""Time saving and loading graph files of 10,000 and 100,000 nodes.

Graphs are built straight into a GraphDocument (no commands, no events):

- chain: an input, then weight and op nodes alternating, each op fed by the
  one before (deep: one long path),
- mlp: layers of tanh neurons over the layer before (wide, many wires),
- mlp-shuffled: the same graph with its nodes stored in random order, so
  the loader's cycle check cannot take its fast path (a worst case, shown
  against the targets but not held to them).

Prints the median and the spread (min-max) of several runs of ``save``
(to a real file, fsync included) and ``load``, against the targets.

Usage: scripts/bench_files.py [--smoke] [--repeats N]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gradgui.document import GraphDocument, load, save  # noqa: E402

# nodes -> (save target, load target) in seconds
TARGETS = {10_000: (0.050, 0.050), 100_000: (0.400, 0.500)}
STRESS = ("mlp-shuffled",)  # worst cases: shown against the targets, not held to them
OPS = ("mul", "add", "tanh", "sub", "pow", "sigmoid")


class Builder:
    """Adds valid nodes and wires directly to a document's graph."""

    def __init__(self):
        self.doc = GraphDocument()
        self.graph = self.doc.graph
        self.count = 0

    def node(self, kind, x, y, **fields):
        self.count += 1
        node_id = f"{kind[0]}{self.count}"
        self.graph.add_node(node_id, kind=kind, label=node_id, pos=(float(x), float(y)), **fields)
        return node_id

    def wire(self, source, target, port):
        self.graph.add_edge(source, target, key=port, port=port)


def chain(size: int) -> GraphDocument:
    """One long path: x, then (weight, op) pairs."""
    b = Builder()
    prev = b.node("input", 0, 0, value=0.5)
    step = 0
    while b.count < size:
        kind = OPS[step % len(OPS)]
        step += 1
        if kind in ("mul", "add", "sub"):
            w = b.node("weight", step * 60, 80, value=0.01 * (step % 97))
            op = b.node(kind, step * 60, 0)
            b.wire(prev, op, 0)
            b.wire(w, op, 1)
        else:
            op = b.node(kind, step * 60, 0, **({"exponent": 1.0} if kind == "pow" else {}))
            b.wire(prev, op, 0)
        prev = op
    b.doc.graph.graph["output"] = prev
    return b.doc


def mlp(size: int, width: int = 8) -> GraphDocument:
    """Layers of ``width`` tanh neurons, each over every node of the layer before."""
    b = Builder()
    rng = random.Random(1)
    layer = [b.node("input", 0, 100 * i, value=rng.uniform(-1, 1)) for i in range(width)]
    depth = 0
    while b.count < size:
        depth += 1
        x = depth * 400
        nxt = []
        for j in range(width):
            total = b.node("weight", x, 100 * j, value=rng.uniform(-1, 1))
            for i, source in enumerate(layer):
                w = b.node("weight", x + 50, 100 * j + 10 * i, value=rng.uniform(-1, 1))
                m = b.node("mul", x + 100, 100 * j + 10 * i)
                b.wire(source, m, 0)
                b.wire(w, m, 1)
                a = b.node("add", x + 200, 100 * j + 10 * i)
                b.wire(total, a, 0)
                b.wire(m, a, 1)
                total = a
            out = b.node("tanh", x + 300, 100 * j)
            b.wire(total, out, 0)
            nxt.append(out)
        layer = nxt
    return b.doc


def shuffled(doc: GraphDocument) -> GraphDocument:
    """The same graph with its nodes inserted in random order."""
    old = doc.graph
    order = list(old.nodes)
    random.Random(2).shuffle(order)
    new = GraphDocument()
    new.graph.add_nodes_from((n, old.nodes[n]) for n in order)
    new.graph.add_edges_from(old.edges(keys=True, data=True))
    return new


def timed(fn, repeats):
    times = []
    result = None
    for _ in range(repeats):
        # Freeing the last run's document is not part of the next run.
        result = None
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def fmt(times):
    med = statistics.median(times)
    return f"{med * 1000:8.1f} ms ({min(times) * 1000:.1f}-{max(times) * 1000:.1f})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny graphs, two runs: checks the script works")
    parser.add_argument("--repeats", type=int, default=None,
                        help="runs per measurement (default 7, 5 at 100k)")
    args = parser.parse_args(argv)
    sizes = (200, 2_000) if args.smoke else (10_000, 100_000)
    header = (f"{'graph':<13} {'nodes':>7} {'wires':>7} {'MiB':>5}  {'save median (min-max)':<27}"
              f"{'load median (min-max)':<27}{'targets':<16}ok")
    print(header)
    print("-" * len(header))
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.json"
        for size in sizes:
            base = mlp(size)
            for name, doc in (("chain", chain(size)), ("mlp", base), ("mlp-shuffled", shuffled(base))):
                repeats = args.repeats or (2 if args.smoke else 5 if size >= 100_000 else 7)
                save_times, _ = timed(lambda: save(doc, path), repeats)
                load_times, loaded = timed(lambda: load(path), repeats)
                if (len(loaded), loaded.graph.number_of_edges()) != (len(doc), doc.graph.number_of_edges()):
                    print(f"{name}: the loaded graph differs from the saved one", file=sys.stderr)
                    return 1
                target = TARGETS.get(size)
                ok = "-"
                if target:
                    good = (statistics.median(save_times) < target[0]
                            and statistics.median(load_times) < target[1])
                    ok = "yes" if good else "NO"
                    if name in STRESS:
                        ok += " *"
                    else:
                        failed |= not good
                targets = f"{target[0] * 1000:.0f}/{target[1] * 1000:.0f} ms" if target else "-"
                mib = path.stat().st_size / 2**20
                print(f"{name:<13} {len(doc):>7} {doc.graph.number_of_edges():>7} {mib:>5.1f}  "
                      f"{fmt(save_times):<27}{fmt(load_times):<27}{targets:<16}{ok}")
    if not args.smoke:
        print("* worst case, beyond the targets: nodes stored out of wiring order")
    if failed:
        print("some medians missed their targets (save/load)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
