"""micrograd's own Values in the editor: its MLP and loss open with its numbers after Backward."""

import math
import random

from micrograd import nn
from micrograd.engine import Value as MicroValue
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest

import gradgui
from gradgui.document.from_values import to_document_with_values


def micrograd_mlp_loss():
    """micrograd's README network, MLP(2, [4, 4, 1]), and its squared-error loss on four samples."""
    random.seed(11)
    model = nn.MLP(2, [4, 4, 1])
    xs = [[2.0, 3.0], [3.0, -1.0], [0.5, 1.0], [1.0, 1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, [model(x) for x in xs]))
    return model, loss


def press_backward(window):
    """Ctrl+B (the key of the action named actionBackward), typed on the canvas."""
    action = window.findChild(QAction, "actionBackward")
    assert action is not None and action.isEnabled()
    QTest.keySequence(window.view, action.shortcut())


def test_micrograds_mlp_opens_and_backward_gives_micrograds_grads(window):
    model, loss = micrograd_mlp_loss()
    loss.backward()
    doc, values = to_document_with_values(loss, params=model.parameters())
    # The document the public call makes is the same one.
    assert gradgui.to_document(loss, params=model.parameters()).node_ids() == doc.node_ids()
    window.session.replace_document(doc, None)
    assert len(window.scene.nodes) == len(values) == len(doc)
    press_backward(window)
    session = window.session
    assert session.evaluation is not None
    for node_id, value in values.items():
        # micrograd adds a shared value's contributions in its set's order; see
        # tests/document/test_from_micrograd.py for why grads agree to 1e-12, not bit for bit.
        assert session.evaluation.data(node_id) == value.data, node_id
        assert math.isclose(session.grad(node_id), value.grad, rel_tol=1e-12, abs_tol=1e-13), node_id
    weights = [n for n in doc.node_ids() if doc.node(n)["kind"] == "weight"]
    assert {id(values[n]) for n in weights} == {id(p) for p in model.parameters()}


def test_a_micrograd_expression_with_minus_divide_and_powers(window):
    a, b = MicroValue(1.5), MicroValue(-0.5)
    out = ((a - b) / (a * b + 3)) ** 2 - (-a).relu()
    out.backward()
    doc, values = to_document_with_values(out, params=[a, b])
    window.session.replace_document(doc, None)
    press_backward(window)
    for node_id, value in values.items():
        assert window.session.evaluation.data(node_id) == value.data, node_id
        assert math.isclose(window.session.grad(node_id), value.grad, rel_tol=1e-12,
                            abs_tol=1e-13), node_id
    leaves = [n for n in doc.node_ids() if any(values[n] is v for v in (a, b))]
    assert [doc.node(n)["kind"] for n in leaves] == ["weight", "weight"]
