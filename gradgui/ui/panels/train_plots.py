"""The training panel's pictures: loss and accuracy curves, and the decision boundary or
fitted curve (pyqtgraph)."""

from typing import Optional, Sequence

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPalette

from ..colors import ACCURACY_CURVE, FIT_CURVE, LOSS_CURVE, grad_color
from .plot_theme import FollowsPalette, colour_axes

_ZERO_PEN = pg.mkPen(QColor("#444444"), width=1.5)
_FIT_PEN = pg.mkPen(FIT_CURVE, width=2.5)
BOUNDARY_SHADE = 0.4  # how far along the map the background goes: lighter than the points
POINT_SHADE = 1.0


def _export(scene_or_item, width: int) -> QImage:
    exporter = ImageExporter(scene_or_item)
    exporter.parameters()["width"] = int(width)
    return exporter.export(toBytes=True)


def _lookup_table() -> np.ndarray:
    """The PuOr map as 256 RGBA rows, light tints: the background of the boundary picture."""
    rows = []
    for i in range(256):
        c = grad_color((i / 255.0 * 2.0 - 1.0) * BOUNDARY_SHADE)
        rows.append((c.red(), c.green(), c.blue(), 255))
    return np.array(rows, dtype=np.ubyte)


def _style(plot: pg.PlotItem, palette: QPalette, left: str, bottom: str = "step") -> None:
    text = palette.color(QPalette.ColorRole.WindowText)
    colour_axes(plot, text)
    for name, label in (("left", left), ("bottom", bottom)):
        plot.getAxis(name).setLabel(label, color=text.name())


def _nice_top(value: float) -> float:
    """A round number at least ``value``: 1, 2 or 5 times a power of ten."""
    if not np.isfinite(value) or value <= 0.0:
        return 1.0
    power = 10.0 ** np.floor(np.log10(value))
    return float(next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= value))


class CurvesView(FollowsPalette, pg.GraphicsLayoutWidget):
    """The loss (top) and accuracy (bottom) of every step taken, against the step."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainCurves")
        self.setMinimumSize(260, 200)
        self.loss_plot = self.addPlot(row=0, col=0)
        self.accuracy_plot = self.addPlot(row=1, col=0)
        self.ci.layout.setRowStretchFactor(0, 3)  # the loss gets more room than the accuracy
        self.ci.layout.setRowStretchFactor(1, 2)
        self.accuracy_plot.setXLink(self.loss_plot)
        self.accuracy_plot.setYRange(0.0, 1.0)
        self.loss_plot.setMenuEnabled(False)  # exports go through the panel's own button
        self.accuracy_plot.setMenuEnabled(False)
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen(LOSS_CURVE, width=2))
        self.accuracy_curve = self.accuracy_plot.plot(pen=pg.mkPen(ACCURACY_CURVE, width=2))
        # The latest step as a dot: a curve of one point draws no line, and a single Step
        # Once would otherwise show nothing.
        self.loss_latest = self.loss_plot.plot(pen=None, symbol="o", symbolSize=7,
                                               symbolPen=None, symbolBrush=LOSS_CURVE)
        self.accuracy_latest = self.accuracy_plot.plot(pen=None, symbol="o", symbolSize=7,
                                                       symbolPen=None, symbolBrush=ACCURACY_CURVE)
        # Ranges are set here, not followed automatically: an axis that moves on every
        # redraw is laid out and drawn afresh each time, which a live run can't afford.
        for plot in (self.loss_plot, self.accuracy_plot):
            plot.disableAutoRange()
            plot.setMouseEnabled(x=False, y=False)
        self._ranges = None
        self.expects_accuracy = True  # False for a fit to numbers: no accuracy to come
        self._accuracy_laid_out = True
        self.follow_palette(self.palette())

    def follow_palette(self, palette: QPalette) -> None:
        """Background and axes in the window's colours."""
        self._followed = True
        self.setBackground(palette.color(QPalette.ColorRole.Base))
        _style(self.loss_plot, palette, "loss")
        _style(self.accuracy_plot, palette, "accuracy")

    def show_history(self, losses: Sequence[float], accuracies: Sequence[Optional[float]],
                     total: int = 1) -> None:
        """Draw every step's loss, and its accuracy where there is one, on an axis of
        ``total`` steps (or more, if more were taken)."""
        steps = np.arange(len(losses))
        loss = np.asarray(losses, dtype=float)
        self.loss_curve.setData(steps, loss)
        self.loss_latest.setData(steps[-1:], loss[-1:])
        top = float(np.max(loss)) if len(loss) else 1.0
        ranges = (max(total, len(losses), 1), _nice_top(top))
        if ranges != self._ranges:
            self._ranges = ranges
            self.loss_plot.setXRange(0.0, ranges[0], padding=0.02)
            self.loss_plot.setYRange(0.0, ranges[1], padding=0.02)
            self.accuracy_plot.setYRange(0.0, 1.0, padding=0.02)
        known = [(k, a) for k, a in enumerate(accuracies) if a is not None]
        if known:
            ks, values = zip(*known)
            self.accuracy_curve.setData(np.asarray(ks), np.asarray(values, dtype=float))
            self.accuracy_latest.setData(np.asarray(ks[-1:]), np.asarray(values[-1:], dtype=float))
        else:
            self.accuracy_curve.setData([], [])
            self.accuracy_latest.setData([], [])
        self._show_accuracy(bool(known) or (not len(losses) and self.expects_accuracy))

    def _show_accuracy(self, shown: bool) -> None:
        """The accuracy under the loss, or out of the layout: hidden in it, its room stayed
        empty below the loss."""
        if shown != self._accuracy_laid_out:
            if shown:
                self.ci.addItem(self.accuracy_plot, row=1, col=0)
            else:
                self.ci.removeItem(self.accuracy_plot)
            self._accuracy_laid_out = shown
        self.accuracy_plot.setVisible(shown)

    def points(self) -> int:
        """How many steps the loss curve shows."""
        x, _ = self.loss_curve.getData()
        return 0 if x is None else len(x)

    def image(self, width: int = 800) -> QImage:
        """The curves as a picture ``width`` pixels wide."""
        return _export(self.scene(), width)


class BoundaryView(FollowsPalette, pg.PlotWidget):
    """The network's prediction over a grid of its two inputs, the line where it is 0, and the
    rows; for a network of one input, the rows and its prediction's curve through them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainBoundary")
        self.setMinimumSize(200, 200)
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.setAspectLocked(True)
        self.image_item = pg.ImageItem()
        self.image_item.setLookupTable(_lookup_table())
        self.image_item.setLevels((-1.0, 1.0))
        plot.addItem(self.image_item)
        self.zero_line = pg.PlotDataItem(pen=_ZERO_PEN, connect="finite")
        self.fit = False  # the fitted curve over one input, not a boundary over two
        plot.addItem(self.zero_line)
        plot.setMouseEnabled(x=False, y=False)
        self._rect = None
        self.points_item = pg.ScatterPlotItem(size=7, pen=pg.mkPen(QColor("#ffffff"), width=0.8))
        plot.addItem(self.points_item)
        self.steps: Optional[int] = None  # the step the picture is of
        self.follow_palette(self.palette())

    def follow_palette(self, palette: QPalette) -> None:
        """Background and axes in the window's colours."""
        self._followed = True
        self.setBackground(palette.color(QPalette.ColorRole.Base))
        colour_axes(self.getPlotItem(), palette.color(QPalette.ColorRole.WindowText))

    def set_fit(self, fit: bool) -> None:
        """Draw a boundary over two inputs, or (``fit``) a curve over one against the target:
        its axes are not alike, so their scales are not locked together."""
        self.fit = fit
        self.getPlotItem().setAspectLocked(not fit)
        self.zero_line.setPen(_FIT_PEN if fit else _ZERO_PEN)
        self._rect = None

    def set_axes(self, x_name: str, y_name: str) -> None:
        """Name the axes after the two inputs (or the input and the target)."""
        plot = self.getPlotItem()
        colour = self.palette().color(QPalette.ColorRole.WindowText).name()
        plot.getAxis("bottom").setLabel(x_name, color=colour)
        plot.getAxis("left").setLabel(y_name, color=colour)

    def set_points(self, x: np.ndarray, y: np.ndarray, target: Optional[np.ndarray]) -> None:
        """The data set's rows, coloured by target (the PuOr map's ends for -1 and +1)."""
        if target is None:
            brushes = pg.mkBrush(QColor("#555555"))
        else:
            scale = max(float(np.max(np.abs(target))), 1e-12)
            brushes = [pg.mkBrush(grad_color(POINT_SHADE * float(t) / scale)) for t in target]
        self.points_item.setData(x=np.asarray(x), y=np.asarray(y), brush=brushes)

    def show_values(self, values: np.ndarray, x_range, y_range, steps: int, line=None) -> None:
        """Show the prediction over the grid (rows follow y) covering these ranges, and the
        line where it is 0 (x and y, NaN between pieces); for a fit, ``line`` is the curve."""
        rect = QRectF(x_range[0], y_range[0], x_range[1] - x_range[0], y_range[1] - y_range[0])
        if np.ndim(values) == 2:
            # tanh keeps a confident score from washing the picture out; the map is symmetric.
            shade = np.tanh(np.asarray(values, dtype=float)).T  # ImageItem's first axis is x
            self.image_item.setImage(shade, autoLevels=False, levels=(-1.0, 1.0))
            self.image_item.setRect(rect)
        else:
            self.image_item.clear()
        if rect != self._rect:  # the view frames the grid; it does not follow every redraw
            self._rect = rect
            self.getPlotItem().getViewBox().setRange(rect, padding=0.02)
            self.getPlotItem().disableAutoRange()
        if line is not None:
            self.zero_line.setData(*line)
        self.steps = steps

    def clear_points(self) -> None:
        """No rows (another graph's data must not stay on show)."""
        self.points_item.clear()

    def clear_values(self) -> None:
        """No picture (no run yet)."""
        self.image_item.clear()
        self.zero_line.setData([], [])
        self.steps = None

    def image(self, width: int = 800) -> QImage:
        """The boundary (or fit) picture ``width`` pixels wide."""
        return _export(self.getPlotItem(), width)

