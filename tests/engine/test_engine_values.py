"""The Value engine: the tutorial's numbers, every op's derivatives, errors, depth."""

import math
import sys

import pytest

from gradgui.engine import OPS, DataError, GradguiError, MathError, Value, fmt, topological_order
from tutorial_neuron import neuron_values


def test_tutorial_snippet_runs_unchanged():
    x1 = Value(2.0, label='x1')
    x2 = Value(0.0, label='x2')
    w1 = Value(-3.0, label='w1')
    w2 = Value(1.0, label='w2')
    b = Value(6.8813735870195432, label='b')
    x1w1 = x1*w1; x1w1.label = 'x1*w1'
    x2w2 = x2*w2; x2w2.label = 'x2*w2'
    x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'
    n = x1w1x2w2 + b; n.label = 'n'
    o = n.tanh(); o.label = 'o'
    o.backward()

    assert round(o.data, 4) == 0.7071
    assert repr(o).startswith("Value(data=")
    expected = {o: 1.0, n: 0.5, b: 0.5, x1w1x2w2: 0.5, x1w1: 0.5, x2w2: 0.5,
                x1: -1.5, w1: 1.0, x2: 0.5, w2: 0.0}
    for node, grad in expected.items():
        assert node.grad == pytest.approx(grad, abs=1e-12), node.label


# --- every op against central finite differences ----------------------------

H = 1e-6


def central_difference(f, xs, i):
    """d f / d xs[i] by a central difference on plain floats."""
    up = list(xs)
    down = list(xs)
    up[i] += H
    down[i] -= H
    return (f(*up) - f(*down)) / (2 * H)


def check_against_finite_differences(build, xs):
    """Build the op on Values, backpropagate, compare every operand's grad."""
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    out = build(*leaves)
    out.backward()

    def plain(*args):
        return build(*(Value(a) for a in args)).data

    for i, leaf in enumerate(leaves):
        expected = central_difference(plain, xs, i)
        assert leaf.grad == pytest.approx(expected, rel=1e-6, abs=1e-6), (i, xs)


BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}
POINTS_2 = [(2.0, 3.0), (-1.5, 0.7), (0.3, -4.0), (-2.5, -0.25), (1.0, 1.0)]


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("xs", POINTS_2)
def test_binary_op_matches_finite_differences(name, xs):
    check_against_finite_differences(BINARY[name], xs)


UNARY = {
    "neg": (lambda a: -a, [-2.0, -0.3, 0.0, 0.5, 3.0]),
    "tanh": (lambda a: a.tanh(), [-2.0, -0.3, 0.0, 0.5, 3.0]),
    "exp": (lambda a: a.exp(), [-2.0, -0.3, 0.0, 0.5, 3.0]),
    "log": (lambda a: a.log(), [0.01, 0.3, 1.0, 2.5, 100.0]),
    "relu": (lambda a: a.relu(), [-2.0, -0.3, 0.5, 3.0]),
    "sigmoid": (lambda a: a.sigmoid(), [-5.0, -0.3, 0.0, 0.5, 5.0]),
}


@pytest.mark.parametrize("name,x", [(n, x) for n, (_, xs) in sorted(UNARY.items()) for x in xs])
def test_unary_op_matches_finite_differences(name, x):
    check_against_finite_differences(UNARY[name][0], (x,))


@pytest.mark.parametrize("k", [2, 3, 0, 1, 0.5, 1.5, -1, -2, -0.5, 2.7])
@pytest.mark.parametrize("x", [0.4, 1.0, 2.3, 7.0])
def test_pow_matches_finite_differences(k, x):
    check_against_finite_differences(lambda a: a ** k, (x,))


@pytest.mark.parametrize("k", [2, 3, -1, -2])
@pytest.mark.parametrize("x", [-0.4, -2.3])
def test_pow_of_negative_base_with_whole_exponent(k, x):
    check_against_finite_differences(lambda a: a ** k, (x,))


REFLECTED = {
    "2*x": lambda x: 2 * x,
    "1-x": lambda x: 1 - x,
    "3/x": lambda x: 3 / x,
    "2+x": lambda x: 2 + x,
    "x*2": lambda x: x * 2,
    "x-1": lambda x: x - 1,
    "x/3": lambda x: x / 3,
    "x+2": lambda x: x + 2,
}


@pytest.mark.parametrize("name", sorted(REFLECTED))
@pytest.mark.parametrize("x", [-2.0, -0.5, 0.25, 1.0, 4.0])
def test_mixed_with_plain_numbers_matches_finite_differences(name, x):
    check_against_finite_differences(REFLECTED[name], (x,))


@pytest.mark.parametrize("name", sorted(OPS))
def test_apply_makes_the_same_node_as_the_operators(name):
    a, b = Value(1.5, label="a"), Value(0.75, label="b")
    op = OPS[name]
    others = (b,) if op.arity == 2 else ()
    k = 3.0 if name == "pow" else None
    made = a.apply(op, *others, k=k)
    if name == "pow":
        expected = a ** 3
    elif op.arity == 2:
        expected = {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b}[name]
    elif name == "neg":
        expected = -a
    else:
        expected = getattr(a, name)()
    assert (made.data, made.op, made.operands, made.exponent) == (
        expected.data, expected.op, expected.operands, expected.exponent)
    assert made.op == name and made.operands == (a,) + others


def test_only_numbers_mix_with_values():
    x = Value(1.0)
    with pytest.raises(TypeError):
        x + "1"
    with pytest.raises(TypeError):
        "1" * x
    with pytest.raises(TypeError):
        x ** Value(2.0)


def test_reflected_forms_keep_operand_order():
    x = Value(4.0, label="x")
    assert (1 - x).data == -3.0
    assert (3 / x).data == 0.75
    out = 1 - x
    assert out.op == "sub" and out.operands[1] is x and out.operands[0].data == 1.0


def test_a_composite_expression_matches_finite_differences():
    def build(a, b, c):
        return ((a * b + c.exp()) / (1 + b ** 2)).tanh() - (a - c).sigmoid() * (b * b + 1).log()

    for xs in [(0.5, -1.2, 0.3), (-0.7, 2.0, -1.5), (1.1, 0.1, 0.9)]:
        check_against_finite_differences(build, xs)


# --- shared operands and zero_grad --------------------------------------------


def test_x_times_x_has_grad_two_x():
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 6.0


def test_a_plus_a_has_grad_two():
    a = Value(-1.25)
    (a + a).backward()
    assert a.grad == 2.0


def test_a_node_feeding_two_others_accumulates():
    a = Value(2.0, label="a")
    c = a * 3.0
    d = a + 5.0
    e = c * d
    e.backward()
    # e = 3a * (a + 5): de/da = 3(a + 5) + 3a = 6a + 15
    assert a.grad == 27.0
    assert c.grad == d.data and d.grad == c.data


def neuron():
    """The tutorial's neuron, returned as (output, every node)."""
    nodes = neuron_values()
    return nodes["o"], list(nodes.values())


def test_zero_grad_zeroes_the_whole_graph():
    o, nodes = neuron()
    o.backward()
    assert any(node.grad != 0.0 for node in nodes if node is not o)
    o.zero_grad()
    assert all(node.grad == 0.0 for node in nodes)


def test_backward_twice_after_zero_grad_gives_the_same_grads():
    o, nodes = neuron()
    o.backward()
    first = [node.grad for node in nodes]
    o.zero_grad()
    o.backward()
    assert [node.grad for node in nodes] == first


def test_backward_seeds_the_root_with_one_rather_than_adding_one():
    o, _ = neuron()
    o.backward()
    o.backward()
    assert o.grad == 1.0


# --- deep chains ------------------------------------------------------------------


@pytest.fixture
def default_recursion_limit():
    """Run the test at CPython's default recursion limit."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    yield
    sys.setrecursionlimit(old)


def test_backward_on_a_200000_node_add_chain(default_recursion_limit):
    x0 = Value(0.0, label="x0")
    x = x0
    for _ in range(200_000):
        x = x + 1
    x.backward()
    assert x.data == 200_000.0
    assert x0.grad == 1.0
    x.zero_grad()
    assert x0.grad == 0.0


def test_backward_on_a_200000_node_mul_chain(default_recursion_limit):
    x0 = Value(1.0, label="x0")
    c = Value(1.0000001, label="c")
    x = x0
    for _ in range(200_000):
        x = x * c
    x.backward()
    assert x0.grad == pytest.approx(1.0000001 ** 200_000, rel=1e-9)
    # x = x0 * c**n, so dx/dc = n * c**(n - 1), gathered from 200,000 uses of c.
    assert c.grad == pytest.approx(200_000 * 1.0000001 ** 199_999, rel=1e-6)
    assert len(topological_order([x])) == 200_002


# --- errors -------------------------------------------------------------------------

FAILING = [
    ("log", "zero", lambda: Value(0.0, label="zero").log()),
    ("log", "minus", lambda: Value(-1.0, label="minus").log()),
    ("div", "num", lambda: Value(1.0, label="num") / 0),
    ("div", "den", lambda: 1.0 / Value(0.0, label="den")),
    ("exp", "big", lambda: Value(1000.0, label="big").exp()),
    ("pow", "neg8", lambda: Value(-8.0, label="neg8") ** 0.5),
    ("pow", "nought", lambda: Value(0.0, label="nought") ** -1),
    ("mul", "huge", lambda: Value(1e200, label="huge") * 1e200),
    ("add", "top", lambda: Value(1.7e308, label="top") + 1.7e308),
]


@pytest.mark.parametrize("op,node,make", FAILING, ids=[f"{op}-{node}" for op, node, _ in FAILING])
def test_math_out_of_the_reals_raises_math_error_naming_op_and_node(op, node, make):
    with pytest.raises(MathError) as caught:
        make()
    assert caught.value.op == op
    assert op in str(caught.value)
    assert node in str(caught.value)
    assert node in caught.value.node


def test_a_failing_derivative_raises_math_error_naming_the_node():
    root = Value(0.0, label="r") ** 0.5
    root.label = "sqrt_r"
    assert root.data == 0.0
    with pytest.raises(MathError) as caught:
        root.backward()
    assert caught.value.op == "pow"
    assert "sqrt_r" in str(caught.value)
    with pytest.raises(MathError, match="sqrt_r"):
        root.local_derivatives()


def test_a_failing_derivative_of_an_unlabelled_node_names_its_expression():
    root = Value(0.0, label="r") ** 0.25
    with pytest.raises(MathError) as caught:
        root.backward()
    assert caught.value.node == "r**0.25"
    assert "pow" in str(caught.value)


def test_saturating_functions_do_not_overflow():
    assert Value(1000.0).tanh().data == 1.0
    assert Value(-1000.0).tanh().data == -1.0
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0
    x = Value(1000.0)
    out = x.tanh() + x.sigmoid()
    out.backward()
    assert x.grad == 0.0


# --- data the engine refuses -------------------------------------------------------


@pytest.mark.parametrize("data,shown", [
    (float("nan"), "nan"), (float("inf"), "inf"), (float("-inf"), "-inf"),
    ("nan", "'nan'"), ("1e999", "'1e999'"), ("2.0", "'2.0'"), (None, "None"), ([1.0], "[1.0]"),
])
def test_non_finite_and_non_numeric_data_is_refused_naming_it(data, shown):
    with pytest.raises(DataError) as caught:
        Value(data)
    assert shown in str(caught.value)
    assert isinstance(caught.value, GradguiError)


def test_a_number_too_large_for_a_float_is_refused_with_gradguis_error():
    with pytest.raises(DataError) as caught:
        Value(10 ** 400)
    assert "too large" in str(caught.value) and "1000000000" in str(caught.value)
    assert not isinstance(caught.value, OverflowError)


@pytest.mark.parametrize("make", [
    lambda x: x + float("nan"), lambda x: float("inf") * x, lambda x: x - "1",
    lambda x: x ** float("nan"), lambda x: x ** 10 ** 400,
], ids=["add-nan", "rmul-inf", "sub-str", "pow-nan", "pow-huge"])
def test_operands_and_exponents_are_checked_too(make):
    with pytest.raises((DataError, TypeError)):
        make(Value(2.0))


def test_plain_real_numbers_are_still_welcome():
    assert [Value(x).data for x in (3, True, 0.5, -0.0)] == [3.0, 1.0, 0.5, -0.0]
    assert (2 * Value(1.5)).data == 3.0 and (Value(3.0) ** 2).data == 9.0


def test_a_nan_result_says_it_is_not_a_number():
    x = Value(1.0, label="x")
    x.data = float("inf")  # data stays writable; a nan result must still be named for what it is
    with pytest.raises(MathError, match=r"not a number \(nan\)") as caught:
        x - x
    assert "overflow" not in str(caught.value)
    x.data = float("nan")
    with pytest.raises(MathError, match="not a number"):
        x.relu()


def test_a_nan_grad_says_it_is_not_a_number():
    u, w = Value(-1.0, label="u"), Value(1e-310, label="w")
    out = (u.relu() + w).log()  # w's grad overflows to inf; relu's 0 times inf is nan
    with pytest.raises(MathError, match=r"not a number \(nan\)") as caught:
        out.backward()
    assert caught.value.node == "u"


def test_math_error_is_an_arithmetic_error():
    with pytest.raises(ArithmeticError):
        Value(-2.0).log()


# --- numbers for people ---------------------------------------------------------------


@pytest.mark.parametrize("x,text", [
    (1.0, "1.0"), (0.5, "0.5"), (-1.5, "-1.5"), (0.70710678, "0.7071"), (0.0, "0.0"),
    (-3.0, "-3.0"), (2.25, "2.25"),
])
def test_fmt_writes_short_numbers(x, text):
    assert fmt(x) == text


@pytest.mark.parametrize("x", [1e-7, -1e-7, 3.2e-12])
def test_fmt_never_shows_a_tiny_number_as_zero(x):
    text = fmt(x)
    assert text not in ("0.0", "-0.0", "0")
    assert float(text) == pytest.approx(x, rel=1e-3)


def test_fmt_of_non_finite_numbers():
    assert fmt(math.inf) == "inf" and fmt(-math.inf) == "-inf" and fmt(math.nan) == "nan"
