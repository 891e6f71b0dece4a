"""The Value class a standalone script carries: each op's Python text in the op table computes
what the engine does."""

import math
import random

import pytest

from gradgui.document import DocumentError
from gradgui.document.standalone_value import value_class_source
from gradgui.document import GraphDocument, insert_expression, parse_expression
from gradgui.document.kinds import op_kind, register_kind, unregister_kind
from gradgui.document.python_export import export_python
from gradgui.engine import OPS
from gradgui.engine.ops import function


def samples(name, rng):
    """(a, b, k) triples where the engine's op is defined, edge cases first."""
    edges = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -3.5, 1e-300, 700.0, -700.0, 30.0, -30.0]
    out = []
    for _ in range(400):
        a = rng.choice(edges) if rng.random() < 0.3 else rng.uniform(-50, 50) * rng.choice([1, 1e-3, 1e3])
        b = rng.choice(edges) if rng.random() < 0.3 else rng.uniform(-5, 5)
        k = rng.choice([2.0, 3.0, -1.0, 0.5, -0.5, 1.5, 0.0])
        out.append((a, b, k))
    return out


def engine(op, a, b, k):
    """The engine's output and local derivatives, or None where it refuses."""
    try:
        o = op.compute(a, b if op.arity == 2 else None, k)
        return o, op.derivatives(a, b if op.arity == 2 else None, o, k)
    except Exception:  # MathError, or a derivative out of the reals
        return None


@pytest.mark.parametrize("name", sorted(OPS))
def test_each_ops_text_gives_the_engines_numbers_bit_for_bit(name):
    op = OPS[name]
    forward, local = op.forward_python, op.local_python
    assert forward and len(local) == op.arity, f"the op table has no Python text for {name}"
    rng = random.Random(name)
    checked = 0
    for a, b, k in samples(name, rng):
        want = engine(op, a, b, k)
        if want is None:
            continue
        scope = {"math": math, "a": a, "b": b, "k": k}
        o = eval(forward, scope)  # noqa: S307 (our own table's text)
        scope["o"] = o
        derivatives = tuple(eval(text, scope) for text in local)  # noqa: S307
        assert (o, derivatives) == want, (name, a, b, k)
        assert math.copysign(1.0, o) == math.copysign(1.0, want[0]), (name, a, b, k)
        checked += 1
    assert checked > 100


def test_the_class_has_a_method_for_just_the_ops_asked_for():
    text = value_class_source(["tanh", "mul"])
    assert "def tanh(self):" in text and "def __mul__(self, other):" in text
    assert "def __add__" not in text and "def exp" not in text
    namespace = {"math": math}
    exec(compile("import math\n" + text, "<script>", "exec"), namespace)  # noqa: S102
    Value = namespace["Value"]
    x, w = Value(2.0, label="x"), Value(-0.5, label="w")
    y = (x * w).tanh()
    y.backward()
    assert y.data == math.tanh(-1.0) and x.grad == -0.5 * (1.0 - y.data * y.data)


def test_an_op_without_a_text_is_refused_by_name():
    with pytest.raises(DocumentError, match="standalone script for the op 'sin'"):
        value_class_source(["sin"])


def test_an_op_the_class_cannot_carry_makes_the_script_import_gradgui():
    quiet = function("quiet", lambda a, b, k: a, lambda a, b, o, k: (1.0,), ("1",), "Itself.")
    register_kind(op_kind(quiet, "functions", "quiet(a), a itself"))
    try:
        with pytest.raises(DocumentError, match="standalone script for the op 'quiet'"):
            value_class_source(["quiet"])
        doc = GraphDocument()
        command, _ = insert_expression(doc, parse_expression("quiet(x)"), {"x": ("input", 2.0)},
                                       label="o")
        command.do(doc)
        text = export_python(doc)
    finally:
        unregister_kind("quiet")
    assert "from gradgui.engine import Value" in text and "class Value" not in text
    assert "no 'quiet' op" in text
