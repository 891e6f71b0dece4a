"""The outlines that mark nodes in the overview at any zoom: the selection, the current
step and the grads it changed, problems, the bug lab's wrong grads and the quiz's hidden
ones."""

from typing import Callable, Dict, Optional, Tuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from ..geometry import WIDTH
from .legible import fill_boxes
from .shapes import BoxList, Tile, rects_of, tiles_under

MIN_OUTLINED_PX = 8.0  # boxes narrower than this on screen are drawn without a border


def mark_pen(colour: QColor) -> QPen:
    """The pen of an outline that marks a node (selected, stepped, in trouble)."""
    pen = QPen(colour, 3.0)
    pen.setCosmetic(True)
    return pen


def paint_marks(painter: QPainter, scene, selection: Tuple[float, Dict[Tile, BoxList]],
                box_rect: Callable[[str], Optional[QRectF]], exposed: QRectF) -> None:
    """Outline the selected boxes (``selection``: the tile size and the boxes per tile)
    and each marked node where ``box_rect`` says it is drawn."""
    theme = scene.theme
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(mark_pen(theme.selection))
    size, selected = selection
    across = (exposed.width() / size + 2) * (exposed.height() / size + 2)
    tiles = selected if across > len(selected) else tiles_under(
        exposed.left(), exposed.top(), exposed.right(), exposed.bottom(), size)
    # Boxes too small for a border on screen are filled instead: the colour shows,
    # and stroking 100,000 outlines took a third of a second each paint.
    filled = painter.transform().m11() * WIDTH < MIN_OUTLINED_PX
    for tile in tiles:
        if tile in selected:
            if filled:
                fill_boxes(painter, selected[tile], theme.selection)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(mark_pen(theme.selection))
            else:
                painter.drawRects(rects_of(selected[tile]))
    marks = [(node_id, theme.invalid) for node_id in scene.session.evaluation.problems]
    overlay = scene.display.overlay  # the bug lab's wrong grads, the quiz's hidden ones
    marks += [(node_id, theme.invalid if mark == "≠" else theme.step_current)
              for node_id, mark in (overlay.marks().items() if overlay is not None else ())]
    marks += [(node_id, theme.step_current if role == "current" else theme.step_changed)
              for node_id, role in scene.display.step_roles.items()]
    for node_id, colour in marks:
        rect = box_rect(node_id)
        if rect is not None:
            painter.setPen(mark_pen(colour))
            painter.drawRect(rect)
