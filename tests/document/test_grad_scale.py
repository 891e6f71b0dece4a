"""The colour scale chooses symmetric-log by itself when grads spread over many powers of ten."""

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradgui.document import Evaluation, mlp_document
from gradgui.document.grad_scale import (_MANY, DECADES, SMALL_QUANTILE, GradScale, choose_scale,
                                         grad_spread)
from tutorial_neuron import neuron_document

TUTORIAL = [1.0, 0.5, 0.5, 0.5, 0.5, 0.5, -1.5, 1.0, 0.5, 0.0]


def test_the_tutorial_neuron_stays_linear():
    scale = choose_scale(TUTORIAL, "auto")
    assert scale.largest == 1.5 and scale.applied == "linear" and scale.name == "linear"
    assert scale.position(-1.5) == -1.0 and scale.position(0.75) == 0.5


def test_grads_over_more_than_two_decades_go_symlog_and_say_so():
    grads = [1.0, -0.5] + [0.001 * (i + 1) for i in range(20)]
    scale = choose_scale(grads, "auto")
    assert scale.decades() > DECADES
    assert scale.applied == "symlog" and scale.name == "symlog, auto"
    # A small grad reads as clearly not zero on it; on a linear scale it would not.
    assert scale.position(0.005) > 0.15
    assert choose_scale(grads, "linear").position(0.005) < 0.01


def test_forcing_a_scale_wins_over_the_choice():
    wide = [1.0] + [1e-4] * 50
    assert choose_scale(wide, "linear").applied == "linear"
    assert choose_scale(wide, "linear").name == "linear"
    assert choose_scale(TUTORIAL, "symlog").applied == "symlog"
    assert choose_scale(TUTORIAL, "symlog").name == "symlog"
    held = choose_scale(wide, "linear")
    assert held.with_mode("auto").applied == "symlog"  # the same grads, asked again
    with pytest.raises(ValueError):
        GradScale(1.0, "log")


def test_one_stray_tiny_grad_does_not_decide():
    grads = [1.0, 0.8, -0.6, 0.4, 0.3, 0.2, 0.5, 0.7, 0.9, 0.25, 0.35, 1e-17]
    assert choose_scale(grads, "auto").applied == "linear"


def test_no_grads_zero_grads_and_non_finite_grads():
    assert choose_scale([], "auto") is None
    zero = choose_scale([0.0, 0.0], "auto")
    assert zero.applied == "linear" and zero.largest == 1.0 and zero.position(0.0) == 0.0
    assert grad_spread([math.inf, 2.0, -4.0]) == (4.0, 2.0)
    assert choose_scale([math.nan], "auto") is None


def test_a_network_over_samples_is_drawn_on_symlog_by_itself():
    doc = mlp_document(2, (32, 32), samples=2)
    evaluation = Evaluation(doc)
    evaluation.backward(doc.output)
    grads = [evaluation.grad(n) for n in doc.node_ids()]
    scale = choose_scale(grads, "auto")
    assert scale.applied == "symlog", scale.decades()
    # Most nodes now get a colour of their own instead of the white of zero.
    tinted = sum(abs(scale.position(g)) > 0.1 for g in grads)
    assert tinted > 0.75 * len(grads)
    linear = scale.with_mode("linear")
    assert sum(abs(linear.position(g)) > 0.1 for g in grads) < tinted / 2


def test_the_tutorial_document_scale_is_linear_end_to_end():
    doc = neuron_document()
    evaluation = Evaluation(doc)
    evaluation.backward("o")
    assert choose_scale(evaluation.pass_grads("o"), "auto").applied == "linear"
    assert all(evaluation.grad(n) == 0.0 for n in doc.node_ids())


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(0.0)),
                min_size=1, max_size=40),
       st.integers(min_value=0, max_value=2**32 - 1))
def test_many_grads_give_the_numbers_a_full_sort_gives(pool, seed):
    # Past a few thousand grads the spread is found by a partition: the same two numbers.
    rng = random.Random(seed)
    grads = [rng.choice(pool) * rng.choice((1.0, 1e-9, 1e9)) for _ in range(_MANY + rng.randrange(50))]
    sizes = [abs(g) for g in grads if math.isfinite(g)]
    nonzero = sorted(s for s in sizes if s > 0.0)
    if not sizes:
        expected = None
    elif not nonzero:
        expected = (max(sizes), None)
    else:
        expected = (nonzero[-1], nonzero[int(SMALL_QUANTILE * (len(nonzero) - 1))])
    assert grad_spread(grads) == expected
    assert grad_spread(iter(grads)) == expected


def test_a_symlog_scale_marks_each_power_of_ten_between_its_ends_and_linear_only_the_ends():
    scale = GradScale(26.06, "auto", 1e-3)
    assert scale.applied == "symlog"
    assert scale.ticks() == [-26.06, -10.0, -1.0, -0.1, -0.01, 0.0, 0.01, 0.1, 1.0, 10.0, 26.06]
    positions = [scale.position(t) for t in scale.ticks()]
    assert positions == sorted(positions) and positions[0] == -1.0 and positions[-1] == 1.0
    # A power of ten right next to the largest is left out: its mark would sit on the end's.
    assert GradScale(12.0, "symlog", 1e-3).ticks()[:2] == [-12.0, -1.0]
    assert GradScale(26.06, "linear", 1e-3).ticks() == [-26.06, 0.0, 26.06]
