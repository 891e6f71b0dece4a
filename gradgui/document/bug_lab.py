"""The bug lab: the backward pass done with one of the classic mistakes, next to the right one.

The engine's own ``backward()`` is never touched. Each variant runs on the
``Value``s of an ``Evaluation`` but keeps its grads in a dict of its own, so
the evaluation (and whatever the window shows) is left as it was.

Variants (``VARIANTS``):

- ``naive-order``: accumulates with ``+=`` but visits the nodes breadth-first
  from the output (operands in port order, each node once, when first
  reached) instead of in reverse topological order. A node that is reached
  through a short path before a longer path has added its share passes on
  a grad that is not complete yet. On a tree (every node used once, like
  the tutorial's neuron) the two orders give the same grads; on
  ``L = c + (c*3)*2`` (``c = a + b``) the naive order reaches ``c`` before
  ``c*3`` has added its 6, so ``a`` and ``b`` get 1 instead of 7.
- ``assign``: the right order, but each op writes ``operand.grad =`` instead
  of ``+=``, so a node used twice keeps only the last use's share:
  ``b = a + a`` gives ``a.grad`` 1 instead of 2.
- ``no-zero-grad``: the right pass, run without zeroing the grads first, as
  in a training loop that forgets ``zero_grad()``: each step's forward pass
  makes the op nodes anew (their grads start at 0), but the leaves (weights
  and inputs) outlive it and keep the previous pass's grads, so the new
  shares are added to the old. After a correct pass every leaf's grad
  doubles; the op nodes' grads are right. (Calling ``backward()`` twice on
  one unchanged ``Value`` graph goes further wrong: its op nodes also keep
  their old grads and pass them on again.)

The API (other parts of gradgui use these names):

- ``VARIANTS``, ``TITLES`` (short names for menus), ``EXPLANATIONS`` (one
  sentence each); ``check_variant(name)`` returns the name or raises
  ``BugLabError`` with one line.
- ``correct_grads(evaluation, output)`` and ``variant_grads(evaluation,
  output, variant, previous=None)``: node id -> grad, for every node that
  has a value (nodes the output does not depend on get 0, or with
  ``no-zero-grad`` a leaf keeps its previous grad). ``previous`` is the
  grads before a ``no-zero-grad`` pass, of which only the leaves' count
  (default: a correct pass's).
- ``differences(correct, buggy)``: node id -> (correct, buggy) where the two
  differ (beyond float rounding).
- ``run_variant(evaluation, output, variant, previous=None)`` and
  ``run_on_document(doc, variant, output=None)``: a ``VariantResult`` with
  both sets of grads and ``wrong``, the differences.
- ``naive_order(evaluation, output)``: the node ids in the order the naive
  variant visits them.
"""

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ..engine import MathError, Value, topological_order
from ..engine.ops import not_finite
from .document import GraphDocument
from .errors import DocumentError
from .evaluation import Evaluation, choose_output

VARIANTS = ("naive-order", "assign", "no-zero-grad")

TITLES = {"naive-order": "naive order", "assign": "assign", "no-zero-grad": "no zero_grad"}
"""How menus and messages name each variant."""

EXPLANATIONS = {
    "naive-order": "nodes visited breadth-first from the output, not in reverse topological "
                   "order: a node reached before all its users have added their share passes on "
                   "an incomplete grad",
    "assign": "grad = instead of grad +=: a node used more than once keeps only the last "
              "use's share",
    "no-zero-grad": "grads not zeroed before the pass: each leaf's grad is the previous "
                    "pass's plus this one's",
}
"""What each variant gets wrong, in one sentence."""

# Two grads that differ only by float rounding (a different order of the same
# additions) are the same grad.
REL_TOL = 1e-9
ABS_TOL = 1e-12


class BugLabError(DocumentError):
    """A bug lab request that cannot be run (an unknown variant), said in one line."""


def check_variant(name: str) -> str:
    """``name`` if it is a variant, else BugLabError naming the choices."""
    if name not in VARIANTS:
        raise BugLabError(f"unknown bug lab variant {name!r}: choose one of {', '.join(VARIANTS)}")
    return name


@dataclass(frozen=True)
class VariantResult:
    """A buggy pass next to the correct one: node id -> grad for each, and where they differ."""

    variant: str
    output: str
    correct: Dict[str, float]
    buggy: Dict[str, float]
    wrong: Dict[str, Tuple[float, float]] = field(default_factory=dict)

    def summary(self, label=str) -> str:
        """One line: which variant, and how many nodes (and which, if few) it gets wrong."""
        title = TITLES[self.variant]
        if not self.wrong:
            return f"Bug lab, {title}: every grad is right on this graph."
        names = [label(n) for n in self.wrong]
        shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        count = len(self.wrong)
        return f"Bug lab, {title}: {count} grad{'s' if count != 1 else ''} wrong ({shown})."


def _root(evaluation: Evaluation, output: str) -> Value:
    return evaluation._root(output)  # the same refusal as the evaluation's own backward


def _run(evaluation: Evaluation, root: Value, visits: List[Value], grads: Dict[str, float],
         assign: bool = False) -> Dict[str, float]:
    """Seed ``root`` with 1, then run each visited op's local rule; grads live in ``grads``."""
    id_of = evaluation.id_of
    grads[id_of(root)] = 1.0
    for node in visits:
        if not node._prev:
            continue
        locals_ = node.local_derivatives()
        upstream = grads.get(id_of(node), 0.0)
        for operand, local in zip(node._prev, locals_):
            key = id_of(operand)
            if assign:
                grads[key] = local * upstream
            else:
                grads[key] = grads.get(key, 0.0) + local * upstream
    for key, grad in grads.items():
        if grad - grad != 0.0:
            raise MathError("backward", not_finite("the grad", grad), evaluation.doc.label(key))
    return grads


def _zeros(evaluation: Evaluation) -> Dict[str, float]:
    return {node_id: 0.0 for node_id in evaluation.values}


def correct_grads(evaluation: Evaluation, output: str) -> Dict[str, float]:
    """Node id -> grad of the right pass from ``output`` (exactly the engine's numbers)."""
    root = _root(evaluation, output)
    return _run(evaluation, root, list(reversed(topological_order([root]))), _zeros(evaluation))


def _breadth_first(root: Value) -> List[Value]:
    order, seen, queue = [], {id(root)}, deque([root])
    while queue:
        node = queue.popleft()
        order.append(node)
        for operand in node._prev:
            if id(operand) not in seen:
                seen.add(id(operand))
                queue.append(operand)
    return order


def naive_order(evaluation: Evaluation, output: str) -> List[str]:
    """The node ids in the order the naive variant visits them: breadth-first from ``output``."""
    return [evaluation.id_of(v) for v in _breadth_first(_root(evaluation, output))]


def variant_grads(evaluation: Evaluation, output: str, variant: str,
                  previous: Optional[Dict[str, float]] = None) -> Dict[str, float]:
    """Node id -> grad of ``variant``'s pass from ``output``; the evaluation is not changed.

    ``previous`` (only for ``no-zero-grad``): the grads left by the pass
    before, by node id; only leaves keep theirs, missing ones count as 0.
    Default: a correct pass's.
    """
    check_variant(variant)
    root = _root(evaluation, output)
    if variant == "naive-order":
        return _run(evaluation, root, _breadth_first(root), _zeros(evaluation))
    reverse_topo = list(reversed(topological_order([root])))
    if variant == "assign":
        return _run(evaluation, root, reverse_topo, _zeros(evaluation), assign=True)
    if previous is None:
        previous = correct_grads(evaluation, output)
    start = _zeros(evaluation)
    values = evaluation.values
    start.update((k, float(v)) for k, v in previous.items() if k in values and not values[k]._prev)
    return _run(evaluation, root, reverse_topo, start)


def differences(correct: Dict[str, float],
                buggy: Dict[str, float]) -> Dict[str, Tuple[float, float]]:
    """Node id -> (correct, buggy) for every node whose two grads differ beyond rounding."""
    wrong = {}
    for node_id, right in correct.items():
        got = buggy.get(node_id, 0.0)
        if not math.isclose(right, got, rel_tol=REL_TOL, abs_tol=ABS_TOL):
            wrong[node_id] = (right, got)
    return wrong


def run_variant(evaluation: Evaluation, output: str, variant: str,
                previous: Optional[Dict[str, float]] = None) -> VariantResult:
    """Run ``variant`` and the correct pass from ``output`` and compare them."""
    check_variant(variant)
    correct = correct_grads(evaluation, output)
    buggy = variant_grads(evaluation, output, variant,
                          previous=correct if previous is None else previous)
    return VariantResult(variant, output, correct, buggy, differences(correct, buggy))


def run_on_document(doc: GraphDocument, variant: str, output: Optional[str] = None) -> VariantResult:
    """Evaluate ``doc`` and run ``variant`` from ``output`` (default: the document's output)."""
    check_variant(variant)
    evaluation = Evaluation(doc)
    return run_variant(evaluation, output if output is not None else choose_output(doc), variant)
