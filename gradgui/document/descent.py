"""One step of gradient descent: every weight moves against its grad."""

import math

from .commands import Command, Macro, SetField
from .document import GraphDocument, check_number
from .errors import DocumentError
from .evaluation import Evaluation


def descent_step(doc: GraphDocument, evaluation: Evaluation, lr: float) -> Command:
    """One undoable command setting each weight to value - lr * grad (inputs and consts stay)."""
    lr = check_number(lr, "the learning rate")
    if evaluation.doc is not doc:
        raise DocumentError("the evaluation belongs to another document")
    if not evaluation.has_grads:
        raise DocumentError("run Backward first: a descent step needs the grads")
    commands = []
    for node_id in evaluation.order:
        if doc.node(node_id)["kind"] != "weight":
            continue
        grad = evaluation.grad(node_id)
        if grad is None:
            continue
        value = doc.node(node_id)["value"]
        new = value - lr * grad
        if new == value:
            continue  # a zero grad (or a step too small to register) moves nothing
        if not math.isfinite(new):
            raise DocumentError(f"the step would move '{doc.label(node_id)}' to {new!r}; "
                                "try a smaller learning rate")
        commands.append(SetField(node_id, "value", new))
    if not commands:
        raise DocumentError("no weight would move: there are no weights with a grad to follow")
    return Macro(f"Descent step (lr={lr:g})", commands)
