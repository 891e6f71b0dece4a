"""A new document made ready on the worker that loaded it: evaluated, its overview drawn.

Opening or generating a big graph spends most of its time in pure
computation: evaluating every node and laying the overview's paths. Doing
that where the document was made keeps the window repainting; only making
the graphics items is left for the GUI thread.
"""

from dataclasses import dataclass

from ...document import Evaluation, GraphDocument
from ..overview.shapes import Shapes, build_shapes


@dataclass
class Prepared:
    """A document with what the window derives from it, made off the GUI thread."""

    doc: GraphDocument
    evaluation: Evaluation
    shapes: Shapes


def prepare(doc: GraphDocument) -> Prepared:
    """Evaluate ``doc`` and build its overview shapes (fine on a worker thread)."""
    return Prepared(doc, Evaluation(doc), build_shapes(doc))
