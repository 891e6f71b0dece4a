"""Binding input nodes to the data set's columns by hand, in the Data panel, with real events."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget

from gradgui.document import dumps
from gradgui.document.dataset_field import bound_dataset


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(combo, text: str) -> None:
    """Pick the item that reads ``text`` in a combo box with the keyboard, as a person would."""
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{text!r} is not among {[combo.itemText(i) for i in range(combo.count())]}")


def with_moons(qtbot, window, rows: int = 12):
    """Open the Data dock and generate two moons with the panel's own Generate button."""
    panel = window.data.panel
    window.findChild(QDockWidget, "dataDock").toggleViewAction().trigger()
    panel.generator.setCurrentIndex(panel.generator.findData("moons"))
    panel.count.setValue(rows)
    click(qtbot, panel.generate_button)
    assert bound_dataset(window.session.doc).dataset.names == ["x1", "x2", "y"]
    return panel.binding


def test_bind_inputs_and_the_target_by_hand_then_unbind_and_undo(qtbot, window, neuron):
    before = dumps(neuron.doc)
    binding = with_moons(qtbot, window)
    with_data = dumps(neuron.doc)
    offered = [binding.node.itemData(i) for i in range(binding.node.count())]
    assert offered == ["x1", "x2"]  # only input nodes can read a column
    assert not binding.unbind_button.isEnabled()
    assert "reads no column" in binding.state.text()

    # Select x2 on the canvas: the row picks it. Bind it to column x2.
    neuron.click(neuron.row("x2", "label"))
    assert binding.node.currentData() == "x2"
    choose(binding.column, "x2")
    click(qtbot, binding.bind_button)
    bound = bound_dataset(neuron.doc)
    assert bound.inputs == {"x2": "x2"}
    assert window.session.undo_stack.undoText() == "Bind x2 to column x2"
    assert binding.unbind_button.isEnabled() and "reads column x2" in binding.state.text()

    # x1 as the target, from column y; then Forward shows the selected row's numbers.
    choose(binding.node, "x1")
    choose(binding.column, "y")
    click(qtbot, binding.target)
    click(qtbot, binding.bind_button)
    bound = bound_dataset(neuron.doc)
    assert (bound.inputs, bound.target_node, bound.target_column) == ({"x2": "x2"}, "x1", "y")
    assert window.session.undo_stack.undoText() == "Bind target x1 to column y"
    window.data.select_row(5)
    window.actions["actionForward"].trigger()
    evaluation = window.session.evaluation
    assert evaluation.data("x2") == bound.dataset.column("x2")[5]
    assert evaluation.data("x1") == bound.dataset.column("y")[5]

    # Unbind the target: x1 keeps its own value again.
    click(qtbot, binding.unbind_button)
    bound = bound_dataset(neuron.doc)
    assert (bound.inputs, bound.target_node) == ({"x2": "x2"}, None)
    assert window.session.undo_stack.undoText() == "Unbind the target"
    assert not binding.unbind_button.isEnabled() and not binding.target.isChecked()
    window.actions["actionForward"].trigger()
    assert window.session.evaluation.data("x1") == neuron.doc.node("x1")["value"]

    # Each was one undo step: three undos give back the file with the bare data set.
    for _ in range(3):
        neuron.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dumps(neuron.doc) == with_data
    assert binding.node.currentData() is not None and not binding.unbind_button.isEnabled()
    neuron.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the data set itself
    assert dumps(neuron.doc) == before
    assert not binding.bind_button.isEnabled()  # no data set: nothing to bind to


def test_unbind_an_input_and_rebinding_it_as_the_target_moves_it(qtbot, window, neuron):
    binding = with_moons(qtbot, window)
    choose(binding.node, "x1")
    choose(binding.column, "x1")
    click(qtbot, binding.bind_button)
    assert bound_dataset(neuron.doc).inputs == {"x1": "x1"}
    # The same node as the target: a node reads one column, so it is an input no more.
    choose(binding.column, "y")
    click(qtbot, binding.target)
    click(qtbot, binding.bind_button)
    bound = bound_dataset(neuron.doc)
    assert (bound.inputs, bound.target_node) == ({}, "x1")
    # Back as an input, then unbound.
    click(qtbot, binding.target)
    choose(binding.column, "x2")
    click(qtbot, binding.bind_button)
    bound = bound_dataset(neuron.doc)
    assert (bound.inputs, bound.target_node) == ({"x1": "x2"}, None)
    click(qtbot, binding.unbind_button)
    assert bound_dataset(neuron.doc).inputs == {}
    assert window.session.undo_stack.undoText() == "Unbind x1"


def test_a_graph_without_inputs_says_there_is_nothing_to_bind(qtbot, window, canvas):
    binding = with_moons(qtbot, window)
    assert binding.node.count() == 0 and not binding.bind_button.isEnabled()
    assert "no input nodes" in binding.state.text()
    # An input dropped from the palette is offered at once.
    node_id = canvas.drop_kind("input", canvas.empty_spot())
    assert [binding.node.itemData(i) for i in range(binding.node.count())] == [node_id]
    assert binding.bind_button.isEnabled()
