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

Usage: scripts/bench_startup.py [--smoke] [--repeats N]
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


def measure(repeats: int) -> dict:
    """Kind -> (wall ms of each run, CPU ms of each run), the kinds taking turns."""
    with tempfile.TemporaryDirectory() as settings:
        env = dict(os.environ, GRADGUI_SETTINGS_DIR=settings,
                   PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        # Compiled modules are cached, as in an ordinary install (the warm-up run writes them).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        for kind in CHILDREN:  # once each untimed: the first run reads every file from disk
            one_run(kind, env)
        results = {kind: ([], []) for kind in CHILDREN}
        for _ in range(repeats):
            for kind in CHILDREN:
                wall, cpu = one_run(kind, env)
                results[kind][0].append(wall)
                results[kind][1].append(cpu)
    return results


def spread(values: list) -> str:
    """Median and (min-max) of ``values``, in ms."""
    return f"{statistics.median(values):8.1f} ms ({min(values):.1f}-{max(values):.1f})"


def main(argv=None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="two runs (for tests)")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    repeats = 2 if args.smoke else args.repeats
    results = measure(repeats)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
