"""The backward pass one node at a time, each step explained in numbers."""

from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

from .errors import MathError
from .numbers import fmt
from .ops import OPS, not_finite
from .step_order import kept_together
from .topo import topological_order

def default_name(value) -> str:
    """A value's name in an explanation: its label, or its data."""
    return value.label or fmt(value.data)


def _wrap(name: str) -> str:
    """Parenthesise a name that reads as an expression, e.g. (x2*w2)."""
    if any(ch in name for ch in "+-*/ ") and not (name.startswith("(") and name.endswith(")")):
        return f"({name})"
    return name


@dataclass(frozen=True)
class Term:
    """What one step does to one operand: its share of the chain rule."""

    index: int
    operand: object
    local: float
    local_text: str
    upstream: float
    contribution: float
    grad_before: float
    grad_after: float
    line: str

    @property
    def accumulates(self) -> bool:
        """True when the operand already had a grad, so += really adds."""
        return self.grad_before != 0.0


@dataclass(frozen=True)
class Step:
    """One step of the backward pass: the seed (step 0) or one op node's backward."""

    index: int
    node: object
    upstream: float
    terms: Tuple[Term, ...]
    seed_before: Optional[float] = None
    seed_line: str = ""

    @property
    def is_seed(self) -> bool:
        """True for step 0, which sets the output's grad to 1."""
        return self.seed_before is not None

    @property
    def lines(self) -> List[str]:
        """The chain-rule lines of this step, one per operand (the seed has one)."""
        if self.is_seed:
            return [self.seed_line]
        return [term.line for term in self.terms]


class Stepper:
    """Walks the backward pass from ``root``: step 0 seeds, then one op node a step.

    Leaves get no step of their own: they have nothing to pass on. Stepping
    back restores every grad the step changed to its exact earlier value.
    Running every step gives exactly the grads of ``root.backward()``.
    ``part(value)`` names the part a value is in (None: none), when the steps of
    each part should run one after another wherever the pass allows it; a value
    with several users may then add their shares in another order, so its grad
    is Backward's up to the rounding of that sum.
    """

    def __init__(self, root, name: Callable[[object], str] = default_name, order=None,
                 seed: float = 1.0, seed_why: str = "", carried: Optional[Dict[int, float]] = None,
                 carried_from: str = "", part: Optional[Callable[[object], object]] = None):
        self.root = root
        self.name = name
        # A pass that is one part of a bigger total (one row of a data set) seeds the
        # output with its share, and some grads start with what earlier parts left.
        self.seed = seed
        self.seed_why = seed_why
        self.carried: Dict[int, float] = dict(carried or {})  # id(value) -> grad carried in
        self.carried_from = carried_from
        order = topological_order([root]) if order is None else order
        # The root appears twice: once to be seeded, once for its own op.
        ops = [v for v in reversed(order) if v._prev]
        if part is not None:  # the steps of one part (a collapsed group, say) run together
            ops = kept_together(ops, part)
        self.queue = [root] + ops
        self.done: List[Step] = []
        self._writes: Dict[int, int] = {}  # id(value) -> how many steps taken wrote its grad

    @property
    def total(self) -> int:
        """How many steps the whole pass has (the seed included)."""
        return len(self.queue)

    @property
    def position(self) -> int:
        """How many steps have been taken."""
        return len(self.done)

    @property
    def finished(self) -> bool:
        """True when every step has been taken."""
        return self.position == self.total

    def remaining(self) -> list:
        """The nodes still to visit, next first."""
        return self.queue[self.position:]

    def step(self) -> Optional[Step]:
        """Take the next step and return it (None when finished)."""
        if self.finished:
            return None
        node = self.queue[self.position]
        if not self.done:
            name = _wrap(self.name(node))
            why = self.seed_why or f"d{name}/d{name} = 1"
            step = Step(0, node, self.seed, (), seed_before=node.grad,
                        seed_line=f"{name}.grad = {fmt(self.seed)}  ({why})")
            node.grad = self.seed
        else:
            step = Step(self.position, node, node.grad, tuple(self._apply(node)))
        self.done.append(step)
        self._count_writes(step, 1)
        return step

    def reached(self, value) -> bool:
        """True once a step taken has written ``value``'s grad, or it came with a grad
        carried in: before that, its grad (0) is not an answer yet but work still to do."""
        return self._writes.get(id(value), 0) > 0 or id(value) in self.carried

    def carry_note(self, term: Term) -> Optional[str]:
        """What += adds to for a term whose operand still holds only the grad carried in
        from earlier parts (earlier rows), else None."""
        carried = self.carried.get(id(term.operand))
        if carried is None or term.grad_before != carried or not self.carried_from:
            return None
        return (f"{self.name(term.operand)} already had grad {fmt(term.grad_before)} from "
                f"{self.carried_from}, so += adds on top of it: "
                f"{fmt(term.grad_before)} + {fmt(term.contribution)} = {fmt(term.grad_after)}")

    def _count_writes(self, step: "Step", change: int) -> None:
        for value in [step.node] if step.is_seed else [t.operand for t in step.terms]:
            self._writes[id(value)] = self._writes.get(id(value), 0) + change

    def step_back(self) -> Optional[Step]:
        """Undo the last step exactly and return it (None at the start)."""
        if not self.done:
            return None
        step = self.done.pop()
        self._count_writes(step, -1)
        if step.is_seed:
            step.node.grad = step.seed_before
        for term in reversed(step.terms):
            term.operand.grad = term.grad_before
        return step

    def run_to_end(self) -> None:
        """Take every remaining step."""
        while self.step() is not None:
            pass

    def _apply(self, node):
        op = OPS[node._op]
        upstream = node.grad
        names = {"o": self.name(node)}
        for key, operand in zip("ab", node._prev):
            names[key] = _wrap(self.name(operand))
        if node._arg is not None:
            names["k"] = fmt(node._arg)
            names["km1"] = fmt(node._arg - 1.0)
        terms = []
        for index, (operand, local) in enumerate(zip(node._prev, node.local_derivatives())):
            contribution = local * upstream
            before = operand.grad
            operand.grad += contribution
            local_text = op.local_text[index].format(**{k: _wrap(v) for k, v in names.items()})
            line = (f"{_wrap(self.name(operand))}.grad += {local_text} * {_wrap(names['o'])}.grad"
                    f" = {fmt(local)} * {fmt(upstream)} = {fmt(contribution)}")
            terms.append(Term(index, operand, local, local_text, upstream, contribution,
                              before, operand.grad, line))
        overflowed = [t for t in terms if t.grad_after - t.grad_after != 0.0]
        if overflowed:
            for term in reversed(terms):  # the step did not happen
                term.operand.grad = term.grad_before
            first = overflowed[0]
            raise MathError("backward", not_finite("the grad", first.grad_after),
                            self.name(first.operand))
        return terms
