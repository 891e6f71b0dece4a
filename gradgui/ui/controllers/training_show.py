"""What the window shows of a training run: its curves and status line, its decision
boundary, and its latest pass on the canvas.

While a run trains, the three pictures are drawn in turns, one to a pass of
the event loop, each about ten times a second: drawn together, the canvas
(dozens of boxes with numbers), the curves and the boundary kept the window
from handling input for the sum of the three. While a picture is drawn, the
worker waits (see ``DrawnGate``). When a run stops, its steps land in the
document first; the curves and the boundary catch up in the turns after.
"""

import time
from typing import Callable, List, Optional

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from .training_view import numbers_of, put_back, put_in_evaluation, status_text

LIVE_MS = 100  # each picture follows a running run at most this often
TURN_MS = LIVE_MS // 3  # one of the three pictures is drawn per turn
# A picture is due again this long after it was drawn: the turns come every TURN_MS, so
# waiting the whole LIVE_MS would often miss a turn and draw it less than ten times a second.
DUE_AFTER_S = (LIVE_MS - TURN_MS / 2) / 1000
LANDING_TURN_MS = 10  # the pictures catch up this soon after one another once a run stops
HOLD_MS = 80  # the longest the worker waits for a picture to be drawn


class DrawnGate(QObject):
    """Holds a run's worker until a widget has painted what it was just given.

    Each Qt call of a paint hands the interpreter lock back; with the worker
    running Python meanwhile, getting it again takes turns with the worker,
    and a paint took twice as long. A widget that paints nothing (hidden, or
    its window minimised) lets the worker go after ``HOLD_MS``.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._run = None
        self._widget: Optional[QWidget] = None
        # A zero timer started in the paint fires once the events the paint belongs to
        # (the rest of the repaint) are handled.
        self._after_paint = QTimer(self, singleShot=True, interval=0)
        self._after_paint.timeout.connect(self.release)
        self._limit = QTimer(self, singleShot=True, interval=HOLD_MS)
        self._limit.timeout.connect(self.release)

    def hold(self, run, widget: Optional[QWidget]) -> None:
        """Hold ``run``'s worker until ``widget`` has painted (None: until the events
        waiting now are handled)."""
        self.release()
        run.go.clear()
        self._run = run
        if widget is None or not widget.isVisible():
            self._after_paint.start()
            return
        self._widget = widget
        widget.installEventFilter(self)
        self._limit.start()

    def release(self) -> None:
        """Let the worker held (if any) go on."""
        self._after_paint.stop()
        self._limit.stop()
        if self._widget is not None:
            self._widget.removeEventFilter(self)
            self._widget = None
        if self._run is not None:
            self._run.go.set()
            self._run = None

    def eventFilter(self, watched, event):
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            self._after_paint.start()
        return False


class RunShow(QObject):
    """Draws the training controller's run: all at once, or in turns while it trains."""

    def __init__(self, controller, canvas: QWidget):
        super().__init__(controller)
        self.controller = controller
        self.session = controller.session
        self.panel = controller.panel
        self.canvas = canvas  # the widget the canvas paints on
        self.live = False  # the evaluation holds the run's numbers, not the document's
        self._document_numbers = None  # (evaluation, its data before the run's were put in)
        self.gate = DrawnGate(self)
        self._batch = None  # the pass on the canvas
        self._count = -1  # the steps the curves show
        self._boundary = None  # the boundary on show
        self._turn = 0  # the picture the next turn starts from
        self._drawn_at = [float("-inf")] * 3  # when each picture was last drawn in a turn
        self._then: Optional[Callable[[], None]] = None  # told when a landing has caught up
        self.timer = QTimer(self)  # a running run's turns
        self.timer.setInterval(TURN_MS)
        self.timer.timeout.connect(self._live_turn)
        self._landing = QTimer(self, singleShot=True, interval=LANDING_TURN_MS)
        self._landing.timeout.connect(self._land_turn)

    @property
    def landing(self) -> bool:
        """True while the pictures of a stopped run are still catching up."""
        return self._then is not None

    # ----- the three pictures ---------------------------------------------
    def _pictures(self) -> List[Callable[[], Optional[QWidget]]]:
        return [self.show_canvas, self.show_curves, self.show_boundary]

    def show_curves(self) -> Optional[QWidget]:
        """Draw the curves of every step taken so far (and the status line); the widget
        to wait for, or None if nothing was new."""
        trainer = self.controller.trainer
        if trainer is None:
            return None
        history = trainer.history  # the worker replaces it whole: read it once
        count = len(history)
        if count == self._count:
            return None
        self._count = count
        shown = history[:count]
        self.panel.curves.show_history([r.loss for r in shown], [r.accuracy for r in shown],
                                       trainer.settings.steps)
        self.show_status()
        return self.panel.curves.viewport()

    def show_canvas(self, repaint: bool = True) -> Optional[QWidget]:
        """Put the run's latest pass (the batch's first row for nodes that differ by row)
        on the canvas (in the evaluation on show, repainted unless told not to); the widget
        to wait for, or None if nothing was new."""
        controller = self.controller
        trainer = controller.trainer
        latest = trainer.last_batch if trainer is not None else None
        if latest is None or latest is self._batch:
            return None
        self._batch = latest
        if len(trainer.history) <= controller.committed:
            return None  # the document has these steps already: its own numbers are on show
        evaluation = self.session.evaluation
        if not self.live:
            self._document_numbers = (evaluation, numbers_of(evaluation))
        put_in_evaluation(evaluation, trainer, latest)
        self.live = True
        if repaint:
            self.session.grads_changed.emit()
        return self.canvas

    def show_boundary(self, run=None) -> Optional[QWidget]:
        """Draw the latest boundary of ``run`` (else the controller's); the widget to wait
        for, or None if nothing was new."""
        run = run if run is not None else self.controller.run
        boundary = run.boundary if run is not None else None
        if boundary is None or boundary is self._boundary:
            return None
        self._boundary = boundary
        self.panel.boundary.show_values(boundary.values, boundary.x_range, boundary.y_range,
                                        boundary.steps, boundary.line)
        return self.panel.boundary.viewport()

    def show_start(self, trainer) -> None:
        """The data's points and the network's boundary as it stands, before its next step."""
        from .training_run import LIVE_GRID, TrainingRun
        curves = self.panel.curves
        # A regression has no accuracy: no empty axis waiting for one.
        curves.expects_accuracy = trainer.labels is not None and trainer.prediction is not None
        if not trainer.history:
            curves.show_history([], [], self.panel.steps.value())
        run = TrainingRun(trainer)
        if run.inputs is None:
            self.panel.set_fit(False)  # nothing of the last graph's picture stays
            self.panel.boundary.set_axes("", "")
            self.panel.set_boundary_note("The prediction is drawn for networks with one or "
                                         "two inputs and a prediction.")
            return
        columns, target = trainer.program.columns, trainer.target
        boundary, label = self.panel.boundary, self.session.doc.label
        fit = len(run.inputs) == 1
        self.panel.set_fit(fit)
        if fit:  # the rows as (input, target) and the network's curve through them
            boundary.set_axes(label(run.inputs[0]), label(target) if target else "prediction")
            if target is not None:
                boundary.set_points(columns[run.inputs[0]], columns[target], None)
            else:
                boundary.clear_points()
        else:
            boundary.set_axes(*[label(n) for n in run.inputs])
            boundary.set_points(columns[run.inputs[0]], columns[run.inputs[1]],
                                columns.get(target) if target is not None else None)
        run.draw(LIVE_GRID)  # the network's boundary before its next step
        self.show_boundary(run)
        # The draw gives up where the prediction is no number (an overflow): say why.
        self.panel.set_boundary_note("" if run.inputs is not None else
                                     "The network's prediction is not a finite number over "
                                     "the data's range: there is nothing to draw.")

    def show_all(self) -> None:
        """Draw all three pictures now; a running run's worker waits until the canvas is drawn."""
        drawn = [picture() for picture in self._pictures()]
        if self.controller.running and self.controller.run is not None:
            self.gate.hold(self.controller.run, drawn[0])

    def show_status(self) -> None:
        """Say where the run stands in the panel's status line."""
        trainer = self.controller.trainer
        if trainer is not None and self.controller.why_not_trainable() is None:
            self.panel.set_status(status_text(trainer, self.controller.job is not None))

    def clear(self) -> None:
        """No curves, boundary or points: a new trainer starts from nothing."""
        self._batch, self._count, self._boundary = None, -1, None
        if not self.panel.has_plots:
            return
        # The step axis spans the run to come, as it will once steps are taken.
        self.panel.curves.show_history([], [], self.panel.steps.value())
        self.panel.boundary.clear_values()
        self.panel.boundary.clear_points()

    def forget_canvas(self) -> None:
        """The canvas shows the document's own numbers again (the evaluation was made afresh)."""
        self.live, self._document_numbers = False, None

    def put_document_data_back(self) -> bool:
        """Put the document's data back in the evaluation that shows the run, keeping the
        run's grads and telling no one (the edit that follows evaluates and repaints);
        False if it holds no run's numbers."""
        numbers = self._document_numbers
        self.forget_canvas()
        if numbers is None or numbers[0] is not self.session.evaluation:
            return False
        put_back(*numbers)
        return True

    # ----- turns ---------------------------------------------------------
    def start(self) -> None:
        """A run starts training: draw its pictures in turns."""
        self._turn = 0
        self._drawn_at = [float("-inf")] * 3
        self.timer.start()

    def _live_turn(self) -> None:
        self.take_turn(paced=True)

    def take_turn(self, paced: bool = False) -> bool:
        """Draw the next picture that has something new (if ``paced``, only one not drawn
        in the last LIVE_MS), the worker held until it is drawn; False if none was drawn."""
        pictures = self._pictures()
        run = self.controller.run
        now = time.monotonic()
        for offset in range(len(pictures)):
            index = (self._turn + offset) % len(pictures)
            if paced and now - self._drawn_at[index] < DUE_AFTER_S:
                continue
            widget = pictures[index]()
            if widget is not None:
                self._drawn_at[index] = now
                self._turn = (index + 1) % len(pictures)
                if self.controller.job is not None and run is not None:
                    self.gate.hold(run, widget)
                return True
        return False

    def stop(self) -> None:
        """The worker has ended: no more turns, and nothing holds it."""
        self.timer.stop()
        self.gate.release()

    def catch_up(self, then: Callable[[], None]) -> None:
        """After a run stopped (its steps already in the document): draw the curves and the
        boundary in turns of their own, then call ``then``."""
        self._then = then
        self._turn = 1  # the canvas shows the document's numbers now
        self._landing.start()

    def finish(self) -> None:
        """Draw what a landing has still to draw, now, and end it."""
        self._landing.stop()
        while self._then is not None and self.take_turn():
            pass
        self._end_landing()

    def cancel(self) -> None:
        """Forget a landing under way (the run's document is gone)."""
        self._landing.stop()
        self._then = None

    def _land_turn(self) -> None:
        if self._then is None:
            return
        if self.take_turn():
            self._landing.start()
        else:
            self._end_landing()

    def _end_landing(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()
