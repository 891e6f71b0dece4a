"""The Training panel: how to train, Play / Pause / Step / Reset, and the pictures of the run."""

from typing import Dict, Optional

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QToolButton, QVBoxLayout, QWidget)

from ...document.training_settings import TrainingSettings

BUTTONS = ("actionTrainPlay", "actionTrainPause", "actionTrainStep", "actionTrainReset")
MAX_STEPS = 1_000_000


def _spin(name: str, low, high, tip: str, decimals: Optional[int] = None, step=None):
    spin = QDoubleSpinBox() if decimals is not None else QSpinBox()
    spin.setObjectName(name)
    if decimals is not None:
        spin.setDecimals(decimals)
    spin.setRange(low, high)
    if step is not None:
        spin.setSingleStep(step)
    # The box refuses what is out of range as it is typed: the tip says what it takes.
    spin.setToolTip(f"{tip} ({_plain(spin, low)} to {_plain(spin, high)})")
    # A typed number counts once it is committed (Enter or leaving the field), not per key.
    spin.setKeyboardTracking(False)
    return spin


def _plain(spin, value) -> str:
    """``value`` as the spin box writes it, without trailing zeros (100, not 100.000000)."""
    text = spin.textFromValue(value)
    point = spin.locale().decimalPoint()
    if not isinstance(spin, QDoubleSpinBox) or point not in text:
        return text  # no decimals: its zeros are the number's own
    return text.rstrip("0").rstrip(point)


class _Note(QLabel):
    """A wrapping line of text, as tall as it needs, that does not size the panel by its width.

    (A wrapping label's height-for-width would make the dock's scroll area size the
    panel by the plots' preferred height instead of filling the dock.)
    """

    LINES = 2  # kept free however short the text, so the panel does not jump

    def __init__(self, **kwargs):
        super().__init__(wordWrap=True, **kwargs)
        self._fit_lines()

    def _fit_lines(self) -> None:
        """As tall as the text wrapped at the label's width needs (View > Text Size, a
        long run's numbers), and never under LINES lines."""
        lines = self.LINES * self.fontMetrics().lineSpacing() + 4
        need = max(lines, self.heightForWidth(self.width()) if self.width() > 0 else 0)
        if need != self.minimumHeight():
            self.setMinimumHeight(need)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit_lines()

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_lines()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_lines()

    def hasHeightForWidth(self) -> bool:
        return False


class TrainPanel(QWidget):
    """Training settings and buttons on the left, the curves and the decision boundary beside."""

    settings_edited = Signal(object)  # TrainingSettings the person chose
    export_curves = Signal()
    export_boundary = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainPanel")
        self._showing = False  # settings being shown, not edited
        self.rate = _spin("trainLearningRate", 0.000001, 100.0, "Learning rate of each step", 6, 0.01)
        self.decay = QCheckBox("decay to 10% over the run", objectName="trainDecay")
        self.decay.setToolTip("Step k uses lr × (1 − 0.9·k/steps), as micrograd's demo does")
        self.l2 = _spin("trainL2", 0.0, 10.0, "α of the L2 term α·Σw² added to the loss", 6, 0.0001)
        self.full_batch = QCheckBox("every row", objectName="trainFullBatch")
        self.full_batch.setToolTip("Each step uses every row (full batch); "
                                   "off: a fresh random mini-batch each step")
        self.batch = _spin("trainBatch", 1, 100_000, "Rows in each mini-batch")
        self.seed = _spin("trainSeed", 0, 2**31 - 1, "Seed of the mini-batches' random draws")
        self.steps = _spin("trainSteps", 1, MAX_STEPS, "How many steps a run takes in all")
        form = QFormLayout()
        form.addRow("Learning rate", self.rate)
        form.addRow("", self.decay)
        form.addRow("L2 α", self.l2)
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.full_batch)
        batch_row.addWidget(self.batch, 1)
        form.addRow("Batch", batch_row)
        form.addRow("Seed", self.seed)
        form.addRow("Steps", self.steps)
        self.buttons: Dict[str, QToolButton] = {}
        button_row = QHBoxLayout()
        for name in BUTTONS:
            button = QToolButton(objectName=f"button_{name}")
            self.buttons[name] = button
            button_row.addWidget(button)
        button_row.addStretch(1)
        self.status = _Note(objectName="trainStatus")
        self.status.setMinimumWidth(200)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addLayout(button_row)
        left.addWidget(self.status)
        left.addStretch(1)
        # The plots are made when first needed (a graph with a data set): a window that never
        # trains never imports pyqtgraph, which would change the state of modules that a host
        # of gradgui.show may have frozen.
        self._curves = None
        self._boundary = None
        self._available = False  # the graph can be trained: see set_available
        self.boundary_note = _Note(objectName="trainBoundaryNote")
        self.save_curves = QPushButton("Save Curves PNG…", objectName="trainSaveCurves")
        self.save_boundary = QPushButton("Save Boundary PNG…", objectName="trainSaveBoundary")
        self.save_curves.clicked.connect(self.export_curves)
        self.save_boundary.clicked.connect(self.export_boundary)
        curves_box = self._curves_box = QVBoxLayout()
        curves_box.addStretch(1)
        curves_box.addWidget(self.save_curves)
        boundary_box = self._boundary_box = QVBoxLayout()
        boundary_box.addStretch(1)
        boundary_box.addWidget(self.boundary_note)
        boundary_box.addWidget(self.save_boundary)
        row = QHBoxLayout(self)
        row.addLayout(left, 0)
        row.addLayout(curves_box, 3)
        row.addLayout(boundary_box, 2)
        for spin in (self.rate, self.l2, self.batch, self.seed, self.steps):
            spin.valueChanged.connect(self._edited)
        for box in (self.decay, self.full_batch):
            box.toggled.connect(self._edited)
        self.full_batch.toggled.connect(lambda on: self.batch.setEnabled(not on))
        self.set_available(False, "Open a graph with a data set to train it "
                                  "(File > Open Example > micrograd's demo).")

    @property
    def has_plots(self) -> bool:
        """True once the plots are made."""
        return self._curves is not None

    @property
    def curves(self):
        """The loss and accuracy curves (made on first use)."""
        self.make_plots()
        return self._curves

    @property
    def boundary(self):
        """The decision boundary picture (made on first use)."""
        self.make_plots()
        return self._boundary

    def make_plots(self) -> None:
        """Make the plots, if they are not made yet."""
        if self._curves is not None:
            return
        from .train_plots import BoundaryView, CurvesView
        self._curves, self._boundary = CurvesView(), BoundaryView()
        for box, plot in ((self._curves_box, self._curves), (self._boundary_box, self._boundary)):
            box.removeItem(box.itemAt(0))  # the stretch that held its place
            box.insertWidget(0, plot, 1)

    def set_actions(self, actions: Dict[str, QAction]) -> None:
        """Put the window's Play, Pause, Step and Reset actions on the panel's buttons."""
        for name, button in self.buttons.items():
            if name in actions:
                button.setDefaultAction(actions[name])

    # ----- settings ----------------------------------------------------
    def show_settings(self, settings: TrainingSettings, rows: Optional[int] = None) -> None:
        """Show ``settings`` (no edit is reported); ``rows`` caps the mini-batch size."""
        self._showing = True
        try:
            self.rate.setValue(settings.lr)
            self.decay.setChecked(settings.schedule == "decay")
            self.l2.setValue(settings.l2)
            if rows is not None:
                self.batch.setMaximum(max(1, rows))
            self.full_batch.setChecked(settings.batch is None)
            self.batch.setEnabled(settings.batch is not None)
            if settings.batch is not None:
                self.batch.setValue(settings.batch)
            elif rows is not None and self.batch.value() > rows:
                self.batch.setValue(rows)
            self.seed.setValue(settings.seed)
            self.steps.setValue(settings.steps)
        finally:
            self._showing = False

    def settings(self) -> TrainingSettings:
        """The settings the fields show."""
        return TrainingSettings(lr=self.rate.value(),
                                schedule="decay" if self.decay.isChecked() else "constant",
                                l2=self.l2.value(),
                                batch=None if self.full_batch.isChecked() else self.batch.value(),
                                seed=self.seed.value(), steps=self.steps.value())

    def _edited(self, *_value) -> None:
        if not self._showing:
            self.settings_edited.emit(self.settings())

    def set_available(self, available: bool, why: str = "") -> None:
        """Enable the settings and pictures for a graph that can be trained, else say why not."""
        self._available = available
        for widget in (self.rate, self.decay, self.l2, self.full_batch, self.seed, self.steps,
                       self.save_curves):
            widget.setEnabled(available)
        self.batch.setEnabled(available and not self.full_batch.isChecked())
        self._enable_save_boundary()
        if not available:
            self.status.setText(why)

    def set_status(self, text: str) -> None:
        """The line under the buttons: where the run stands."""
        self.status.setText(text)

    def set_fit(self, fit: bool) -> None:
        """The second picture is a fitted curve over one input (``fit``), or a boundary."""
        self.boundary.set_fit(fit)
        self.save_boundary.setText("Save Fit PNG…" if fit else "Save Boundary PNG…")

    def set_boundary_note(self, text: str) -> None:
        """Say why there is no boundary picture (or nothing)."""
        self.boundary_note.setText(text)
        self.boundary_note.setVisible(bool(text))
        self._enable_save_boundary()

    def _enable_save_boundary(self) -> None:
        # A note stands where the network's boundary or curve would be: without it the
        # picture (empty, or the data's points alone) is not what the button offers.
        self.save_boundary.setEnabled(self._available and not self.boundary_note.text())

    def changeEvent(self, event):
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_curves", None) is not None:
            self.curves.follow_palette(self.palette())
            self.boundary.follow_palette(self.palette())
        super().changeEvent(event)
