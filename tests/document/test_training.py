"""Headless training: micrograd's demo loop on a network built from a data set."""

import numpy as np
import pytest

from gradgui.document import dumps, loads
from gradgui.document.dataset import DatasetError
from gradgui.document.generators import generate
from gradgui.document.network import network_document, parameters
from gradgui.document.training import Trainer, apply_weights, decision_grid
from gradgui.document.training_settings import TrainingSettings


def _moons(settings=None, n=60):
    return network_document(generate("moons", n, seed=1), ["x1", "x2"], "y", hidden=(8, 8),
                            activation="relu", loss="max-margin", seed=3, settings=settings)


def test_micrograd_demo_settings_learn_the_moons():
    settings = TrainingSettings(lr=1.0, schedule="decay", l2=1e-4, steps=40)
    results = Trainer(_moons(settings)).run(40)
    assert results[-1].loss < 0.5 * results[0].loss
    assert results[-1].accuracy >= 0.85
    assert [r.rate for r in results[:2]] == [1.0, 1.0 - 0.9 / 40]


def test_mini_batches_are_deterministic_for_a_seed():
    settings = TrainingSettings(lr=0.5, batch=10, seed=4, steps=5)
    one, two = Trainer(_moons(settings)).run(5), Trainer(_moons(settings)).run(5)
    assert one == two
    other = Trainer(_moons(TrainingSettings(lr=0.5, batch=10, seed=5, steps=5))).run(5)
    assert [r.loss for r in other] != [r.loss for r in one]


def test_reset_and_apply_weights_as_one_undo_step():
    doc = _moons(TrainingSettings(lr=0.5, steps=3))
    before = dumps(doc)
    trainer = Trainer(doc)
    first = trainer.run(3)
    assert dumps(doc) == before  # training leaves the document alone
    command = apply_weights(doc, trainer.weights(), 3)
    assert command.text == "Train 3 steps"
    assert all(doc.node(w)["value"] == v for w, v in trainer.weights().items())
    command.undo(doc)
    assert dumps(doc) == before
    trainer.reset()
    assert trainer.run(3) == first


def test_weights_start_like_micrograd_and_settings_are_saved():
    doc = _moons(TrainingSettings(lr=0.2, l2=1e-3, steps=7))
    names = parameters(doc)
    assert names[:3] == ["L1.n1.w1", "L1.n1.w2", "L1.n1.b"]
    assert all(doc.node(n)["value"] == 0.0 for n in names if n.endswith(".b"))
    assert all(-1.0 <= doc.node(n)["value"] <= 1.0 for n in names)
    back = loads(dumps(doc))
    assert Trainer(back).settings == TrainingSettings(lr=0.2, l2=1e-3, steps=7)


def test_a_builder_refuses_what_it_cannot_build():
    line = generate("line", 10)
    with pytest.raises(DatasetError, match="max-margin loss needs labels of -1 and \\+1"):
        network_document(line, ["x"], "y", loss="max-margin")
    with pytest.raises(DatasetError, match="cannot be both an input and the target"):
        network_document(line, ["x", "y"], "y")


def test_regression_learns_the_line():
    doc = network_document(generate("line", 50, seed=3), ["x"], "y", hidden=(4,),
                           activation="tanh", loss="squared", seed=2,
                           settings=TrainingSettings(lr=0.1, steps=200))
    trainer = Trainer(doc)
    results = trainer.run(200)
    assert results[-1].loss < 0.1 * results[0].loss
    assert results[-1].accuracy is None


def test_decision_grid_is_the_network_on_every_grid_point():
    trainer = Trainer(_moons())
    grid = decision_grid(trainer.program, "score", ["x1", "x2"], (-1.0, 2.0), (-1.0, 1.5), 7)
    assert grid.shape == (7, 7)
    point = trainer.program.forward(columns={"x1": np.array([2.0]), "x2": np.array([-1.0]),
                                             "y": np.array([0.0])})
    assert grid[0, 6] == point.data("score")[0]


def test_the_prediction_curve_reads_the_network_at_each_value_of_its_input():
    """The fitted curve of a one-input network is its prediction at each x, as a pass over
    the rows gives it (the target plays no part)."""
    from gradgui import examples_dir
    from gradgui.document.fileformat import load
    from gradgui.document.training import prediction_curve
    trainer = Trainer(load(examples_dir() / "line_regression.json"))
    trainer.run(5)
    program, node = trainer.program, trainer.prediction
    rows = program.run(None).data(node)
    for k in (0, 7, 31):
        x = float(program.columns["x"][k])
        assert prediction_curve(program, node, "x", (x, x), 1)[0] == pytest.approx(rows[k])
    curve = prediction_curve(program, node, "x", (-1.0, 1.0), 9)
    assert curve.shape == (9,) and len(set(curve.round(9))) == 9  # a curve, not one value
