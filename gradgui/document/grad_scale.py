"""The grad colour scale's numbers: linear or symmetric-log, chosen by itself or forced.

Grads of a network span many powers of ten: the loss's is 1, a deep
weight's may be 0.001. On a linear scale set by the largest, everything
but a handful of nodes then reads as zero. Asked for ``auto``, the scale
looks at how far the grads spread: over more than ``DECADES`` powers of ten
it goes symmetric-log, else it stays linear, which is what a hand
derivation's numbers read best on. No Qt here: the canvas, the overview,
the legend and the exports all ask these numbers.
"""

import math
from typing import Iterable, List, Optional

MODES = ("auto", "linear", "symlog")
"""What a person can ask for: the scale's own choice, or one of the two forced."""

DECADES = 2.0
"""Grads spreading over more powers of ten than this are drawn on a symmetric-log scale."""

SMALL_QUANTILE = 0.1
"""The spread is measured down to this quantile of the nonzero |grads|, not their
smallest: one rounding-error grad of 1e-17 must not decide the scale."""

FLOOR = 1e-4
"""The symmetric-log scale is linear within at least this share of the largest |grad|."""


class GradScale:
    """Maps grads to [-1, 1]: linear or symmetric-log, scaled by the largest |grad|.

    ``mode`` is what was asked ("auto", "linear" or "symlog"); ``applied`` is
    the scale in use, which for "auto" follows from ``small``, a low quantile
    of the nonzero |grads| (None when unknown: linear then).
    """

    def __init__(self, largest: float = 1.0, mode: str = "linear", small: Optional[float] = None):
        if mode not in MODES:
            raise ValueError(f"the colour scale is one of {', '.join(MODES)}, not {mode!r}")
        self.largest = largest if largest > 0.0 else 1.0
        self.mode = mode
        self.small = small if small is not None and 0.0 < small <= self.largest else None
        if mode == "auto":
            self.applied = "symlog" if self.decades() > DECADES else "linear"
        else:
            self.applied = mode
        # Symlog is linear near zero, within about the small grads' size (at most a
        # hundredth of the largest), so they stay apart from zero without dominating.
        width = self.largest / 100.0
        if self.small is not None:
            width = max(min(width, self.small), self.largest * FLOOR)
        self.linear_width = width

    def decades(self) -> float:
        """How many powers of ten the grads spread over (0 when not known)."""
        return 0.0 if self.small is None else math.log10(self.largest / self.small)

    @property
    def name(self) -> str:
        """What the legend calls it: "linear", "symlog", or "symlog, auto" when chosen by itself."""
        return self.applied + (", auto" if self.mode == "auto" and self.applied != "linear" else "")

    def with_mode(self, mode: str) -> "GradScale":
        """The same grads' scale with another mode asked for."""
        return type(self)(self.largest, mode, self.small)

    def position(self, grad: float) -> float:
        """Where ``grad`` falls on the map, in [-1, 1]."""
        if self.applied == "symlog":
            top = math.asinh(self.largest / self.linear_width)
            t = math.copysign(math.asinh(abs(grad) / self.linear_width) / top, grad)
        else:
            t = grad / self.largest
        return max(-1.0, min(1.0, t))


    def ticks(self) -> List[float]:
        """The grads worth a mark on the legend, lowest first: -largest, 0 and +largest,
        and on a symmetric-log scale each power of ten between, on both sides (where the
        map is nearly linear, near zero, the powers are left out: they would crowd 0)."""
        inner: List[float] = []
        if self.applied == "symlog":
            power = 10.0 ** math.floor(math.log10(self.largest))
            while power >= 3.0 * self.linear_width:
                if power < self.largest * 0.7:  # not on top of the largest's own mark
                    inner.append(power)
                power /= 10.0
        return [-self.largest, *(-p for p in inner), 0.0, *reversed(inner), self.largest]


def grad_spread(grads: Iterable[float]):
    """(largest |grad|, the SMALL_QUANTILE of the nonzero |grads|) or None without grads."""
    grads = grads if isinstance(grads, list) else list(grads)
    if len(grads) >= _MANY:
        return _array_spread(grads)
    sizes = [abs(grad) for grad in grads if math.isfinite(grad)]
    if not sizes:
        return None
    nonzero = sorted(size for size in sizes if size > 0.0)
    if not nonzero:
        return max(sizes), None
    return nonzero[-1], nonzero[int(SMALL_QUANTILE * (len(nonzero) - 1))]


_MANY = 5000  # from this many grads on, numpy finds the same two numbers without a sort


def _array_spread(grads: list):
    """grad_spread's numbers for many grads: a partition finds the quantile (the same
    element a full sort puts there)."""
    import numpy as np  # here: a small graph's window starts without it
    sizes = np.abs(np.fromiter(grads, dtype=float, count=len(grads)))
    sizes = sizes[np.isfinite(sizes)]
    if not len(sizes):
        return None
    nonzero = sizes[sizes > 0.0]
    if not len(nonzero):
        return float(sizes.max()), None
    at = int(SMALL_QUANTILE * (len(nonzero) - 1))
    return float(nonzero.max()), float(np.partition(nonzero, at)[at])


def choose_scale(grads: Iterable[float], mode: str, kind=GradScale) -> Optional[GradScale]:
    """The scale for these grads in ``mode`` (an instance of ``kind``); None if there are none."""
    spread = grad_spread(grads)
    if spread is None:
        return None
    largest, small = spread
    return kind(largest, mode, small)
