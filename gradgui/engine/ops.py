"""The operations of the engine: one table, one small template per op.

Each op states how to compute its output from its operands' data, what its
local derivatives are, both as numbers and as a short formula that the
stepper uses to spell the chain rule out, and how it is written: in words
(``a + b``, ``tanh(a)``), in Python on ``Value``s, and which ``Value``
method applies it. In the templates, ``{a}`` and ``{b}`` stand for the
operands' names, ``{o}`` for the op's own name and ``{k}`` for a pow
exponent (``{km1}`` for k - 1).

``Value`` gets one method per op from this table; ``register_op`` in
``value.py`` adds an op to the table and its method to ``Value`` at once.
"""

import math
from typing import Callable, Dict, Optional, Tuple

from .errors import MathError
from .record import Record


class Op(Record):
    """An operation: name, symbol, arity, forward rule, local derivatives and how it is written."""

    __slots__ = ("name", "symbol", "arity", "forward", "local", "local_text", "text", "python",
                 "method", "doc", "has_exponent", "forward_python", "local_python")

    # forward_python and local_python are the forward rule and the local derivatives
    # as Python on floats (``a``, ``b``, ``k``, and ``o`` for the result), with exactly
    # the float operations of ``forward`` and ``local``: a standalone exported
    # script computes with them.
    def __init__(self, name: str, symbol: str, arity: int, forward: Callable[..., float],
                 local: Callable[[float, Optional[float], float, Optional[float]], Tuple[float, ...]],
                 local_text: Tuple[str, ...], text: str, python: str, method: str, doc: str = "",
                 has_exponent: bool = False, forward_python: str = "",
                 local_python: Tuple[str, ...] = ()):
        for field, value in zip(self.__slots__, (
                name, symbol, arity, forward, local, local_text, text, python, method, doc,
                has_exponent, forward_python, local_python)):
            object.__setattr__(self, field, value)

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
        return self.text.format(a=names[0], b=names[1] if len(names) > 1 else "", k=exponent_text)

    def python_text(self, names, exponent_text: str = "") -> str:
        """The Python that applies this op to ``Value``s named ``names``: a*b, a**2.0, a.tanh()."""
        return self.python.format(a=names[0], b=names[1] if len(names) > 1 else "", k=exponent_text)

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


def infix(name: str, symbol: str, method: str, forward, local, local_text,
          python: Optional[str] = None, forward_python: str = "",
          local_python: Tuple[str, ...] = ()) -> Op:
    """A two-operand op written between its operands (a + b); ``method`` is its dunder."""
    return Op(name, symbol, 2, forward, local, local_text, f"{{a}} {symbol} {{b}}",
              python or f"{{a}} {symbol} {{b}}", method, forward_python=forward_python,
              local_python=local_python)


def function(name: str, forward, local, local_text, doc: str, forward_python: str = "",
             local_python: Tuple[str, ...] = ()) -> Op:
    """A one-operand op written as a call, tanh(a), and applied as a method, a.tanh()."""
    return Op(name, name, 1, forward, local, local_text, f"{name}({{a}})",
              f"{{a}}.{name}()", name, doc, forward_python=forward_python,
              local_python=local_python)


_OPS = (
    infix("add", "+", "__add__", lambda a, b, k: a + b,
          lambda a, b, o, k: (1.0, 1.0), ("1", "1"),
          forward_python="a + b", local_python=("1.0", "1.0")),
    infix("sub", "-", "__sub__", lambda a, b, k: a - b,
          lambda a, b, o, k: (1.0, -1.0), ("1", "-1"),
          forward_python="a - b", local_python=("1.0", "-1.0")),
    infix("mul", "*", "__mul__", lambda a, b, k: a * b,
          lambda a, b, o, k: (b, a), ("{b}.data", "{a}.data"), python="{a}*{b}",
          forward_python="a * b", local_python=("b", "a")),
    infix("div", "/", "__truediv__", lambda a, b, k: a / b,
          lambda a, b, o, k: (1.0 / b, -a / (b * b)), ("1/{b}.data", "-{a}.data/{b}.data**2"),
          forward_python="a / b", local_python=("1.0 / b", "-a / (b * b)")),
    Op("pow", "**", 1, lambda a, b, k: _pow(a, k),
       lambda a, b, o, k: (k * _pow(a, k - 1.0),), ("{k}*{a}.data**{km1}",),
       "{a}**{k}", "{a}**{k}", "__pow__", has_exponent=True,
       forward_python="a ** k", local_python=("k * a ** (k - 1.0)",)),
    Op("neg", "-", 1, lambda a, b, k: -a,
       lambda a, b, o, k: (-1.0,), ("-1",), "-{a}", "-{a}", "__neg__",
       forward_python="-a", local_python=("-1.0",)),
    function("tanh", lambda a, b, k: math.tanh(a),
             lambda a, b, o, k: (1.0 - o * o,), ("(1 - {o}.data**2)",), "Hyperbolic tangent.",
             "math.tanh(a)", ("1.0 - o * o",)),
    function("exp", lambda a, b, k: math.exp(a),
             lambda a, b, o, k: (o,), ("{o}.data",), "e to the power of this value.",
             "math.exp(a)", ("o",)),
    function("log", lambda a, b, k: _log(a),
             lambda a, b, o, k: (1.0 / a,), ("1/{a}.data",), "Natural logarithm.",
             "math.log(a)", ("1.0 / a",)),
    # 0.0 if a <= 0.0 rather than a if a > 0.0: a nan must reach compute's check, not become 0.
    function("relu", lambda a, b, k: 0.0 if a <= 0.0 else a,
             lambda a, b, o, k: (1.0 if o > 0.0 else 0.0,), ("({o}.data > 0)",), "max(0, x).",
             "0.0 if a <= 0.0 else a", ("1.0 if o > 0.0 else 0.0",)),
    function("sigmoid", lambda a, b, k: _sigmoid(a),
             lambda a, b, o, k: (o * (1.0 - o),), ("{o}.data*(1 - {o}.data)",),
             "The logistic function 1 / (1 + e**-x).",
             # _sigmoid's two branches, written out: exp of a large -a would overflow.
             "1.0 / (1.0 + math.exp(-a)) if a >= 0.0 else math.exp(a) / (1.0 + math.exp(a))",
             ("o * (1.0 - o)",)),
)

OPS: Dict[str, Op] = {op.name: op for op in _OPS}
"""Every op by name (``register_op`` adds to it)."""


def get_op(name: str) -> Op:
    """Return the op called ``name``; KeyError names the unknown op."""
    try:
        return OPS[name]
    except KeyError:
        raise KeyError(f"unknown op {name!r}") from None
