"""How numbers are written for people: short, but never misleading."""

import math

DEFAULT_DIGITS = 4
MAX_DIGITS = 17  # enough to tell any two doubles apart
_SCIENTIFIC_BELOW, _SCIENTIFIC_FROM = 1e-4, 1e6
WHOLE_WITHIN = 1e-12  # relative: closer than this to a whole number is float rounding
_digits = DEFAULT_DIGITS


def significant_digits() -> int:
    """How many significant digits ``fmt`` writes by default."""
    return _digits


def set_significant_digits(digits: int) -> None:
    """Choose how many significant digits ``fmt`` writes by default (1 to 17)."""
    global _digits
    _digits = max(1, min(MAX_DIGITS, int(digits)))


def fmt(x: float, digits: int = 0) -> str:
    """Write ``x`` with ``digits`` significant digits (default: the chosen number), e.g.
    0.5, -1.5, 1.0, 0.7071, 6.881.

    Very small or large numbers read in scientific notation, so a tiny grad
    never shows as 0.0; and a number that is not a whole number never reads
    as one: tanh(-6) is -0.99999, not -1.0. Trailing zeros are dropped.
    """
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0.0:
        return "0.0"
    digits = digits or _digits
    text = _write(x, digits)
    while digits < MAX_DIGITS and float(text).is_integer() and _not_whole(x):
        digits += 1
        text = _write(x, digits)
    return text


def _not_whole(x: float) -> bool:
    """True when ``x`` is further from a whole number than rounding in floats takes it
    (the tutorial's w1.grad is 0.9999999999999998: that is 1.0, not 0.99999999999)."""
    return abs(x - round(x)) > WHOLE_WITHIN * max(1.0, abs(x))


def _write(x: float, digits: int) -> str:
    if abs(x) < _SCIENTIFIC_BELOW or abs(x) >= _SCIENTIFIC_FROM:
        mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
        return f"{_trim(mantissa)}e{exponent}"
    decimals = max(digits - 1 - math.floor(math.log10(abs(x))), 0)
    return _trim(f"{x:.{decimals}f}")


def _trim(text: str) -> str:
    """Drop trailing zeros after the point, keeping one digit there (1.0, not 1)."""
    if "." not in text:
        return text + ".0"
    text = text.rstrip("0")
    return text + "0" if text.endswith(".") else text
