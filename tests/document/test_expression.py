"""Expressions typed as text: what is accepted, what is refused, and what gets inserted."""

import math

import pytest

from gradgui.document import Evaluation, GraphDocument
from gradgui.document.expression import (MAX_DEPTH, MAX_LENGTH, MAX_NODES, ExpressionError,
                                         Number, Operation, Variable, guess_kind,
                                         parse_expression)
from gradgui.document.expression_insert import insert_expression
from gradgui.engine import Value
from tutorial_neuron import EXPRESSION, LEAVES, neuron_values

NEURON = LEAVES


def inserted(text, variables=None, **options):
    doc = GraphDocument()
    command, new_ids = insert_expression(doc, parse_expression(text), variables, **options)
    command.do(doc)
    return doc, command, new_ids


# ----- accepted ---------------------------------------------------------------

@pytest.mark.parametrize("text, variables, count", [
    ("tanh(x1*w1 + x2*w2 + b)", ("x1", "w1", "x2", "w2", "b"), 10),
    ("(o - 1)**2", ("o",), 4),
    ("-x", ("x",), 2),
    ("2*x", ("x",), 3),
    ("x**-1", ("x",), 2),
    ("x**-2.5", ("x",), 2),
    ("x*x", ("x",), 2),
    ("+x", ("x",), 1),
    ("3", (), 1),
    ("-2.5", (), 1),
    ("1e-3", (), 1),
    ("exp(a) / (1 + log(b)) - relu(c) * sigmoid(d)", ("a", "b", "c", "d"), 13),
])
def test_valid_expressions_parse(text, variables, count):
    parsed = parse_expression(text)
    assert parsed.variables == variables
    assert parsed.node_count == count
    doc, _, new_ids = inserted(text)
    assert len(doc) == count == len(new_ids)


def test_tree_shape_of_a_power():
    root = parse_expression("(o - 1)**2").root
    assert isinstance(root, Operation) and root.kind == "pow" and root.exponent == 2.0
    sub = root.operands[0]
    assert sub.kind == "sub"
    assert isinstance(sub.operands[0], Variable) and sub.operands[0].name == "o"
    assert isinstance(sub.operands[1], Number) and sub.operands[1].value == 1.0


def test_negative_literals_become_one_constant_and_negation_an_op():
    assert parse_expression("-3").root == Number(-3.0, 1, "-3", 3)
    root = parse_expression("-x").root
    assert root.kind == "neg" and root.operands[0].name == "x"
    # Python's precedence: -x**2 is -(x**2).
    root = parse_expression("-x**2").root
    assert root.kind == "neg" and root.operands[0].kind == "pow"


def test_kinds_are_guessed_from_names():
    assert [guess_kind(n) for n in ("x1", "w1", "b", "bias", "weight", "o")] == [
        "input", "weight", "weight", "input", "weight", "input"]


def test_limits_allow_what_they_promise():
    parse_expression("(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH)
    # 250 variables and 249 additions: 499 nodes, a chain deeper than
    # Python's recursion limit would allow a recursive reader.
    text = "+".join(f"v{i}" for i in range(250))
    assert len(text) <= MAX_LENGTH
    assert parse_expression(text).node_count == 499 < MAX_NODES
    with pytest.raises(ExpressionError, match="more than 500 nodes"):
        parse_expression("+".join(["1"] * 600))


# ----- refused ----------------------------------------------------------------

@pytest.mark.parametrize("text, column, words", [
    ("__import__('os')", 1, "function '__import__'"),
    ("x.__class__", 1, "attribute"),
    ("tanh(x).__class__", 1, "attribute"),
    ('"a"*10**9', 1, "strings"),
    ("x + 'a'", 5, "strings"),
    ("lambda: 1", 1, "lambda"),
    ("x[0]", 1, "indexing"),
    ("f(x)", 1, "function 'f'"),
    ("x.tanh()", 1, "attribute"),
    ("tanh(x, y)", 1, "exactly one argument"),
    ("tanh()", 1, "exactly one argument"),
    ("tanh(x=1)", 6, "keyword"),
    ("tanh(*x)", 6, "unpacking"),
    ("True", 1, "not a number"),
    ("x * False", 5, "not a number"),
    ("None", 1, "not a number"),
    ("1j", 1, "complex"),
    ("1e999 * x", 1, "finite"),
    ("x if y else z", 1, "conditional"),
    ("x**y", 4, "exponent"),
    ("x**(1 + 1)", 5, "exponent"),
    ("x < y", 1, "comparison"),
    ("x and y", 1, "'and'"),
    ("[x for x in y]", 1, "comprehension"),
    ("(x, y)", 1, "tuple"),
    ("x // 2", 1, "'//'"),
    ("~x", 1, "'~'"),
    ("(y := 2)", 2, ":="),
    ("tanh + 1", 1, "'tanh' is a function"),
    ("x + __builtins__", 5, "reserved"),
    ("é + 'a'", 5, "strings"),
])
def test_hostile_or_unsupported_input_is_refused_with_a_column(text, column, words):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert caught.value.column == column
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"column {column}: ")


def test_ten_thousand_nested_parentheses_never_reach_the_parser(monkeypatch):
    import ast
    monkeypatch.setattr(ast, "parse", lambda *a, **k: pytest.fail("the parser was called"))
    with pytest.raises(ExpressionError):
        parse_expression("(" * 10_000 + "x" + ")" * 10_000)
    with pytest.raises(ExpressionError, match="nested more than 100") as caught:
        parse_expression("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    assert caught.value.column == MAX_DEPTH + 1
    with pytest.raises(ExpressionError, match="nested"):
        parse_expression("[" * 150)


def test_overlong_text_is_refused_before_parsing():
    with pytest.raises(ExpressionError, match="longer than 2,000 characters"):
        parse_expression("x" * 3000)
    with pytest.raises(ExpressionError, match="longer than"):
        parse_expression("x" + " + x" * 1000)


def test_long_unary_chains_are_refused_without_recursion_errors():
    with pytest.raises(ExpressionError, match="more than 500 nodes"):
        parse_expression("-" * 1999 + "x")
    with pytest.raises(ExpressionError, match="more than 500 nodes"):
        parse_expression("tanh(" * 99 + "x" + ")" * 99 + "+x" * 450)


@pytest.mark.parametrize("text", ["", "   ", "x +", "1 2", "x\x00", ")", "tanh(x"])
def test_malformed_text_is_refused(text):
    with pytest.raises(ExpressionError):
        parse_expression(text)


def test_nothing_is_evaluated(monkeypatch):
    import os
    calls = []
    monkeypatch.setattr(os, "system", lambda *args: calls.append(args) or 0)
    for text in ("__import__('os').system('echo hacked')", "os.system('echo hacked')"):
        with pytest.raises(ExpressionError):
            parse_expression(text)
    assert calls == []


def test_refusal_is_a_document_error():
    from gradgui.document import DocumentError
    with pytest.raises(DocumentError):
        parse_expression("x.y")


# ----- inserting --------------------------------------------------------------

def test_inserted_neuron_matches_the_engine_built_by_hand():
    doc, command, new_ids = inserted(EXPRESSION, NEURON, label="o")
    root = command.root
    assert new_ids[-1] == root and doc.label(root) == "o"
    ev = Evaluation(doc)
    ev.backward(root)

    values = neuron_values()
    o = values["o"]
    o.backward()

    by_label = {doc.label(n): n for n in doc.node_ids()}
    assert ev.data(root) == o.data
    for name in ("x1", "x2", "w1", "w2", "b"):
        value = values[name]
        assert doc.node(by_label[name])["kind"] == NEURON[name][0]
        assert ev.data(by_label[name]) == value.data
        assert ev.grad(by_label[name]) == value.grad
    assert math.isclose(ev.data(root), 0.7071067811865476, rel_tol=1e-12)
    assert {doc.label(n) for n in doc.node_ids()} >= {"x1*w1", "x2*w2", "x1*w1 + x2*w2"}


@pytest.mark.parametrize("text, build", [
    ("(o - 1)**2", lambda v: (v["o"] - 1) ** 2),
    ("2*x", lambda v: 2 * v["x"]),
    ("x**-1", lambda v: v["x"] ** -1),
    ("-x", lambda v: -v["x"]),
    ("x*x + w", lambda v: v["x"] * v["x"] + v["w"]),
    ("exp(a) / (1 + log(b)) - relu(c) * sigmoid(d)",
     lambda v: v["a"].exp() / (1 + v["b"].log()) - v["c"].relu() * v["d"].sigmoid()),
])
def test_inserted_graphs_give_the_engines_numbers(text, build):
    values = {"o": 0.25, "x": 1.5, "w": -0.5, "a": 0.3, "b": 2.0, "c": 0.7, "d": -1.2}
    parsed = parse_expression(text)
    chosen = {n: ("input", values[n]) for n in parsed.variables}
    doc, command, _ = inserted(text, chosen)
    ev = Evaluation(doc)
    ev.backward(command.root)
    leaves = {n: Value(values[n], label=n) for n in parsed.variables}
    out = build(leaves)
    out.backward()
    assert ev.data(command.root) == out.data
    for name, leaf in leaves.items():
        assert ev.grad(name) == leaf.grad, name


def test_defaults_are_guessed_kinds_and_one():
    doc, _, _ = inserted("w*x + b")
    assert doc.node("w")["kind"] == "weight" and doc.node("b")["kind"] == "weight"
    assert doc.node("x")["kind"] == "input"
    assert all(doc.node(n)["value"] == 1.0 for n in ("w", "x", "b"))


def test_layout_is_layered_left_to_right_from_the_origin():
    doc, command, _ = inserted("tanh(x1*w1 + x2*w2 + b)", NEURON, origin=(100.0, 50.0))
    xs = {n: doc.pos(n)[0] for n in doc.node_ids()}
    assert min(xs.values()) == 100.0 and min(doc.pos(n)[1] for n in doc.node_ids()) == 50.0
    for source, target, _ in doc.graph.edges(keys=True):
        assert xs[source] < xs[target]
    assert len({doc.pos(n) for n in doc.node_ids()}) == len(doc)


def test_undo_removes_exactly_the_inserted_nodes():
    doc, first, _ = inserted("a + b")
    before = (sorted(doc.node_ids()), sorted(doc.graph.edges(keys=True)))
    command, new_ids = insert_expression(doc, parse_expression("tanh(a*w + 3)"))
    command.do(doc)
    assert set(doc.node_ids()) == set(before[0]) | set(new_ids)
    assert "a" not in new_ids and len(new_ids) == 6  # a2-style ids for a second 'a'
    command.undo(doc)
    assert (sorted(doc.node_ids()), sorted(doc.graph.edges(keys=True))) == before
    command.do(doc)
    assert set(doc.node_ids()) == set(before[0]) | set(new_ids)


def test_reuse_existing_wires_into_nodes_with_that_label():
    doc, neuron, _ = inserted("tanh(x1*w1 + x2*w2 + b)", NEURON, label="o")
    count = len(doc)
    command, new_ids = insert_expression(doc, parse_expression("(o - 1)**2"),
                                         reuse_existing=True, label="loss")
    command.do(doc)
    assert len(doc) == count + 3 == count + len(new_ids)
    sub = next(n for n in new_ids if doc.node(n)["kind"] == "sub")
    assert doc.inputs(sub)[0] == neuron.root
    assert doc.label(command.root) == "loss"
    command.undo(doc)
    assert len(doc) == count


def test_a_bad_variable_choice_is_refused_and_nothing_changes():
    from gradgui.document import DocumentError
    doc = GraphDocument()
    parsed = parse_expression("x + y")
    with pytest.raises(DocumentError, match="input, weight or const"):
        insert_expression(doc, parsed, {"x": ("tanh", 1.0)})
    with pytest.raises(DocumentError, match="finite"):
        insert_expression(doc, parsed, {"x": ("input", math.inf)})
    assert len(doc) == 0


# ----- fuzzing ----------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = st.sampled_from(["x", "w1", "b", "2", "-", "+", "*", "/", "**", "(", ")", "tanh(",
                          "exp(", "log(", "relu(", "sigmoid(", ",", ".", "[", "]", "'a'",
                          "lambda", ":", "=", "1e999", "True", " ", "__import__", "if",
                          "else", "0.5", "é", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(PIECES, max_size=40).map("".join)))
def test_any_text_is_read_or_refused_in_words(text):
    try:
        parsed = parse_expression(text)
    except ExpressionError as error:
        assert error.reason and (error.column is None or error.column >= 1)
        return
    doc = GraphDocument()
    command, new_ids = insert_expression(doc, parsed)
    command.do(doc)
    assert len(doc) == parsed.node_count == len(new_ids)
    command.undo(doc)
    assert len(doc) == 0
