#!/usr/bin/env python3
"""Compare gradgui's engine with micrograd (the PyPI package) on the same graphs.

Both engines build the same graphs in one run, turn about, and the table
gives medians of several repeats and the ratio gradgui/micrograd:

- an MLP's scalar graph (relu layers, squared error summed over samples) of
  about 1,000, 10,000 and 100,000 nodes: backward and build time per node,
  each with the cycle collector paused and with it on, as in a user's
  script; memory per node after the build and the peak that backward adds;
- backward on a chain of 100,000 multiplications, micrograd with its
  recursion limit raised so that its recursive sort can finish;
- the whole process: ``python -m gradgui --backward`` on the tutorial
  neuron's file against a script that reads the same file into micrograd
  ``Value``s, runs backward and prints every node; both without ``site``
  and with gradgui's bytecode written first, as an installed package has it.

Times are wall-clock; ``--cpu`` times with the CPU clock instead (the
process's, and its children's for the whole-process row), which a machine
busy with other work disturbs far less.

Usage: scripts/bench_engine.py [--smoke] [--json] [--repeats N] [--no-process] [--cpu]
"""

import argparse
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from micrograd.engine import Value as MicrogradValue  # noqa: E402

from gradgui.engine import Value  # noqa: E402
from gradgui.tuning import collector_for_timing as collector  # noqa: E402

ENGINES = {"gradgui": Value, "micrograd": MicrogradValue}
NEURON = ROOT / "gradgui" / "resources" / "examples" / "neuron.json"
HEADER = f"{'benchmark':<44} {'gradgui':>11} {'micrograd':>11} {'ratio':>6} {'target':>7}  ok"
# Targets: gradgui/micrograd at most this (None: reported, no target).
BACKWARD_TARGET = {1_000: 0.6, 10_000: 0.6, 100_000: 0.5}


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
    """Squared-error loss of a relu MLP summed over every sample; returns (loss, parameters).

    Only ops both engines make as one node each: +, *, relu and **2 (the
    error is pred + (-y) with the target negated up front). The sum is a
    balanced tree, as micrograd's recursive sort needs a shallow graph.
    """
    hidden, output, data = problem
    h_params = [([cls(w) for w in ws], cls(b)) for ws, b in hidden]
    o_params = ([cls(w) for w in output[0]], cls(output[1]))
    terms = []
    for xs, y in data:
        xs = [cls(x) for x in xs]
        acts = []
        for ws, b in h_params:
            act = b
            for w, x in zip(ws, xs):
                act = act + w * x
            acts.append(act.relu())
        pred = o_params[1]
        for w, a in zip(o_params[0], acts):
            pred = pred + w * a
        terms.append((pred + cls(-y)) ** 2)
    while len(terms) > 1:
        pairs = [terms[i] + terms[i + 1] for i in range(0, len(terms) - 1, 2)]
        terms = pairs + terms[len(pairs) * 2:]
    params = [p for ws, b in h_params + [o_params] for p in ws + [b]]
    return terms[0], params


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


def samples_for(nodes):
    """How many samples make an MLP graph of about ``nodes`` nodes."""
    small, large = (count_nodes(build_mlp(Value, make_problem(n))[0]) for n in (2, 3))
    per_sample = large - small
    return max(1, round((nodes - (small - 2 * per_sample)) / per_sample))


CLOCK = {"clock": time.perf_counter}  # --cpu: time.process_time


def timed(function):
    """Seconds ``function()`` takes, and what it returned."""
    clock = CLOCK["clock"]
    start = clock()
    result = function()
    return clock() - start, result


def children_cpu() -> float:
    """CPU seconds used so far by finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_mlp(cls, problem, gc_on):
    """Build the MLP and run backward once; return (build s, backward s, nodes, grads)."""
    with collector(gc_on):
        build_s, (loss, params) = timed(lambda: build_mlp(cls, problem))
        backward_s, _ = timed(loss.backward)
    result = build_s, backward_s, count_nodes(loss), [p.grad for p in params]
    del loss, params
    gc.collect()  # micrograd's closures hold reference cycles: free them outside the timing
    return result


def memory(cls, build):
    """Bytes per node still allocated after ``build()``, and the peak backward adds on top."""
    with collector(False):
        tracemalloc.start()
        try:
            root = build()
            after_build, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            root.backward()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    nodes = count_nodes(root)
    del root
    gc.collect()
    return after_build / nodes, (peak - after_build) / nodes


def chain(cls, length):
    """A chain of ``length`` multiplications by one shared constant (length + 2 nodes)."""
    x = cls(1.0)
    c = cls(1.0000001)
    for _ in range(length):
        x = x * c
    return x


def mlp_rows(size, repeats):
    """Rows for an MLP graph of about ``size`` nodes.

    Graphs under 10,000 nodes get proportionally more repeats (70 at 1,000 for
    the default 7): one backward there lasts a fraction of a millisecond, and
    a median of a handful of such runs moved by a tenth from one run to the next.
    """
    repeats *= max(1, 10_000 // size)
    problem = make_problem(samples_for(size))
    times = {(name, what, on): [] for name in ENGINES for what in ("build", "backward")
             for on in (False, True)}
    nodes, grads = {}, {}
    for r in range(repeats):
        for on in (False, True):
            # Turn about who goes first, so warm-up and drift hit both alike.
            for name in list(ENGINES) if r % 2 == 0 else list(ENGINES)[::-1]:
                build_s, backward_s, nodes[name], grads[name] = measure_mlp(
                    ENGINES[name], problem, on)
                times[name, "build", on].append(build_s)
                times[name, "backward", on].append(backward_s)
    if nodes["gradgui"] != nodes["micrograd"]:
        raise SystemExit(f"the engines built different graphs: {nodes}")
    n = nodes["gradgui"]
    worst = max(abs(a - b) / max(1.0, abs(b)) for a, b in zip(grads["gradgui"], grads["micrograd"]))
    if worst > 1e-9:
        raise SystemExit(f"the engines disagree on the MLP's grads (relative {worst:.3g})")

    def per_node(name, what, on):
        return statistics.median(times[name, what, on]) / n * 1e9

    rows = []
    for what in ("backward", "build"):
        for on in (False, True):
            target = BACKWARD_TARGET.get(size) if what == "backward" else None
            rows.append(row(f"MLP {what}, {n:,} nodes, gc {'on' if on else 'paused'}",
                            per_node("gradgui", what, on), per_node("micrograd", what, on),
                            "ns/node", target))
    mem = {name: memory(cls, lambda cls=cls: build_mlp(cls, problem)[0])
           for name, cls in ENGINES.items()}
    rows.append(row(f"MLP memory after build, {n:,} nodes", mem["gradgui"][0],
                    mem["micrograd"][0], "B/node"))
    rows.append(row(f"MLP peak added by backward, {n:,} nodes", mem["gradgui"][1],
                    mem["micrograd"][1], "B/node"))
    return rows


def chain_rows(length, repeats):
    """Rows for a chain of ``length`` nodes; micrograd's recursion limit is raised for it."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, length + 1000))
    try:
        times = {name: [] for name in ENGINES}
        for r in range(repeats):
            for name in list(ENGINES) if r % 2 == 0 else list(ENGINES)[::-1]:
                x = chain(ENGINES[name], length - 2)
                with collector(False):
                    seconds, _ = timed(x.backward)
                times[name].append(seconds)
                del x
                gc.collect()
        mem = {name: memory(cls, lambda cls=cls: chain(cls, length - 2))
               for name, cls in ENGINES.items()}
    finally:
        sys.setrecursionlimit(limit)
    med = {name: statistics.median(t) / length * 1e9 for name, t in times.items()}
    return [row(f"chain backward, {length:,} nodes, gc paused", med["gradgui"],
                med["micrograd"], "ns/node"),
            row(f"chain peak added by backward, {length:,} nodes", mem["gradgui"][1],
                mem["micrograd"][1], "B/node")]


MICROGRAD_SCRIPT = '''
import json, math, sys
from micrograd.engine import Value

def tanh(v):
    t = math.tanh(v.data)
    out = Value(t, (v,), "tanh")
    def _backward():
        v.grad += (1 - t ** 2) * out.grad
    out._backward = _backward
    return out

OPS = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
       "div": lambda a, b: a / b, "neg": lambda a: -a, "relu": lambda a: a.relu(),
       "tanh": tanh}
with open(sys.argv[1], encoding="utf-8") as f:
    graph = json.load(f)
nodes = {n["id"]: n for n in graph["nodes"]}
feeds = {n: {} for n in nodes}
for e in graph["edges"]:
    feeds[e["target"]][e["port"]] = e["source"]
values = {}
def make(node_id):
    if node_id not in values:
        node = nodes[node_id]
        if "value" in node:
            values[node_id] = Value(node["value"])
        else:
            args = [make(feeds[node_id][p]) for p in sorted(feeds[node_id])]
            values[node_id] = OPS[node["kind"]](*args)
    return values[node_id]
for node_id in nodes:
    make(node_id)
values[graph["graph"]["output"]].backward()
for node_id, node in nodes.items():
    v = values[node_id]
    print(node_id, node.get("label", node_id), node["kind"], repr(v.data), repr(v.grad))
'''


def process_environment():
    """The environment both whole-process commands run in: no ``site`` (``-S``), the path set.

    Without ``site`` neither side pays for what this particular installation
    adds at start-up (a development install's import hook loads pathlib and
    urllib into every process, the micrograd script's included); the path
    gives both the same packages: this checkout and the one holding micrograd.
    """
    import micrograd
    packages = str(Path(micrograd.__file__).resolve().parent.parent)
    return dict(os.environ, PYTHONDONTWRITEBYTECODE="1",
                PYTHONPATH=os.pathsep.join([str(ROOT), packages]))


def compile_package():
    """Write gradgui's bytecode, as installing a package does (micrograd's was written when
    it was installed); otherwise every run would compile gradgui from source."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "gradgui")], check=True,
                   stdout=subprocess.DEVNULL)


def process_rows(runs):
    """Whole-process wall time: ``python -m gradgui --backward`` against the micrograd script."""
    compile_package()
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "micrograd_backward.py"
        script.write_text(MICROGRAD_SCRIPT, encoding="utf-8")
        commands = {"gradgui": [sys.executable, "-S", "-m", "gradgui", "--backward", str(NEURON)],
                    "micrograd": [sys.executable, "-S", str(script), str(NEURON)]}
        env = process_environment()
        times = {name: [] for name in commands}
        for r in range(runs + 1):
            for name in list(commands) if r % 2 == 0 else list(commands)[::-1]:
                cpu = CLOCK["clock"] is time.process_time
                start = children_cpu() if cpu else time.perf_counter()
                subprocess.run(commands[name], check=True, stdout=subprocess.DEVNULL, env=env,
                               cwd=folder)
                if r:  # the first round warms the file cache
                    times[name].append((children_cpu() if cpu else time.perf_counter()) - start)
    med = {name: statistics.median(t) * 1000.0 for name, t in times.items()}
    return [row(f"whole process, --backward neuron.json ({runs} runs)", med["gradgui"],
                med["micrograd"], "ms", 3.0)]


def row(name, ours, theirs, unit, max_ratio=None):
    """One result: gradgui against micrograd, their ratio and the target ratio, if any."""
    ratio = ours / theirs if theirs else None
    ok = None if max_ratio is None else ratio is not None and ratio <= max_ratio
    return {"name": name, "gradgui": ours, "micrograd": theirs, "unit": unit, "ratio": ratio,
            "max_ratio": max_ratio, "ok": ok}


def print_table(rows):
    """Print the results as a table for people."""
    print(HEADER)
    print("-" * len(HEADER))
    for r in rows:
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
        target = "-" if r["max_ratio"] is None else f"<={r['max_ratio']:g}"
        ok = {None: "", True: "yes", False: "NO"}[r["ok"]]
        print(f"{r['name']:<44} {r['gradgui']:>11.1f} {r['micrograd']:>11.1f} {ratio:>6} "
              f"{target:>7}  {ok}".rstrip() + f"   ({r['unit']})")


def main(argv=None) -> int:
    """Run the benchmark and print the table; exit 0 whether or not targets are met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check the script runs")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--repeats", type=int, default=None, help="repeats per measurement")
    parser.add_argument("--no-process", action="store_true",
                        help="leave out the whole-process row (it starts processes)")
    parser.add_argument("--cpu", action="store_true",
                        help="time with the CPU clock, not the wall clock (for a busy machine)")
    args = parser.parse_args(argv)
    if args.cpu:
        CLOCK["clock"] = time.process_time
    if args.smoke:
        sizes, chain_length, repeats, runs = [300], 3000, args.repeats or 1, 2
    else:
        sizes, chain_length, repeats, runs = [1_000, 10_000, 100_000], 100_000, args.repeats or 7, 15
    rows = []
    for size in sizes:
        rows += mlp_rows(size, repeats)
    rows += chain_rows(chain_length, repeats)
    if not args.no_process:
        rows += process_rows(runs)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print_table(rows)
        if args.cpu:
            print("(times are CPU time, not wall-clock time)")
        print("(peaks are tracemalloc's: they leave out the interpreter's frame stack, which "
              "micrograd's recursive sort grows with the graph's depth)")
        if args.smoke:
            print("(smoke sizes: the script runs, but these timings mean nothing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
