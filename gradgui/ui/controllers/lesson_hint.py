"""What a lesson says to a wrong prediction of a grad: the chain rule's terms for it, by
name at the first miss, then with their numbers, as the stepper spells out a step."""

from typing import List

from ...engine import fmt
from ..canvas.edge_labels import derivative_name


def wrong_answer_text(doc, condition, typed: float, misses: int) -> str:
    """The reply to the ``misses``-th wrong answer ``typed`` to a 'predict' condition."""
    from ...document.lesson_check import chain_terms  # with the lesson, not at start
    terms = chain_terms(doc, condition)
    head = f"Not {fmt(typed)}."
    if terms is None:  # a bug lab's grad, or a graph that cannot be evaluated
        return f"{head} Try again."
    label, node, output = doc.label, doc.label(condition.node), condition.output
    if not terms:
        return (f"{head} The backward pass starts here, at the output: its grad is "
                f"{derivative_name(node, node)} = 1.")

    def grad_of(node_id: str) -> str:
        # A part of the graph (b = a + a): the derivative of its end, not a canvas grad.
        if output is None:
            return f"the grad of {label(node_id)}"
        return derivative_name(label(output), label(node_id))

    def local_of(term) -> str:
        return derivative_name(label(term.user), node)

    factors, numbers = [], []  # the rule's terms by name; their numbers
    for term in terms:
        ends_here = output is not None and term.user == output  # its own grad is 1
        factors.append(local_of(term) if ends_here else f"{grad_of(term.user)} × {local_of(term)}")
        if not ends_here:
            numbers.append(f"{grad_of(term.user)} is {fmt(term.user_grad)}")
        shares = " + ".join(fmt(share) for share in term.shares)
        numbers.append(f"{local_of(term)} is {shares}" if len(term.shares) > 1
                       else f"{local_of(term)} is {fmt(term.local)}")
    wires = [f"There are {len(t.shares)} wires from {node} into {label(t.user)}, each adding "
             f"its share to {local_of(t)}." for t in terms if len(t.shares) > 1]
    rule = " + ".join(factors)
    # b = a + a on its own: the rule would say "db/da is db/da"; the wires say it all.
    said = [] if rule == grad_of(condition.node) else [
        f"By the chain rule, {grad_of(condition.node)} is {rule}."]
    text = " ".join([head, *said, *wires])
    if misses < 2:
        return f"{text} Work out each {'factor' if said else 'share'} and try again."
    return f"{text} Here {_listed(numbers)}."


def _listed(parts: List[str]) -> str:
    """a, b and c."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
