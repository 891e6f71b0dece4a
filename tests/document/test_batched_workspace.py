"""Batched passes reuse their arrays, never over what a caller still holds; rules write in place."""

import threading

import numpy as np
import pytest

from gradgui.document import batched_workspace
from gradgui.document.batched import BatchProgram
from gradgui.document.batched_rules import RULES, product_into
from gradgui.document.dataset_field import bound_dataset
from gradgui.document.generators import generate
from gradgui.document.network import network_document
from gradgui.document.training import Trainer, decision_grid

# The rules as plain numpy expressions, each making new arrays: what the in-place rules must
# give to the bit.
PLAIN_FORWARD = {
    "add": lambda a, b, k: a + b,
    "sub": lambda a, b, k: a - b,
    "mul": lambda a, b, k: a * b,
    "div": lambda a, b, k: a / b,
    "pow": lambda a, b, k: a ** k,
    "neg": lambda a, b, k: -a,
    "tanh": lambda a, b, k: np.tanh(a),
    "exp": lambda a, b, k: np.exp(a),
    "log": lambda a, b, k: np.log(a),
    "relu": lambda a, b, k: np.where(a <= 0.0, 0.0, a),
    "sigmoid": lambda a, b, k: np.where(a >= 0.0, 1.0 / (1.0 + np.exp(-np.abs(a))),
                                        np.exp(-np.abs(a)) / (1.0 + np.exp(-np.abs(a)))),
}
PLAIN_LOCAL = {
    "add": lambda a, b, o, k: (None, None),
    "sub": lambda a, b, o, k: (None, -1.0),
    "mul": lambda a, b, o, k: (b, a),
    "div": lambda a, b, o, k: (1.0 / b, -a / (b * b)),
    "pow": lambda a, b, o, k: (k * a ** (k - 1.0),),
    "neg": lambda a, b, o, k: (-1.0,),
    "tanh": lambda a, b, o, k: (1.0 - o * o,),
    "exp": lambda a, b, o, k: (o,),
    "log": lambda a, b, o, k: (1.0 / a,),
    "relu": lambda a, b, o, k: ((o > 0.0).astype(np.float64),),
    "sigmoid": lambda a, b, o, k: (o * (1.0 - o),),
}
BINARY = {"add", "sub", "mul", "div"}


def same_bits(x, y) -> bool:
    """Equal to the bit, signed zeros and NaNs included."""
    x, y = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64))
    return x.tobytes() == y.tobytes()


@pytest.mark.parametrize("kind", sorted(RULES))
@pytest.mark.parametrize("shared_b", [False, True])
def test_each_rule_in_place_gives_the_plain_expressions_bits(kind, shared_b):
    rng = np.random.default_rng(7)
    a = rng.normal(0.0, 3.0, (5, 40))
    a[0, :4] = [0.0, -0.0, 1e-300, -700.0]  # signed zeros, tiny, large for exp/sigmoid
    a[1] = np.abs(a[1]) + 0.1  # log and pow with a fractional exponent want positives
    b = rng.normal(0.0, 2.0, (5, 1) if shared_b else (5, 40))
    k = 1.5 if kind == "pow" else None
    if kind in ("log", "pow"):
        a = np.abs(a) + 0.01
    b = b if kind in BINARY else None
    out = np.full((5, 40), 99.0)
    with np.errstate(all="ignore"):
        RULES[kind][0](a, b, k, out, np.empty_like(out), np.empty(out.shape, dtype=bool))
        plain = PLAIN_FORWARD[kind](a, b, k)
        assert same_bits(out, plain)
        g = rng.normal(0.0, 1.0, out.shape)
        for place, d_plain in enumerate(PLAIN_LOCAL[kind](a, b, plain, k)):
            d = RULES[kind][1](place, a, b, out, k, np.empty_like(out),
                               np.empty(out.shape, dtype=bool))
            part = product_into(d, g, np.empty_like(out))
            assert same_bits(part, g if d_plain is None else d_plain * g), place


def moons_network(rows: int = 30):
    return network_document(generate("moons", rows, noise=0.1, seed=2), ["x1", "x2"], "y",
                            hidden=(4,), activation="tanh", loss="squared", seed=3)


def program_of(doc) -> BatchProgram:
    return BatchProgram(doc, bound_dataset(doc).node_columns())


def test_a_dropped_pass_lends_its_arrays_to_the_next():
    program = program_of(moons_network())
    first = program.run(alpha=0.01)
    arrays = first._workspace
    expected = program.run(alpha=0.01)  # made beside the first, which is still held
    assert expected._workspace is not arrays
    loss, grads = expected.loss, expected.weight_grads()
    del first
    again = program.run(alpha=0.01)
    assert again._workspace is arrays
    assert again.loss == loss
    assert np.array_equal(again.weight_grads(), grads)


def test_a_held_pass_and_a_held_array_keep_their_numbers():
    doc = moons_network()
    program = program_of(doc)
    node = program.order[-2]  # a row node inside the network
    assert program.slot[node][0]
    held = program.run()
    kept_data, kept_grad = held.data(node).copy(), held.grad(node).copy()
    view = held.grad(node)
    program.set_weight_values(program.weight_values() + 0.5)
    moved = program.run()
    assert not np.array_equal(moved.data(node), kept_data)
    assert np.array_equal(held.data(node), kept_data)
    assert np.array_equal(held.grad(node), kept_grad)
    arrays = held._workspace
    del held
    # Only the view is left: the arrays it views are not lent out again.
    program.set_weight_values(program.weight_values() - 1.0)
    for _ in range(3):
        assert program.run()._workspace is not arrays
    assert np.array_equal(view, kept_grad)


def test_another_row_count_gets_arrays_of_its_own():
    program = program_of(moons_network())
    whole = program.run()
    part = program.run(rows=np.arange(7))
    assert part._workspace.data.shape == (program.n_row_nodes, 7)
    assert whole._workspace.data.shape == (program.n_row_nodes, 30)
    columns = {name: column[:7] for name, column in program.columns.items()}
    assert part.loss == program.forward(columns=columns).loss


def test_decision_grids_in_a_row_keep_their_own_numbers():
    trainer = Trainer(moons_network())
    first = decision_grid(trainer.program, trainer.prediction, ["x1", "x2"], (-2, 3), (-1, 2), 20)
    kept = first.copy()
    trainer.step()
    second = decision_grid(trainer.program, trainer.prediction, ["x1", "x2"], (-2, 3), (-1, 2), 20)
    assert not np.array_equal(first, second)
    assert np.array_equal(first, kept)


def test_passes_on_two_threads_at_once_agree_with_one_alone():
    program = program_of(moons_network(200))
    alone = program.run(alpha=0.01)
    expected = (alone.loss, alone.weight_grads())
    del alone
    found, failures = [], []

    def work():
        try:
            for _ in range(20):
                batch = program.run(alpha=0.01)
                found.append((batch.loss, batch.weight_grads()))
        except Exception as error:  # reported below, on the test's thread
            failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert len(found) == 40
    assert all(loss == expected[0] and np.array_equal(g, expected[1]) for loss, g in found)


def test_arrays_larger_than_the_pools_budget_are_not_kept(monkeypatch):
    program = program_of(moons_network())
    kept = program.run(alpha=0.01)
    expected = (kept.loss, kept.weight_grads())
    del kept
    assert 0 < program._pool.free_bytes <= batched_workspace._FREE_BYTES
    first = program.run(alpha=0.01)
    arrays = first._workspace
    monkeypatch.setattr(batched_workspace, "_FREE_BYTES", arrays.nbytes - 1)
    del first
    again = program.run(alpha=0.01)  # what no longer fits was let go, not lent again
    assert again._workspace is not arrays
    assert program._pool.free_bytes < batched_workspace._FREE_BYTES
    assert (again.loss, again.weight_grads().tolist()) == (expected[0], expected[1].tolist())


class _ReportingLock:
    """A lock that fails, instead of deadlocking, when taken again by the thread holding it."""

    def __init__(self):
        self.held = False

    def __enter__(self):
        assert not self.held, "the pool's lock was taken again by the thread that holds it"
        self.held = True

    def __exit__(self, *_exc):
        self.held = False


def test_a_pass_dropped_while_its_pool_is_busy_comes_back_later():
    program = program_of(moons_network())
    batch = program.run()
    arrays = batch._workspace
    program._pool._lock = lock = _ReportingLock()
    with lock:  # as when the collector drops a pass in the middle of the pool's own work
        del batch
    assert program.run()._workspace is arrays
