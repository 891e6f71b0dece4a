"""Zoom, pan, Fit and Auto layout."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from gradgui import examples_dir

CTRL = Qt.KeyboardModifier.ControlModifier


def visible_rect(canvas):
    return canvas.view.mapToScene(canvas.viewport.rect()).boundingRect()


def near(a: QPointF, b: QPointF, tolerance: float) -> bool:
    return abs(a.x() - b.x()) <= tolerance and abs(a.y() - b.y()) <= tolerance


@pytest.mark.parametrize("where", [QPoint(120, 150), QPoint(500, 420)])
def test_the_wheel_zooms_around_the_cursor(neuron, where):
    view = neuron.view
    under_cursor = view.mapToScene(where)
    zoom = view.zoom
    neuron.wheel(where, notches=2)
    assert view.zoom == pytest.approx(zoom * 1.15 ** 2)
    # The canvas point under the cursor stays there (within a pixel, in scene units).
    assert near(view.mapToScene(where), under_cursor, 1.5 / view.zoom)
    neuron.wheel(where, notches=-3)
    assert view.zoom == pytest.approx(zoom * 1.15 ** -1)
    assert near(view.mapToScene(where), under_cursor, 1.5 / view.zoom)


def test_zoom_is_kept_within_limits(canvas):
    for _ in range(40):
        canvas.wheel(QPoint(200, 200), notches=3)
    assert canvas.view.zoom == pytest.approx(4.0)
    for _ in range(80):
        canvas.wheel(QPoint(200, 200), notches=-3)
    assert canvas.view.zoom == pytest.approx(0.03)


def test_ctrl_plus_minus_and_zero_zoom_about_the_view_centre(neuron):
    view = neuron.view
    neuron.key(Qt.Key.Key_0, CTRL)
    assert view.zoom == pytest.approx(1.0)
    centre = view.mapToScene(neuron.viewport.rect().center())
    neuron.key(Qt.Key.Key_Plus, CTRL)
    assert view.zoom == pytest.approx(1.25)
    neuron.key(Qt.Key.Key_Minus, CTRL)
    neuron.key(Qt.Key.Key_Minus, CTRL)
    assert view.zoom == pytest.approx(0.8)
    assert near(view.mapToScene(neuron.viewport.rect().center()), centre, 2.0 / view.zoom)
    neuron.key(Qt.Key.Key_0, CTRL)
    assert view.zoom == pytest.approx(1.0)


@pytest.mark.parametrize("how", ["key F", "action"])
def test_fit_frames_the_whole_graph_centred(neuron, how):
    view = neuron.view
    for _ in range(6):
        neuron.key(Qt.Key.Key_Plus, CTRL)
    graph = neuron.scene.itemsBoundingRect()
    assert not visible_rect(neuron).contains(graph)
    if how == "key F":
        neuron.key(Qt.Key.Key_F)
    else:
        neuron.action("actionFit").trigger()
    visible = visible_rect(neuron)
    assert visible.contains(graph)
    assert near(visible.center(), graph.center(), 2.0 / view.zoom)
    # Framed, not lost in the distance: the graph fills one of the view's sides.
    assert max(graph.width() / visible.width(), graph.height() / visible.height()) > 0.8


def test_fit_shows_the_whole_bundled_mlp(window, canvas):
    # 316 nodes: at a readable zoom its inputs and its loss would be cut off.
    assert window.files.open_file(str(examples_dir() / "mlp.json"))
    canvas.view.zoom_by(2.0)
    graph = canvas.scene.graph_rect()
    assert not visible_rect(canvas).contains(graph)

    canvas.key(Qt.Key.Key_F)

    assert visible_rect(canvas).contains(graph)


def test_fit_of_a_single_small_node_does_not_blow_it_up(canvas):
    canvas.drop_kind("tanh", QPoint(100, 100))
    canvas.key(Qt.Key.Key_F)
    assert canvas.view.zoom == pytest.approx(1.5)
    assert near(visible_rect(canvas).center(), canvas.node_centre("tanh1"), 2.0)


def test_the_middle_button_pans_without_editing(neuron):
    before = neuron.dumps()
    centre = visible_rect(neuron).center()
    start = neuron.row("m1")
    neuron.drag(start, start + QPoint(-80, -50), button=Qt.MouseButton.MiddleButton)
    moved = visible_rect(neuron).center() - centre
    zoom = neuron.view.zoom
    assert moved.x() == pytest.approx(80 / zoom, abs=1.5 / zoom)
    assert moved.y() == pytest.approx(50 / zoom, abs=1.5 / zoom)
    assert neuron.dumps() == before
    assert neuron.session.undo_stack.count() == 0


def test_space_and_drag_pans(qtbot, neuron):
    before = neuron.dumps()
    centre = visible_rect(neuron).center()
    qtbot.keyPress(neuron.view, Qt.Key.Key_Space)
    neuron.drag(neuron.row("x1"), neuron.row("x1") + QPoint(60, 0))
    qtbot.keyRelease(neuron.view, Qt.Key.Key_Space)
    assert (visible_rect(neuron).center() - centre).x() == pytest.approx(-60 / neuron.view.zoom,
                                                                          abs=1.5 / neuron.view.zoom)
    assert neuron.dumps() == before
    # Space is up again: the same drag now moves the node.
    neuron.drag(neuron.row("x1"), neuron.row("x1") + QPoint(60, 0))
    assert neuron.doc.pos("x1") != (0.0, 0.0)


def test_auto_layout_places_nodes_in_layers_left_to_right_and_undo_restores_exactly(neuron):
    # Scramble the picture first, by hand, so the layout has something to do.
    for node_id, dx in (("o", -500), ("x1", 300)):
        neuron.click(neuron.row(node_id))
        neuron.drag(neuron.row(node_id), neuron.row(node_id) + QPoint(dx, 40))
    scrambled = neuron.dumps()
    assert neuron.doc.pos("o")[0] < neuron.doc.pos("n")[0]

    neuron.key(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    doc = neuron.doc
    x = {n: doc.pos(n)[0] for n in doc.node_ids()}
    for wire in doc.wires():
        assert x[wire.source] < x[wire.target], wire
    assert x["x1"] < x["m1"] < x["s1"] < x["n"] < x["o"]
    for node_id, item in neuron.scene.nodes.items():
        assert (item.pos().x(), item.pos().y()) == doc.pos(node_id)
    undo = neuron.action("actionUndo")
    assert undo.text().startswith("Undo ")
    count = neuron.session.undo_stack.count()
    undo.trigger()
    assert neuron.session.undo_stack.index() == count - 1
    assert neuron.dumps() == scrambled
    for node_id, item in neuron.scene.nodes.items():
        assert (item.pos().x(), item.pos().y()) == doc.pos(node_id)
