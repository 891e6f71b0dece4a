"""Graph > Bug Lab: the buggy pass's grads on the faces, the wrong ones marked, Off to go back."""

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetricsF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu

from gradgui.document import AddNode, AddWire, GraphDocument, SetOutput
from gradgui.document.fileformat import save
from gradgui.ui.canvas.node_item import MARK_CENTRE
from gradgui.ui.panels.legend import HEIGHT, OVERLAY_HEIGHT, WIDTH


def action(window, name):
    return window.findChild(QAction, name)


def marked(window):
    return {n for n in window.session.doc.node_ids() if window.scene.look(n).mark == "≠"}


def open_lesson_two(window, tmp_path):
    """``b = a + a`` then ``d = a*b + a``, a = 3: d = 2a² + a, dd/da = 13."""
    doc = GraphDocument()
    for node_id, kind, fields, pos in (("a", "input", dict(value=3.0), (0, 0)),
                                       ("b", "add", {}, (220, 0)), ("c", "mul", {}, (440, 0)),
                                       ("d", "add", {}, (660, 60))):
        AddNode(node_id, kind, pos=pos, **fields).do(doc)
    for wire in (("a", "b", 0), ("a", "b", 1), ("a", "c", 0), ("b", "c", 1), ("c", "d", 0),
                 ("a", "d", 1)):
        AddWire(*wire).do(doc)
    SetOutput("d").do(doc)
    path = tmp_path / "twice.json"
    save(doc, path)
    assert window.files.open_file(str(path))


def test_the_submenu_through_the_keyboard(qtbot, neuron):
    # Alt+G opens Graph; the Bug Lab submenu is found there by its name.
    window = neuron.window
    graph = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Graph")
    bug_lab = window.findChild(QMenu, "menuBugLab")
    assert bug_lab.menuAction() in graph.actions()
    assert action(window, "actionBugLab") is bug_lab.menuAction()
    names = [a.objectName() for a in bug_lab.actions() if not a.isSeparator()]
    assert names == ["actionBugLabOff", "actionBugLabNaiveOrder", "actionBugLabAssign",
                     "actionBugLabNoZeroGrad"]
    assert action(window, "actionBugLabOff").isChecked()


def test_no_zero_grad_marks_the_neurons_leaves(neuron):
    window = neuron.window
    action(window, "actionBugLabNoZeroGrad").trigger()
    # The leaves' grads doubled; w2's is 0, doubled still 0: not wrong.
    assert marked(window) == {"x1", "w1", "x2", "b"}
    assert window.scene.look("x1").grad_text == "-3.0"
    assert window.scene.look("n").grad_text == "0.5"
    tip = window.scene.nodes["x1"].toolTip()
    assert "grad -3.0000" in tip and "correct grad -1.5000" in tip and "no zero_grad" in tip
    assert "same as the correct grad" in window.scene.nodes["n"].toolTip()
    assert "4 grads wrong" in neuron.status()
    legend = window.legend
    # A line says what the marks mean, and all of it shows (its title was cut off).
    text = window.scene.display.overlay.legend
    assert text.endswith("(no zero_grad)")
    font = QFont()
    font.setPointSizeF(8.0)
    wrapped = QFontMetricsF(font).boundingRect(QRectF(0, 0, WIDTH - 16, 1000),
                                               int(Qt.TextFlag.TextWordWrap), text)
    assert wrapped.width() <= WIDTH - 16
    assert legend.height() >= HEIGHT + OVERLAY_HEIGHT and legend.height() >= HEIGHT + wrapped.height() + 4
    # The colours span the grads on the faces: x1's -3.0 is the scale's end, and w1's 2.0
    # (twice the right 1.0) is not clipped to it.
    scale = window.scene.grad_scale()
    assert scale.position(-3.0) == -1.0 and -1.0 < scale.position(-1.5) and scale.position(2.0) < 1.0
    neuron.click(neuron.row("x1"))  # the inspector tells both too
    assert window.inspector.grad_text.text() == "-3.0  ≠ correct -1.5"
    action(window, "actionBugLabOff").trigger()
    assert marked(window) == set()
    assert window.scene.look("x1").grad_text == "-1.5"
    assert "correct grad" not in window.scene.nodes["x1"].toolTip()
    assert window.inspector.grad_text.text() == "-1.5"
    assert legend.height() == HEIGHT


def test_the_neuron_is_a_tree_naive_order_and_assign_change_nothing(neuron):
    window = neuron.window
    for name in ("actionBugLabNaiveOrder", "actionBugLabAssign"):
        action(window, name).trigger()
        assert action(window, name).isChecked()
        assert marked(window) == set()
        assert "every grad is right on this graph" in neuron.status()


def test_assign_marks_the_node_used_three_times(qtbot, window, canvas, tmp_path):
    open_lesson_two(window, tmp_path)
    action(window, "actionBugLabAssign").trigger()
    assert marked(window) == {"a"}
    assert window.scene.look("a").grad_text == "3.0"
    assert "correct grad 13.0000" in window.scene.nodes["a"].toolTip()
    # Drawn: a red outline and the badge at the top right corner.
    item = window.scene.nodes["a"]
    image = window.view.grab().toImage()
    corner = window.view.mapFromScene(item.mapToScene(*MARK_CENTRE))
    red = QColor(window.scene.theme.invalid)
    near = [image.pixelColor(corner.x() + dx, corner.y() + dy)
            for dx in range(-6, 7) for dy in range(-6, 7)]
    assert any(abs(c.red() - red.red()) < 30 and abs(c.green() - red.green()) < 30 for c in near)


def test_an_edit_or_a_step_turns_the_lab_off(neuron):
    window = neuron.window
    action(window, "actionBugLabNoZeroGrad").trigger()
    window.edits.set_field_text("w2", "value", "2")
    assert action(window, "actionBugLabOff").isChecked() and marked(window) == set()
    assert "Bug lab off" in neuron.status()
    action(window, "actionBugLabNoZeroGrad").trigger()
    assert marked(window)
    neuron.key(Qt.Key.Key_F10)
    assert action(window, "actionBugLabOff").isChecked() and marked(window) == set()


@pytest.mark.parametrize("quiz_first", [True, False])
def test_the_quiz_and_the_lab_take_turns(neuron, quiz_first):
    window = neuron.window
    if quiz_first:
        action(window, "actionQuiz").trigger()
        action(window, "actionBugLabNoZeroGrad").trigger()
        assert not action(window, "actionQuiz").isChecked()
        assert marked(window) == {"x1", "w1", "x2", "b"}
    else:
        action(window, "actionBugLabNoZeroGrad").trigger()
        action(window, "actionQuiz").trigger()
        assert action(window, "actionBugLabOff").isChecked() and marked(window) == set()
        QTest.keyClick(window.view, Qt.Key.Key_F10)
        assert window.scene.look("o").grad_text == "?"


def test_on_a_network_bound_to_data_the_lab_runs_over_every_row(qtbot, canvas, tmp_path):
    """Backward runs over all rows there: so does the buggy pass, and the marks compare
    with the batch's grads (a weight's summed over the rows, a node's in the shown row)."""
    from test_data_panel import type_into

    from gradgui.document.generators import generate
    from gradgui.document.network import network_document, parameters
    window = canvas.window
    doc = network_document(generate("moons", 12, seed=1), ["x1", "x2"], "y", hidden=(3,),
                           activation="tanh", loss="max-margin", seed=4)
    path = tmp_path / "net.json"
    save(doc, path)
    assert window.files.open_file(str(path))
    type_into(window.data.panel.row, "5")
    assert window.session.core.row == 5
    canvas.action("actionBackward").trigger()
    grads = {n: window.session.grad(n) for n in canvas.doc.node_ids()}

    action(window, "actionBugLabNoZeroGrad").trigger()
    result = window.bug_lab.result
    for node, grad in result.correct.items():
        assert grad == pytest.approx(grads[node], rel=1e-9, abs=1e-12), node
    weights = parameters(canvas.doc)
    for w in weights:  # a leaf keeps the last pass's grad: doubled, over the whole batch
        assert result.buggy[w] == pytest.approx(2 * grads[w], rel=1e-9, abs=1e-12)
        assert window.scene.look(w).grad_text != ""
    assert {w for w in weights if grads[w] != 0.0} <= marked(window)
    assert "loss" not in marked(window)
    tip = window.scene.nodes[weights[0]].toolTip()
    assert "correct grad" in tip and "no zero_grad" in tip

    action(window, "actionBugLabAssign").trigger()  # a weight is used once per row
    assert set(weights) & marked(window)
    action(window, "actionBugLabOff").trigger()
    assert not marked(window)
    assert window.session.grad(weights[0]) == grads[weights[0]]
