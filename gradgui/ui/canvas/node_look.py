"""What a node shows: its texts, colours and marks, derived from the session."""

from dataclasses import dataclass
from typing import Optional

from PySide6.QtGui import QColor

from ...engine import fmt
from ..colors import GradScale
from .edge_labels import derivative_name


@dataclass(frozen=True)
class NodeLook:
    """Everything a node item needs to paint itself."""

    label: str
    badge: str
    data_text: str
    grad_text: str
    fill: Optional[QColor]
    problem: Optional[str]
    stale: bool
    is_output: bool
    pending: bool = False  # stepping has not reached it: its grad is no answer yet
    mark: str = ""  # the overlay's badge: "≠" (the bug lab's wrong grad), "?" (quiz: hidden)


def node_look(session, node_id: str, scale: Optional[GradScale], pending: bool = False,
              overlay=None) -> NodeLook:
    """The look of ``node_id`` now: data, grad (current or stale, or "—" while a
    step-through has not reached it, or as ``overlay`` shows it), fill, problem."""
    doc, evaluation = session.doc, session.evaluation
    attrs = doc.node(node_id)
    kind = doc.kind(node_id)
    data = evaluation.data(node_id)
    grad = session.grad(node_id) if data is not None else None
    problem = evaluation.problems.get(node_id)
    stale = grad is not None and session.grads_stale
    shown, mark = grad, ""
    if overlay is not None and grad is not None and not pending:
        shown, mark = overlay.face(node_id, grad)
    fill = scale.color(shown) if shown is not None and scale is not None and not pending else None
    grad_text = "" if grad is None else ("—" if pending else "?" if shown is None else fmt(shown))
    return NodeLook(attrs["label"], kind.badge_text(attrs.get("exponent")),
                    "—" if data is None else fmt(data), grad_text, fill,
                    problem.message if problem else None, stale,
                    doc.output == node_id, pending and grad is not None, mark)


def node_tooltip(session, node_id: str, pending: bool = False, overlay=None) -> str:
    """Label, kind, data and grad (4 decimals and in full, or as ``overlay`` tells it),
    and each local derivative."""
    doc, evaluation = session.doc, session.evaluation
    kind = doc.kind(node_id)
    data = evaluation.data(node_id)
    grad = session.grad(node_id) if data is not None else None
    stale = grad is not None and session.grads_stale
    lines = [f"{doc.label(node_id)}  ({kind.name})",
             "data —" if data is None else f"data {data:.4f}  ({data!r})",
             ("grad —" if grad is None else
              "grad —  (the step-through has not reached it yet)" if pending else
              f"grad {grad:.4f}  ({grad!r})")
             + ("  (stale: press Backward)" if stale else "")]
    if overlay is not None and grad is not None and not pending:
        lines[-1:] = overlay.tooltip(node_id, grad)
    if hasattr(evaluation, "row_note"):  # a network on a data set shows one row
        lines.append(evaluation.row_note(node_id))
    problem = evaluation.problems.get(node_id)
    if problem is not None:
        lines.append(f"no value: {problem.message}")
    lines += _local_lines(evaluation, doc, node_id, kind)
    return "\n".join(lines)


def _local_lines(evaluation, doc, node_id, kind) -> list:
    """For an op node: each operand's local derivative, in words and numbers."""
    value = evaluation.values.get(node_id)
    if value is None or kind.is_leaf:
        return []
    try:
        locals_ = value.local_derivatives()
    except ArithmeticError as error:
        return [f"local derivative: {error}"]
    names = {"o": value.label or node_id}
    for key, operand in zip("ab", value.operands):
        names[key] = operand.label or fmt(operand.data)
    if value.exponent is not None:
        names["k"], names["km1"] = fmt(value.exponent), fmt(value.exponent - 1.0)
    out = []
    sources = doc.inputs(node_id)
    for index, local in enumerate(locals_):
        formula = kind.op.local_text[index].format(**names)
        source = sources[index] if index < len(sources) else None
        by = doc.label(source) if source is not None else kind.ports[index]
        out.append(f"{derivative_name(doc.label(node_id), by)} = {formula} = {fmt(local)}")
    return out
