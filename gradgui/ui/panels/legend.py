"""The gradient legend: the colour map with the scale's numbers."""

import math
from typing import List, Tuple

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ...engine import fmt
from ..colors import GradScale, grad_color


def paint_legend(painter: QPainter, rect: QRectF, scale: GradScale, text: QColor, stale: bool) -> None:
    """Draw the legend into ``rect``: a title, the colour bar, and its numbers (-max, 0,
    +max, and a symmetric-log scale's powers of ten where they fit)."""
    painter.save()
    font = QFont()
    font.setPointSizeF(8.5)
    painter.setFont(font)
    painter.setPen(text)
    # Stale boxes are dashed and faded, their grads in italics; "?" is the quiz's alone.
    title = f"grad ({scale.name})" + (" · stale: dashed" if stale else "")
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), 16), Qt.AlignmentFlag.AlignLeft, title)
    # Imported with the first legend drawn (the legend shows with the first grads): PySide6
    # makes QGradient's enum of 169 presets when the class is first imported.
    from PySide6.QtGui import QLinearGradient

    bar = QRectF(rect.left(), rect.top() + 18, rect.width(), 12)
    gradient = QLinearGradient(bar.topLeft(), bar.topRight())
    for i in range(21):
        t = -1.0 + i / 10.0
        gradient.setColorAt(i / 20.0, grad_color(t, scale.dark))
    painter.setPen(QPen(text, 0.8))
    painter.setBrush(gradient)
    painter.drawRect(bar)
    metrics = painter.fontMetrics()
    for value in scale.ticks()[1:-1]:
        if value:  # a short mark into the bar at each power of ten
            x = bar.left() + (scale.position(value) + 1.0) / 2.0 * bar.width()
            painter.drawLine(QPointF(x, bar.bottom() - 4), QPointF(x, bar.bottom()))
    for value, left, width, label in tick_labels(scale, bar.left(), bar.width(),
                                                  metrics.horizontalAdvance):
        painter.drawText(QRectF(left, bar.bottom() + 2, width, 14), Qt.AlignmentFlag.AlignHCenter,
                         label)
    mid = QPointF(bar.center().x(), bar.top())
    painter.drawLine(mid, QPointF(mid.x(), bar.bottom()))
    painter.restore()


Label = Tuple[float, float, float, str]  # a legend number: its grad, left, width and text


def tick_labels(scale, left: float, width: float, text_width) -> List[Label]:
    """The legend's numbers under a bar at ``left`` of ``width``: (grad, left, width, text)
    for -max, 0 and +max, then for each power of ten of a symmetric-log scale that has room
    (largest first, on both sides or neither), none closer than a few pixels to another."""
    ticks = scale.ticks()
    powers = sorted((t for t in ticks if t > 0.0 and t != ticks[-1]), reverse=True)
    placed: List[Label] = []
    for values in [(ticks[0], ticks[-1], 0.0)] + [(-p, p) for p in powers]:
        chosen = []
        for value in values:
            text = fmt(value)
            size = text_width(text)
            middle = left + (scale.position(value) + 1.0) / 2.0 * width
            chosen.append((value, min(max(middle - size / 2.0, left), left + width - size),
                           size, text))  # the ends stay inside the bar
        if len(placed) < 3 or all(start + size + GAP_PX <= other
                                  or other + other_size + GAP_PX <= start
                                  for _, start, size, _ in chosen
                                  for _, other, other_size, _ in placed):
            placed += chosen  # -max, 0, +max always; a power of ten on both sides or neither
    return sorted(placed)


GAP_PX = 6  # the least room between two of the legend's numbers

WIDTH, HEIGHT = 270, 56
STEP_MARKS_HEIGHT = 38
OVERLAY_HEIGHT = 20  # one line saying what the bug lab's or the quiz's marks mean


def paint_step_marks(painter: QPainter, rect: QRectF, theme) -> None:
    """Draw what the step-through's outlines mean, and how a grad not reached yet reads."""
    painter.save()
    font = QFont()
    font.setPointSizeF(8.0)
    painter.setFont(font)
    marks = (("current", theme.step_current, 3.0), ("just changed", theme.step_changed, 2.5),
             ("output", theme.output_mark, 2.0))
    x = rect.left()
    for text, colour, width in marks:
        painter.setPen(QPen(colour, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(x + 1, rect.top() + 3, 16, 10), 3, 3)
        painter.setPen(theme.text)
        advance = painter.fontMetrics().horizontalAdvance(text)
        painter.drawText(QRectF(x + 21, rect.top(), advance + 2, 16),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        x += 21 + advance + 10
    painter.setPen(theme.muted_text)
    painter.drawText(QRectF(rect.left(), rect.top() + 18, rect.width(), 16),
                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                     "grad —: not reached yet")
    painter.restore()


CORNER_MARGIN = 10  # pixels between the legend and the canvas's edges
SMALLEST = 0.6  # the legend shrinks to fit a narrow canvas, but no smaller than this
SETTLE_MS = 150  # the legend changes corner this long after the canvas stops moving


class LegendWidget(QWidget):
    """A small overlay in a corner of the canvas; hidden until there are grads.

    It first sits bottom right unless that hides a node or a box: then in the
    first corner of bottom left, top right and top left that hides none (or the
    fewest). It looks again once the view has stopped moving (not during a pan
    or a run of steps) and at most every SETTLE_MS while the graph changes (a
    drag, training), and moves only to a corner that hides none, or under half
    as many: a node at a corner's edge does not send it back and forth.
    """

    def __init__(self, scene, parent):
        super().__init__(parent)
        self.setObjectName("gradLegend")
        self.scene = scene
        self.text_scale = 1.0  # View > Text Size: the whole legend is drawn this much larger
        self.drawn_scale = 1.0  # text_scale, or less where the canvas has no room for it
        self.setFixedSize(WIDTH, HEIGHT)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._place)
        # The viewport's own resize: the view's arrives before its viewport is laid out anew.
        parent.viewport().installEventFilter(self)
        parent.horizontalScrollBar().valueChanged.connect(self._moved)
        parent.verticalScrollBar().valueChanged.connect(self._moved)
        scene.changed.connect(self._changed)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Resize:
            self._fit()
            self._place()
        return False

    def _moved(self, *_args) -> None:
        if self.isVisible():
            self._settle.start()  # again: placed once the view is still

    def _changed(self, *_args) -> None:
        # Not put off again and again: training repaints the graph ten times a second.
        if self.isVisible() and not self._settle.isActive():
            self._settle.start()

    def _place(self) -> None:
        # Clear of the scroll bars, in a corner that hides no node if there is one.
        corners = self.corners()
        choice = 0
        if self.isVisible():
            hidden = [self._hidden_count(corner) for corner in corners]
            fewest = hidden.index(min(hidden))
            now = corners.index(self.geometry()) if self.geometry() in corners else None
            stay = now is not None and not 2 * hidden[fewest] < hidden[now]
            choice = now if stay else fewest
        self.move(corners[choice].topLeft())

    def corners(self) -> List[QRect]:
        """Where the legend may sit in the canvas, in order of preference: bottom right,
        bottom left, top right, top left (in the view's coordinates)."""
        viewport = self.parent().viewport().geometry()
        size = self.size()
        left = viewport.left() + CORNER_MARGIN
        right = viewport.right() - size.width() - CORNER_MARGIN
        top = viewport.top() + CORNER_MARGIN
        bottom = viewport.bottom() - size.height() - CORNER_MARGIN
        return [QRect(x, y, size.width(), size.height())
                for x, y in ((right, bottom), (left, bottom), (right, top), (left, top))]

    def _hidden_count(self, corner: QRect) -> int:
        """How many nodes and boxes the legend would hide at ``corner``."""
        view = self.parent()
        area = corner.translated(-view.viewport().pos())  # in the viewport's pixels
        return self.scene.queries.shown_within(view.mapToScene(area).boundingRect())

    def set_text_scale(self, scale: float) -> None:
        """Follow View > Text Size (``scale`` 2.0 for 200 %): the legend grows half as much
        as the text, as it sits over the canvas (150 % at 200 %)."""
        self.text_scale = (1.0 + scale) / 2.0
        self.refresh()

    def _fit(self) -> None:
        """Take the size of the legend at text_scale, smaller if the canvas is too narrow
        or too low for it (down to SMALLEST): it never hangs off the canvas's edge."""
        stepping = self.scene.display.stepper is not None
        height = HEIGHT + (STEP_MARKS_HEIGHT if stepping else 0) + self._overlay_height()
        room = self.parent().viewport().size()
        fits = min((room.width() - 2 * CORNER_MARGIN) / WIDTH,
                   (room.height() - 2 * CORNER_MARGIN) / height)
        self.drawn_scale = max(SMALLEST, min(self.text_scale, fits))
        self.setFixedSize(round(WIDTH * self.drawn_scale), round(height * self.drawn_scale))

    def refresh(self) -> None:
        """Show or hide with the grads (with the step marks while stepping), and repaint."""
        was, size = self.isVisible(), self.size()
        self._fit()
        self.setVisible(self.scene.grad_scale() is not None)
        if not was or self.size() != size:
            self._place()  # at once: it has just come, or its corners have moved
        else:
            self._moved()  # a step, a Backward: looked at once the view is still
        self.update()

    def paintEvent(self, event):
        scale = self.scene.grad_scale()
        if scale is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(self.drawn_scale, self.drawn_scale)  # laid out at 100 %, drawn larger
        width, height = self.width() / self.drawn_scale, self.height() / self.drawn_scale
        theme = self.scene.theme
        background = QColor(theme.node_fill)
        background.setAlphaF(0.92)
        painter.setPen(QPen(theme.node_border, 0.8))
        painter.setBrush(background)
        painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 6, 6)
        paint_legend(painter, QRectF(8, 4, width - 16, HEIGHT - 8), scale, theme.text,
                     self.scene.session.grads_stale)
        if self.scene.display.stepper is not None:
            paint_step_marks(painter, QRectF(8, HEIGHT, width - 16, STEP_MARKS_HEIGHT - 4), theme)
        text, overlay = self._overlay_text(), self._overlay_height()
        if text:
            painter.setFont(_overlay_font())
            painter.setPen(theme.invalid if text.startswith("≠") else theme.text)
            painter.drawText(QRectF(8, height - overlay, width - 16, overlay - 4),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
                             | Qt.TextFlag.TextWordWrap, text)

    def _overlay_text(self) -> str:
        """What the marks of the overlay on show mean (the bug lab's, the quiz's), or ''."""
        return getattr(self.scene.display.overlay, "legend", "")

    def _overlay_height(self) -> int:
        """Room for the overlay's line, and for the lines it wraps to when longer than the
        legend is wide (the bug lab's title was cut off)."""
        text = self._overlay_text()
        if not text:
            return 0
        metrics = QFontMetricsF(_overlay_font())
        room = WIDTH - 16
        if metrics.horizontalAdvance(text) <= room:
            return OVERLAY_HEIGHT
        wrapped = metrics.boundingRect(QRectF(0, 0, room, 1000),
                                       int(Qt.TextFlag.TextWordWrap), text).height()
        return OVERLAY_HEIGHT + math.ceil(wrapped - metrics.lineSpacing())


def _overlay_font() -> QFont:
    font = QFont()
    font.setPointSizeF(8.0)
    return font
