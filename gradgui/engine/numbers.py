"""How numbers are written for people: short, but never misleading."""

import math


def fmt(x: float, decimals: int = 4) -> str:
    """Write ``x`` with up to ``decimals`` decimals, e.g. 0.5, -1.5, 1.0, 0.7071.

    Numbers too small or too large for that read in scientific notation, so
    a tiny grad never shows as 0.0.
    """
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0.0:
        return "0.0"
    if abs(x) < 10.0 ** -decimals or abs(x) >= 1e9:
        return f"{x:.{decimals}g}"
    text = f"{x:.{decimals}f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return "0.0" if text in ("-0.0",) else text
