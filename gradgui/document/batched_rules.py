"""Each op's rule on arrays (forward and local derivatives), writing into arrays it is given.

These are the engine's rules written once more for numpy, with the same
float operations in the same order, so only the libm functions (tanh, exp,
log) can differ from the engine, in the last bit. (IEEE negation is exact
and rounding is symmetric, so ``-(a / c)`` is ``-a / c`` to the bit.)

A rule writes its result into an array the caller owns instead of making
a new one: a batched pass reuses the same arrays step after step, where
fresh large temporaries would each be new pages to fault in.
"""

from typing import Callable, Dict, Optional, Tuple

import numpy as np


def _relu(a, b, k, out, spare, mask):
    # where(a <= 0, 0, a): a NaN stays NaN, -0.0 becomes 0.0
    np.copyto(out, a)
    np.less_equal(a, 0.0, out=mask)
    np.copyto(out, 0.0, where=mask)


def _sigmoid(a, b, k, out, spare, mask):
    # z = exp(-|a|), then 1 / (1 + z) where a >= 0 else z / (1 + z): no exp of a large number
    np.abs(a, out=spare)
    np.negative(spare, out=spare)
    np.exp(spare, out=spare)
    np.add(1.0, spare, out=out)
    np.divide(spare, out, out=spare)
    np.divide(1.0, out, out=out)
    np.greater_equal(a, 0.0, out=mask)
    np.logical_not(mask, out=mask)
    np.copyto(out, spare, where=mask)


def _pow(a, b, k, out, spare, mask):
    out[...] = a ** k  # numpy's own choice of routine for the exponent, as the error path uses


def _div_local(place, a, b, o, k, out, mask):
    if place == 0:
        return np.divide(1.0, b, out=out)
    np.multiply(b, b, out=out)
    np.divide(a, out, out=out)
    return np.negative(out, out=out)


def _tanh_local(place, a, b, o, k, out, mask):
    np.multiply(o, o, out=out)
    return np.subtract(1.0, out, out=out)  # 1 - o*o


def _sigmoid_local(place, a, b, o, k, out, mask):
    np.subtract(1.0, o, out=out)
    return np.multiply(o, out, out=out)  # o * (1 - o)


def _pow_local(place, a, b, o, k, out, mask):
    out[...] = k * a ** (k - 1.0)
    return out


Forward = Callable[..., None]
Local = Callable[..., object]

RULES: Dict[str, Tuple[Forward, Local]] = {
    "add": (lambda a, b, k, out, spare, mask: np.add(a, b, out=out),
            lambda place, a, b, o, k, out, mask: None),
    "sub": (lambda a, b, k, out, spare, mask: np.subtract(a, b, out=out),
            lambda place, a, b, o, k, out, mask: None if place == 0 else -1.0),
    "mul": (lambda a, b, k, out, spare, mask: np.multiply(a, b, out=out),
            lambda place, a, b, o, k, out, mask: b if place == 0 else a),
    "div": (lambda a, b, k, out, spare, mask: np.divide(a, b, out=out), _div_local),
    "pow": (_pow, _pow_local),
    "neg": (lambda a, b, k, out, spare, mask: np.negative(a, out=out),
            lambda place, a, b, o, k, out, mask: -1.0),
    "tanh": (lambda a, b, k, out, spare, mask: np.tanh(a, out=out), _tanh_local),
    "exp": (lambda a, b, k, out, spare, mask: np.exp(a, out=out),
            lambda place, a, b, o, k, out, mask: o),
    "log": (lambda a, b, k, out, spare, mask: np.log(a, out=out),
            lambda place, a, b, o, k, out, mask: np.divide(1.0, a, out=out)),
    # 1.0 where o > 0, else 0.0: a product with the booleans casts them to those
    "relu": (_relu, lambda place, a, b, o, k, out, mask: np.greater(o, 0.0, out=mask)),
    "sigmoid": (_sigmoid, _sigmoid_local),
}
"""Op name -> (forward(a, b, k, out, spare, mask), local(place, a, b, o, k, out, mask)).

``forward`` writes the op's value into ``out``; ``spare`` (floats) and
``mask`` (booleans) are scratch of ``out``'s shape. ``local`` gives operand
``place``'s local derivative: None for exactly 1 (the grad passes through
without a product), a float, an array as it is (an operand or the output),
or ``out`` or ``mask`` filled with it.
"""


def product_into(d, g: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``d * g`` (``g`` itself when ``d`` is None) without a new array; ``out`` may be ``d``."""
    if d is None:
        return g
    return np.multiply(d, g, out=out)


def forward_fresh(kind: str, a, b, k) -> np.ndarray:
    """The op's value in a new array (for the slow path that looks for the bad row)."""
    out = np.empty(np.broadcast_shapes(np.shape(a), np.shape(b) if b is not None else ()))
    RULES[kind][0](a, b, k, out, np.empty_like(out), np.empty(out.shape, dtype=bool))
    return out


def local_fresh(kind: str, place: int, a, b, o, k) -> Optional[np.ndarray]:
    """Operand ``place``'s local derivative as an array, or None for exactly 1 (slow path)."""
    out = np.empty(np.shape(o))
    d = RULES[kind][1](place, a, b, o, k, out, np.empty(out.shape, dtype=bool))
    return None if d is None else np.broadcast_to(np.asarray(d, dtype=np.float64), out.shape)


def take_rows(source: np.ndarray, index, out: np.ndarray) -> np.ndarray:
    """``source[index]`` along the first axis, written into ``out``; a slice is a view."""
    if isinstance(index, slice):
        return source[index]
    # mode="clip": with out= numpy's default mode buffers the whole result anew
    return np.take(source, index, axis=0, out=out, mode="clip")


def add_rows(target: np.ndarray, index, plan, part: np.ndarray, one: np.ndarray,
             two: np.ndarray) -> None:
    """``target[index] += part``, members that share an index summed first in member order;
    ``one`` and ``two`` are scratch as large as ``part``."""
    if plan is None:
        if isinstance(index, slice):
            target[index] += part
            return
        rows = take_rows(target, index, one)
        rows += part
        target[index] = rows
        return
    uniq, perm, starts = plan
    np.take(part, perm, axis=0, out=one, mode="clip")
    summed = np.add.reduceat(one, starts, axis=0, out=two[:len(uniq)])
    rows = np.take(target, uniq, axis=0, out=one[:len(uniq)], mode="clip")
    rows += summed
    target[uniq] = rows
