"""Backward made visible: colours, tooltips, stepping, gradient check, descent."""

import math
import re

import pytest
from PySide6.QtGui import QAction
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from conftest import drag
from gradgui.ui.panels.legend import SETTLE_MS
from gradgui import examples_dir
from gradgui.document import AddNode, AddWire, Evaluation, GraphDocument, choose_output
from gradgui.document.fileformat import dumps, load
from tutorial_neuron import GRADS as TUTORIAL_GRADS



ASK_FOR_AN_ITEM = QInputDialog.getItem  # before the tests' fixtures refuse modal dialogs


def open_window(make_window, name):
    window = make_window()
    assert window.files.load_path(examples_dir() / name)
    return window


def act(window, name):
    action = window.findChild(QAction, name)
    assert action is not None, name
    action.trigger()


def tooltip_numbers(window, node_id):
    text = window.scene.nodes[node_id].toolTip()
    data = re.search(r"data (-?\d+\.\d{4})", text)
    grad = re.search(r"grad (-?\d+\.\d{4})", text)
    return text, float(data.group(1)) if data else None, float(grad.group(1)) if grad else None


def by_label(window):
    doc = window.session.doc
    return {doc.label(n): n for n in doc.node_ids()}


@pytest.fixture
def neuron(make_window):
    return open_window(make_window, "neuron.json")


def test_backward_shows_the_tutorial_grads_in_every_tooltip(neuron, qtbot):
    qtbot.keyClick(neuron.view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    ids = by_label(neuron)
    for label, grad in TUTORIAL_GRADS.items():
        text, data, shown = tooltip_numbers(neuron, ids[label])
        assert label in text and neuron.session.doc.kind(ids[label]).name in text
        assert shown == pytest.approx(grad, abs=1e-4), label
    assert tooltip_numbers(neuron, ids["o"])[1] == pytest.approx(0.7071, abs=1e-4)


def test_tooltip_of_an_op_names_each_local_derivative(neuron):
    act(neuron, "actionBackward")
    text = neuron.scene.nodes[by_label(neuron)["x2*w2"]].toolTip()
    # Named by the nodes, as a learner writes it: d(x2*w2)/dx2 = w2.data.
    assert "d(x2*w2)/dx2 = w2.data = 1.0" in text
    assert "d(x2*w2)/dw2 = x2.data = 0.0" in text


def test_colours_follow_the_grads_and_repeat_exactly(neuron):
    act(neuron, "actionBackward")
    scene = neuron.scene
    ids = by_label(neuron)
    fills = {label: scene.look(ids[label]).fill.name() for label in TUTORIAL_GRADS}
    scale = scene.grad_scale()
    assert scale.largest == pytest.approx(1.5)
    # The most negative grad (x1) sits at the map's negative end, zero is neutral.
    assert scale.position(-1.5) == -1.0 and scale.position(0.0) == 0.0
    lightness = {label: scene.look(ids[label]).fill.lightnessF() for label in TUTORIAL_GRADS}
    assert lightness["w2"] > 0.9  # zero: near white
    assert lightness["x1"] < lightness["n"] < lightness["w2"]
    act(neuron, "actionBackward")
    assert {label: scene.look(ids[label]).fill.name() for label in TUTORIAL_GRADS} == fills


def test_legend_appears_with_grads(neuron):
    assert not neuron.legend.isVisible()
    act(neuron, "actionBackward")
    assert neuron.legend.isVisible()
    act(neuron, "actionScaleSymlog")
    assert neuron.scene.grad_scale().mode == "symlog"


def test_one_step_per_op_node_plus_the_seed_with_tutorial_lines(neuron):
    ids = by_label(neuron)
    lines = []
    for _ in range(6):
        act(neuron, "actionStep")
        lines.append(neuron.stepper_panel.text.toPlainText())
    stepper = neuron.backprop.stepper
    assert stepper.total == 6 and stepper.finished
    assert neuron.stepper_panel.title.text().startswith("Step 5 of 5")
    joined = "\n".join(lines)
    assert "x2.grad += w2.data * (x2*w2).grad = 1.0 * 0.5 = 0.5" in joined
    assert "x1.grad += w1.data * (x1*w1).grad = -3.0 * 0.5 = -1.5" in joined
    assert "n.grad += (1 - o.data**2) * o.grad = 0.5 * 1.0 = 0.5" in joined
    assert neuron.scene.display.step_role(ids["x1*w1"]) == "current"
    assert neuron.scene.display.step_role(ids["x1"]) == "changed"
    # A label that is its own expression is named once; n's is spelled out.
    assert "Backward through x1*w1 + x2*w2: each input's grad" in joined
    assert "x1*w1 + x2*w2 = x1*w1 + x2*w2" not in joined
    assert "Backward through n = x1*w1 + x2*w2 + b: each" in joined


def test_stepping_to_the_end_equals_backward_at_every_node(qtbot, make_window):
    for name in ("neuron.json", "neuron_loss.json", "mlp.json"):
        window = open_window(make_window, name)
        qtbot.keyClick(window.view, Qt.Key.Key_F10)
        while not window.backprop.stepper.finished:
            qtbot.keyClick(window.view, Qt.Key.Key_F10)
        stepped = {n: window.session.grad(n) for n in window.session.doc.node_ids()}
        act(window, "actionBackward")
        assert {n: window.session.grad(n) for n in window.session.doc.node_ids()} == stepped


def test_step_back_restores_each_earlier_state_exactly(qtbot, make_window):
    window = open_window(make_window, "neuron_loss.json")
    act(window, "actionRunToEnd")
    total = window.backprop.stepper.total
    doc = window.session.doc
    for k in range(total - 1, 0, -1):
        act(window, "actionStepBack")
        assert window.backprop.stepper.position == k
        here = {n: window.session.grad(n) for n in doc.node_ids()}
        fresh = Evaluation(doc)
        stepper = fresh.stepper(choose_output(doc))
        for _ in range(k):
            stepper.step()
        assert here == {n: fresh.values[n].grad for n in doc.node_ids()}


def test_a_node_used_twice_shows_the_accumulation(qtbot, make_window):
    window = open_window(make_window, "neuron.json")
    # Feed x1 into both ports of x1*w1: x1*x1.
    window.session.execute(__import__("gradgui.document", fromlist=["rewire"]).rewire(
        window.session.doc, "x1", by_label(window)["x1*w1"], 1))
    for _ in range(6):
        act(window, "actionStep")
    text = window.stepper_panel.text.toPlainText()
    assert "x1 already had grad" in text and "+= adds to it" in text


def test_an_edit_ends_stepping_and_marks_grads_stale(neuron, qtbot):
    act(neuron, "actionBackward")
    act(neuron, "actionStep")
    ids = by_label(neuron)
    from gradgui.document import SetField
    neuron.session.execute(SetField(ids["w2"], "value", 2.0))
    assert neuron.backprop.stepper is None
    assert neuron.session.grads_stale
    assert neuron.scene.look(ids["x1"]).stale
    assert "stale" in neuron.scene.nodes[ids["x1"]].toolTip()
    act(neuron, "actionBackward")
    assert not neuron.scene.look(ids["x1"]).stale


def test_gradient_check_passes_on_every_example(qtbot, make_window):
    for name in ("neuron.json", "neuron_loss.json", "mlp.json"):
        window = open_window(make_window, name)
        act(window, "actionGradCheck")
        report = window.backprop.last_report
        assert report is not None and report.passed, name
        assert window.grad_check_panel.table.rowCount() == len(report.rows)


def test_gradient_check_flags_a_broken_backward_rule(neuron, monkeypatch):
    from gradgui.engine import ops
    broken = ops.OPS["mul"].replace(local=lambda a, b, o, k: (b, 2 * a))
    monkeypatch.setitem(ops.OPS, "mul", broken)
    act(neuron, "actionGradCheck")
    report = neuron.backprop.last_report
    flagged = {row.label for row in report.mismatches}
    assert "w1" in flagged
    assert neuron.scene.display.check_flags[by_label(neuron)["w1"]]
    assert "MISMATCH" in [neuron.grad_check_panel.table.item(r, 4).text()
                          for r in range(neuron.grad_check_panel.table.rowCount())]


def test_descent_lowers_the_loss_and_undo_restores_the_weights(qtbot, make_window):
    window = open_window(make_window, "neuron_loss.json")
    doc = window.session.doc
    before = dumps(doc)
    window.learning_rate.setValue(0.1)
    losses = []
    for _ in range(10):
        act(window, "actionBackward")
        losses.append(window.session.evaluation.data("loss"))
        act(window, "actionDescend")
    losses.append(window.session.evaluation.data("loss"))
    assert losses[-1] < losses[0]
    assert all(b <= a + 1e-12 for a, b in zip(losses, losses[1:]))
    for node_id in doc.node_ids():
        if doc.kind(node_id).name in ("input", "const"):
            assert doc.node(node_id)["value"] == load(examples_dir() / "neuron_loss.json").node(node_id)["value"]
    undo = window.findChild(QAction, "actionUndo")
    while window.session.undo_stack.canUndo():
        undo.trigger()
    assert dumps(doc) == before


def test_backward_asks_which_output_when_several_nodes_feed_nothing(neuron, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from gradgui.document import AddNode, AddWire, SetOutput
    session = neuron.session
    session.execute(SetOutput(None))
    session.execute(AddNode("e", "exp", label="side"))
    session.execute(AddWire("x1", "e", 0))
    asked = []

    def choose(parent, title, text, items, current, editable):
        asked.append(items)
        return next(i for i in items if i.startswith("side")), True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    act(neuron, "actionBackward")
    assert len(asked) == 1 and len(asked[0]) == 2
    assert session.evaluation.output == "e"
    assert session.grad("x1") == pytest.approx(session.evaluation.data("e"))


def test_edge_labels_show_each_wires_local_derivative(neuron):
    from PySide6.QtGui import QImage, QPainter

    from gradgui.document import Wire
    scene = neuron.scene
    assert scene.edge_label(Wire("x2", "m2", 0)) == "d(x2*w2)/dx2 = 1.0"  # = w2
    assert scene.edge_label(Wire("w1", "m1", 1)) == "d(x1*w1)/dw1 = 2.0"  # = x1
    assert scene.edge_label(Wire("n", "o", 0)) == "do/dn = 0.5"  # 1 - tanh(n)**2
    # x1 into both ports of x1*w1 (x1*x1): each wire is one share of the derivative.
    from gradgui.document import rewire
    neuron.session.execute(rewire(neuron.session.doc, "x1", "m1", 1))
    assert scene.edge_label(Wire("x1", "m1", 0)) == "d(x1*w1)/dx1 (1 of 2) = 2.0"
    assert scene.edge_label(Wire("x1", "m1", 1)) == "d(x1*w1)/dx1 (2 of 2) = 2.0"
    neuron.session.undo_stack.undo()

    def picture():
        image = QImage(neuron.view.viewport().size(), QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        neuron.view.render(painter)
        painter.end()
        return image

    plain = picture()
    act(neuron, "actionEdgeLabels")
    assert scene.display.edge_labels and picture() != plain
    act(neuron, "actionEdgeLabels")
    assert not scene.display.edge_labels


def test_legend_stays_inside_the_canvas_when_a_dock_narrows_it(neuron, qtbot):
    act(neuron, "actionBackward")
    neuron.resize(1400, 900)
    qtbot.waitUntil(lambda: neuron.view.viewport().width() > 600)
    # Ctrl+F opens the Find dock beside the canvas, which narrows the canvas.
    before = neuron.view.viewport().width()
    qtbot.keyClick(neuron.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: neuron.view.viewport().width() < before)
    qtbot.wait(50)
    viewport = neuron.view.viewport().geometry()
    assert viewport.contains(neuron.legend.geometry()), (viewport, neuron.legend.geometry())


def test_the_legend_moves_to_another_corner_when_a_node_is_dragged_under_it(neuron, qtbot):
    act(neuron, "actionBackward")
    neuron.resize(1400, 900)
    view, legend = neuron.view, neuron.legend
    qtbot.waitUntil(lambda: legend.isVisible() and view.viewport().width() > 600)
    bottom_right = legend.corners()[0]
    qtbot.waitUntil(lambda: legend.geometry() == bottom_right)
    node = neuron.scene.nodes[by_label(neuron)["b"]]

    def node_on_screen():
        shown = view.mapFromScene(node.sceneBoundingRect()).boundingRect()
        return shown.translated(view.viewport().pos())  # in the view's pixels, as the legend
    start = view.mapFromScene(node.sceneBoundingRect().center())
    drag(view.viewport(), start, bottom_right.center() - view.viewport().pos())
    assert node_on_screen().intersects(bottom_right)  # where the legend was
    qtbot.waitUntil(lambda: not legend.geometry().intersects(node_on_screen()))
    assert legend.geometry() in legend.corners()[1:]
    assert view.viewport().geometry().contains(legend.geometry())


def test_the_legend_stays_put_when_every_corner_hides_as_many_nodes(neuron, qtbot):
    act(neuron, "actionBackward")
    neuron.resize(1400, 900)
    view, legend = neuron.view, neuron.legend
    qtbot.waitUntil(lambda: legend.isVisible() and view.viewport().width() > 600)
    corners = legend.corners()
    qtbot.waitUntil(lambda: legend.geometry() == corners[0])
    ids = by_label(neuron)

    def drag_under(label, corner):
        node = neuron.scene.nodes[ids[label]]
        start = view.mapFromScene(node.sceneBoundingRect().center())
        drag(view.viewport(), start, corner.center() - view.viewport().pos())
    drag_under("b", corners[0])
    qtbot.waitUntil(lambda: legend.geometry() in corners[1:])
    chosen = legend.geometry()
    for label, corner in zip(("x1", "x2"), [c for c in corners[1:] if c != chosen]):
        drag_under(label, corner)
    drag_under("w2", chosen)  # now each corner hides one node
    qtbot.wait(4 * SETTLE_MS)  # long past the moment it looks again
    assert legend.geometry() == chosen  # no hop to bottom right, which hides as many


def test_at_200_percent_text_the_legend_shrinks_to_fit_a_narrow_canvas(neuron, qtbot):
    act(neuron, "actionTextSize200")
    act(neuron, "actionBackward")
    view, legend = neuron.view, neuron.legend
    neuron.resize(1400, 900)
    qtbot.waitUntil(lambda: legend.isVisible() and view.viewport().width() > 600)
    assert legend.width() == round(270 * 1.5)  # room enough: drawn at 150 %
    neuron.resize(760, 700)  # the docks keep their width: the canvas is left narrower
    qtbot.waitUntil(lambda: view.viewport().width() < round(270 * 1.5) + 20)
    assert view.viewport().geometry().contains(legend.geometry())
    assert legend.width() >= round(270 * 0.6)
    neuron.resize(1400, 900)
    qtbot.waitUntil(lambda: legend.width() == round(270 * 1.5))
    assert view.viewport().geometry().contains(legend.geometry())


def test_backward_offers_the_fed_node_first_when_an_input_is_left_loose(window, canvas, tmp_path,
                                                                        monkeypatch):
    """Ctrl+B with an unwired input beside the graph: the dialog's first choice, taken
    with Enter, is the tanh the graph ends in, not the loose input."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QComboBox

    from graph_files import open_doc
    monkeypatch.setattr(QInputDialog, "getItem", ASK_FOR_AN_ITEM)  # the real dialog, this once
    doc = GraphDocument()
    for node_id, kind, fields in (("x1", "input", {"value": 2.0}), ("x2", "input", {"value": 0.0}),
                                  ("w1", "weight", {"value": -3.0}), ("m", "mul", {}),
                                  ("t", "tanh", {})):
        AddNode(node_id, kind, **fields).do(doc)
    for source, target, port in (("x1", "m", 0), ("w1", "m", 1), ("m", "t", 0)):
        AddWire(source, target, port).do(doc)
    open_doc(window, doc, tmp_path)
    offered = []

    def press_enter():
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not up yet: look again, rather than leave it waiting for a person
            QTimer.singleShot(10, press_enter)
            return
        offered.append(dialog.findChild(QComboBox).currentText())
        QTest.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    canvas.key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert offered == ["t  (t)"]
    assert tooltip_numbers(window, "t")[2] == pytest.approx(1.0)
    evaluation = window.session.evaluation
    assert evaluation.grad("w1") == pytest.approx(2.0 * (1.0 - math.tanh(-6.0) ** 2))
    assert evaluation.grad("x2") == 0.0
