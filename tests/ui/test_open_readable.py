"""A small graph, or a network below the big size, opens where its labels can be read:
whole if that is readable, else from its inputs on at a readable zoom; Fit Graph still
shows all of it; a big graph opens whole. Checked from the view's
transform, in a 1600x1000 window beside its docks."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget

from gradgui.document import mlp_for_size

from gradgui.ui.canvas.node_item import label_px
from gradgui.ui.canvas.view import READ_PX
from gradgui.ui.geometry import HEIGHT, TEXT_MIN_ZOOM, WIDTH

from graph_files import open_doc


def open_example(window, qtbot, stem: str):
    window.resize(1600, 1000)
    QApplication.processEvents()
    action = window.findChild(type(window.actions["actionOpen"]), f"actionExample_{stem}")
    assert action is not None and action in window.examples_menu.actions()
    action.trigger()
    qtbot.waitUntil(lambda: len(window.session.doc) > 0)
    QApplication.processEvents()


def on_screen(window, node_id) -> bool:
    view = window.view
    x, y = window.session.doc.pos(node_id)
    box = view.mapFromScene(x, y), view.mapFromScene(x + WIDTH, y + HEIGHT)
    port = view.viewport().rect()
    return port.contains(box[0]) and port.contains(box[1])


def label_on_screen_px(window) -> float:
    return label_px() * window.view.transform().m11()


def test_the_bundled_mlp_opens_readable_from_its_inputs_and_fit_shows_it_whole(window, qtbot):
    open_example(window, qtbot, "mlp")
    view, doc = window.view, window.session.doc
    assert len(doc) == 40
    # Labels are drawn (not the zoomed-out overview) at 9 px or more.
    assert view.transform().m11() >= TEXT_MIN_ZOOM and not window.scene.overview_mode
    assert label_on_screen_px(window) >= READ_PX
    # The inputs, where reading starts, are in view; the graph goes on to the right.
    assert on_screen(window, "x1") and on_screen(window, "x2")
    assert not on_screen(window, "loss")
    assert window.view.horizontalScrollBar().isVisible()
    # Fit Graph (F) shows every node, and smaller: too small to read in this window.
    window.view.setFocus()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_F)
    assert all(on_screen(window, n) for n in doc.node_ids())
    assert label_on_screen_px(window) < READ_PX
    # The view was touched: a smaller window leaves its zoom alone.
    zoom = view.transform().m11()
    window.resize(1300, 900)
    QApplication.processEvents()
    assert view.transform().m11() == zoom


def test_a_graph_opened_is_framed_again_when_docks_shrink_the_canvas(window, qtbot):
    open_example(window, qtbot, "neuron")
    zoom = window.view.transform().m11()
    window.resize(1300, 900)  # before anything touches the view
    QApplication.processEvents()
    assert window.view.transform().m11() < zoom  # framed again, smaller
    assert all(on_screen(window, n) for n in window.session.doc.node_ids())
    assert label_on_screen_px(window) >= READ_PX


def test_a_graph_readable_whole_opens_whole(window, qtbot):
    for stem in ("neuron", "neuron_loss"):
        open_example(window, qtbot, stem)
        assert label_on_screen_px(window) >= READ_PX
        assert all(on_screen(window, n) for n in window.session.doc.node_ids()), stem


def test_a_network_opens_readable_from_its_inputs_beside_its_data_and_training_docks(
        window, qtbot):
    open_example(window, qtbot, "moons")  # about a thousand nodes, in neurons and layers
    view, doc = window.view, window.session.doc
    assert len(doc) > 300 and len(doc.groups) > 0
    assert window.findChild(QDockWidget, "dataDock").isVisible()
    assert window.findChild(QDockWidget, "trainDock").isVisible()
    assert view.viewport().width() < 1000 and view.viewport().height() < 700  # beside them
    assert view.transform().m11() >= TEXT_MIN_ZOOM and not window.scene.overview_mode
    assert label_on_screen_px(window) >= READ_PX
    assert on_screen(window, "x1") and on_screen(window, "x2")
    window.activateWindow()  # a progress box may have shown while it opened
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    qtbot.keyClick(view.viewport(), Qt.Key.Key_F)  # Fit Graph: all of it, too small to read
    assert all(on_screen(window, n) for n in doc.node_ids())
    assert label_on_screen_px(window) < READ_PX


def test_a_big_graph_still_opens_whole(window, tmp_path):
    window.resize(1600, 1000)
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    assert len(doc.groups) > 0 and window.session.work.is_big(len(doc))
    assert all(on_screen(window, n) for n in doc.node_ids())
