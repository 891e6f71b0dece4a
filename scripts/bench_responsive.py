#!/usr/bin/env python3
"""How long the editor's window stays frozen during each operation on big graphs.

A "stall" is a stretch of time in which the window handles no events: it
does not repaint, does not move, and ignores every click and key. To a person
a long stall is a frozen window (and the system may offer to kill it), so the
longest stall of an operation matters more than its total time: work that
runs behind a progress box that keeps the window repainting may take seconds
but never stalls for long.

A timer ticks every 5 ms; the longest gap between two ticks while an
operation runs (until the window has repainted) is its longest stall. Ticks
also happen inside nested event loops such as progress boxes. The
operations run in order on one window per repeat: open a file, Backward,
two steps, Reset Grads, edit a weight, Undo, Save, autosave, Select All, Copy,
Delete, Undo, Auto Layout, Undo, the first zoom to 1:1 and Fit. For each it
prints the median total, and the median and spread (min-max) of the longest stall.

Then training (issue: the window must not stall while a network trains beside
it): micrograd's moons demo is opened and, once the window is idle, Play pressed; for a few seconds the
run trains with the curves, the decision boundary and the canvas following it,
and the script prints the steps per second, how often the canvas and the
boundary were redrawn, the longest stall while it ran, and the longest stall
of Pause (the run's steps becoming one undo step).

Usage: scripts/bench_responsive.py [--smoke] [--repeats N] [--sizes 10000 100000]
                                   [--train-seconds S]
"""

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gradgui.document.fileformat import save  # noqa: E402
from gradgui.document.generate import mlp_for_size  # noqa: E402

TICK_MS = 5


class StallProbe:
    """A timer that notes each time the event loop gets round to it."""

    def __init__(self):
        """A stopped 5 ms timer that records the time of each tick."""
        from PySide6.QtCore import Qt, QTimer

        self.ticks = []
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        # A coarse timer may be let off late on purpose, which would read as a stall.
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def measure(self, operation) -> tuple:
        """Milliseconds ``operation()`` takes in all, and its longest stretch without a tick."""
        gc.collect()  # garbage left by earlier operations should not be charged to this one
        self.ticks = [time.perf_counter()]
        self.timer.start()
        operation()
        end = time.perf_counter()
        self.timer.stop()
        ticks = self.ticks + [end]
        longest = max(later - earlier for earlier, later in zip(ticks, ticks[1:]))
        return (end - ticks[0]) * 1000.0, longest * 1000.0


def operations(window, app, path: Path, folder: Path) -> list:
    """The operations to time, in order, as (label, untimed preparation or None, operation)."""
    session = window.session
    weights = []

    def trigger(name):
        """Trigger an action, then handle what it posted (the repaint included)."""
        return lambda: (window.actions[name].trigger(), app.processEvents())

    def open_file():
        """Open the file and paint it once."""
        assert window.files.load_path(path)
        window.view.viewport().repaint()

    def set_weight(delta):
        """Change the first weight's value by ``delta`` (an undoable edit)."""
        from gradgui.document import SetField

        graph = session.doc.graph
        if not weights:
            weights.append(next(n for n, data in graph.nodes(data=True) if data["kind"] == "weight"))
        # A change relative to the old value: setting a value it already has would not count.
        session.execute(SetField(weights[0], "value", float(graph.nodes[weights[0]]["value"]) + delta))
        app.processEvents()

    def zoom_to_1to1():
        """Zoom to 1:1 and paint; the first time also makes the wires' items."""
        window.view.reset_zoom()
        window.view.viewport().repaint()

    timed = [("open to first paint", open_file), ("Backward", trigger("actionBackward")),
             ("first Step", trigger("actionStep")), ("second Step", trigger("actionStep")),
             ("Reset Grads", trigger("actionResetGrads")),
             ("edit a weight's value", lambda: set_weight(0.5)), ("Undo the edit", trigger("actionUndo")),
             ("Save", lambda: (window.files.write(folder / "saved.json"), app.processEvents())),
             ("autosave", lambda: (window.recovery.autosave(), app.processEvents())),
             ("Select All", trigger("actionSelectAll")), ("Copy", trigger("actionCopy")),
             ("Delete", trigger("actionDelete")), ("Undo the delete", trigger("actionUndo")),
             ("Auto Layout", trigger("actionAutoLayout")), ("Undo the layout", trigger("actionUndo")),
             ("first zoom to 1:1", zoom_to_1to1), ("Fit", trigger("actionFit"))]
    # Autosave writes only unsaved changes, and Save has just left none.
    untimed_before = {"autosave": lambda: set_weight(-0.5)}
    return [(label, untimed_before.get(label), operation) for label, operation in timed]


def measure(path: Path, folder: Path, repeats: int) -> dict:
    """Label -> (totals, longest stalls) in ms, one of each per fresh window."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from gradgui.ui.main_window import MainWindow
    from idle import until_idle

    app = QApplication.instance() or QApplication([])
    probe = StallProbe()
    results = {}
    for _ in range(repeats):
        window = MainWindow()
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        for label, before, operation in operations(window, app, path, folder):
            if before is not None:
                before()
            total, stall = probe.measure(operation)
            totals, stalls = results.setdefault(label, ([], []))
            totals.append(total)
            stalls.append(stall)
        window.session.undo_stack.setClean()  # else closing asks to save
        window.close()
        window.deleteLater()
        # Delete it now: left for later, it was deleted inside the next run's open,
        # which charged the old window's teardown to that open.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    return results


def row(label: str, totals: list, stalls: list) -> str:
    """One table row: median total, median longest stall and the stall's min-max."""
    return (f"  {label:<22} {statistics.median(totals):9.1f} ms {statistics.median(stalls):12.1f} ms"
            f"   ({min(stalls):.1f}-{max(stalls):.1f})")


def measure_training(repeats: int, seconds: float) -> dict:
    """Measure -> one number per run: steps/s, redraws/s and stalls while Play runs."""
    from PySide6.QtCore import QEvent, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from gradgui import examples_dir
    from gradgui.ui.main_window import MainWindow
    from idle import until_idle

    app = QApplication.instance() or QApplication([])
    probe = StallProbe()
    results = {}
    for _ in range(repeats):
        window = MainWindow()
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        assert window.files.load_path(examples_dir() / "moons.json")
        # Play is pressed once the window has finished opening the file (as a person
        # presses it after seeing the graph), so the open's own work is not counted
        # as a stall of training.
        until_idle(app, window)
        window.train_panel.steps.setValue(1_000_000)  # a run that goes on until Pause
        training, counts = window.training, {"canvas": 0, "boundary": 0}
        window.session.grads_changed.connect(lambda: counts.__setitem__("canvas", counts["canvas"] + 1))
        boundary = window.train_panel.boundary
        shown = boundary.show_values

        def counted(*args, shown=shown):
            counts["boundary"] += 1
            shown(*args)
        boundary.show_values = counted

        def run():
            """Play, let the window's own event loop run for a while, then Pause."""
            window.actions["actionTrainPlay"].trigger()
            loop = QEventLoop()
            QTimer.singleShot(int(seconds * 1000), loop.quit)
            loop.exec()
            run.steps = training.trainer.steps_done
            run.took = time.perf_counter() - run.began

        def pause():
            """Pause and wait until the steps are one undo step."""
            window.actions["actionTrainPause"].trigger()
            while training.running:
                app.processEvents()
                time.sleep(0.001)
            app.processEvents()

        run.began = time.perf_counter()
        _total, stall = probe.measure(run)
        pause_total, pause_stall = probe.measure(pause)
        assert window.session.undo_stack.undoText().startswith("Train ")
        for label, value in (("steps per second", run.steps / run.took),
                             ("canvas redraws per second", counts["canvas"] / run.took),
                             ("boundary redraws per s", counts["boundary"] / run.took),
                             ("longest stall (ms)", stall),
                             ("Pause: total (ms)", pause_total),
                             ("Pause: longest stall (ms)", pause_stall)):
            results.setdefault(label, []).append(value)
        window.session.undo_stack.setClean()
        window.close()
        window.deleteLater()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    return results


def main() -> int:
    """Generate, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="small sizes, one repeat (for tests)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10000, 100000])
    parser.add_argument("--train-seconds", type=float, default=5.0,
                        help="how long Play runs in the training measurement")
    args = parser.parse_args()
    sizes, repeats = ([200, 3000], 1) if args.smoke else (args.sizes, args.repeats)
    seconds = 1.0 if args.smoke else args.train_seconds
    print(f"gradgui responsiveness benchmark: median (min-max) of {repeats} run(s)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        # Settings, recent files and recovery files go here, not among the person's own.
        os.environ["GRADGUI_SETTINGS_DIR"] = str(folder / "settings")
        for size in sizes:
            doc = mlp_for_size(size)
            path = folder / f"mlp{size}.json"
            save(doc, path)
            results = measure(path, folder, repeats)
            print(f"{len(doc)} nodes, {doc.graph.number_of_edges()} wires")
            print(f"  {'operation':<22} {'total':>12} {'longest stall':>15}   (min-max)")
            for label, (totals, stalls) in results.items():
                print(row(label, totals, stalls), flush=True)
        training = measure_training(repeats, seconds)
        print(f"training: moons.json, Play for {seconds:g} s with curves, boundary and canvas "
              "following the run")
        for label, values in training.items():
            print(f"  {label:<26} {statistics.median(values):9.1f}   "
                  f"({min(values):.1f}-{max(values):.1f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
