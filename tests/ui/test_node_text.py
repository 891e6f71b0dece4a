"""Node box text drawn from layouts made once looks exactly as Qt's drawText puts it."""

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from gradgui.ui.canvas import node_text
from gradgui.ui.canvas.node_text import LaidOutText


def picture(draw, zoom: float) -> QImage:
    image = QImage(420, 120, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(7.0, 3.0)
    painter.scale(zoom, zoom)
    draw(painter)
    painter.end()
    return image


@pytest.mark.parametrize("zoom", [1.0, 0.75, 2.0])
@pytest.mark.parametrize("family, italic", [("monospace", False), ("", False), ("monospace", True)])
def test_text_lands_on_the_same_pixels_as_drawtext(qapp, zoom, family, italic):
    font = QFont(family) if family else QFont()
    font.setPointSizeF(9.0)
    font.setItalic(italic)
    text = LaidOutText(font)
    rows = [(QRectF(12, 22, 130, 20), "data -0.04975", False), (QRectF(12, 42, 130, 20), "grad —", False),
            (QRectF(60, 0, 80, 22), "weight", True)]

    def with_drawtext(painter):
        painter.setFont(font)
        for rect, line, right in rows:
            side = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | side, line)

    def with_layouts(painter):
        painter.setFont(font)
        for rect, line, right in rows:
            text.draw(painter, rect, line, right=right)
    expected = picture(with_drawtext, zoom)
    assert expected != picture(lambda painter: None, zoom)  # something was drawn
    assert picture(with_layouts, zoom) == expected
    assert picture(with_layouts, zoom) == expected  # drawn again from the layouts kept


def test_the_layouts_kept_stay_few(qapp, monkeypatch):
    monkeypatch.setattr(node_text, "MOST_KEPT", 50)
    text = LaidOutText(QFont())
    image = QImage(200, 30, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    for index in range(120):
        text.draw(painter, QRectF(0, 0, 190, 20), f"grad {index}")
        assert len(text._layouts) <= 50  # noqa: SLF001
    painter.end()


def test_text_too_long_for_its_row_is_cut_at_the_row_as_drawtext_cuts_it(qapp):
    font = QFont("monospace")
    font.setPointSizeF(9.0)
    text = LaidOutText(font)
    rect, line = QRectF(12, 22, 60, 20), "grad -1.2345679e-105"

    def with_drawtext(painter):
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, line)

    def with_layouts(painter):
        painter.setFont(font)
        text.draw(painter, rect, line)
    assert picture(with_layouts, 1.0) == picture(with_drawtext, 1.0)
