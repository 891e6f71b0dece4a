"""Gradient check with a data set: the batch loss's grads (the ones Backward shows) are checked."""

import math

import pytest

from gradgui.document import DocumentError
from gradgui.document import batched
from gradgui.document.dataset_field import bound_dataset
from gradgui.document.generators import generate
from gradgui.document.gradcheck_batch import batch_grad_check
from gradgui.document.network import network_document
from gradgui.document.row_evaluation import RowEvaluation
from gradgui.document.unroll import TOTAL, unroll
from gradgui.document.evaluation import Evaluation


def network(activation="tanh", loss="squared", alpha=0.01):
    return network_document(generate("moons", 9, seed=4), ["x1", "x2"], "y", hidden=(3,),
                            activation=activation, loss=loss, alpha=alpha, seed=2)


@pytest.mark.parametrize("activation,loss", [("tanh", "squared"), ("relu", "max-margin"),
                                             ("sigmoid", "squared")])
def test_every_leaf_agrees_and_the_grads_are_the_ones_backward_shows(activation, loss):
    doc = network(activation, loss)
    bound = bound_dataset(doc)
    report = batch_grad_check(doc, bound, row=4)
    assert report.passed, report.summary()
    assert report.summary().startswith("Gradient check of the batch loss (mean of 'loss' over 9 rows")
    assert "+ 0.01·Σw²" in report.summary()
    shown = RowEvaluation(doc, bound, row=4)
    shown.backward(report.output)
    checked = {row.node: row for row in report.rows}
    # Every leaf feeding the loss: the weights, the constants, the bound inputs (in row 4).
    leaves = {n for n in shown.order if doc.kind(n).is_leaf}
    assert set(checked) == leaves
    for node, row in checked.items():
        assert row.backprop == shown.grad(node)
    assert checked["x1"].label == "x1 [row 4]"
    # What the check calls the batch loss is the total of the unrolled graph.
    total = Evaluation(unroll(doc, alpha=0.01))
    total.backward(TOTAL)
    weight = next(n for n in checked if doc.node(n)["kind"] == "weight")
    assert math.isclose(checked[weight].backprop, total.grad(weight), rel_tol=1e-12)


def test_a_broken_batched_rule_is_flagged(monkeypatch):
    doc = network()
    forward, _local = batched.RULES["tanh"]
    monkeypatch.setitem(batched.RULES, "tanh", (forward, lambda place, a, b, o, k, out, mask: 1.0 - o))
    report = batch_grad_check(doc, bound_dataset(doc))
    assert not report.passed
    bad = {row.node for row in report.mismatches}
    assert "L1.n1.w1" in bad  # a weight under a tanh
    assert "L2.n1.b" not in bad  # the output layer's bias is above every tanh
    assert "disagree" in report.summary()


def test_a_data_point_changes_only_through_its_own_row():
    doc = network(alpha=0.0)
    bound = bound_dataset(doc)
    first = {r.node: r for r in batch_grad_check(doc, bound, row=0).rows}
    other = {r.node: r for r in batch_grad_check(doc, bound, row=7).rows}
    assert first["x1"].backprop != other["x1"].backprop  # each row's own grad
    assert first["L1.n1.w1"].backprop == other["L1.n1.w1"].backprop  # summed over all rows
    assert "Σw²" not in batch_grad_check(doc, bound).summary()


def test_progress_can_cancel_and_the_document_is_not_touched():
    doc = network()
    before = {n: dict(doc.node(n)) for n in doc.node_ids()}
    seen = []
    report = batch_grad_check(doc, bound_dataset(doc),
                              progress=lambda done, total: seen.append((done, total)) or done < 3)
    assert report.cancelled and len(report.rows) == 3
    assert seen[-1][0] == 3 and seen[-1][1] == report.total
    assert "cancelled after 3 of" in report.summary()
    assert {n: dict(doc.node(n)) for n in doc.node_ids()} == before


def test_a_bad_step_is_refused():
    doc = network()
    with pytest.raises(DocumentError, match="eps"):
        batch_grad_check(doc, bound_dataset(doc), eps=0.0)
