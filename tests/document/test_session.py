"""The editing session without a window: undo history, the evaluation's life cycle, stale
grads, and putting another document in place."""

import pytest

from gradgui import examples_dir
from gradgui.document import (AddNode, AddWire, Evaluation, GraphDocument, OutputChoiceError,
                              SetField, SetOutput, delete_nodes, dumps, load, move_nodes)
from gradgui.document.session import EditingSession, Prepared


@pytest.fixture
def session():
    """A session on the bundled tutorial neuron, recording what its listeners hear."""
    session = EditingSession(load(examples_dir() / "neuron.json"))
    session.heard = []
    session.on_evaluated.append(lambda: session.heard.append("evaluated"))
    session.on_grads_changed.append(lambda: session.heard.append("grads"))
    session.on_replaced.append(lambda: session.heard.append("replaced"))
    session.on_message.append(lambda text: session.heard.append(("message", text)))
    return session


def test_every_edit_is_one_step_that_undo_and_redo_walk(session):
    original = dumps(session.doc)
    assert session.execute(SetField("w2", "value", 2.0))
    assert session.execute(delete_nodes(session.doc, ["b"]))
    history = session.history
    assert (len(history), history.index) == (2, 2)
    assert history.undo_text() == "Delete 1 node" and history.redo_text() == ""
    assert session.undo().text == "Delete 1 node"
    assert "b" in session.doc and history.redo_text() == "Delete 1 node"
    assert session.undo() is not None and session.undo() is None  # nothing left to undo
    assert dumps(session.doc) == original
    assert session.redo() is not None and session.doc.node("w2")["value"] == 2.0
    assert session.redo() is not None and "b" not in session.doc
    assert session.redo() is None


def test_the_history_knows_when_the_document_is_as_saved(session):
    history = session.history
    assert history.is_clean
    session.execute(SetField("w2", "value", 2.0))
    assert not history.is_clean
    history.set_clean()  # saved here
    session.undo()
    assert not history.is_clean
    session.redo()
    assert history.is_clean
    session.undo()
    session.execute(SetField("w1", "value", 5.0))  # the saved state can't be reached again
    assert not history.is_clean
    session.undo()
    assert not history.is_clean
    assert history.redo_text() == "Set value"


def test_a_refused_edit_says_why_and_leaves_no_step(session):
    assert not session.execute(AddWire("x1", "m1", 0))  # the port is taken
    assert len(session.history) == 0
    assert session.heard == [("message", "input a of 'x1*w1' is already wired")]


def test_a_structural_edit_evaluates_again(session):
    before = session.evaluation
    assert session.execute(AddNode("c", "const", value=3.0))
    assert session.evaluation is not before
    assert session.evaluation.data("c") == 3.0
    assert session.heard == ["evaluated"]
    session.undo()
    assert "c" not in session.evaluation.values


def test_a_value_edit_recomputes_downstream_in_the_same_evaluation(session):
    evaluation = session.evaluation
    assert session.execute(SetField("b", "value", 0.0))
    assert session.evaluation is evaluation  # computed in place: only downstream of b
    fresh = Evaluation(session.doc)
    assert {n: evaluation.data(n) for n in session.doc.node_ids()} == \
        {n: fresh.data(n) for n in session.doc.node_ids()}
    assert session.heard == ["evaluated"]
    session.undo()
    assert evaluation.data("o") == pytest.approx(0.7071067811865476)


def test_moving_nodes_keeps_the_evaluation_and_the_grads(session):
    assert session.backward("o")
    evaluation, grad = session.evaluation, session.grad("x1")
    session.heard.clear()
    assert session.execute(move_nodes({"x1": (5.0, 5.0), "w1": (9.0, 9.0)}))
    assert session.evaluation is evaluation and session.heard == []
    assert session.grad("x1") == grad == pytest.approx(-1.5) and not session.grads_stale


def test_grads_from_before_an_edit_are_kept_only_as_stale(session):
    assert session.backward("o")
    assert session.heard == ["grads"]
    assert session.grad("w1") == pytest.approx(1.0)
    session.execute(SetField("x1", "value", 3.0))
    assert session.grads_stale
    assert session.grad("w1") == pytest.approx(1.0)  # stale: from before the edit
    assert not session.evaluation.has_grads
    assert session.backward("o")
    assert not session.grads_stale and session.grad("w1") != pytest.approx(1.0)
    session.reset_grads()
    assert session.grad("w1") is None and not session.grads_stale


def test_the_grads_on_show_are_every_node_grad_gives(session):
    def each():
        return sorted(g for n in session.doc.nodes() if (g := session.grad(n)) is not None)

    assert session.grads_on_show() == each() == []
    assert session.backward("o")
    assert sorted(session.grads_on_show()) == each() and len(each()) == len(session.doc)
    session.execute(SetField("x1", "value", 3.0))  # stale now
    assert sorted(session.grads_on_show()) == each() and len(each()) == len(session.doc)
    session.execute(delete_nodes(session.doc, ["b"]))  # a stale grad of a node no longer there
    assert sorted(session.grads_on_show()) == each() and len(each()) == len(session.doc)


def test_the_grads_on_show_leave_out_values_of_nodes_taken_away_since(session):
    assert session.backward("o")
    assert session.evaluation.made_for(session.doc)  # nothing edited: asked at once
    before = sorted(session.grads_on_show())
    assert len(before) == len(session.doc)
    grad_of_b = session.grad("b")
    delete_nodes(session.doc, ["b"]).do(session.doc)  # not through the session: not evaluated
    assert not session.evaluation.made_for(session.doc)
    left = list(before)
    left.remove(grad_of_b)
    assert sorted(session.grads_on_show()) == left  # b's value is no node's grad
    session.document_changed()
    assert session.evaluation.made_for(session.doc)
    other = load(examples_dir() / "neuron.json")
    session.replace_document(Prepared(other, Evaluation(other)))  # made for another document
    assert session.evaluation.made_for(session.doc)  # whose graph the session's took over


def test_a_backward_pass_that_cannot_run_says_why_and_leaves_no_grads(session):
    assert session.backward("o")
    session.execute(delete_nodes(session.doc, ["b"]))  # n is now incomplete
    assert not session.backward("o")
    assert session.grad("x1") is None and not session.grads_stale
    assert any(isinstance(item, tuple) and "cannot backpropagate" in item[1]
               for item in session.heard)


def test_a_prepared_document_takes_the_place_of_the_open_one(session):
    session.execute(SetField("w2", "value", 2.0))
    session.backward("o")
    other = GraphDocument()
    AddNode("k", "const", value=4.0).do(other)
    evaluation = Evaluation(other)
    seen_while_replacing = []
    session.doc.events.sub(lambda event: seen_while_replacing.append(
        (event.kind, session.prepared is not None and session.prepared.views)))
    session.heard.clear()
    session.replace_document(Prepared(other, evaluation, {"shapes": "made for k"}), "k.json")
    assert session.doc.node_ids() == ["k"]
    assert seen_while_replacing == [("reset", {"shapes": "made for k"})]  # views may use them
    assert session.prepared is None
    assert session.evaluation is evaluation and evaluation.doc is session.doc
    assert len(session.history) == 0 and session.history.is_clean
    assert session.grad("x1") is None and not session.grads_stale
    assert session.path == "k.json"
    assert session.heard == ["replaced", "evaluated"]


def test_a_replacement_can_be_taken_back_before_it_is_finished(session):
    original = dumps(session.doc)
    other = GraphDocument()
    AddNode("k", "const", value=4.0).do(other)
    previous = session.begin_replace(Prepared(other))
    assert session.doc.node_ids() == ["k"]
    session.undo_replace(previous)
    assert dumps(session.doc) == original
    assert session.evaluation.data("o") == pytest.approx(0.7071067811865476)


def test_the_session_can_hand_evaluation_to_other_work(session):
    ran = []
    session.compute = lambda work: ran.append(1) or work()
    session.execute(SetField("w2", "value", 2.0))
    session.execute(AddNode("c", "const", value=3.0))
    assert len(ran) == 2


def test_the_output_is_the_marked_one_else_the_chosen_else_the_only_end(session):
    assert session.doc.output == "o" and session.output(selected="x1") == "o"  # marked
    session.execute(SetOutput(None))
    assert session.output() == "o"  # the only node that feeds nothing
    session.execute(AddNode("c", "const", value=3.0))
    with pytest.raises(OutputChoiceError) as raised:
        session.output()
    assert raised.value.candidates == ["o", "c"]
    assert session.output(selected="c") == "c"


def test_undoing_back_to_where_backward_ran_makes_its_grads_current_again(session):
    assert session.backward("o")
    before = {n: session.grad(n) for n in session.doc.nodes()}
    assert session.execute(move_nodes({"x1": (5.0, 5.0)}))  # moves change no number
    assert session.execute(SetField("w1", "value", 2.0))
    assert session.grads_stale
    session.heard.clear()
    session.undo()
    assert not session.grads_stale and "grads" in session.heard
    assert {n: session.grad(n) for n in session.doc.nodes()} == pytest.approx(before)
    session.redo()  # the edit again: the grads from before it are stale once more
    assert session.grads_stale
    session.undo()
    session.undo()  # and the move: the same numbers still
    assert not session.grads_stale
    assert session.grad("w1") == pytest.approx(before["w1"])


def test_undoing_to_other_numbers_leaves_the_grads_stale(session):
    assert session.execute(SetField("w1", "value", 2.0))
    assert session.backward("o")
    session.undo()  # before the pass's numbers
    assert session.grads_stale
    assert session.execute(SetField("w1", "value", 2.0))  # the same numbers, but a new step
    assert session.grads_stale
    session.reset_grads()
    assert session.execute(SetField("x1", "value", 1.0))
    session.undo()
    assert session.grad("x1") is None  # no pass since Reset Grads: nothing comes back


def test_a_step_through_is_not_made_a_whole_pass_by_undo(session):
    assert session.backward("o")
    stepper = session.start_stepper("o")
    stepper.step()  # the output's own grad only
    assert session.execute(SetField("w1", "value", 2.0))
    session.undo()
    assert session.grads_stale  # the steps taken so far, as they were: still stale
    assert session.grad("x1") == 0.0


def test_a_new_l2_term_makes_a_data_sets_grads_stale_and_undo_brings_them_back():
    """The L2 term is part of the loss a pass over the data backpropagates: its grads stayed
    on show as current after the term changed."""
    from gradgui.document.training_settings import SetTraining, training_settings
    session = EditingSession(load(examples_dir() / "moons.json"))
    output = session.output()
    assert session.backward(output)
    before = {n: session.grad(n) for n in session.doc.nodes()}
    settings = training_settings(session.doc)
    same = SetTraining(settings)  # the very same settings: nothing changes
    assert session.execute(same) and not session.grads_stale
    changed = SetTraining(type(settings)(**{**settings.to_field(), "l2": 0.5}))
    assert session.execute(changed)
    assert session.grads_stale
    session.undo()  # back to the old term: the pass of before, current again
    assert not session.grads_stale
    assert {n: session.grad(n) for n in before} == pytest.approx(before)
    session.redo()
    assert session.grads_stale and session.backward(output)
    assert any(session.grad(n) != pytest.approx(before[n]) for n in before)


def test_a_numbers_mark_holds_through_moves_and_undo_but_not_an_equal_edit_or_another_row():
    session = EditingSession(load(examples_dir() / "moons.json"))
    mark = session.numbers_mark()
    weight = next(n for n in session.doc.nodes() if session.doc.node(n)["kind"] == "weight")
    assert session.execute(move_nodes({weight: (5.0, 5.0)}))
    assert session.at_numbers(mark)  # a move changes no number
    value = session.doc.node(weight)["value"]
    assert session.execute(SetField(weight, "value", value + 1.0))
    assert not session.at_numbers(mark)
    session.undo()
    assert session.at_numbers(mark)
    session.undo()
    assert session.at_numbers(mark)  # the move undone: still the same numbers
    assert session.execute(SetField(weight, "value", value + 1.0))
    assert session.execute(SetField(weight, "value", value))  # equal numbers, another step
    assert not session.at_numbers(mark)
    session.undo(), session.undo()
    assert session.at_numbers(mark)
    session.select_row(3)
    assert not session.at_numbers(mark)
    session.select_row(0)
    assert session.at_numbers(mark)
    assert not session.at_numbers(None)
