"""Insert Expression: the dialog parses as a person types, lists the variables, refuses
hostile input with the reason, and adds the nodes as one undoable step."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from gradgui.document.fileformat import dumps
from gradgui.engine import Value
from gradgui.ui.panels.expression_dialog import ExpressionDialog

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def dialog(qtbot, no_modal_dialogs):
    dialog = ExpressionDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def type_expression(qtbot, dialog, text):
    """Select whatever is typed so far and type ``text`` over it."""
    qtbot.keyClick(dialog.expression, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(dialog.expression, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.expression, text)
    assert dialog.expression.text() == text


def paste_expression(qtbot, dialog, text):
    """Paste ``text`` (too long to type key by key) into the expression field."""
    QApplication.clipboard().setText(text)
    qtbot.keyClick(dialog.expression, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(dialog.expression, Qt.Key.Key_V, CTRL)
    assert dialog.expression.text() == text


def table(dialog):
    """The variables table: name -> (kind, value)."""
    rows = {}
    for row in range(dialog.table.rowCount()):
        name, kind, value = (dialog.table.cellWidget(row, c) for c in range(3))
        rows[name.text()] = (kind.currentText(), value.value())
    return rows


def test_the_tutorial_neuron_is_previewed_with_its_variables(qtbot, dialog):
    assert not ok_button(dialog).isEnabled()  # nothing typed yet
    type_expression(qtbot, dialog, "tanh(x1*w1 + x2*w2 + b)")
    assert ok_button(dialog).isEnabled()
    assert dialog.status.text() == "Adds 10 nodes."
    assert table(dialog) == {"x1": ("input", 1.0), "w1": ("weight", 1.0), "x2": ("input", 1.0),
                             "w2": ("weight", 1.0), "b": ("weight", 1.0)}
    assert [dialog.table.cellWidget(r, 0).text() for r in range(5)] == ["x1", "w1", "x2", "w2", "b"]


def test_the_preview_follows_the_text_and_keeps_values_already_set(qtbot, dialog):
    type_expression(qtbot, dialog, "(o - 1)**2")
    assert dialog.status.text() == "Adds 4 nodes."
    assert table(dialog) == {"o": ("input", 1.0)}
    dialog.table.cellWidget(0, 2).set_value(0.7071)
    dialog.table.cellWidget(0, 1).setCurrentText("weight")
    qtbot.keyClicks(dialog.expression, " + y")  # (o - 1)**2 + y
    assert dialog.status.text() == "Adds 6 nodes."
    assert table(dialog) == {"o": ("weight", 0.7071), "y": ("input", 1.0)}
    assert dialog.variables() == table(dialog)


HOSTILE = {
    "import": ("__import__('os')", "__import__"),
    "dunder-attribute": ("x.__class__", "attribute"),
    "huge-string": ('"a"*10**9', "text"),
    "lambda": ("lambda: 0", "lambda"),
    "subscript": ("x[0]", "indexing"),
    "other-call": ("open('f')", "open"),
    "walrus": ("(y := 2)", ":="),
    "two-lines": ("x\n+ 1", "line 2"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_disables_ok_and_says_why(qtbot, dialog, case):
    text, reason = HOSTILE[case]
    type_expression(qtbot, dialog, "x + 1")
    assert ok_button(dialog).isEnabled()
    if "\n" in text:  # line breaks cannot be typed into a line edit, only pasted
        paste_expression(qtbot, dialog, text)
    else:
        type_expression(qtbot, dialog, text)
    assert not ok_button(dialog).isEnabled()
    assert dialog.parsed is None
    assert dialog.status.text().startswith("Not accepted: ")
    assert reason.lower() in dialog.status.text().lower()
    # Return does not add anything either.
    qtbot.keyClick(dialog.expression, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()


def test_ten_thousand_nested_parentheses_are_refused(qtbot, dialog):
    paste_expression(qtbot, dialog, "(" * 10_000 + "x" + ")" * 10_000)
    assert not ok_button(dialog).isEnabled()
    assert "longer than 2,000 characters" in dialog.status.text()


def test_nesting_deeper_than_the_limit_is_refused_with_the_column(qtbot, dialog):
    paste_expression(qtbot, dialog, "(" * 150 + "x" + ")" * 150)
    assert not ok_button(dialog).isEnabled()
    assert "column 101" in dialog.status.text() and "nested" in dialog.status.text()


def test_a_position_is_given_for_a_refused_part(qtbot, dialog):
    type_expression(qtbot, dialog, "tanh(x) + y.real")
    assert not ok_button(dialog).isEnabled()
    assert "column 11" in dialog.status.text()


def test_after_a_refusal_a_valid_expression_is_accepted_again(qtbot, dialog):
    type_expression(qtbot, dialog, "x.__class__")
    assert not ok_button(dialog).isEnabled()
    type_expression(qtbot, dialog, "exp(x)")
    assert ok_button(dialog).isEnabled()
    assert dialog.status.text() == "Adds 2 nodes."
    assert table(dialog) == {"x": ("input", 1.0)}


# ----- inserting into the graph ----------------------------------------------------------------
def accept_with(qtbot, text, values, label=""):
    """A stand-in for ExpressionDialog.exec: fill the dialog the way a person would, press OK."""
    def exec_(dialog):
        dialog.show()
        type_expression(qtbot, dialog, text)
        for row in range(dialog.table.rowCount()):
            name = dialog.table.cellWidget(row, 0).text()
            if name not in values:  # an existing node's label: nothing to set
                continue
            kind, value = values[name]
            dialog.table.cellWidget(row, 1).setCurrentText(kind)
            field = dialog.table.cellWidget(row, 2)
            field.selectAll()
            qtbot.keyClicks(field, repr(value))
        qtbot.keyClicks(dialog.root_label, label)
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        return dialog.result()
    return exec_


def dumps_ids(text):
    """The node ids of a graph file's text."""
    return [n["id"] for n in json.loads(text)["nodes"]]


TUTORIAL = {"x1": ("input", 2.0), "w1": ("weight", -3.0), "x2": ("input", 0.0),
            "w2": ("weight", 1.0), "b": ("weight", 6.8813735870195432)}


def test_insert_expression_adds_the_nodes_as_one_undo_step(qtbot, window, canvas, monkeypatch):
    assert canvas.drop_kind("tanh", canvas.empty_spot()) is not None  # something already there
    stack = window.session.undo_stack
    before, steps = dumps(window.session.doc), stack.count()
    monkeypatch.setattr(ExpressionDialog, "exec",
                        accept_with(qtbot, "tanh(x1*w1 + x2*w2 + b)", TUTORIAL, "o"))

    qtbot.keyClick(window.view, Qt.Key.Key_E, CTRL)  # Insert Expression

    doc = window.session.doc
    new = [n for n in doc.node_ids() if n not in set(dumps_ids(before))]
    assert len(new) == 10 and stack.count() == steps + 1
    root = next(n for n in new if doc.kind(n).name == "tanh")
    assert doc.label(root) == "o"
    assert sorted(window.scene.selected_node_ids()) == sorted(new)
    kinds = {doc.label(n): doc.kind(n).name for n in new}
    assert {label: kinds[label] for label in TUTORIAL} == {k: v[0] for k, v in TUTORIAL.items()}

    # The window's numbers are the engine's.
    v = {name: Value(value, label=name) for name, (_kind, value) in TUTORIAL.items()}
    o = (v["x1"] * v["w1"] + v["x2"] * v["w2"] + v["b"]).tanh()
    o.backward()
    assert window.session.evaluation.data(root) == o.data
    window.scene.clearSelection()
    window.scene.nodes[root].setSelected(True)
    window.findChild(QAction, "actionBackward").trigger()
    by_label = {doc.label(n): n for n in new}
    for name, value in v.items():
        assert window.session.grad(by_label[name]) == value.grad, name
    # Every digit typed is kept: b rounded to six decimals made w1's grad 1.000001.
    assert doc.node(by_label["b"])["value"] == 6.8813735870195432
    assert window.session.grad(by_label["w1"]) == pytest.approx(1.0, abs=1e-9)

    # Undo removes exactly them; redo brings them back.
    window.findChild(QAction, "actionUndo").trigger()
    assert dumps(window.session.doc) == before
    window.findChild(QAction, "actionRedo").trigger()
    assert len(window.session.doc) == len(dumps_ids(before)) + 10


def test_a_value_that_is_not_a_number_keeps_ok_grey_and_says_which(qtbot, dialog):
    type_expression(qtbot, dialog, "a*b")
    field = dialog.table.cellWidget(1, 2)
    field.selectAll()
    qtbot.keyClicks(field, "1e")
    assert not ok_button(dialog).isEnabled()
    assert dialog.status.text() == "The value of b is not a number."
    qtbot.keyClicks(field, "-3")  # 1e-3
    assert ok_button(dialog).isEnabled() and dialog.status.text() == "Adds 3 nodes."
    assert dialog.variables() == {"a": ("input", 1.0), "b": ("weight", 0.001)}


def test_cancelling_the_dialog_adds_nothing(window, monkeypatch):
    monkeypatch.setattr(ExpressionDialog, "exec", lambda _d: QDialog.DialogCode.Rejected)
    before = dumps(window.session.doc)
    assert window.typing.insert_expression() == []
    assert dumps(window.session.doc) == before and window.session.undo_stack.count() == 0


def test_a_name_that_is_an_existing_label_wires_from_that_node(qtbot, window, neuron,
                                                               monkeypatch):
    before = set(neuron.doc.node_ids())
    graph = neuron.scene.graph_rect()
    monkeypatch.setattr(ExpressionDialog, "exec",
                        accept_with(qtbot, "(o - y)**2", {"y": ("const", 1.0)}))
    new = window.typing.insert_expression()
    doc = neuron.doc
    assert len(new) == 3 and not set(new) & before  # y, the subtraction and the square
    sub = next(n for n in new if doc.kind(n).name == "sub")
    assert doc.inputs(sub)[0] == "o"  # the neuron's own output, not a second "o"
    assert [doc.label(n) for n in doc.node_ids()].count("o") == 1
    o = neuron.session.evaluation.data("o")
    assert neuron.session.evaluation.data(new[-1]) == (o - 1.0) ** 2
    # Laid out in free space right of the graph, and shown.
    for node_id in new:
        x, y = doc.pos(node_id)
        assert x > graph.right()
    visible = neuron.view.mapToScene(neuron.viewport.rect()).boundingRect()
    assert all(visible.contains(neuron.node_centre(n)) for n in new)


def test_the_dialog_says_which_names_wire_to_existing_nodes(qtbot):
    dialog = ExpressionDialog(existing=["o", "b"])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.expression, "(o - y)**2")
    assert dialog.status.text() == "Adds 3 nodes; wires from the existing o."
    assert set(dialog.variables()) == {"y"}
    assert dialog.table.cellWidget(0, 1).text() == "existing node"


