"""``Value``: one scalar in a computation graph, with its data and grad."""

from numbers import Real
from typing import Iterable, List, Optional

from .backward import LocalRuleError, first_not_finite, propagate
from .errors import DataError, MathError
from .ops import OPS, Op, not_finite
from .topo import op_order, topological_order


class Value:
    """A scalar with a grad, made by an op from ordered operands."""

    # The operands are two slots, not a tuple: a tuple per node would double the
    # objects the cycle collector walks while a script builds a big graph. A
    # value made by the constructor with more than two operands keeps them all
    # as a tuple in _b (and None in _a). ``_prev`` gives them as a tuple.
    # _mark is the topological sort's: see topo.py.
    __slots__ = ("data", "grad", "_a", "_b", "_op", "_arg", "label", "_mark")

    def __init__(self, data, _children=(), _op="", label=""):
        # A finite float passes with two cheap tests; anything else is converted or refused.
        if data.__class__ is not float or data - data != 0.0:
            data = finite_number(data)
        self.data = data
        self.grad = 0.0
        self._a = self._b = None
        if _children:  # a leaf skips this
            self._prev = _children
        self._op = _op
        self._arg = None
        self.label = label
        self._mark = None

    def __repr__(self) -> str:
        return f"Value(data={self.data!r}, grad={self.grad!r}, op={self._op!r}, label={self.label!r})"

    @property
    def _prev(self) -> tuple:
        """The operands in order, as a tuple (the tutorial's name for them)."""
        a = self._a
        if a is None:
            return self._b or ()
        b = self._b
        return (a,) if b is None else (a, b)

    @_prev.setter
    def _prev(self, children) -> None:
        children = tuple(children)
        if len(children) > 2:
            self._a, self._b = None, children
        else:
            self._a = children[0] if children else None
            self._b = children[1] if len(children) == 2 else None

    @property
    def op(self) -> str:
        """The name of the op that made this value ('' for a leaf)."""
        return self._op

    @property
    def operands(self) -> tuple:
        """The values this one was computed from, in operand order."""
        return self._prev

    @property
    def exponent(self):
        """The exponent of a pow node, else None."""
        return self._arg

    def apply(self, op: Op, *others: "Value", k=None) -> "Value":
        """Apply ``op`` to this value (and ``others``), checking the math."""
        if others:
            return _result(op, self, others[0], self.data, others[0].data, k)
        return _result(op, self, None, self.data, None, k)

    # The arithmetic operators (a + b, a * 2, 3 / a, a ** 2, -a) and the
    # functions (a.tanh(), ...) are made from the op table: see register_op.

    def local_derivatives(self) -> tuple:
        """Each operand's d(self)/d(operand) at the current data."""
        prev = self._prev
        if not prev:
            return ()
        op = OPS[self._op]
        b = prev[1].data if len(prev) > 1 else None
        try:
            return op.derivatives(prev[0].data, b, self.data, self._arg)
        except MathError as error:
            raise error.at(_name(self)) from None

    def backward(self) -> None:
        """Backpropagate from this value: its grad becomes 1, grads accumulate."""
        backward_from(self)

    def zero_grad(self) -> None:
        """Set the grad of every value in this value's graph to 0."""
        for node in topological_order([self]):
            node.grad = 0.0


def _result(op: Op, first: Value, second: Optional[Value], a: float, b: Optional[float] = None,
            k: Optional[float] = None) -> Value:
    """The value ``op`` makes from its operands ``first`` and ``second`` (None for a one-operand
    op), whose data are a and b."""
    try:
        data = op.compute(a, b, k)
    except MathError as error:
        operands = (first,) if second is None else (first, second)
        raise error.at(_describe(op, operands, k)) from None
    # Filled in directly rather than through __init__: the data is already
    # checked, and this runs once for every node of every graph.
    out = object.__new__(Value)
    out.data = data
    out.grad = 0.0
    out._a = first
    out._b = second
    out._op = op.name
    out._arg = k
    out.label = ""
    out._mark = None
    return out


def derived(op: Op, operands: tuple, k: Optional[float] = None, label: str = "") -> Value:
    """The Value ``op`` makes from ``operands`` (a tuple of Values), labelled ``label``;
    MathError, naming the expression, when the math leaves the reals."""
    # _result's work, written out: an evaluation makes every node of a document this way.
    b = operands[1].data if len(operands) > 1 else None
    try:
        data = op.compute(operands[0].data, b, k)
    except MathError as error:
        raise error.at(_describe(op, operands, k)) from None
    out = object.__new__(Value)
    out.data = data
    out.grad = 0.0
    out._a = operands[0]
    out._b = operands[1] if len(operands) > 1 else None
    out._op = op.name
    out._arg = k
    out.label = label
    out._mark = None
    return out


def finite_number(x, what: str = "a Value's data") -> float:
    """``x`` as a finite float; DataError, naming ``x``, for nan, inf, strings and non-numbers."""
    if isinstance(x, (str, bytes, bytearray)) or not _is_number(x):
        raise DataError(f"{what} must be a real number, not {type(x).__name__} {_show(x)}")
    try:
        number = float(x)
    except OverflowError:
        raise DataError(f"{what} must be a finite number; {_show(x)} is too large for a float") from None
    if number - number != 0.0:
        raise DataError(f"{what} must be a finite number, not {_show(x)}")
    return number


def _show(x) -> str:
    """``repr(x)``, cut short: 10**400 has 401 digits."""
    text = repr(x)
    return text if len(text) <= 40 else f"{text[:30]}... ({len(text)} characters)"


def _is_number(x) -> bool:
    # The concrete types first: an isinstance check against an ABC is slow.
    return isinstance(x, (float, int)) or isinstance(x, Real)


def _as_value(x) -> Value:
    if isinstance(x, Value):
        return x
    if _is_number(x):
        return Value(x)
    raise TypeError(f"cannot combine a Value with {type(x).__name__}")


def _describe(op: Op, operands: Iterable[Value], k) -> str:
    return op.expression([v.label or repr(v.data) for v in operands], repr(k))


def _name(node: Value) -> str:
    """How an error names a node: its label, else the expression that made it."""
    return node.label or _describe(OPS[node._op], node._prev, node._arg)


def _name_any(node: Value) -> str:
    """Like ``_name``, for leaves too."""
    return node.label or (repr(node.data) if not node._prev else _name(node))


def backward_from(root: Value, order: List[Value] = None) -> None:
    """Run the whole backward pass from ``root`` (grads accumulate with +=).

    ``order`` is ``topological_order([root])`` when the caller already has it.
    """
    checked = order
    if order is None:
        try:
            # The pass walks only the op nodes. A grad that overflows reaches the
            # leaves: every rule passes on local * grad (inf * 0 is nan), and so do
            # the operands' own rules, all the way down; so the leaves' grads alone
            # tell whether the pass left one that is not finite.
            order, checked = op_order(root)
        except AttributeError:  # an operand that is not a Value, given to the constructor
            order = checked = topological_order([root])
    root.grad = 1.0
    try:
        propagate(order)
    except LocalRuleError as failed:
        node = failed.node
        raise OPS[node._op].derivative_error(failed.error).at(_name(node)) from None
    # Float products overflow to inf (and inf * 0 is nan) without a word;
    # name the first node it happened to.
    if first_not_finite(checked) is None:
        return
    node = first_not_finite(topological_order([root]))
    raise MathError("backward", not_finite("the grad", node.grad), _name_any(node))


# Each op's Value method, made from the table. They call _result directly, not
# apply: building graphs is a hot path, and the op is a closure cell here, the
# quickest name lookup Python has.

def _binary(op: Op):
    # A float operand becomes a leaf straight away: the common case skips _as_value.
    def forward(self, other):
        if other.__class__ is not Value:
            other = Value(other) if other.__class__ is float else _as_value(other)
        return _result(op, self, other, self.data, other.data)

    def reflected(self, other):
        other = Value(other) if other.__class__ is float else _as_value(other)
        return _result(op, other, self, other.data, self.data)
    return forward, reflected


def _with_exponent(op: Op):
    def method(self, exponent):
        # A finite float or an ordinary int takes the short way; anything else the full check.
        cls = exponent.__class__
        if cls is float and exponent - exponent == 0.0:
            k = exponent
        elif cls is int and -_INT_LIMIT < exponent < _INT_LIMIT:
            k = float(exponent)
        elif _is_number(exponent):
            k = finite_number(exponent, "an exponent")
        else:
            return NotImplemented
        return _result(op, self, None, self.data, None, k)
    return method


_INT_LIMIT = 2 ** 1000  # ints this small always make a finite float


def _unary(op: Op):
    def method(self):
        return _result(op, self, None, self.data)
    return method


def _methods(op: Op) -> dict:
    """The Value methods that apply ``op``, by name (a binary dunder brings its reflected twin)."""
    names = dict(a="self", b="other", k="exponent")
    if op.arity == 2:
        forward, reflected = _binary(op)
        methods = {op.method: (forward, op.doc or op.text.format(**names))}
        if op.method.startswith("__"):
            swapped = op.text.format(a="other", b="self", k="")
            methods["__r" + op.method[2:]] = (reflected, swapped)
    else:
        method = _with_exponent(op) if op.has_exponent else _unary(op)
        methods = {op.method: (method, op.doc or op.text.format(**names))}
    for name, (method, about) in methods.items():
        method.__name__, method.__qualname__, method.__doc__ = name, f"Value.{name}", about
    return {name: method for name, (method, _) in methods.items()}


def _install(op: Op) -> None:
    methods = _methods(op)
    taken = [name for name in methods if name in Value.__dict__]
    if taken:
        raise ValueError(f"Value already has {', '.join(taken)}")
    for name, method in methods.items():
        setattr(Value, name, method)


def register_op(op: Op) -> None:
    """Add ``op`` to the table and its method(s) to ``Value``; ValueError if a name is taken."""
    if op.name in OPS:
        raise ValueError(f"there is already an op {op.name!r}")
    _install(op)
    OPS[op.name] = op


def unregister_op(name: str) -> None:
    """Remove the op called ``name`` and its ``Value`` method(s) (KeyError if there is none)."""
    op = OPS.pop(name)
    for method in _methods(op):
        delattr(Value, method)


for _op in OPS.values():
    _install(_op)
del _op
