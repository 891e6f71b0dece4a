"""A new document made ready on the worker that loaded it: evaluated, its overview drawn.

Opening or generating a big graph spends most of its time in pure
computation: evaluating every node and laying the overview's paths. Doing
that where the document was made keeps the window repainting; only making
the graphics items is left for the GUI thread.
"""

from ...document import GraphDocument
from ...document.evaluation import evaluate
from ...document.session import Prepared
from ..overview.picture import PREPARED_SHAPES
from ..overview.shapes import build_shapes


def prepare(doc: GraphDocument) -> Prepared:
    """Evaluate ``doc`` and build its overview shapes (fine on a worker thread)."""
    return Prepared(doc, evaluate(doc), {PREPARED_SHAPES: build_shapes(doc)})
