"""Training in the window: Play, Pause, Step and Reset, the run's pictures, one undo step per run.

A run trains on a thread beside the window (the window's Activity runs it),
on a trainer compiled from the document when Play is first pressed. The
document does not change while it runs: the canvas shows the run's latest
pass (weights, data and grads of the first row of its batch) in the
session's evaluation, redrawn at most ten times a second, in turns with the
curves and the boundary (see training_show). When the run pauses or
finishes, its weights land in the document as one undo step, "Train 240
steps". Any edit, undo or redo, and the Graph menu's passes, pause the run
first (``Session.before_change``).
"""

from contextlib import ExitStack, contextmanager
from typing import Dict, Optional

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from shiboken6 import isValid

from ...document.errors import DatasetError
from ...document.training_settings import SetTraining, has_dataset, training_settings
from ...engine import GradguiError
from ... import tuning
from .training_export import connect_exports
from .training_marks import TrainingMarks
from .training_show import RunShow

# numpy and what needs it (the trainer, batched passes, the data set) are imported when a
# graph with a data set is first met: a window that never trains never loads numpy, which
# would change the state of modules a host of gradgui.show may have frozen.


def _bound_dataset(doc):
    from ...document.dataset_field import bound_dataset
    return bound_dataset(doc)


NO_DATA = ("This graph has no data set to train on. Open one that has "
           "(File > Open Example > micrograd's demo).")


class TrainingController(QObject):
    """Plays, pauses, steps and resets training on the open document, and shows the run."""

    def __init__(self, window, session, panel, end_stepping):
        super().__init__(window)
        self.window = window
        self.session = session
        self.panel = panel
        self.end_stepping = end_stepping  # the backward pass's own display gives way to the run
        self.trainer = None  # document.training.Trainer, once a graph with data is met
        self.run = None  # training_run.TrainingRun
        self.job = None  # the worker while a run is under way
        self.committed = 0  # the trainer's steps that are in the document
        self.stale = True  # the document changed since the trainer was made from it
        self.actions: Dict[str, QAction] = {}
        self._own = 0  # depth of our own edits (they neither pause the run nor make it stale)
        self._discard = False  # the run's document is gone: its steps are not kept
        self._turns: Optional[ExitStack] = None
        self._bound = None  # the bound data set the trainer was made with
        self._data_changed = False  # an edit of the data set waits to be shown
        self.marks = TrainingMarks()
        self.show = RunShow(self, window.view.viewport())
        session.before_change.append(self.pause_now)
        session.evaluated.connect(self._evaluated)
        session.doc.events.sub(self._document_event)  # the same document object all along
        session.document_replaced.connect(self._document_replaced)
        session.settled.connect(self._settled)
        # The undo stack says where it stands only once an undo is done (after settled).
        session.undo_stack.indexChanged.connect(self._back_to_mark)
        panel.settings_edited.connect(self.set_settings)
        connect_exports(window, session, panel)

    # ----- state ---------------------------------------------------------
    @property
    def running(self) -> bool:
        """True while a run trains beside the window, or its pictures catch up once stopped."""
        return self.job is not None or self.show.landing

    def set_actions(self, actions: Dict[str, QAction]) -> None:
        """The window's training actions: the panel's buttons show them; their states follow."""
        self.actions = actions
        self.panel.set_actions(actions)
        self._document_replaced()

    def why_not_trainable(self) -> Optional[str]:
        """Why the document cannot be trained, or None if it can."""
        if not has_dataset(self.session.doc):
            return NO_DATA
        try:
            return None if _bound_dataset(self.session.doc) is not None else NO_DATA
        except DatasetError as error:
            return f"The data set cannot be used: {error}"

    def _update_actions(self) -> None:
        why = self.why_not_trainable()
        done = self.trainer is not None and not self.stale and self._finished()
        states = {"actionTrainPlay": why is None and not self.running and not done,
                  "actionTrainPause": self.running,
                  "actionTrainStep": why is None and not self.running and not done,
                  "actionTrainReset": self.trainer is not None and not self.running
                  and (self.trainer.steps_done > 0 or self.committed > 0)}
        for name, enabled in states.items():
            if name in self.actions:
                self.actions[name].setEnabled(enabled)
        self.panel.set_available(why is None, why or "")

    def _finished(self) -> bool:
        return self.trainer.steps_done >= self.trainer.settings.steps

    @contextmanager
    def _owning(self):
        self._own += 1
        try:
            yield
        finally:
            self._own -= 1

    # ----- the document ----------------------------------------------------
    def _evaluated(self) -> None:
        if not self._own:
            self.show.forget_canvas()  # the evaluation was made afresh from the document

    def _document_event(self, event) -> None:
        if self._own or event.kind == "reset" or event.kind.startswith("group_"):
            return  # a new document (see _document_replaced), or groups: no number changed
        if event.kind == "dataset_changed":
            self._data_changed = True  # the plots show other data once the edit is done
        if event.kind == "node_changed" and event.field in ("pos", "label"):
            return  # no number changed: the trainer still matches the document
        self.stale = True
        if self.running:  # a change that did not ask first (see before_change): stop there
            self.run.halt()
        self._update_actions()

    def _document_replaced(self) -> None:
        if self.job is not None:
            self._discard = True
            self.run.halt()
            self.show.stop()  # no more turns: the run's pictures belong to a document gone
        self.show.cancel()
        self.show.forget_canvas()
        self._afresh()

    def _afresh(self) -> None:
        """No trainer, run or marks: a new one is prepared from the document (if it can
        train) with its data's points and untrained boundary on show."""
        self.marks.forget()
        self.trainer, self.run, self.committed, self.stale = None, None, 0, True
        self._follow_document_settings()
        self.show.clear()
        self._update_actions()
        if self.why_not_trainable() is None:
            self._prepare(preview=True)
            self.show.show_status()

    def _settled(self) -> None:
        if self._data_changed and not self.running:
            # Other rows (or none): the curves and the boundary of the old data go, and
            # the boundary shows the new points under the network as it stands.
            self._data_changed = False
            self._afresh()
        else:
            self._follow_document_settings()

    def _back_to_mark(self, index: int) -> None:
        """After Undo or Redo across training: the trainer where it stood at that point."""
        trainer, stack = self.trainer, self.session.undo_stack
        if (trainer is None or not self.stale or self.running or self._data_changed
                or not isValid(stack) or self.why_not_trainable() is not None):
            return  # (a stack being deleted with its window says where it stands too)
        import numpy as np  # here: the window paints before numpy is loaded
        doc = self.session.doc
        if any(w not in doc for w in trainer.program.weights):
            return
        weights = np.array([doc.node(w)["value"] for w in trainer.program.weights], dtype=float)
        if not self.marks.restore(stack, index, trainer, weights):
            return
        self.committed, self.stale = trainer.steps_done, False
        self.show.clear()
        self.show.show_start(trainer)
        self.show.show_curves()
        self._update_actions()

    def _follow_document_settings(self) -> None:
        doc = self.session.doc
        try:
            settings = training_settings(doc)
        except DatasetError:
            return  # the file's field is bad: the panel keeps what it shows
        bound = None if self.why_not_trainable() else _bound_dataset(doc)
        self.panel.show_settings(settings, bound.n_rows if bound is not None else None)
        if self.trainer is not None and self.trainer.settings != settings:
            self.trainer.settings = settings

    def set_settings(self, settings) -> None:
        """Save the settings the panel shows in the document (one undo step); a run follows them."""
        with self._owning():
            self.session.execute(SetTraining(settings))
        if self.trainer is not None:
            self.trainer.settings = settings
        self._update_actions()
        self.show.show_status()

    # ----- a trainer -------------------------------------------------------
    def _prepare(self, preview: bool = False):
        """The trainer to go on with; made afresh from the document when it changed."""
        from ...document.training import Trainer
        why = self.why_not_trainable()
        if why is None and _bound_dataset(self.session.doc) is not self._bound:
            self.stale = True  # another data set, or other bindings
        if self.trainer is not None and not self.stale:
            return self.trainer
        if why is not None:
            self.session.message.emit(why)
            return None
        try:
            trainer = Trainer(self.session.doc, self.panel.settings())
        except GradguiError as error:
            self.panel.set_status(f"Cannot train: {error}")
            if not preview:
                self.session.message.emit(f"Cannot train: {error}")
            return None
        self.trainer, self.committed, self.stale = trainer, 0, False
        self.marks.forget()
        self._bound = _bound_dataset(self.session.doc)
        self.panel.make_plots()
        self.show.clear()
        self.show.show_start(trainer)
        return trainer

    # ----- Play, Pause, Step, Reset ------------------------------------------
    def _trainer_to_start(self):
        """The trainer a new run or step goes on with, or None (said why) if none can start."""
        if self.job is None and self.show.landing:
            self.show.finish()  # the pictures of the run before catch up at once
        if self.running:
            return None
        trainer = self._prepare()
        if trainer is None:
            return None
        if self._finished():
            self.session.message.emit(f"The run has taken all {trainer.settings.steps} steps: "
                                      "raise Steps to go on, or Reset to start again.")
            return None
        self.marks.note(self.session.undo_stack, trainer)  # Undo comes back here
        return trainer

    def play(self, until: Optional[int] = None) -> bool:
        """Train beside the window until Pause or the last step (or step ``until`` in all);
        False if it cannot start."""
        trainer = self._trainer_to_start()
        if trainer is None:
            return False
        from .training_run import TrainingRun
        self.end_stepping()
        self.run = TrainingRun(trainer, limit=until)
        self._discard = False
        self._turns = ExitStack()
        self._turns.enter_context(tuning.short_turns())  # the window gets its turns while it runs
        self.job = self.session.work.in_background(self.run.work, self._stopped,
                                                   name="gradgui-training", pause_collector=True)
        self.show.start()
        self._update_actions()
        self.show.show_status()
        return True

    def pause(self) -> None:
        """Ask the run to stop after its current step; its steps then become one undo step."""
        if self.running:
            self.run.halt()
            self.panel.set_status("Pausing…")

    def pause_now(self) -> None:
        """Stop a run and keep its steps before returning (the document is about to change)."""
        if self._own or not self.running:
            return
        job = self.job
        if job is not None:
            self.run.halt()
            job.wait()
            self._stopped(job)
        self.show.finish()

    def _stopped(self, job) -> None:
        """The worker has ended: keep its steps; the curves and boundary catch up after."""
        if job is not self.job:
            return  # already handled (pause_now), or a run of a document that is gone
        self.job = None
        self.show.stop()
        self._turns.close()
        if self._discard:
            self._discard = False
            self._update_actions()
            return
        # The steps land in this pass (the canvas then shows the document's numbers); the
        # curves and the boundary each in a pass of their own after it.
        self._commit()
        self.show.catch_up(self._landed)

    def _landed(self) -> bool:
        """The run's steps are in the document and on show: say why it stopped (False if by
        an error), and what can be done next."""
        error = self.run.error if self.run is not None else None
        if error is not None:
            self.session.message.emit(f"Training stopped: {error}")
        self._update_actions()
        self.show.show_status()
        return error is None

    def step(self) -> bool:
        """Take one training step now, as one undo step."""
        trainer = self._trainer_to_start()
        if trainer is None:
            return False
        from .training_run import LIVE_GRID, TrainingRun
        self.end_stepping()
        self.run = TrainingRun(trainer, limit=trainer.steps_done + 1, final_grid=LIVE_GRID)
        self.run.work()  # one step is quick: here, on the window's thread
        self._commit()
        self.show.show_curves()
        self.show.show_boundary()
        return self._landed()

    def reset(self) -> bool:
        """Put the weights back where training started (one undo step) and forget the run."""
        self.pause_now()
        trainer = self.trainer
        if trainer is None:
            return False
        from ...document.training import weights_command
        start = dict(zip(trainer.program.weights, trainer.start.tolist()))
        command = weights_command(self.session.doc, start, "Reset training")
        if not command.commands:
            self._restore_evaluation()
        elif not self._execute_weights(command):
            return False
        self.trainer, self.run, self.committed, self.stale = None, None, 0, True
        self.show.clear()
        self._update_actions()
        if self._prepare(preview=True) is not None:
            self._update_actions()
        self.panel.set_status("The weights are back where training started.")
        return True

    def _commit(self) -> None:
        """Put the run's weights in the document as one undo step, and the document's numbers
        back on the canvas."""
        from ...document.training import steps_text, weights_command
        trainer = self.trainer
        # The run's last pass, its grads to stay on show as stale (the evaluation that
        # follows repaints).
        self.show.show_canvas(repaint=False)
        steps = trainer.steps_done - self.committed
        if steps <= 0:
            self._restore_evaluation()
            return
        command = weights_command(self.session.doc, trainer.weights(), steps_text(steps))
        if self._execute_weights(command):
            self.committed = trainer.steps_done
            self.marks.note(self.session.undo_stack, trainer)
        else:
            self.stale = True  # the document kept its weights: the trainer no longer matches

    def _execute_weights(self, command) -> bool:
        """Do a command that sets weights (one undo step), putting the document's numbers
        back on the canvas; False if it was refused."""
        # The command evaluates the document again from what the evaluation holds now:
        # the document's data, and the run's grads (they stay on show, as stale).
        restored = self.show.put_document_data_back()
        # One repaint of what is in view for all of it: with the whole canvas to repaint,
        # Qt skips the repaints each changed weight asks for (drawn apart from it, they
        # painted the canvas twice).
        self.window.scene.update()
        with self._owning():
            done = self.session.execute(command)
            if not done and restored:
                self.session.document_changed()  # the run's numbers are gone from the canvas
        return done

    def _restore_evaluation(self) -> None:
        if self.show.live:
            self.show.forget_canvas()
            with self._owning():
                self.session.document_changed()  # the run's grads stay on show, as stale

    # ----- what the window shows ----------------------------------------------
    def show_progress(self) -> None:
        """Show the run's latest steps, pass and boundary now (while it runs, they are
        drawn in turns); a running worker waits until the window has drawn them."""
        if self.trainer is not None:
            self.show.show_all()
