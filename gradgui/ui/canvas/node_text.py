"""The text of node boxes, laid out once per string and font and drawn from the layout.

A step through a big network paints some forty boxes it has not shown before,
each with four or five lines of text. Laying a line out again on every paint
took Qt more than twice as long as drawing one laid out before, and most of
the strings (labels, kinds, the grads of nodes already passed) come back.
"""

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QStaticText, QTransform

MOST_KEPT = 5_000  # layouts kept per font before all are let go: under 2 MiB (about 380 B each)


class LaidOutText:
    """Lines of text in one font, each laid out the first time it is drawn."""

    def __init__(self, font: QFont):
        self.font = font
        self._metrics = QFontMetricsF(font)
        self._height = self._metrics.height()  # a line's, as drawText centres it
        self._dpi = self._metrics.fontDpi()  # the screen's, which the metrics are for
        self._layouts: dict = {}

    def draw(self, painter: QPainter, rect: QRectF, text: str, right: bool = False) -> None:
        """Draw ``text`` in ``rect`` with the painter's pen: centred from top to bottom,
        against the left edge (the right one if ``right``). The painter's font must be
        this one's."""
        known = self._layouts.get(text)
        if known is None:
            if len(self._layouts) >= MOST_KEPT:
                self._layouts.clear()
            layout = QStaticText(text)
            layout.setTextFormat(Qt.TextFormat.PlainText)
            layout.prepare(QTransform(), self.font)
            # Its advance places it against a right edge as drawText does (an italic
            # line's layout is wider by the slant of its last letter).
            known = self._layouts[text] = (layout, self._metrics.horizontalAdvance(text))
        layout, advance = known
        if advance > rect.width() or painter.device().logicalDpiY() != self._dpi:
            # Too long for its row (drawText cuts it there), or a device such as an SVG
            # file whose dots per inch the metrics above were not taken at.
            side = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | side, text)
            return
        x = rect.right() - advance if right else rect.left()
        painter.drawStaticText(QPointF(x, rect.top() + (rect.height() - self._height) / 2.0), layout)
