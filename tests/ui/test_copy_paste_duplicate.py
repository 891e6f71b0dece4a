"""Copy, cut, paste and duplicate with the standard shortcuts keep the wires inside the selection."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from gradgui.ui.geometry import boxes_rect
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier


def select(canvas, *node_ids):
    canvas.click(canvas.row(node_ids[0]))
    for node_id in node_ids[1:]:
        canvas.click(canvas.row(node_id), CTRL)
    assert set(canvas.scene.selected_node_ids()) == set(node_ids)


def wires_among(canvas, node_ids):
    """The wires between ``node_ids``, as (source label, target label, port)."""
    doc = canvas.doc
    return sorted((doc.label(w.source), doc.label(w.target), w.port) for w in doc.wires()
                  if w.source in node_ids and w.target in node_ids)


def wires_touching(canvas, node_ids):
    return [w for w in canvas.doc.wires() if w.source in node_ids or w.target in node_ids]


def top_left(canvas, node_ids):
    return (min(canvas.doc.pos(n)[0] for n in node_ids), min(canvas.doc.pos(n)[1] for n in node_ids))


def test_ctrl_c_ctrl_v_pastes_at_the_pointer_with_its_inner_wires_only(neuron):
    select(neuron, "x1", "w1", "m1")
    neuron.key(Qt.Key.Key_C, CTRL)
    assert "gradgui" in QApplication.clipboard().text()
    before = set(neuron.doc.node_ids())
    before_text = neuron.dumps()
    spot = neuron.empty_spot()
    QTest.mouseMove(neuron.viewport, spot)
    pointer = neuron.view.mapToScene(spot)  # before the view brings the copy into view

    neuron.key(Qt.Key.Key_V, CTRL)

    new = [n for n in neuron.doc.node_ids() if n not in before]
    assert len(new) == 3
    # Labels are made unique as ids are: x2 and w2 are taken.
    assert sorted(neuron.doc.label(n) for n in new) == ["w3", "x1*w1 (2)", "x3"]
    assert wires_among(neuron, new) == [("w3", "x1*w1 (2)", 1), ("x3", "x1*w1 (2)", 0)]
    # The copy's mul fed s1 in the original; that wire stays behind.
    assert len(wires_touching(neuron, new)) == 2
    assert sorted(neuron.scene.selected_node_ids()) == sorted(new)
    assert top_left(neuron, new) == (round(pointer.x()), round(pointer.y()))
    assert all(node_id in neuron.scene.nodes for node_id in new)
    assert neuron.session.evaluation.data(next(n for n in new if neuron.doc.kind(n).name == "mul")) == -6.0

    assert neuron.action("actionUndo").text().startswith("Undo Paste")
    neuron.action("actionUndo").trigger()
    assert neuron.dumps() == before_text


def test_pasting_with_the_pointer_off_the_canvas_uses_free_space_below_the_graph(neuron):
    select(neuron, "b")
    neuron.key(Qt.Key.Key_C, CTRL)
    graph = neuron.scene.graph_rect()
    QTest.mouseMove(neuron.window.palette_widget, QPoint(5, 5))  # over the palette
    for _ in range(2):
        neuron.action("actionPaste").trigger()
    copies = [n for n in neuron.doc.node_ids() if neuron.doc.kind(n).name == "weight"
              and neuron.doc.label(n).startswith("b") and n != "b"]
    assert sorted(neuron.doc.label(n) for n in copies) == ["b2", "b3"]
    for node_id in copies:
        x, y = neuron.doc.pos(node_id)
        assert y > graph.bottom() and x == round(graph.left())
        assert neuron.view.mapToScene(neuron.viewport.rect()).boundingRect().contains(
            neuron.node_centre(node_id))


def test_cut_removes_the_selection_and_paste_brings_it_back_with_its_wires(neuron):
    select(neuron, "x2", "w2", "m2")
    neuron.key(Qt.Key.Key_X, CTRL)
    assert not {"x2", "w2", "m2"} & set(neuron.doc.node_ids())
    assert len(neuron.doc) == 7
    neuron.key(Qt.Key.Key_V, CTRL)
    assert len(neuron.doc) == 10
    labels = {neuron.doc.label(n): n for n in neuron.doc.node_ids()}
    assert wires_among(neuron, [labels["x2"], labels["w2"], labels["x2*w2"]]) == [
        ("w2", "x2*w2", 1), ("x2", "x2*w2", 0)]


def test_duplicate_copies_the_selection_and_its_inner_wires_in_one_step(neuron):
    select(neuron, "b", "n")
    before = set(neuron.doc.node_ids())
    boxes = {n: boxes_rect([neuron.doc.pos(n)]) for n in before}
    neuron.key(Qt.Key.Key_D, CTRL)

    new = [n for n in neuron.doc.node_ids() if n not in before]
    assert sorted(neuron.doc.label(n) for n in new) == ["b2", "n2"]
    assert wires_among(neuron, new) == [("b2", "n2", 1)]
    # Just below the originals, covering no node.
    copy = boxes_rect(neuron.doc.pos(n) for n in new)
    assert copy.top() > boxes["b"].bottom() and copy.left() == boxes["b"].left()
    assert not any(copy.intersects(box) for box in boxes.values())
    assert len(wires_touching(neuron, new)) == 1  # not s1 -> n, not n -> o
    assert sorted(neuron.scene.selected_node_ids()) == sorted(new)
    assert neuron.session.undo_stack.count() == 1
    neuron.action("actionUndo").trigger()
    assert set(neuron.doc.node_ids()) == before


def test_copy_with_nothing_selected_says_so(neuron):
    QApplication.clipboard().setText("unchanged")
    neuron.click(neuron.empty_spot())
    neuron.key(Qt.Key.Key_C, CTRL)
    assert QApplication.clipboard().text() == "unchanged"
    assert "Select nodes" in neuron.status()


def test_pasting_text_that_is_not_a_selection_changes_nothing(neuron):
    QApplication.clipboard().setText('{"format": "something else"}')
    before = neuron.dumps()
    neuron.key(Qt.Key.Key_V, CTRL)
    assert neuron.dumps() == before
    assert "Nothing to paste" in neuron.status()
