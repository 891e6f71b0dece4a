#!/usr/bin/env python3
"""How the editor holds up on big graphs: generated MLPs of 1,000 to 10,000 nodes.

For each size it prints the median and spread (min-max) of: opening a file
to the first full render, and on until the window is idle (nothing posted
left to handle, no put-off or background work pending: see ``until_idle``);
rendering the whole graph, fitted, into a
1600x1000 image; rendering at 1:1 zoom; Backward plus recolour until the
view has repainted; one step of the step-through (the first 50 steps after
the one that sets the pass up, which run through the loss's sum over samples
and so touch nodes far apart, and 50 steps from the middle of the pass; the
first step is in scripts/bench_responsive.py); and the memory a fresh
process grows by when it opens the file and paints it (after the bundled
neuron, so the libraries any file loads once are not counted). Then, in fresh
windows, one sequence of actions (open, Backward, 50 steps, zoom to 1:1 on
the output, Fit), once with the window left to go idle after each action and
once back to back, each action straight after the one before returns: both
are timed until the window is idle at the end. Then it runs the engine and
file benchmarks, so one run gives every figure.

Usage: scripts/bench.py [--smoke] [--repeats N] [--sizes 1000 5000 10000]
"""

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Its own settings: opening files must not fill the person's recent-files list.
os.environ.setdefault("GRADGUI_SETTINGS_DIR", tempfile.mkdtemp(prefix="gradgui-bench-"))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gradgui.document.fileformat import save  # noqa: E402
from gradgui.document.generate import mlp_for_size  # noqa: E402
from gradgui.tuning import collector_for_timing as collector  # noqa: E402
from idle import until_idle  # noqa: E402  (this script's folder is on the path)

TARGETS_10K = {"open": 500, "render_fit": 80, "render_1to1": 10, "backward": 120, "step": 5,
               "memory": 150}
METRICS = (("open", "open to first render"), ("open_to_idle", "open to idle"),
           ("render_fit", "render all, 1600x1000"),
           ("first_zoom_in", "first zoom-in to 1:1"), ("render_1to1", "render at 1:1"), ("backward", "Backward + recolour"),
           ("step", "one step (first 50)"), ("step_p95", "  95th percentile"),
           ("step_mid", "one step (mid-pass)"), ("step_mid_p95", "  95th percentile"),
           ("one_by_one", "actions, idle after each"), ("back_to_back", "actions back to back"))
STEPS = 50


def rss_mib() -> float:
    """The process's resident memory in MiB (Linux), else 0."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
    except (OSError, ValueError):
        return 0.0


def timed(action) -> float:
    """Milliseconds one call of ``action`` takes, with the collector paused."""
    with collector(False):
        start = time.perf_counter()
        action()
        return (time.perf_counter() - start) * 1000.0


def memory_in_a_fresh_process(path: Path) -> float:
    """MiB a new process grows by when it opens ``path`` in a window and paints it.

    Measured in a process of its own: in this one, memory freed by the last
    repeat's window is reused by the next, which made the growth look small.
    """
    done = subprocess.run([sys.executable, __file__, "--memory-of", str(path)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def print_memory_of(path: Path) -> None:
    """The --memory-of mode: open ``path``, paint it, print how many MiB that added.

    The window first opens the bundled neuron and goes idle, so the libraries any file
    loads once (networkx and numpy, imported after the first paint or with the first
    file) are in before the count starts: the figure is what this graph costs.
    """
    from PySide6.QtWidgets import QApplication

    from gradgui import examples_dir
    from gradgui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    assert window.files.load_path(examples_dir() / "neuron.json")
    until_idle(app, window)
    before = rss_mib()
    assert window.files.load_path(path)
    window.view.viewport().repaint()
    app.processEvents()
    print(f"{rss_mib() - before:.1f}")
    window.session.undo_stack.setClean()


def actions_to_idle(app, window, path: Path, idle_between: bool) -> float:
    """Milliseconds a sequence of actions takes until the window is idle at its end: open
    ``path``, Backward, STEPS steps, zoom to 1:1 on the output, Fit. With ``idle_between``
    the window goes idle after each action; else each follows straight after the one
    before returns (what it left for later still to do)."""
    from PySide6.QtCore import QPointF

    view, trigger = window.view, (lambda name: window.actions[name].trigger())

    def zoom_in_on_output():
        view.reset_zoom()
        view.centerOn(QPointF(*window.session.doc.pos(window.session.doc.output)))

    sequence = ([lambda: window.files.load_path(path), lambda: trigger("actionBackward")]
                + [lambda: trigger("actionStep")] * STEPS
                + [zoom_in_on_output, lambda: trigger("actionFit")])

    def run():
        for action in sequence:
            action()
            if idle_between:
                until_idle(app, window)
        until_idle(app, window)
    return timed(run)


def timed_series(action, count: int) -> list:
    """Milliseconds each of ``count`` calls of ``action`` takes, back to back.

    One collection before the series, none forced between calls: a collection
    before every call of a few-millisecond action leaves it with cold caches
    (it measured about 60% slower), which is not what stepping feels like.
    The collector runs when it would, so its pauses show in the percentiles.
    """
    gc.collect()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def measure(path: Path, repeats: int) -> dict:
    """Every figure for one graph file, each measured ``repeats`` times."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QFrame

    from gradgui.ui.main_window import MainWindow
    from gradgui.ui.canvas.view import GraphView
    from gradgui.ui.geometry import HEIGHT, WIDTH

    app = QApplication.instance() or QApplication([])
    results = {name: [] for name, _ in METRICS}
    results["memory"] = []
    for _ in range(repeats):
        window = MainWindow()
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        view = window.view

        marks = {}

        def open_render_and_idle():
            began = time.perf_counter()
            assert window.files.load_path(path)
            view.viewport().repaint()  # the first full render
            marks["rendered"] = (time.perf_counter() - began) * 1000.0
            until_idle(app, window)

        results["open_to_idle"].append(timed(open_render_and_idle))
        results["open"].append(marks["rendered"])
        results["memory"].append(memory_in_a_fresh_process(path))
        # A bare view of the same scene, exactly 1600x1000, rendered into an image.
        bare = GraphView(window.scene)
        bare.setFrameShape(QFrame.Shape.NoFrame)
        bare.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bare.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bare.resize(1600, 1000)
        bare.show()
        app.processEvents()
        bare.fit_graph()
        results["render_fit"].append(timed(lambda: bare.viewport().grab()))
        # The output's box (a big graph has no item for it until the view comes near).
        x, y = window.session.doc.pos(window.session.doc.output)
        output_centre = (x + WIDTH / 2, y + HEIGHT / 2)

        def zoom_in_and_render():
            bare.reset_zoom()
            bare.centerOn(*output_centre)
            bare.viewport().grab()

        # The first zoom-in on a big graph also makes its wire items (once).
        results["first_zoom_in"].append(timed(zoom_in_and_render))
        results["render_1to1"].append(timed(lambda: bare.viewport().grab()))
        bare.close()
        bare.setScene(None)  # a second view, even hidden, slows every scene update
        bare.deleteLater()
        view.fit_graph()
        app.processEvents()
        backward = window.actions["actionBackward"]

        def backward_and_repaint():
            backward.trigger()
            app.processEvents()  # paints what the action marked dirty

        results["backward"].append(timed(backward_and_repaint))
        step = window.actions["actionStep"]
        step.trigger()  # the first step sets up the pass: not a step like the rest
        app.processEvents()
        steps = timed_series(lambda: (step.trigger(), app.processEvents()), STEPS)
        # Then half way through the pass, inside the samples' neurons, where most steps are.
        stepper = window.backprop.stepper
        while stepper.position < stepper.total // 2:
            stepper.step()
        middle = timed_series(lambda: (step.trigger(), app.processEvents()), STEPS)
        for name, values in (("step", steps), ("step_mid", middle)):
            results[name].append(statistics.median(values))
            results[name + "_p95"].append(sorted(values)[int(0.95 * (len(values) - 1))])
        close(app, window)
        for name, idle_between in (("one_by_one", True), ("back_to_back", False)):
            window = MainWindow()
            window.resize(1600, 1000)
            window.show()
            until_idle(app, window)
            results[name].append(actions_to_idle(app, window, path, idle_between))
            close(app, window)
    return results


def close(app, window) -> None:
    """Close ``window`` without being asked to save, and delete it now."""
    from PySide6.QtCore import QEvent

    window.session.undo_stack.setClean()
    window.close()
    window.deleteLater()
    # Deleted now: left for later, the old window's teardown was charged to the next open.
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def row(label: str, values: list, unit: str = "ms") -> str:
    """One table row: median and min-max."""
    return (f"  {label:<26} {statistics.median(values):9.1f} {unit}"
            f"   ({min(values):.1f}-{max(values):.1f})")


def main() -> int:
    """Generate, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repeat (for tests)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 10000])
    parser.add_argument("--no-engine", action="store_true", help="skip the engine and file benchmarks")
    parser.add_argument("--memory-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_of:
        print_memory_of(args.memory_of)
        return 0
    sizes, repeats = ([60, 200], 1) if args.smoke else (args.sizes, args.repeats)
    print(f"gradgui canvas benchmark: median (min-max) of {repeats} run(s)")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            doc = mlp_for_size(size)
            path = Path(folder) / f"mlp{size}.json"
            save(doc, path)
            results = measure(path, repeats)
            print(f"{len(doc)} nodes, {doc.graph.number_of_edges()} wires")
            for name, label in METRICS:
                print(row(label, results[name]))
            print(row("memory added by the scene", results["memory"], "MiB"))
    if not args.no_engine:
        extra = ["--smoke"] if args.smoke else []
        for script in ("bench_engine.py", "bench_files.py"):
            print(f"\n{script}:", flush=True)
            subprocess.run([sys.executable, str(ROOT / "scripts" / script), *extra], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
