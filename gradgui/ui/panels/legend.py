"""The gradient legend: the colour map with the scale's numbers."""

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ...engine import fmt
from ..colors import GradScale, grad_color


def paint_legend(painter: QPainter, rect: QRectF, scale: GradScale, text: QColor, stale: bool) -> None:
    """Draw the legend into ``rect``: a title, the colour bar, and -max, 0, +max."""
    painter.save()
    font = QFont()
    font.setPointSizeF(8.5)
    painter.setFont(font)
    painter.setPen(text)
    title = f"grad ({scale.mode})" + ("  stale" if stale else "")
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), 16), Qt.AlignmentFlag.AlignLeft, title)
    bar = QRectF(rect.left(), rect.top() + 18, rect.width(), 12)
    gradient = QLinearGradient(bar.topLeft(), bar.topRight())
    for i in range(21):
        t = -1.0 + i / 10.0
        gradient.setColorAt(i / 20.0, grad_color(t))
    painter.setPen(QPen(text, 0.8))
    painter.setBrush(gradient)
    painter.drawRect(bar)
    ticks = ((-scale.largest, Qt.AlignmentFlag.AlignLeft), (0.0, Qt.AlignmentFlag.AlignHCenter),
             (scale.largest, Qt.AlignmentFlag.AlignRight))
    for value, align in ticks:
        painter.drawText(QRectF(bar.left(), bar.bottom() + 2, bar.width(), 14), align, fmt(value))
    mid = QPointF(bar.center().x(), bar.top())
    painter.drawLine(mid, QPointF(mid.x(), bar.bottom()))
    painter.restore()


class LegendWidget(QWidget):
    """A small overlay in the corner of the canvas; hidden until there are grads."""

    def __init__(self, scene, parent):
        super().__init__(parent)
        self.setObjectName("gradLegend")
        self.scene = scene
        self.setFixedSize(190, 56)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        parent.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        # Bottom right of the canvas, clear of the scroll bars.
        viewport = self.parent().viewport().geometry()
        self.move(viewport.right() - self.width() - 10, viewport.bottom() - self.height() - 10)

    def refresh(self) -> None:
        """Show or hide with the grads, and repaint."""
        self.setVisible(self.scene.grad_scale() is not None)
        self._place()
        self.update()

    def paintEvent(self, event):
        scale = self.scene.grad_scale()
        if scale is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        theme = self.scene.theme
        background = QColor(theme.node_fill)
        background.setAlphaF(0.92)
        painter.setPen(QPen(theme.node_border, 0.8))
        painter.setBrush(background)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        paint_legend(painter, QRectF(self.rect()).adjusted(8, 4, -8, -4), scale, theme.text,
                     self.scene.session.grads_stale)
