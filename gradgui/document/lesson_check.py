"""Telling whether a lesson step's action is done, from the document, its evaluation,
the step-through and the learner's typed answer; and the answers themselves."""

import math
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from ..engine import Stepper
from . import bug_lab
from .document import GraphDocument
from .errors import DocumentError
from .evaluation import Evaluation, choose_output
from .lesson import Condition, Lesson


@dataclass
class LessonState:
    """What a condition may look at: the document and its evaluation, the step-through
    on show (None when not stepping), the answer the learner last typed and the bug
    lab variant on show (None: the correct pass)."""

    doc: GraphDocument
    evaluation: Evaluation
    stepper: Optional[Stepper] = None
    answer: Optional[float] = None
    bug_lab: Optional[str] = None


def same_to_4_digits(typed: float, truth: float) -> bool:
    """True when ``typed`` is ``truth`` to 4 significant digits (rounded or cut off).

    A grad that is zero but for floating-point dust (below 1e-12) counts as 0.
    """
    if not (math.isfinite(typed) and math.isfinite(truth)):
        return False
    if abs(truth) < 1e-12:
        return abs(typed) < 1e-12
    unit = 10.0 ** (math.floor(math.log10(abs(truth))) - 3)  # one in the 4th digit
    return abs(typed - truth) <= unit * (1 + 1e-9)


def variant_grads(doc: GraphDocument, variant: Optional[str] = None,
                  output: Optional[str] = None) -> Dict[str, float]:
    """Every node's grad from a fresh pass from ``output`` (default: the graph's output):
    the right pass, or the bug lab's ``variant``. DocumentError if there is none."""
    evaluation = Evaluation(doc)
    output = choose_output(doc) if output is None else output
    if variant is None:
        evaluation.backward(output)
        return {n: evaluation.grad(n) for n in evaluation.values}
    return bug_lab.variant_grads(evaluation, output, variant)


def right_grads(doc: GraphDocument) -> Dict[str, float]:
    """Every node's grad from a fresh, correct backward pass from the output."""
    return variant_grads(doc)


def expected_answer(doc: GraphDocument, condition: Condition) -> Optional[float]:
    """The grad a 'predict' condition asks for, or None if the graph cannot give it now."""
    try:
        return variant_grads(doc, condition.variant, condition.output).get(condition.node)
    except (DocumentError, ArithmeticError):
        return None


def is_done(condition: Condition, state: LessonState, lesson: Lesson) -> bool:
    """True when ``state`` meets ``condition``."""
    doc, evaluation, stepper = state.doc, state.evaluation, state.stepper
    kind = condition.kind
    for node_id in (condition.node, condition.source, condition.target, condition.output):
        if node_id is not None and node_id not in doc:
            return False  # the learner deleted it: the action can't be done
    if kind == "bug_lab":
        return state.bug_lab == condition.variant
    if kind == "backward":
        return evaluation.has_grads and (stepper is None or stepper.finished)
    if kind == "step":
        if stepper is None:
            return evaluation.has_grads  # the whole pass showed it at once
        value = evaluation.values.get(condition.node)
        return value is not None and stepper.reached(value)
    if kind == "predict":
        if state.answer is None:
            return False
        truth = expected_answer(doc, condition)
        return truth is not None and same_to_4_digits(state.answer, truth)
    if kind == "wire":
        ports = doc.ports_between(condition.source, condition.target)
        return bool(ports) if condition.port is None else condition.port in ports
    if kind in ("value", "change"):
        value = doc.node(condition.node).get("value")
        if value is None:
            return False
        if kind == "value":
            return same_to_4_digits(value, condition.number)
        return value != lesson.start_value(condition.node)
    data = evaluation.data(condition.node)
    if data is None:
        return False
    return data < condition.number if kind == "below" else data > condition.number


@dataclass(frozen=True)
class ChainTerm:
    """One term of the chain rule for a node's grad: a node ``user`` it feeds, that
    node's grad, and the local derivative of ``user`` by the node as one share per wire
    between them (b = a + a: two)."""

    user: str
    user_grad: float
    shares: Tuple[float, ...]

    @property
    def local(self) -> float:
        """The local derivative: the wires' shares added up."""
        return sum(self.shares)


@dataclass(frozen=True)
class ChainRule:
    """The chain rule for the grad a 'predict' condition asks for: the ``output`` the
    pass starts from, and one term per node on the way to it that the node feeds (none
    for the output itself, or for a node with no path to it)."""

    output: str
    terms: List[ChainTerm]


def chain_terms(doc: GraphDocument, condition: Condition) -> Optional[ChainRule]:
    """The chain rule's terms for the grad a 'predict' condition asks for. None for a bug
    lab variant's grad (the rule is not what it follows) or a graph that cannot be
    evaluated."""
    if condition.variant is not None or condition.node not in doc:
        return None
    try:
        output = choose_output(doc) if condition.output is None else condition.output
        if output not in doc:
            return None
        if condition.node == output:
            return ChainRule(output, [])
        evaluation = Evaluation(doc)
        evaluation.backward(output)
        on_the_way = doc.upstream(output) | {output}
        terms = []
        for user in sorted(set(doc.graph.successors(condition.node)) & on_the_way):
            locals_ = evaluation.values[user].local_derivatives()
            shares = tuple(locals_[port] for port, source in enumerate(doc.inputs(user))
                           if source == condition.node)
            terms.append(ChainTerm(user, evaluation.grad(user), shares))
        return ChainRule(output, terms)
    except (DocumentError, ArithmeticError):
        return None
