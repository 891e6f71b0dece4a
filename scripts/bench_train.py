"""Training speed against micrograd's demo loop, side by side in one run.

micrograd (the PyPI package, 0.1.0) trains its demo: an ``MLP(2, [16, 16, 1])``
on 100 two-moons rows, max-margin loss ``relu(1 - y*score)`` averaged, plus
``1e-4 * sum(p*p)``, learning rate ``1.0 - 0.9*k/steps``. gradgui trains the
same network from the same weights on the same rows with its batched,
headless trainer. Both loss curves are printed against each other (they
must agree to a relative 1e-9), then the medians of a step, the ratio, a
10,000-row step and a 100x100 decision-boundary grid.

Usage: .venv/bin/python scripts/bench_train.py [--steps 20] [--runs 5]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from gradgui.document.generators import generate  # noqa: E402
from gradgui.document.network import network_document, parameters  # noqa: E402
from gradgui.document.training import Trainer, decision_grid  # noqa: E402
from gradgui.document.training_settings import TrainingSettings  # noqa: E402

ALPHA = 1e-4


def moons_document(n: int, steps: int, seed: int = 1):
    """micrograd's demo network on ``n`` moons rows, with its settings."""
    settings = TrainingSettings(lr=1.0, schedule="decay", l2=ALPHA, steps=steps)
    return network_document(generate("moons", n, noise=0.1, seed=seed), ["x1", "x2"], "y",
                            hidden=(16, 16), activation="relu", loss="max-margin", seed=seed,
                            settings=settings)


def micrograd_loop(doc, steps: int):
    """micrograd's demo loop from ``doc``'s weights and rows: yields (loss, seconds) per step."""
    from micrograd.engine import Value
    from micrograd.nn import MLP
    model = MLP(2, [16, 16, 1])
    for p, name in zip(model.parameters(), parameters(doc)):
        p.data = doc.node(name)["value"]
    columns = doc.graph.graph["dataset"]
    data = generate(**columns["generator"])
    X = np.stack([data.column("x1"), data.column("x2")], axis=1).tolist()
    y = data.column("y").tolist()
    for k in range(steps):
        start = time.perf_counter()
        inputs = [list(map(Value, row)) for row in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * si).relu() for yi, si in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        total = data_loss + ALPHA * sum(p * p for p in model.parameters())
        model.zero_grad()
        total.backward()
        rate = 1.0 - 0.9 * k / steps
        for p in model.parameters():
            p.data -= rate * p.grad
        yield total.data, time.perf_counter() - start


def gradgui_loop(doc, steps: int):
    """gradgui's headless trainer: yields (loss, seconds) per step."""
    trainer = Trainer(doc)
    for _ in range(steps):
        start = time.perf_counter()
        result = trainer.step()
        yield result.loss, time.perf_counter() - start


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f} ms"


def main(argv=None) -> int:
    """Run the comparison and print it; exit 1 if the curves disagree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5, help="runs of the fast measurements")
    args = parser.parse_args(argv)
    doc = moons_document(100, args.steps)
    theirs = list(micrograd_loop(doc, args.steps))
    ours = list(gradgui_loop(doc, args.steps))
    worst = 0.0
    print(f"{'step':>4}  {'micrograd loss':>22}  {'gradgui loss':>22}  relative difference")
    for k, ((a, _), (b, _)) in enumerate(zip(theirs, ours)):
        diff = abs(a - b) / abs(a)
        worst = max(worst, diff)
        print(f"{k:>4}  {a!r:>22}  {b!r:>22}  {diff:.1e}")
    mg = statistics.median(t for _, t in theirs)
    gg = statistics.median(t for _, t in ours)
    big = moons_document(10_000, args.steps)
    big_steps = [t for _, t in gradgui_loop(big, args.runs + 1)][1:]
    trainer = Trainer(doc)
    grids = []
    for _ in range(args.runs + 1):
        start = time.perf_counter()
        decision_grid(trainer.program, "score", ["x1", "x2"], (-2.0, 3.0), (-1.5, 2.0), 100)
        grids.append(time.perf_counter() - start)
    print()
    print(f"median of {args.steps} steps, 100 moons rows, MLP(2, [16, 16, 1]):")
    print(f"  micrograd 0.1.0 step          {_ms(mg)}")
    print(f"  gradgui headless step         {_ms(gg)}")
    print(f"  ratio (micrograd / gradgui)   {mg / gg:9.1f}x   (target: at least 100x)")
    print(f"  gradgui step, 10,000 rows     {_ms(statistics.median(big_steps))}   (target: 100 ms)")
    print(f"  decision grid 100x100         {_ms(statistics.median(grids[1:]))}   (target: 30 ms)")
    print(f"  loss curves: largest relative difference {worst:.1e} (must be under 1e-9)")
    return 0 if worst < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
