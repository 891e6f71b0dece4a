#!/usr/bin/env python3
"""How long the editor takes to start: a fresh process, up to the first paint of its canvas.

Each run starts a new interpreter and times it from just before the process
is started until the window's first frame has been painted: for gradgui,
the frame in which the canvas (the graph view) first paints, started the way
``python -m gradgui`` starts it; for comparison, a bare PySide6 QMainWindow's
first frame in the same kind of process, and an interpreter that only starts
and exits. Both windows are watched the same way: the first paint of the
watched widget posts a zero timer, which fires once the whole frame is
painted; the process then exits at once. Compiled modules are cached, as in
an ordinary install. The clock is the system's monotonic one, which a parent and
its child share. Runs alternate between the kinds so that a change in the
machine's load touches both. It prints the median and spread (min-max) of
each kind, beside the CPU time (user and system) each whole process used,
which a loaded machine changes less than the time on the clock, and the
ratios of the medians, gradgui over the bare window. Qt's platform is
QT_QPA_PLATFORM's, offscreen if unset.

With --explain it then runs gradgui's process again, as many times, to say
where two costs the bare window never pays go: PySide6 reads the source of
every module imported after it (to see whether the module uses its
``__feature__`` switches), and the Qt namespace's enums are made when ``Qt``
is first used. Those runs are not in the table.

Usage: scripts/bench_startup.py [--smoke] [--repeats N] [--explain]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0

# What both windows' processes run: the first paint of the watched widget posts a zero
# timer, which fires once the whole frame is painted, prints the time and ends the process.
# (Not an application-wide event filter: handing every event of every object to Python
# makes PySide6 set up hundreds of Qt types and enums the window never uses.)
REPORT = """
import os, time
from PySide6.QtCore import QTimer

def first_paint():
    if not first_paint.seen:
        first_paint.seen = True
        QTimer.singleShot(0, report)
first_paint.seen = False

def report():
    print(time.monotonic(), flush=True)
    os._exit(0)
"""

CHILDREN = {
    # As ``python -m gradgui`` runs: its module first, then the editor through its main().
    # The canvas's own drawForeground runs in each paint of the canvas.
    "gradgui": """
from gradgui.cli import main
from gradgui.ui.canvas.view import GraphView
""" + REPORT + """
draw_foreground = GraphView.drawForeground

def watched_draw_foreground(self, painter, rect):
    draw_foreground(self, painter, rect)
    first_paint()

GraphView.drawForeground = watched_draw_foreground
main([])
""",
    "bare": """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
""" + REPORT + """
class Window(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        first_paint()

app = QApplication(sys.argv[:1])
window = Window()
window.show()
app.exec()
""",
    "interpreter": "import time; print(time.monotonic(), flush=True)",
}
# --explain: the gradgui process, timing PySide6's look at each module imported after it.
# An audit hook puts the timer round that look as soon as PySide6 has loaded it (the
# bindings import more modules after it, before they start looking); at the first paint
# the process prints what it saw.
LOOKS = """
import sys, time
looks = []

def watch(event, args):
    feature = sys.modules.get("shibokensupport.feature") if event == "import" else None
    if not watch.done and hasattr(feature, "_mod_uses_pyside"):  # loaded, not half way
        watch.done = True
        look = feature._mod_uses_pyside

        def timed_look(module):
            start = time.perf_counter()
            try:
                return look(module)
            finally:
                looks.append(time.perf_counter() - start)
        feature._mod_uses_pyside = timed_look
watch.done = False
sys.addaudithook(watch)
"""
EXPLAINED = LOOKS + CHILDREN["gradgui"].replace(
    "print(time.monotonic(), flush=True)",
    "print(int(watch.done), len(looks), sum(looks) * 1000.0,"
    " sum(name.startswith('gradgui.') for name in sys.modules), flush=True)")
# --explain: making the Qt namespace's enums, once the rest of the bindings are loaded.
ENUMS = """
import time
from PySide6.QtWidgets import QApplication
start = time.perf_counter()
from PySide6.QtCore import Qt
print((time.perf_counter() - start) * 1000.0, flush=True)
"""
LABELS = {"gradgui": "gradgui, first canvas paint", "bare": "bare QMainWindow, first paint",
          "interpreter": "python, start and exit"}


def cpu_of_children() -> float:
    """Seconds of CPU (user and system) that this process's finished children have used."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def one_run(kind: str, env: dict) -> tuple:
    """Milliseconds from starting a process of ``kind`` to the moment it reports, and the
    milliseconds of CPU the whole process used (which a loaded machine changes less)."""
    cpu = cpu_of_children()
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", CHILDREN[kind]], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"bench_startup: the {kind} process failed:\n{done.stderr}")
    return (float(done.stdout.split()[-1]) - start) * 1000.0, (cpu_of_children() - cpu) * 1000.0


def child_env(settings: str) -> dict:
    """The environment of every process the script starts, with settings in ``settings``."""
    env = dict(os.environ, GRADGUI_SETTINGS_DIR=settings,
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    # Compiled modules are cached, as in an ordinary install (the warm-up run writes them).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def measure(repeats: int, env: dict) -> dict:
    """Kind -> (wall ms of each run, CPU ms of each run), the kinds taking turns."""
    for kind in CHILDREN:  # once each untimed: the first run reads every file from disk
        one_run(kind, env)
    results = {kind: ([], []) for kind in CHILDREN}
    for _ in range(repeats):
        for kind in CHILDREN:
            wall, cpu = one_run(kind, env)
            results[kind][0].append(wall)
            results[kind][1].append(cpu)
    return results


def explain(repeats: int, env: dict) -> dict:
    """What the --explain runs saw: lists of each run's numbers."""
    seen = {"looked": [], "look_ms": [], "modules": [], "enum_ms": []}
    for _ in range(repeats):
        for code in (EXPLAINED, ENUMS):
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  env=env, cwd=ROOT, timeout=120)
            if done.returncode != 0 or not done.stdout.strip():
                raise SystemExit(f"bench_startup: an --explain process failed:\n{done.stderr}")
            numbers = [float(word) for word in done.stdout.split()[-4:]]
            if code is ENUMS:
                seen["enum_ms"].append(numbers[-1])
                continue
            if not numbers[0]:  # a PySide6 whose look at modules is no longer where it was
                raise SystemExit("bench_startup: --explain found no PySide6 check of imported "
                                 "modules to time (shibokensupport.feature._mod_uses_pyside)")
            for name, value in zip(("looked", "look_ms", "modules"), numbers[1:]):
                seen[name].append(value)
    return seen


def spread(values: list) -> str:
    """Median and (min-max) of ``values``, in ms."""
    return f"{statistics.median(values):8.1f} ms ({min(values):.1f}-{max(values):.1f})"


def main(argv=None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="two runs (for tests)")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--explain", action="store_true",
                        help="then say where two costs the bare window never pays go")
    args = parser.parse_args(argv)
    repeats = 2 if args.smoke else args.repeats
    with tempfile.TemporaryDirectory() as settings:
        env = child_env(settings)
        results = measure(repeats, env)
        seen = explain(repeats, env) if args.explain else None
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    print(f"gradgui start-up benchmark: median (min-max) of {repeats} run(s), "
          f"Qt platform {platform}")
    print(f"  {'process':<30} {'start to first paint':>28} {'CPU used':>28}")
    for kind, label in LABELS.items():
        wall, cpu = results[kind]
        print(f"  {label:<30} {spread(wall):>28} {spread(cpu):>28}")
    ratios = [statistics.median(results["gradgui"][i]) / statistics.median(results["bare"][i])
              for i in (0, 1)]
    verdict = "yes" if ratios[0] <= TARGET_RATIO else "NO"
    print(f"  {'ratio gradgui / bare window':<30} {ratios[0]:25.2f}x {ratios[1]:27.2f}x"
          f"   target <= {TARGET_RATIO:g}x (start to paint): {verdict}")
    if seen is not None:
        median = {name: statistics.median(values) for name, values in seen.items()}
        print(f"  where gradgui pays what the bare window does not (median of {repeats} more runs):")
        for label, value in (
                ("PySide6 reading the source of each module imported after it",
                 f"{median['look_ms']:.1f} ms ({median['looked']:.0f} modules)"),
                ("the Qt namespace's enums, made when Qt is first used",
                 f"{median['enum_ms']:.1f} ms"),
                ("gradgui's own modules loaded by the first paint", f"{median['modules']:.0f}")):
            print(f"    {label:<62} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
