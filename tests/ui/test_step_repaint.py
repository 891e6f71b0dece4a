"""A step followed to another place of a big network repaints the canvas with no more
work than the picture needs."""

from PySide6.QtWidgets import QApplication, QGraphicsView

from gradgui.document import mlp_for_size

from graph_files import open_doc

CACHED = QGraphicsView.CacheModeFlag.CacheBackground


def repainted(view) -> None:
    QApplication.processEvents()
    view.viewport().repaint()


def test_zoomed_in_the_background_is_filled_where_it_shows_and_only_the_overview_is_kept(
        window, canvas, tmp_path):
    open_doc(window, mlp_for_size(3000), tmp_path)
    scene, view = window.scene, window.view
    canvas.action("actionZoomReset").trigger()
    repainted(view)
    # A plain fill: kept as a picture, each jump to a new place filled it and copied it all.
    assert not scene.overview_mode and not view.cacheMode() & CACHED
    window.actions["actionBackward"].trigger()
    for _ in range(3):
        window.actions["actionStep"].trigger()
        window.navigate.pan.finish()
        repainted(view)
    assert not view.cacheMode() & CACHED
    view.fit_graph()
    repainted(view)
    assert scene.overview_mode and view.cacheMode() & CACHED  # its picture costs a step nothing
    canvas.action("actionZoomReset").trigger()
    repainted(view)
    assert not scene.overview_mode and not view.cacheMode() & CACHED
