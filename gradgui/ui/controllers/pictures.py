"""Pictures of the graph as it looks now (colours and legend): PNG and SVG."""

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter

from ..panels.legend import paint_legend
from ..canvas.node_item import NodeItem

MARGIN = 30.0
LEGEND_HEIGHT = 56.0


class ExportError(Exception):
    """A picture could not be written; the message says why in one sentence."""


@contextmanager
def _only(scene, selection_only: bool) -> Iterator[QRectF]:
    """Show only what is exported (without selection marks); yield its bounding rect."""
    with scene.detail.everything():  # a big graph's wire items, far from the view too
        with _only_items(scene, selection_only) as rect:
            yield rect


@contextmanager
def _only_items(scene, selection_only: bool) -> Iterator[QRectF]:
    selected = [i for i in scene.selectedItems()]
    chosen = set(scene.queries.selection) if selection_only else None
    hidden = []
    if chosen is not None:
        for item in scene.items():
            node_ids = _node_ids_of(item)
            if node_ids is not None and not node_ids <= chosen and item.isVisible():
                item.setVisible(False)
                hidden.append(item)
    _set_selected(scene, selected, False)
    overview = scene.overview_mode
    scene.set_overview(False)  # a picture is for reading: always the detailed nodes
    try:
        rect = QRectF()
        for item in scene.items():
            if item.isVisible() and _node_ids_of(item) is not None:
                rect = rect.united(item.sceneBoundingRect())
        yield rect
    finally:
        scene.set_overview(overview)
        for item in hidden:
            item.setVisible(True)
        _set_selected(scene, selected, True)


def _set_selected(scene, items, selected: bool) -> None:
    """Hide or restore selection marks quietly: the selection is the same after export."""
    blocked = scene.blockSignals(True)
    try:
        for item in items:
            item.setSelected(selected)
    finally:
        scene.blockSignals(blocked)


def _node_ids_of(item) -> Optional[set]:
    if isinstance(item, NodeItem):
        return {item.node_id}
    wire = getattr(item, "wire", None)
    return {wire.source, wire.target} if wire is not None else None


def _render(scene, painter: QPainter, source: QRectF, target: QRectF) -> None:
    painter.fillRect(target, scene.theme.canvas)
    graph_target = QRectF(target.left(), target.top(), target.width(),
                          target.height() - (LEGEND_HEIGHT if scene.grad_scale() else 0.0))
    scene.render(painter, graph_target, source, Qt.AspectRatioMode.KeepAspectRatio)
    scale = scene.grad_scale()
    if scale is not None:
        legend = QRectF(target.right() - 200, target.bottom() - LEGEND_HEIGHT + 4, 190, 48)
        paint_legend(painter, legend, scale, scene.theme.text, scene.session.grads_stale)


def _page(rect: QRectF, legend: bool) -> QRectF:
    source = rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    return source, QRectF(0, 0, source.width(), source.height() + (LEGEND_HEIGHT if legend else 0.0))


def export_png(scene, path, scale: float = 2.0, selection_only: bool = False) -> Path:
    """Write a PNG of the graph (or the selection) at ``scale`` pixels per scene unit."""
    with _only(scene, selection_only) as rect:
        if rect.isEmpty():
            raise ExportError("there is nothing to export: the graph is empty")
        source, page = _page(rect, scene.grad_scale() is not None)
        size = QSize(max(1, int(page.width() * scale)), max(1, int(page.height() * scale)))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(scene.theme.canvas)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        _render(scene, painter, source, page)
        painter.end()
    if not image.save(str(path), "PNG"):
        raise ExportError("could not write the picture there")
    return Path(path)


def export_svg(scene, path, selection_only: bool = False) -> Path:
    """Write an SVG of the graph (or the selection)."""
    with _only(scene, selection_only) as rect:
        if rect.isEmpty():
            raise ExportError("there is nothing to export: the graph is empty")
        source, page = _page(rect, scene.grad_scale() is not None)
        from PySide6.QtSvg import QSvgGenerator  # Qt's SVG module loads with the first SVG

        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(int(page.width()), int(page.height())))
        generator.setViewBox(page)
        # At the generator's own 72 dpi a point is a unit, and text came out three quarters
        # of its size beside the boxes; at the dpi a picture (and so the PNG) has, it is
        # the size the canvas draws it.
        generator.setResolution(QImage(1, 1, QImage.Format.Format_ARGB32).logicalDpiY())
        generator.setTitle("gradgui graph")
        painter = QPainter()
        if not painter.begin(generator):
            raise ExportError("could not write the picture there")
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        _render(scene, painter, source, page)
        painter.end()
    if not Path(path).is_file():
        raise ExportError("could not write the picture there")
    return Path(path)
