#!/usr/bin/env python3
"""Compare gradgui's engine with the tutorial's recursive algorithm.

Builds the same graphs with both, interleaved in one run, and prints the
median of several repeats and the ratio ours/tutorial:

- backward and build time of a wide graph (a scalar MLP over many samples,
  loss = sum over samples of the squared error),
- memory per node of that graph,
- backward on a long chain, which the tutorial's recursive topological sort
  cannot do at the default recursion limit.

Usage: scripts/bench_engine.py [--smoke] [--json] [--repeats N]
"""

import argparse
import gc
import json
import math
import random
import statistics
import sys
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gradgui.engine import Value  # noqa: E402

HEADER = f"{'benchmark':<34} {'ours':>12} {'tutorial':>12} {'ratio':>7} {'target':>8}  ok"


class TutorialValue:
    """The tutorial's algorithm, rewritten: a closure per op, operands in a set, recursive sort.

    Only the ops the benchmark graphs use are here.
    """

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op
        self.label = label

    def __add__(self, other):
        other = other if isinstance(other, TutorialValue) else TutorialValue(other)
        out = TutorialValue(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, TutorialValue) else TutorialValue(other)
        out = TutorialValue(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        out = TutorialValue(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        """Hyperbolic tangent."""
        t = math.tanh(self.data)
        out = TutorialValue(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        """Sort the graph recursively, seed the root, call every closure."""
        topo = []
        visited = set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1.0
        for node in reversed(topo):
            node._backward()


def pairwise_sum(terms):
    """Sum as a balanced tree, so the graph stays shallow for a recursive sort."""
    while len(terms) > 1:
        pairs = [terms[i] + terms[i + 1] for i in range(0, len(terms) - 1, 2)]
        if len(terms) % 2:
            pairs.append(terms[-1])
        terms = pairs
    return terms[0]


def make_problem(samples, n_in=3, n_hidden=4, seed=1):
    """Plain numbers for the MLP: weights, biases, inputs and targets."""
    rng = random.Random(seed)
    hidden = [([rng.uniform(-1, 1) for _ in range(n_in)], rng.uniform(-1, 1))
              for _ in range(n_hidden)]
    output = ([rng.uniform(-1, 1) for _ in range(n_hidden)], rng.uniform(-1, 1))
    data = [([rng.uniform(-2, 2) for _ in range(n_in)], rng.uniform(-1, 1))
            for _ in range(samples)]
    return hidden, output, data


def build_mlp(cls, problem):
    """Loss of a tanh MLP over every sample; returns (loss, parameters).

    The error is written pred + (-target) with the target negated up front,
    so both engines make exactly the same nodes (the tutorial's ``-`` makes
    two).
    """
    hidden, output, data = problem
    h_params = [([cls(w) for w in ws], cls(b)) for ws, b in hidden]
    o_params = ([cls(w) for w in output[0]], cls(output[1]))
    errors = []
    for xs, y in data:
        xs = [cls(x) for x in xs]
        acts = []
        for ws, b in h_params:
            act = b
            for w, x in zip(ws, xs):
                act = act + w * x
            acts.append(act.tanh())
        pred = o_params[1]
        for w, a in zip(o_params[0], acts):
            pred = pred + w * a
        errors.append((pred + cls(-y)) ** 2)
    params = [p for ws, b in h_params + [o_params] for p in ws + [b]]
    return pairwise_sum(errors), params


def samples_for(nodes):
    """How many samples make an MLP graph of about ``nodes`` nodes."""
    small, large = (count_nodes(build_mlp(Value, make_problem(n))[0]) for n in (2, 3))
    per_sample = large - small
    shared = small - 2 * per_sample
    return max(1, round((nodes - shared) / per_sample))


def count_nodes(root):
    """Count the nodes of either engine's graph, without recursion."""
    seen = {id(root)}
    stack = [root]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


@contextmanager
def gc_paused():
    """Collect now, then keep the cycle collector out of the measured code."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def measure_mlp(cls, problem):
    """Build the MLP and run backward once; return (build s, backward s, nodes, grads)."""
    with gc_paused():
        start = time.perf_counter()
        loss, params = build_mlp(cls, problem)
        built = time.perf_counter()
        loss.backward()
        done = time.perf_counter()
    result = (built - start, done - built, count_nodes(loss), [p.grad for p in params])
    # The tutorial's closures make reference cycles: free them outside the timing.
    del loss, params
    gc.collect()
    return result


def memory_per_node(cls, problem):
    """Bytes still allocated after building the MLP graph, per node."""
    with gc_paused():
        tracemalloc.start()
        try:
            loss, _ = build_mlp(cls, problem)
            current, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    nodes = count_nodes(loss)
    del loss
    gc.collect()
    return current / nodes


def chain(cls, length):
    """A chain of ``length`` multiplications by one shared constant."""
    x = cls(1.0)
    c = cls(1.0000001)
    for _ in range(length):
        x = x * c
    return x


def run(mlp_nodes, chain_nodes, repeats):
    """Measure everything; return one row (see ``row``) per benchmark."""
    problem = make_problem(samples_for(mlp_nodes))
    engines = {"ours": Value, "tutorial": TutorialValue}
    build = {name: [] for name in engines}
    backward = {name: [] for name in engines}
    nodes = {}
    grads = {}
    for r in range(repeats):
        # Alternate who goes first, so warm-up and drift hit both alike.
        for name in (["ours", "tutorial"] if r % 2 == 0 else ["tutorial", "ours"]):
            built, backward_s, nodes[name], grads[name] = measure_mlp(engines[name], problem)
            build[name].append(built)
            backward[name].append(backward_s)
    if nodes["ours"] != nodes["tutorial"]:
        raise SystemExit(f"the engines built different graphs: {nodes}")
    nodes = nodes["ours"]
    worst = max(abs(a - b) / max(1.0, abs(b)) for a, b in zip(grads["ours"], grads["tutorial"]))
    if worst > 1e-9:
        raise SystemExit(f"the engines disagree on the MLP's grads (relative {worst:.3g})")

    # tracemalloc counts bytes, not time: one build per engine is enough.
    memory = {name: memory_per_node(cls, problem) for name, cls in engines.items()}

    # The chain's two leaves (start and constant) count as nodes too.
    chain_ours = []
    for _ in range(repeats):
        x = chain(Value, chain_nodes - 2)
        with gc_paused():
            start = time.perf_counter()
            x.backward()
            chain_ours.append(time.perf_counter() - start)
        del x
    x = chain(TutorialValue, chain_nodes - 2)
    try:
        with gc_paused():
            start = time.perf_counter()
            x.backward()
            tutorial_chain = (time.perf_counter() - start) * 1000.0
    except RecursionError:
        tutorial_chain = "RecursionError"
    del x
    gc.collect()

    med = statistics.median
    ms = 1000.0
    return [
        row(f"MLP backward ({nodes:,} nodes)", med(backward["ours"]) * ms,
            med(backward["tutorial"]) * ms, "ms", max_ratio=1.0),
        row(f"MLP build ({nodes:,} nodes)", med(build["ours"]) * ms,
            med(build["tutorial"]) * ms, "ms", max_ratio=0.5),
        row("memory per node", memory["ours"], memory["tutorial"], "B", max_ratio=0.7),
        row(f"chain backward ({chain_nodes:,} nodes)", med(chain_ours) * ms,
            tutorial_chain, "ms", below=100.0),
    ]


def row(name, ours, tutorial, unit, max_ratio=None, below=None):
    """One result: ours against the tutorial (a number, or how it failed) and the target."""
    ratio = ours / tutorial if isinstance(tutorial, float) else None
    ok = ours < below if below is not None else ratio is not None and ratio <= max_ratio
    return {"name": name, "ours": ours, "tutorial": tutorial, "unit": unit, "ratio": ratio,
            "max_ratio": max_ratio, "below": below, "ok": ok}


def print_table(rows):
    """Print the results as a table for people."""
    print(HEADER)
    print("-" * len(HEADER))
    for r in rows:
        unit = r["unit"]
        tutorial = r["tutorial"]
        tutorial = f"{tutorial:.1f} {unit}" if isinstance(tutorial, float) else tutorial
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
        target = f"<{r['below']:g} {unit}" if r["below"] is not None else f"<={r['max_ratio']:g}"
        print(f"{r['name']:<34} {r['ours']:>9.1f} {unit:<2} {tutorial:>12} {ratio:>7} {target:>8}  "
              f"{'yes' if r['ok'] else 'NO'}")


def main(argv=None) -> int:
    """Run the benchmark and print the table; exit 0 whether or not targets are met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check the script runs")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--repeats", type=int, default=None, help="repeats per measurement")
    args = parser.parse_args(argv)
    if args.smoke:
        sizes = dict(mlp_nodes=500, chain_nodes=3000, repeats=args.repeats or 2)
    else:
        sizes = dict(mlp_nodes=100_000, chain_nodes=100_000, repeats=args.repeats or 7)
    rows = run(**sizes)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows)
        if args.smoke:
            print("(smoke sizes: the script runs, but these timings mean nothing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
