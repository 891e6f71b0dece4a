"""What a lesson says to a wrong prediction of a grad: the chain rule's terms for it, by
name at the first miss, then with their numbers, as the stepper spells out a step."""

from typing import List

from ...engine import fmt
from ..canvas.edge_labels import derivative_name


def grad_name(doc, output, node_id: str) -> str:
    """What a 'predict' step asks for, in words: a node's grad, or, of a part of the graph
    that ends at ``output`` (b = a + a in a bigger one), the derivative of that end: not the
    grad on the canvas."""
    if output is None:
        return f"the grad of {doc.label(node_id)}"
    return derivative_name(doc.label(output), doc.label(node_id))


def wrong_answer_text(doc, condition, typed: float, misses: int) -> str:
    """The reply to the ``misses``-th wrong answer ``typed`` to a 'predict' condition."""
    from ...document.lesson_check import chain_terms  # with the lesson, not at start
    rule = chain_terms(doc, condition)
    head = f"Not {fmt(typed)}."
    if rule is None:  # a bug lab's grad, or a graph that cannot be evaluated
        return f"{head} Try again."
    label, node, output = doc.label, doc.label(condition.node), condition.output
    terms = rule.terms
    if condition.node == rule.output:
        return (f"{head} The backward pass starts here, at the output: its grad is "
                f"{derivative_name(node, node)} = 1.")
    if not terms:
        return (f"{head} No path of wires leads from {node} to {label(rule.output)}: "
                "nothing flows back to it.")

    def grad_of(node_id: str) -> str:
        return grad_name(doc, output, node_id)

    def local_of(term) -> str:
        if term.user == output:  # its own name is the derivative asked for
            return f"the local derivative of {label(term.user)} by {node}"
        return derivative_name(label(term.user), node)

    if len(terms) == 1 and terms[0].user == output:  # a part that ends where it starts
        return _direct(head, terms[0], node, label(output), grad_of(condition.node), misses)
    factors, numbers = [], []  # the rule's terms by name; their numbers
    for term in terms:
        ends_here = term.user == output  # its own grad is 1
        factors.append(local_of(term) if ends_here else f"{grad_of(term.user)} × {local_of(term)}")
        if not ends_here:
            numbers.append(f"{grad_of(term.user)} is {fmt(term.user_grad)}")
        numbers.append(f"{local_of(term)} is {' + '.join(fmt(share) for share in term.shares)}")
    wires = [f"There are {len(t.shares)} wires from {node} into {label(t.user)}, each adding "
             f"its share to {local_of(t)}." for t in terms if len(t.shares) > 1]
    text = " ".join([head, f"By the chain rule, {grad_of(condition.node)} is "
                           f"{' + '.join(factors)}.", *wires])
    if misses < 2:
        return f"{text} Work out each factor and try again."
    return f"{text} Here {_listed(numbers)}."


def _direct(head: str, term, node: str, user: str, asked: str, misses: int) -> str:
    """The hint when ``node`` feeds the part's end ``user`` directly and nothing else: the
    answer is that one local derivative (its number would give it away), or its shares."""
    if len(term.shares) == 1:
        return (f"{head} {asked} is the local derivative of {user} by {node}: no other path "
                f"leads from {node} to {user}. Work it out from {user}'s operation and try again.")
    text = (f"{head} There are {len(term.shares)} wires from {node} into {user}, each adding "
            f"its share to {asked}.")
    if misses < 2:
        return f"{text} Work out each share and try again."
    return f"{text} Here the shares are {_listed([fmt(share) for share in term.shares])}."


def _listed(parts: List[str]) -> str:
    """a, b and c."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
