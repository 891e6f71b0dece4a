"""The operations of the engine: one small template per op.

Each op states how to compute its output from its operands' data and what
its local derivatives are, both as numbers and as a short formula that the
stepper uses to spell the chain rule out. In formulas, ``{a}`` and ``{b}``
stand for the operands' names, ``{o}`` for the op's own name and ``{k}``
for a pow exponent.
"""

import math
from dataclasses import dataclass
from typing import Callable, Optional, Tuple

from .errors import MathError


@dataclass(frozen=True)
class Op:
    """An operation: name, symbol, arity, forward rule and local derivatives."""

    name: str
    symbol: str
    arity: int
    forward: Callable[..., float]
    local: Callable[[float, Optional[float], float, Optional[float]], Tuple[float, ...]]
    local_text: Tuple[str, ...]
    infix: bool = False

    def compute(self, a: float, b: Optional[float] = None, k: Optional[float] = None) -> float:
        """Run the forward rule, turning every way out of the reals into MathError."""
        try:
            out = self.forward(a, b, k)
        except ZeroDivisionError:
            raise MathError(self.name, "division by zero") from None
        except OverflowError:
            raise MathError(self.name, "the result is too large (overflow)") from None
        except ValueError:
            raise MathError(self.name, "the result is not a real number") from None
        # inf - inf and nan - nan are nan, the only floats that fail this test.
        if out - out != 0.0:
            raise MathError(self.name, not_finite("the result", out))
        return out

    def expression(self, names, exponent_text: str = "") -> str:
        """How this op reads applied to operands named ``names``: a + b, a**2, tanh(a)."""
        if self.infix:
            return f" {self.symbol} ".join(names)
        if self.name == "pow":
            return f"{names[0]}**{exponent_text}"
        if self.name == "neg":
            return f"-{names[0]}"
        return f"{self.name}({names[0]})"

    def derivatives(self, a: float, b: Optional[float], out: float, k: Optional[float]) -> Tuple[float, ...]:
        """Return each operand's local derivative d(out)/d(operand)."""
        try:
            return self.local(a, b, out, k)
        except (ZeroDivisionError, OverflowError, ValueError) as error:
            raise self.derivative_error(error) from None

    def derivative_error(self, error: Exception) -> MathError:
        """The MathError for a ZeroDivisionError, OverflowError or ValueError of the local rule."""
        if isinstance(error, ZeroDivisionError):
            return MathError(self.name, "the derivative is infinite here")
        if isinstance(error, OverflowError):
            return MathError(self.name, "the derivative is too large (overflow)")
        return MathError(self.name, "the derivative is not a real number")


def not_finite(what: str, x: float) -> str:
    """Why ``x`` (nan or an infinity) is no answer, e.g. 'the result is not a number (nan)'."""
    if x != x:
        return f"{what} is not a number (nan)"
    return f"{what} is too large (overflow)"


def _sigmoid(x: float) -> float:
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _log(a: float) -> float:
    if a <= 0.0:
        raise MathError("log", f"log of a number that is not positive ({a!r})")
    return math.log(a)


def _pow(a: float, k: float) -> float:
    if a == 0.0 and k < 0.0:
        raise ZeroDivisionError
    out = a ** k
    # A negative number to a fractional power is complex in Python.
    if isinstance(out, complex):
        raise ValueError
    return out


_OPS = (
    Op("add", "+", 2, lambda a, b, k: a + b,
       lambda a, b, o, k: (1.0, 1.0), ("1", "1"), infix=True),
    Op("sub", "-", 2, lambda a, b, k: a - b,
       lambda a, b, o, k: (1.0, -1.0), ("1", "-1"), infix=True),
    Op("mul", "*", 2, lambda a, b, k: a * b,
       lambda a, b, o, k: (b, a), ("{b}.data", "{a}.data"), infix=True),
    Op("div", "/", 2, lambda a, b, k: a / b,
       lambda a, b, o, k: (1.0 / b, -a / (b * b)),
       ("1/{b}.data", "-{a}.data/{b}.data**2"), infix=True),
    Op("pow", "**", 1, lambda a, b, k: _pow(a, k),
       lambda a, b, o, k: (k * _pow(a, k - 1.0),), ("{k}*{a}.data**{km1}",)),
    Op("neg", "-", 1, lambda a, b, k: -a,
       lambda a, b, o, k: (-1.0,), ("-1",)),
    Op("tanh", "tanh", 1, lambda a, b, k: math.tanh(a),
       lambda a, b, o, k: (1.0 - o * o,), ("(1 - {o}.data**2)",)),
    Op("exp", "exp", 1, lambda a, b, k: math.exp(a),
       lambda a, b, o, k: (o,), ("{o}.data",)),
    Op("log", "log", 1, lambda a, b, k: _log(a),
       lambda a, b, o, k: (1.0 / a,), ("1/{a}.data",)),
    Op("relu", "relu", 1, lambda a, b, k: 0.0 if a <= 0.0 else a,
       lambda a, b, o, k: (1.0 if o > 0.0 else 0.0,), ("({o}.data > 0)",)),
    Op("sigmoid", "sigmoid", 1, lambda a, b, k: _sigmoid(a),
       lambda a, b, o, k: (o * (1.0 - o),), ("{o}.data*(1 - {o}.data)",)),
)

OPS = {op.name: op for op in _OPS}
"""Every op by name."""


def get_op(name: str) -> Op:
    """Return the op called ``name``; KeyError names the unknown op."""
    try:
        return OPS[name]
    except KeyError:
        raise KeyError(f"unknown op {name!r}") from None
