"""Data set edits are commands (one undo step each); deleting a bound node unbinds it."""

import math

import pytest

from gradgui.document import DocumentError, dumps, loads
from gradgui.document.batched import BatchError, BatchProgram
from gradgui.document.commands import AddNode, delete_nodes
from gradgui.document.dataset import Dataset
from gradgui.document.dataset_commands import (bind_input_command, bind_target_command,
                                               remove_dataset_command, set_dataset_command)
from gradgui.document.dataset_field import bound_dataset
from gradgui.document.generators import generate
from gradgui.document.kinds import op_kind, register_kind, unregister_kind
from gradgui.document.network import network_document
from gradgui.document.session import EditingSession
from gradgui.document.training import Trainer
from gradgui.document.training_settings import TrainingSettings
from gradgui.engine.ops import function

from documents import build


def doc_from(spec):
    """A document from {id: (kind, value)} leaves, {id: (kind, *operands)} ops, pow with k last."""
    nodes, wires = [], []
    for node_id, (kind, *rest) in spec.items():
        if kind in ("input", "weight", "const"):
            nodes.append((node_id, kind, {"value": rest[0]}))
        elif kind == "pow":
            nodes.append((node_id, kind, {"exponent": rest[1]}))
            wires.append((rest[0], node_id, 0))
        else:
            nodes.append((node_id, kind, {}))
            wires += [(source, node_id, port) for port, source in enumerate(rest)]
    return build(nodes, wires)


def _plain():
    """x -> x*w -> (x*w - y)**2, nothing bound yet."""
    return doc_from({"x": ("input", 1.0), "w": ("weight", 0.5), "y": ("input", 0.0),
                     "m": ("mul", "x", "w"), "d": ("sub", "m", "y"), "o": ("pow", "d", 2.0)})


def test_set_bind_and_remove_are_one_undo_step_each_and_undo_gives_the_same_bytes():
    session = EditingSession(_plain())
    doc = session.doc
    start = dumps(doc)
    data = Dataset({"a": [1.0, 2.0, 3.0], "t": [2.0, 4.0, 6.0]})
    steps = [set_dataset_command(doc, data)]
    assert session.execute(steps[0]) and steps[0].text == "Set data set"
    for make in (lambda: bind_input_command(doc, "x", "a"),
                 lambda: bind_target_command(doc, "y", "t")):
        command = make()
        assert session.execute(command)
        steps.append(command)
    bound = bound_dataset(doc)
    assert bound.inputs == {"x": "a"} and (bound.target_node, bound.target_column) == ("y", "t")
    assert [c.text for c in steps] == ["Set data set", "Bind x to column a",
                                       "Bind target y to column t"]
    saved = dumps(doc)
    assert bound_dataset(loads(saved)).inputs == {"x": "a"}
    assert session.execute(remove_dataset_command())
    assert bound_dataset(doc) is None
    session.undo()
    assert dumps(doc) == saved
    for _ in steps:
        session.undo()
    assert dumps(doc) == start


def test_replacing_keeps_the_bindings_whose_columns_remain():
    doc = _plain()
    set_dataset_command(doc, Dataset({"a": [1.0], "t": [2.0]})).do(doc)
    bind_input_command(doc, "x", "a").do(doc)
    bind_target_command(doc, "y", "t").do(doc)
    command = set_dataset_command(doc, Dataset({"a": [5.0, 6.0], "other": [0.0, 1.0]}))
    assert command.text == "Replace data set"
    command.do(doc)
    bound = bound_dataset(doc)
    assert bound.inputs == {"x": "a"} and bound.target_node is None and bound.n_rows == 2


@pytest.mark.parametrize("make, message", [
    (lambda doc: bind_input_command(doc, "x", "nope"), "'nope', which is not a column"),
    (lambda doc: bind_input_command(doc, "w", "a"), "'w', which is 'weight', not an input"),
    (lambda doc: bind_target_command(doc, "m", "t"), "'m', which is 'mul', not an input"),
])
def test_a_bad_binding_is_refused_in_one_line_and_changes_nothing(make, message):
    session = EditingSession(_plain())
    session.execute(set_dataset_command(session.doc, Dataset({"a": [1.0], "t": [2.0]})))
    before = dumps(session.doc)
    said = []
    session.on_message.append(said.append)
    assert not session.execute(make(session.doc))
    assert len(said) == 1 and message in said[0] and "\n" not in said[0]
    assert dumps(session.doc) == before


def test_binding_without_a_data_set_is_refused():
    with pytest.raises(DocumentError, match="no data set"):
        bind_input_command(_plain(), "x", "a")


def test_deleting_bound_nodes_unbinds_them_in_the_same_undo_step_and_the_file_loads():
    doc = network_document(generate("moons", 20, seed=1), ["x1", "x2"], "y", hidden=(3,),
                           loss="max-margin", seed=2)
    session = EditingSession(doc)
    before = dumps(doc)
    command = delete_nodes(doc, ["x1", "y", "score"])
    assert session.execute(command)
    assert len(session.history) == 1
    saved = dumps(doc)
    back = bound_dataset(loads(saved))  # whatever gradgui writes, gradgui reads
    assert back.inputs == {"x2": "x2"} and back.target_node is None
    assert "prediction" not in doc.graph.graph["dataset"]
    session.undo()
    assert dumps(doc) == before
    session.redo()
    assert dumps(doc) == saved


def test_deleting_an_unbound_node_leaves_the_data_set_alone():
    doc = network_document(generate("line", 10, seed=1), ["x"], "y", hidden=(2,), seed=2)
    field = doc.graph.graph["dataset"]
    command = delete_nodes(doc, ["loss"])
    command.do(doc)
    assert doc.graph.graph["dataset"] is field


@pytest.fixture
def cube_kind():
    """A runtime-registered op, ``cube``, that batched evaluation has no rule for."""
    op = function("cube", lambda a, b, k: a * a * a, lambda a, b, o, k: (3.0 * a * a,),
                  ("3*{a}.data**2",), "The cube.")
    kind = op_kind(op, "functions", "cube(a)")
    register_kind(kind)
    yield kind
    unregister_kind("cube")


def test_an_op_without_a_batched_rule_is_a_one_line_error(cube_kind):
    doc = _plain()
    set_dataset_command(doc, Dataset({"a": [1.0, 2.0], "t": [0.0, 1.0]})).do(doc)
    bind_input_command(doc, "x", "a").do(doc)
    bind_target_command(doc, "y", "t").do(doc)
    AddNode("c", "cube", pos=(0.0, 0.0)).do(doc)
    doc.add_wire(type(next(doc.wires()))("o", "c", 0))
    doc.set_output("c")
    with pytest.raises(BatchError) as error:
        BatchProgram(doc, bound_dataset(doc).node_columns())
    assert str(error.value).startswith("node 'c' is cube, an op with no batched rule")
    assert "\n" not in str(error.value)
    with pytest.raises(BatchError, match="no batched rule"):
        Trainer(doc, TrainingSettings())
    session = EditingSession(doc)
    said = []
    session.on_message.append(said.append)
    assert not session.backward("c")
    assert len(said) == 1 and "no batched rule" in said[0]
    # On shared nodes only (no data flows through it) the engine's own op is used.
    shared = _plain()
    AddNode("c", "cube").do(shared)
    shared.add_wire(type(next(shared.wires()))("w", "c", 0))
    set_dataset_command(shared, Dataset({"a": [1.0, 2.0]})).do(shared)
    bind_input_command(shared, "x", "a").do(shared)
    shared.set_output("c")
    assert BatchProgram(shared, bound_dataset(shared).node_columns()).run().loss == 0.125


def test_accuracy_is_shown_only_for_labels_of_minus_one_and_plus_one():
    moons = network_document(generate("moons", 30, seed=1), ["x1", "x2"], "y", hidden=(4,),
                             loss="max-margin", seed=2)
    trainer = Trainer(moons)
    result = trainer.step()
    score = trainer.program.forward().data("score")
    # The accuracy of the step is measured before the weights move.
    trainer.reset()
    before = trainer.program.run().data("score")
    expected = float((((before > 0) == (trainer.labels > 0))).mean())
    assert result.accuracy == expected and score is not None
    line = network_document(generate("line", 30, seed=1), ["x"], "y", hidden=(4,), seed=2)
    assert Trainer(line).step().accuracy is None  # regression: no accuracy
    classes = Dataset({"a": [0.0, 1.0, 2.0, 0.5], "c": [0.0, 1.0, 2.0, 1.0]})
    three = network_document(classes, ["a"], "c", hidden=(2,), seed=2)
    assert Trainer(three).step().accuracy is None  # labels other than -1/+1: not shown


def test_a_math_error_in_training_names_the_row_and_the_node():
    doc = doc_from({"x": ("input", 1.0), "w": ("weight", 1.0), "m": ("mul", "x", "w"),
                    "l": ("log", "m")})
    set_dataset_command(doc, Dataset({"a": [1.0, 2.0, -3.0, 4.0]})).do(doc)
    bind_input_command(doc, "x", "a").do(doc)
    with pytest.raises(BatchError) as error:
        Trainer(doc, TrainingSettings()).step()
    assert str(error.value) == "log of a negative number in row 2 of node 'l'"
    assert math.isfinite(error.value.row) and error.value.node == "l"
