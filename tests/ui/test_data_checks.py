"""Graph > Gradient Check with a data set checks the batch loss's grads, the ones Backward shows."""

import pytest

from gradgui import examples_dir
from gradgui.document import dumps
from gradgui.document.generators import generate
from gradgui.document.network import network_document


def test_gradient_check_on_a_data_set_checks_the_batch_loss(window, canvas, qtbot, tmp_path):
    doc = network_document(generate("moons", 12, seed=5), ["x1", "x2"], "y", hidden=(3,),
                           activation="tanh", alpha=0.001, seed=1)
    path = tmp_path / "net.json"
    path.write_text(dumps(doc), encoding="utf-8")
    assert window.files.load_path(path)
    window.data.select_row(7)
    canvas.action("actionBackward").trigger()
    session = window.session
    shown = {n: session.grad(n) for n in session.evaluation.order}
    canvas.action("actionGradCheck").trigger()
    report = window.backprop.last_report
    assert report is not None and report.passed, report.summary()
    text = window.grad_check_panel.summary.text()
    assert text.startswith("Gradient check of the batch loss (mean of 'loss' over 12 rows")
    assert "+ 0.001·Σw²" in text and "passed" in text
    assert text in canvas.status()
    # Weights: the sum over the rows; a bound input: its grad in the row on show.
    for row in report.rows:
        assert row.backprop == shown[row.node], row.label
    labels = [window.grad_check_panel.table.item(r, 0).text()
              for r in range(window.grad_check_panel.table.rowCount())]
    assert "x1 [row 7]" in labels and "L1.n1.w1" in labels


def test_gradient_check_on_moons_passes(window, canvas):
    assert window.files.load_path(examples_dir() / "moons.json")
    canvas.action("actionGradCheck").trigger()
    report = window.backprop.last_report
    assert report.passed and report.total == 341  # 337 weights, a constant, x1, x2 and y
    assert "over 100 rows + 0.0001·Σw²" in report.summary()


def test_unroll_opens_micrograds_graph_whose_backward_gives_the_same_grads(window, canvas,
                                                                            tmp_path):
    doc = network_document(generate("moons", 7, seed=2), ["x1", "x2"], "y", hidden=(3,),
                           activation="relu", loss="max-margin", alpha=0.01, seed=4)
    path = tmp_path / "net.json"
    path.write_text(dumps(doc), encoding="utf-8")
    assert window.files.load_path(path)
    canvas.action("actionBackward").trigger()
    session = window.session
    weights = [n for n in session.doc.node_ids() if session.doc.node(n)["kind"] == "weight"]
    network = {w: session.grad(w) for w in weights}
    loss = session.evaluation.batch_loss
    canvas.action("actionUnroll").trigger()
    assert "unrolled over 7 rows" in canvas.status()
    unrolled = session.doc
    assert unrolled.output == "total" and "dataset" not in unrolled.graph.graph
    assert session.path is None and not session.undo_stack.count()  # a new, unsaved graph
    assert "r6:loss" in unrolled and "r7:loss" not in unrolled  # one copy per row
    canvas.action("actionBackward").trigger()
    assert session.evaluation.data("total") == pytest.approx(loss, rel=1e-12)
    for w in weights:
        assert session.grad(w) == pytest.approx(network[w], rel=1e-12, abs=1e-15), w


def test_unroll_without_data_says_why(window, neuron):
    before = dumps(neuron.doc)
    neuron.action("actionUnroll").trigger()
    assert "no data set to unroll" in window.data.panel.message.text()
    assert dumps(neuron.doc) == before
