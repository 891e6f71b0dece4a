"""With a data set the canvas shows one row; Backward and the stepper agree with the unrolled graph."""

import numpy as np
import pytest

from gradgui.document import Evaluation
from gradgui.document.batched import BatchProgram
from gradgui.document.dataset_field import bound_dataset
from gradgui.document.evaluation import evaluate
from gradgui.document.generators import generate
from gradgui.document.network import network_document, parameters
from gradgui.document.row_evaluation import RowEvaluation
from gradgui.document.session import EditingSession
from gradgui.document.training_settings import TrainingSettings
from gradgui.document.unroll import row_id, unroll


def _net(alpha=0.0, n=7):
    return network_document(generate("moons", n, seed=1), ["x1", "x2"], "y", hidden=(3,),
                             activation="tanh", loss="max-margin", seed=4,
                             settings=TrainingSettings(l2=alpha))


def test_a_network_without_bound_columns_is_evaluated_as_before():
    assert type(evaluate(_net().twin())) is RowEvaluation
    doc = _net()
    del doc.graph.graph["dataset"]
    assert type(evaluate(doc)) is Evaluation


@pytest.mark.parametrize("row", [0, 3, 6])
def test_the_canvas_shows_the_selected_row_and_grads_of_the_whole_batch(row):
    doc = _net(alpha=1e-3)
    evaluation = evaluate(doc, row)
    bound = bound_dataset(doc)
    assert evaluation.data("x1") == bound.dataset.column("x1")[row]
    assert evaluation.data("y") == bound.dataset.column("y")[row]
    evaluation.backward("loss")
    # The unrolled graph, evaluated by the Value engine, is the reference.
    flat = unroll(doc, alpha=1e-3)
    reference = Evaluation(flat)
    reference.backward("total")
    for node in doc.node_ids():
        if node in parameters(doc):
            assert evaluation.grad(node) == pytest.approx(reference.grad(node), rel=1e-12, abs=1e-15)
        elif row_id(node, row) in flat:
            assert evaluation.data(node) == pytest.approx(reference.data(row_id(node, row)), rel=1e-12)
            assert evaluation.grad(node) == pytest.approx(reference.grad(row_id(node, row)),
                                                          rel=1e-12, abs=1e-15)
    assert evaluation.batch_loss == pytest.approx(reference.data("total"), rel=1e-12)


@pytest.mark.parametrize("row", [0, 2, 6])
def test_stepping_walks_the_rows_pass_on_top_of_the_rows_before_it(row):
    doc = _net(alpha=1e-3)
    evaluation = evaluate(doc, row)
    stepper = evaluation.stepper("loss")
    first = stepper.step()
    assert first.seed_line.startswith("loss.grad = 0.1429  (row")
    assert "1/7" in first.seed_line
    bound = bound_dataset(doc)
    program = BatchProgram(doc, bound.node_columns(), "loss")
    n = program.n_rows
    before = program.backward(program.forward(), np.where(np.arange(n) < row, 1.0 / n, 0.0))[1]
    upto = program.backward(program.forward(), np.where(np.arange(n) <= row, 1.0 / n, 0.0))[1]
    weights = parameters(doc)
    for w in weights:
        assert evaluation.grad(w) == before[program.slot[w][1]]
    notes = []
    while not stepper.finished:
        step = stepper.step()
        notes += [stepper.carry_note(t) for t in step.terms if stepper.carry_note(t)]
    for w in weights:
        assert evaluation.grad(w) == pytest.approx(upto[program.slot[w][1]], rel=1e-12, abs=1e-15)
    if row == 0:
        assert notes == []
    else:
        assert notes and all(f"from rows 0 to {row - 1}" in note or "from row 0" in note
                             for note in notes)
        assert "so += adds on top of it" in notes[0]
    # The colour scale is found without disturbing the grads the stepper stands on.
    kept = {w: evaluation.grad(w) for w in weights}
    assert evaluation.largest_grad("loss") > 0.0 and len(evaluation.pass_grads("loss")) == len(doc)
    assert {w: evaluation.grad(w) for w in weights} == kept


def test_selecting_a_row_keeps_the_grads_on_show():
    session = EditingSession(_net())
    assert session.backward("loss")
    weight_grads = {w: session.grad(w) for w in parameters(session.doc)}
    x_before = session.evaluation.data("x1")
    heard = []
    session.on_evaluated.append(lambda: heard.append("evaluated"))
    session.on_grads_changed.append(lambda: heard.append("grads"))
    session.select_row(5)
    assert session.row == 5 and session.evaluation.row == 5
    assert session.evaluation.data("x1") == bound_dataset(session.doc).dataset.column("x1")[5]
    assert session.evaluation.data("x1") != x_before
    assert {w: session.grad(w) for w in parameters(session.doc)} == weight_grads
    assert heard == ["evaluated", "grads"]


def test_editing_a_bound_inputs_value_does_not_change_what_the_row_shows():
    from gradgui.document.commands import SetField
    session = EditingSession(_net())
    session.select_row(2)
    shown = session.evaluation.data("x1")
    assert session.execute(SetField("x1", "value", 123.0))
    assert session.evaluation.data("x1") == shown
    assert session.execute(SetField("L1.n1.w1", "value", 0.25))
    assert session.evaluation.data("L1.n1.w1") == 0.25 and session.row == 2


def test_the_quiz_asks_for_the_rows_share_as_the_seed():
    from gradgui.document.quiz import Quiz
    evaluation = evaluate(_net(), 2)
    quiz = Quiz(evaluation.stepper("loss"))
    quiz.take_step()
    assert quiz.answer("1/7").correct
