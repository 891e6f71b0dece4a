"""The bug lab on a network bound to a data set runs over every row, like Backward."""

import pytest

from gradgui.document import GraphDocument
from gradgui.document.bug_lab import BugLabError
from gradgui.document.bug_lab_rows import MAX_UNROLLED, run_on_rows
from gradgui.document.evaluation import evaluate
from gradgui.document.generators import generate
from gradgui.document.network import network_document, parameters
from gradgui.document.training_settings import TrainingSettings


def _net(n=7, alpha=0.0):
    return network_document(generate("moons", n, seed=1), ["x1", "x2"], "y", hidden=(3,),
                            activation="tanh", loss="max-margin", seed=4,
                            settings=TrainingSettings(l2=alpha))


@pytest.mark.parametrize("row", [0, 4])
def test_the_correct_grads_are_backwards_over_every_row(row):
    doc = _net(alpha=1e-3)
    evaluation = evaluate(doc, row)
    evaluation.backward("loss")
    lab = run_on_rows(doc, "naive-order", row, "loss")
    assert set(lab.correct) == {n for n in doc.node_ids() if evaluation.grad(n) is not None}
    for node, grad in lab.correct.items():
        assert grad == pytest.approx(evaluation.grad(node), rel=1e-9, abs=1e-12), node


def test_no_zero_grad_doubles_every_weight_over_the_batch():
    doc = _net()
    lab = run_on_rows(doc, "no-zero-grad", 2, "loss")
    weights = parameters(doc)
    assert weights
    for w in weights:
        assert lab.buggy[w] == pytest.approx(2 * lab.correct[w], rel=1e-12, abs=1e-15)
    assert {w for w in weights if lab.correct[w] != 0.0} <= set(lab.wrong)
    assert "loss" not in lab.wrong  # an op node's grad is right


def test_assign_keeps_one_rows_share_of_a_shared_weight():
    # y = w * x on two rows, loss (y - t)**2: w is used once per row.
    doc = network_document(generate("line", 2, seed=0), ["x"], "y", hidden=(),
                           activation="tanh", loss="squared", seed=1)
    w = parameters(doc)[0]
    lab = run_on_rows(doc, "assign", 0, None)
    assert w in lab.wrong
    shares = run_on_rows(doc, "no-zero-grad", 0, None).correct[w]
    assert lab.buggy[w] != pytest.approx(shares)


def test_a_graph_without_data_or_too_many_rows_is_refused_in_one_line(monkeypatch):
    with pytest.raises(BugLabError, match="no data set"):
        run_on_rows(GraphDocument(), "assign", 0)
    monkeypatch.setattr("gradgui.document.bug_lab_rows.MAX_UNROLLED", 10)
    with pytest.raises(BugLabError, match="7 rows of .* more than 10 nodes"):
        run_on_rows(_net(), "assign", 0)
    assert MAX_UNROLLED >= 100_000
