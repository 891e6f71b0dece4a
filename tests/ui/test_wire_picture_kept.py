"""The overview keeps the last finished wire picture of each view size: a second view of
the scene must not cost the canvas its own picture, and one used again must paint what a
picture drawn anew paints."""

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame

from gradgui.document import mlp_for_size
from gradgui.ui.canvas.view import GraphView
from gradgui.ui.overview.wire_picture import WirePicture

from graph_files import open_doc


def finished_picture(view):
    """What ``view`` shows once every wire of its picture is drawn."""
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    wires = view.scene().overview.wire_picture
    deadline = time.monotonic() + 60  # a guard against hanging, not a timing check
    while not wires.complete and time.monotonic() < deadline:
        QApplication.processEvents()
        image = view.viewport().grab().toImage()
    assert wires.complete
    return image


def second_view(scene, width, height):
    """Another view of ``scene``, fitted, its picture finished."""
    view = GraphView(scene)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.resize(width, height)
    view.show()
    QApplication.processEvents()
    view.reset_zoom()  # a picture zoomed in, then one of the whole graph
    finished_picture(view)
    view.fit_graph()
    finished_picture(view)
    return view


def test_a_second_view_leaves_the_canvas_its_wire_picture(window, canvas, tmp_path,
                                                          monkeypatch):
    open_doc(window, mlp_for_size(3000), tmp_path)
    view, scene = window.view, window.scene
    view.zoom_by(0.1 / view.zoom)
    view.centerOn(scene.graph_rect().center())
    assert scene.overview_mode
    finished_picture(window.view)
    other = second_view(scene, 700, 500)
    other.close()
    other.setScene(None)
    other.deleteLater()
    started = []
    real = WirePicture._start

    def spy(picture, *args):
        started.append(args)
        return real(picture, *args)
    monkeypatch.setattr(WirePicture, "_start", spy)
    canvas.action("actionBackward").trigger()
    after_backward = finished_picture(window.view)
    assert scene.overview_mode and started == []  # the canvas's picture was kept, not drawn anew
    with monkeypatch.context() as patch:  # the wires drawn straight onto the view
        patch.setattr(WirePicture, "draw", lambda *args: False)
        scene.overview.geometry_changed()
        scene.invalidate(scene.sceneRect())
        assert finished_picture(window.view) == after_backward


def test_a_kept_picture_is_dropped_when_the_wires_change(window, canvas, tmp_path):
    open_doc(window, mlp_for_size(3000), tmp_path)
    view, scene = window.view, window.scene
    view.zoom_by(0.1 / view.zoom)
    view.centerOn(scene.graph_rect().center())
    finished_picture(view)
    picture = scene.overview.wire_picture
    view.zoom_by(0.5)
    finished_picture(view)
    assert len(picture._kept) == 1  # noqa: SLF001 - the first zoom's, of the same size
    view.zoom_by(2.0)
    finished_picture(view)
    assert len(picture._kept) == 1  # noqa: SLF001 - taken back; the other one kept instead
    scene.overview.geometry_changed()
    assert picture._kept == {}  # noqa: SLF001
