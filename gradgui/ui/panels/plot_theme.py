"""Plots in the window's colours: pyqtgraph widgets follow the theme like the rest of the window."""

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor


class FollowsPalette:
    """Mixed into a pyqtgraph widget with a ``follow_palette(palette)``: calls it again
    whenever the widget's palette changes (a theme chosen, or a themed parent)."""

    _followed = False  # set by follow_palette: Qt tells of palette changes while it is built too

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._followed:
            self.follow_palette(self.palette())


def colour_axes(plot: pg.PlotItem, text: QColor, names=("left", "bottom")) -> None:
    """Draw ``plot``'s axes (lines and tick labels) in ``text``, the numbers on the ticks."""
    for name in names:
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(text))
        axis.setTextPen(pg.mkPen(text))
        # The ticks carry the scale: a label grown to "loss (x0.001)" or "x1 (x0.001)" is
        # cut off beside the plot, and it reads as the data being scaled, not the axis.
        axis.enableAutoSIPrefix(False)

