"""The tutorial neuron built by hand, gesture by gesture, evaluates like the bundled example."""

import math

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from tutorial_neuron import GRADS as TUTORIAL_GRADS
from tutorial_neuron import LEAVES

CTRL = Qt.KeyboardModifier.ControlModifier
B = repr(LEAVES["b"][1])  # what a person types: the shortest text that is exactly b

# (kind, column, row, label, value): where the node goes and what a person types into it.
NODES = [
    ("input", 0, 0.0, "x1", "2"),
    ("weight", 0, 1.0, "w1", "-3"),
    ("input", 0, 2.0, "x2", "0"),
    ("weight", 0, 3.0, "w2", "1"),
    ("weight", 0, 4.0, "b", B),
    ("mul", 1, 1.0, "x1*w1", None),
    ("mul", 1, 2.0, "x2*w2", None),
    ("add", 2, 1.5, "x1*w1 + x2*w2", None),
    ("add", 3, 1.5, "n", None),
    ("tanh", 4, 1.5, "o", None),
]
WIRES = [("x1", "x1*w1", 0), ("w1", "x1*w1", 1), ("x2", "x2*w2", 0), ("w2", "x2*w2", 1),
         ("x1*w1", "x1*w1 + x2*w2", 0), ("x2*w2", "x1*w1 + x2*w2", 1),
         ("x1*w1 + x2*w2", "n", 0), ("b", "n", 1), ("n", "o", 0)]


def type_into_row(qtbot, canvas, node_id, row, text):
    canvas.double_click(canvas.row(node_id, row))
    qtbot.waitUntil(lambda: canvas.viewport.findChild(QLineEdit, "inlineEditor") is not None)
    editor = canvas.viewport.findChild(QLineEdit, "inlineEditor")
    qtbot.waitUntil(editor.hasFocus)
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: canvas.viewport.findChild(QLineEdit, "inlineEditor") is None)


def build_by_hand(qtbot, canvas) -> dict:
    """Drop, edit and wire the neuron; returns {label: node id}."""
    canvas.key(Qt.Key.Key_Minus, CTRL)
    canvas.key(Qt.Key.Key_Minus, CTRL)
    visible = canvas.view.mapToScene(canvas.viewport.rect()).boundingRect()
    origin = visible.topLeft() + QPointF(110, 70)
    ids = {}
    for kind, column, row, label, value in NODES:
        scene_point = origin + QPointF(220.0 * column, 110.0 * row)
        drop_at = canvas.view.mapFromScene(scene_point)
        assert canvas.viewport.rect().contains(drop_at)
        node_id = canvas.drop_kind(kind, drop_at)
        assert node_id is not None
        ids[label] = node_id
        if canvas.doc.label(node_id) != label:
            type_into_row(qtbot, canvas, node_id, "label", label)
        if value is not None:
            type_into_row(qtbot, canvas, node_id, "data", value)
    for source, target, port in WIRES:
        canvas.drag(canvas.port(ids[source], -1), canvas.port(ids[target], port))
    return ids


def by_label(canvas):
    return {canvas.doc.label(n): n for n in canvas.doc.node_ids()}


def numbers(canvas):
    evaluation = canvas.session.evaluation
    return {label: (evaluation.data(n), evaluation.grad(n)) for label, n in by_label(canvas).items()}


def wires_by_label(canvas):
    doc = canvas.doc
    return sorted((doc.label(w.source), doc.label(w.target), w.port) for w in doc.wires())


def test_the_neuron_built_by_hand_evaluates_exactly_like_the_example(qtbot, make_window,
                                                                     canvas, neuron_path):
    ids = build_by_hand(qtbot, canvas)
    example = type(canvas)(qtbot, make_window())
    assert example.window.files.open_file(str(neuron_path))

    assert sorted(ids) == sorted(by_label(example))
    assert wires_by_label(canvas) == wires_by_label(example)
    for label, node_id in ids.items():
        assert canvas.doc.kind(node_id).name == example.doc.kind(by_label(example)[label]).name
    assert canvas.session.evaluation.problems == {}
    assert canvas.session.evaluation.data(ids["o"]) == pytest.approx(math.sqrt(0.5))

    # Backward from the node that feeds nothing (nothing selected), and from the marked output.
    canvas.click(canvas.empty_spot())
    canvas.action("actionBackward").trigger()
    example.action("actionBackward").trigger()
    mine, theirs = numbers(canvas), numbers(example)
    assert mine == theirs  # node for node, data and grad, to the last bit
    for label, grad in TUTORIAL_GRADS.items():
        assert mine[label][1] == pytest.approx(grad, abs=1e-12)
