"""Numbers for people: a fixed number of significant digits, never misleading."""

import math

import pytest

from gradgui.engine import numbers
from gradgui.engine.numbers import fmt


@pytest.mark.parametrize("x,text", [
    (1.0, "1.0"), (0.5, "0.5"), (-1.5, "-1.5"), (0.70710678, "0.7071"), (-3.0, "-3.0"),
    (6.8813735870195432, "6.881"), (0.0012345, "0.001234"), (123.456, "123.5"),
    (12345.0, "12345.0"), (2e-5, "2.0e-05"), (3.2e-12, "3.2e-12"), (-2.5e7, "-2.5e+07"),
])
def test_four_significant_digits_by_default(x, text):
    assert fmt(x) == text


@pytest.mark.parametrize("x", [math.tanh(-6.0), 0.99999999, 12345.678, 1_000_000.5, -2.0000001])
def test_a_number_that_is_not_whole_never_reads_as_whole(x):
    text = fmt(x)
    assert not float(text).is_integer(), text
    assert float(text) == pytest.approx(x, rel=1e-4)


def test_tanh_of_minus_six_reads_below_minus_one():
    assert fmt(math.tanh(-6.0)) == "-0.99999"


def test_the_number_of_digits_is_a_setting():
    try:
        numbers.set_significant_digits(6)
        assert fmt(6.8813735870195432) == "6.88137" and fmt(0.5) == "0.5"
        assert fmt(6.8813735870195432, digits=2) == "6.9"
    finally:
        numbers.set_significant_digits(numbers.DEFAULT_DIGITS)
    assert fmt(6.8813735870195432) == "6.881"


def test_float_rounding_next_to_a_whole_number_reads_as_the_whole_number():
    # The tutorial's w1.grad: 1.0 by hand, 0.9999999999999998 in floats.
    assert fmt(0.9999999999999998) == "1.0" and fmt(-1.5000000000000002) == "-1.5"
