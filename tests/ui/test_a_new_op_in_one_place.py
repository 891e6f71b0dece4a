"""A new op, registered in one place, is taken everywhere a node kind goes.

The ``sin_kind`` fixture makes a test-only ``sin`` (its engine op and its
node kind, in one ``register_kind`` call) and takes it away afterwards.
Nothing else in gradgui is told about it: the palette, quick add, the file
format, the expression parser, the Python export, evaluation, backward and
the stepper all find it in the tables.
"""

import contextlib
import io
import math

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction

from gradgui.document import KINDS, Evaluation, GraphDocument, new_node
from gradgui.document.expression import ExpressionError, parse_expression
from gradgui.document.expression_insert import insert_expression
from gradgui.document.fileformat import load, save
from gradgui.document.kinds import op_kind, register_kind, unregister_kind
from gradgui.document.python_export import export_python
from gradgui.engine import OPS, Stepper, Value, fmt
from gradgui.engine.ops import function
from gradgui.ui.canvas.node_look import node_look
from gradgui.ui.panels.quick_add import matching_kinds
from gradgui.ui.panels.stepper import describe_step


def make_sin_kind():
    """The test-only kind: sin(a), with local derivative cos(a)."""
    op = function("sin", lambda a, b, k: math.sin(a), lambda a, b, o, k: (math.cos(a),),
                  ("cos({a}.data)",), "The sine.", "math.sin(a)", ("math.cos(a)",))
    return op_kind(op, "functions", "sin(a), the sine")


@pytest.fixture
def sin_kind():
    """Register ``sin`` for one test, then take it away."""
    kind = make_sin_kind()
    register_kind(kind)
    yield kind
    unregister_kind("sin")


def sine_of_product(x=0.5, w=2.0) -> GraphDocument:
    """o = sin(x*w), built from an expression."""
    doc = GraphDocument()
    command, _ = insert_expression(doc, parse_expression("sin(x*w)"),
                                   {"x": ("input", x), "w": ("weight", w)}, label="o")
    command.do(doc)
    return doc


def by_label(doc):
    return {doc.label(n): n for n in doc.node_ids()}


def test_registering_and_unregistering_leaves_the_tables_as_they_were():
    kinds, ops, methods = dict(KINDS), dict(OPS), set(vars(Value))
    register_kind(make_sin_kind())
    assert "sin" in KINDS and "sin" in OPS and hasattr(Value, "sin")
    with pytest.raises(ValueError, match="already"):
        register_kind(make_sin_kind())
    unregister_kind("sin")
    assert dict(KINDS) == kinds and dict(OPS) == ops and set(vars(Value)) == methods
    with pytest.raises(ExpressionError, match="is not one of"):
        parse_expression("sin(x)")


def test_a_kind_may_not_take_a_name_value_already_has():
    taken = function("backward", lambda a, b, k: a, lambda a, b, o, k: (1.0,), ("1",), "")
    with pytest.raises(ValueError, match="Value already has backward"):
        register_kind(op_kind(taken, "functions", "clash"))
    assert "backward" not in KINDS and "backward" not in OPS


def test_the_engine_computes_backpropagates_and_steps_it(sin_kind):
    x = Value(0.5, label="x")
    o = x.sin()
    o.label = "o"
    assert o.data == math.sin(0.5) and o.op == "sin"
    o.backward()
    assert x.grad == math.cos(0.5)

    x.grad = o.grad = 0.0
    stepper = Stepper(o)
    stepper.step()
    step = stepper.step()
    local = fmt(math.cos(0.5))
    assert step.lines == [f"x.grad += cos(x.data) * o.grad = {local} * 1.0 = {local}"]
    assert "o = sin(x)" in describe_step(step, stepper)
    assert x.grad == math.cos(0.5)


def test_the_expression_parser_and_evaluation_take_it(sin_kind):
    doc = sine_of_product()
    ids = by_label(doc)
    assert doc.kind(ids["o"]).name == "sin"
    evaluation = Evaluation(doc)
    assert evaluation.data(ids["o"]) == math.sin(1.0)
    evaluation.backward(ids["o"])
    assert evaluation.grad(ids["x"]) == pytest.approx(2.0 * math.cos(1.0), rel=1e-15)


def test_the_file_format_saves_and_loads_it(sin_kind, tmp_path):
    doc = sine_of_product()
    path = tmp_path / "sine.json"
    save(doc, path)
    again = load(path)
    assert again.node(by_label(again)["o"])["kind"] == "sin"
    assert Evaluation(again).data(by_label(again)["o"]) == math.sin(1.0)
    save(again, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


def test_a_saved_sin_is_an_unknown_kind_once_it_is_gone(tmp_path):
    register_kind(make_sin_kind())
    try:
        save(sine_of_product(), tmp_path / "sine.json")
    finally:
        unregister_kind("sin")
    with pytest.raises(Exception, match="unknown kind"):
        load(tmp_path / "sine.json")


def test_the_python_export_writes_it_and_the_script_runs(sin_kind):
    doc = sine_of_product()
    script = export_python(doc)
    assert ".sin()" in script
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(script, "exported.py", "exec"), {})  # the script is ours, made just now
    lines = dict(line.split(": ", 1) for line in printed.getvalue().splitlines())
    assert lines["o"] == f"data={math.sin(1.0)!r} grad=1.0"
    assert lines["x"] == f"data=0.5 grad={2.0 * math.cos(1.0)!r}"


def test_a_new_node_of_it_gets_the_kinds_fields(sin_kind):
    doc = GraphDocument()
    new_node(doc, "sin").do(doc)
    assert doc.node_ids() == ["sin1"] and doc.kind("sin1") is sin_kind


@pytest.fixture
def window(sin_kind, make_window):
    """The window, made while ``sin`` is registered (the palette is filled when it is made)."""
    return make_window()


def test_the_palette_and_quick_add_offer_it(window, canvas):
    palette = window.palette_widget
    item = palette.item_for("sin")
    assert item.parent().text(0) == "Functions" and not item.icon(0).isNull()
    assert "sine" in item.toolTip(0)
    assert "sin" in matching_kinds("si") and matching_kinds("sin")[0] == "sin"

    node_id = canvas.drop_kind("sin", QPoint(240, 200))
    assert node_id == "sin1" and canvas.doc.kind(node_id).name == "sin"
    assert node_look(window.session, node_id, None).badge == "sin"


def test_the_window_opens_backpropagates_and_steps_it(window, tmp_path):
    path = tmp_path / "sine.json"
    save(sine_of_product(), path)
    assert window.files.load_path(path)
    ids = by_label(window.session.doc)
    action(window, "actionBackward").trigger()
    assert window.session.grad(ids["x"]) == pytest.approx(2.0 * math.cos(1.0), rel=1e-15)
    assert "do/d(x*w) = cos(" in window.scene.nodes[ids["o"]].toolTip()

    for _ in range(2):
        action(window, "actionStep").trigger()
    text = window.stepper_panel.text.toPlainText()
    assert f"(x*w).grad += cos((x*w).data) * o.grad = {fmt(math.cos(1.0))}" in text


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found
