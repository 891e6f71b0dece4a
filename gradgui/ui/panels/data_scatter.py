"""A scatter plot of a data set's inputs, coloured by the target, with the selected row ringed."""

from typing import Callable, Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette

from ..colors import grad_color
from .plot_theme import FollowsPalette, colour_axes


LEVELS = 21  # shades of a continuous target: few distinct brushes keep 100,000 points quick


def target_shades(y: Optional[np.ndarray], count: int):
    """(colours, index per row): the gradient map's two ends for labels of -1 and +1, else
    the map spread from the smallest target to the largest (grey without a target)."""
    if y is None:
        return [QColor("#808080")], np.zeros(count, dtype=np.intp)
    low, high = float(np.min(y)), float(np.max(y))
    if high == low:
        return [grad_color(0.8)], np.zeros(count, dtype=np.intp)
    levels = np.rint((np.asarray(y) - low) / (high - low) * (LEVELS - 1)).astype(np.intp)
    shades = [grad_color(0.85 * (2.0 * i / (LEVELS - 1) - 1.0)) for i in range(LEVELS)]
    return shades, levels


class DataScatter(FollowsPalette, pg.PlotWidget):
    """Two columns against each other, a point per row; clicking a point chooses its row."""

    def __init__(self, on_row: Callable[[int], None], parent=None):
        super().__init__(parent, background=None)
        self.setObjectName("dataScatter")
        self.setMinimumHeight(180)
        self.on_row = on_row
        self.points = pg.ScatterPlotItem(size=7, pen=None)
        self.points.sigClicked.connect(self._clicked)
        self.ring = pg.ScatterPlotItem(size=16, brush=None)
        self.addItem(self.points)
        self.addItem(self.ring)
        self.getPlotItem().hideButtons()
        self.getPlotItem().setMenuEnabled(False)
        self.axes: tuple = ()
        self._x = self._y = None
        self.follow_palette(self.palette())

    def follow_palette(self, palette: QPalette) -> None:
        """Take the background and axis colours from ``palette`` (light or dark)."""
        self._followed = True
        self.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        colour_axes(self.getPlotItem(), text)
        self.ring.setPen(pg.mkPen(text, width=2))

    def show_columns(self, x_name: Optional[str], x, y_name: Optional[str], y, target) -> None:
        """Plot ``y`` against ``x`` (None: nothing to plot), coloured by ``target``."""
        self.axes = (x_name, y_name)
        if x is None or y is None:
            self._x = self._y = None
            self.points.clear()
            self.ring.clear()
            self.getPlotItem().setLabel("bottom", "")
            self.getPlotItem().setLabel("left", "")
            return
        self._x, self._y = np.asarray(x), np.asarray(y)
        shades, index = target_shades(target, len(self._x))
        made = [pg.mkBrush(c) for c in shades]
        brushes = [made[i] for i in index.tolist()]
        self.points.setData(x=self._x, y=self._y, brush=brushes, data=np.arange(len(self._x)))
        self.getPlotItem().setLabel("bottom", x_name)
        self.getPlotItem().setLabel("left", y_name)
        self.getPlotItem().enableAutoRange()

    def show_row(self, row: Optional[int]) -> None:
        """Ring the point of ``row`` (None: no ring)."""
        if self._x is None or row is None or not 0 <= row < len(self._x):
            self.ring.clear()
            return
        self.ring.setData(x=[self._x[row]], y=[self._y[row]])

    def _clicked(self, _item, points, *_event) -> None:
        if len(points):
            self.on_row(int(points[0].data()))
