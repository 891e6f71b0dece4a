"""Random graphs: grads against forward-mode dual numbers, and the stepper against backward().

A graph is a little program: a few leaves, then ops whose operands are any
earlier node (so operands get shared, and some nodes feed nothing). The same
program runs once on gradgui's Values and once on the dual numbers below,
which know nothing of the engine.
"""

import math
import operator

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gradgui.engine import MathError, Stepper, Value


class Dual:
    """A number with a tangent: forward-mode differentiation, the oracle."""

    __slots__ = ("val", "tan")

    def __init__(self, val, tan=0.0):
        self.val = val
        self.tan = tan


def _dual(x):
    return x if isinstance(x, Dual) else Dual(float(x))


def dual_op(name, a, b=None, k=None):
    """Apply the op called ``name`` to duals (or plain numbers) by calculus rules."""
    a = _dual(a)
    b = None if b is None else _dual(b)
    if name == "add":
        return Dual(a.val + b.val, a.tan + b.tan)
    if name == "sub":
        return Dual(a.val - b.val, a.tan - b.tan)
    if name == "mul":
        return Dual(a.val * b.val, a.tan * b.val + a.val * b.tan)
    if name == "div":
        return Dual(a.val / b.val, (a.tan * b.val - a.val * b.tan) / (b.val * b.val))
    if name == "pow":
        return Dual(a.val ** k, k * a.val ** (k - 1) * a.tan)
    if name == "neg":
        return Dual(-a.val, -a.tan)
    if name == "tanh":
        t = math.tanh(a.val)
        return Dual(t, (1 - t * t) * a.tan)
    if name == "exp":
        e = math.exp(a.val)
        return Dual(e, e * a.tan)
    if name == "log":
        return Dual(math.log(a.val), a.tan / a.val)
    if name == "relu":
        return Dual(max(a.val, 0.0), a.tan if a.val > 0 else 0.0)
    if name == "sigmoid":
        s = 1 / (1 + math.exp(-a.val)) if a.val > -700 else 0.0
        return Dual(s, s * (1 - s) * a.tan)
    raise ValueError(name)


UNARY = ["neg", "tanh", "exp", "log", "relu", "sigmoid", "pow"]
BINARY = ["add", "sub", "mul", "div"]
# A plain number on the left exercises the reflected operators (2*x, 1-x, 3/x, 2+x).
REFLECTED = ["radd", "rsub", "rmul", "rdiv"]
EXPONENTS = [2, 3, -1, 0.5, 1.5, -0.5]
CONSTANTS = [2.0, 1.0, 3.0, -0.5]


@st.composite
def programs(draw):
    """A random graph: leaf values, then steps (op, operand indices, number)."""
    leaves = draw(st.lists(st.floats(-3, 3, allow_nan=False).map(lambda x: round(x, 3)),
                           min_size=1, max_size=4))
    steps = []
    for i in range(draw(st.integers(0, 12))):
        count = len(leaves) + i
        # Prefer recent nodes, so graphs grow deep as well as wide.
        pick = st.one_of(st.integers(max(0, count - 3), count - 1), st.integers(0, count - 1))
        kind = draw(st.sampled_from(UNARY + BINARY + REFLECTED))
        a = draw(pick)
        b = draw(pick) if kind in BINARY else None
        number = None
        if kind == "pow":
            number = draw(st.sampled_from(EXPONENTS))
        elif kind in REFLECTED:
            number = draw(st.sampled_from(CONSTANTS))
        steps.append((kind, a, b, number))
    return leaves, steps


def run_program(program, make_leaf, op):
    """Run ``program``; ``op(kind, a, b, number)`` computes one node."""
    leaves, steps = program
    nodes = [make_leaf(i, x) for i, x in enumerate(leaves)]
    for kind, a, b, number in steps:
        nodes.append(op(kind, nodes[a], None if b is None else nodes[b], number))
    return nodes


def value_op(kind, a, b, number):
    """One step on gradgui's Values, through Python's operators."""
    if kind == "radd":
        return number + a
    if kind == "rsub":
        return number - a
    if kind == "rmul":
        return number * a
    if kind == "rdiv":
        return number / a
    if kind == "pow":
        return a ** number
    if kind in BINARY:
        return {"add": operator.add, "sub": operator.sub, "mul": operator.mul,
                "div": operator.truediv}[kind](a, b)
    if kind == "neg":
        return -a
    return getattr(a, kind)()


def dual_step(kind, a, b, number):
    """One step on duals, with the reflected forms spelled as plain ops."""
    if kind in REFLECTED:
        return dual_op(kind[1:], number, a)
    return dual_op(kind, a, b, k=number)


def build_values(program):
    """The program on Values, or skip the example if its math leaves the reals."""
    try:
        nodes = run_program(program, lambda i, x: Value(x, label=f"x{i}"), value_op)
    except MathError:
        assume(False)
    # Keep numbers in a range where a forward-mode oracle is a fair comparison.
    assume(all(abs(node.data) < 1e6 for node in nodes))
    # A root or fractional power at 0 has an infinite derivative there.
    assume(not any(node.op == "pow" and node.operands[0].data == 0.0 and node.exponent < 1
                   for node in nodes))
    return nodes


def backward_or_skip(root):
    """Backpropagate, skipping examples whose derivatives are infinite or overflow."""
    try:
        root.backward()
    except MathError:
        assume(False)


def oracle_grads(program):
    """d(root)/d(node) for every node: forward mode, with that node's tangent set to 1."""
    leaves, steps = program
    grads = []
    for seed in range(len(leaves) + len(steps)):
        duals = [Dual(x, 1.0 if i == seed else 0.0) for i, x in enumerate(leaves)]
        for kind, a, b, number in steps:
            out = dual_step(kind, duals[a], None if b is None else duals[b], number)
            if len(duals) == seed:
                # Perturb this node alone: its operands' tangents are all 0 anyway.
                out.tan = 1.0
            duals.append(out)
        grads.append(duals[-1].tan)
    return grads


SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])


@SETTINGS
@given(programs())
def test_grads_match_forward_mode(program):
    nodes = build_values(program)
    backward_or_skip(nodes[-1])
    grads = [node.grad for node in nodes]
    assume(all(math.isfinite(g) and abs(g) < 1e8 for g in grads))
    expected = oracle_grads(program)
    scale = 1.0 + max(abs(g) for g in expected)
    for node, got, want in zip(nodes, grads, expected):
        assert got == pytest.approx(want, rel=1e-7, abs=1e-9 * scale), node


@SETTINGS
@given(programs())
def test_stepper_gives_exactly_the_grads_of_backward(program):
    nodes = build_values(program)
    root = nodes[-1]
    backward_or_skip(root)
    expected = [node.grad for node in nodes]
    root.zero_grad()

    stepper = Stepper(root)
    stepper.run_to_end()
    assert [node.grad for node in nodes] == expected
    assert stepper.finished and stepper.step() is None


@SETTINGS
@given(programs())
def test_stepping_back_restores_exactly_the_grads_after_k_steps(program):
    nodes = build_values(program)
    root = nodes[-1]
    backward_or_skip(root)
    root.zero_grad()

    stepper = Stepper(root)
    after = [[node.grad for node in nodes]]
    while stepper.step() is not None:
        after.append([node.grad for node in nodes])
    assert len(after) == stepper.total + 1

    for k in range(stepper.total - 1, -1, -1):
        assert stepper.step_back() is not None
        assert stepper.position == k
        assert [node.grad for node in nodes] == after[k]
    assert stepper.step_back() is None

    # A fresh stepper over the same graph walks through the same grads again.
    fresh = Stepper(root)
    for k in range(1, fresh.total + 1):
        fresh.step()
        assert [node.grad for node in nodes] == after[k]


@SETTINGS
@given(programs())
def test_every_step_reports_its_own_numbers(program):
    nodes = build_values(program)
    root = nodes[-1]
    backward_or_skip(root)
    root.zero_grad()

    stepper = Stepper(root)
    while (step := stepper.step()) is not None:
        if step.is_seed:
            assert step.node is root and root.grad == 1.0
            continue
        locals_ = step.node.local_derivatives()
        assert [t.operand for t in step.terms] == list(step.node.operands)
        for term in step.terms:
            assert term.upstream == step.upstream
            assert term.local == locals_[term.index]
            assert term.contribution == term.local * term.upstream
            assert term.grad_after == term.grad_before + term.contribution
