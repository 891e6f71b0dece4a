"""The scalar autograd engine: ``Value``, its ops, and the backward stepper.

Standard library only.
"""

from .errors import DataError, GradguiError, MathError
from .numbers import fmt
from .ops import OPS, Op, get_op
from .topo import topological_order
from .value import Value, backward_from, derived, register_op, unregister_op


def __getattr__(name):
    # The stepper is loaded when first asked for: a plain backward pass needs none of it.
    if name in ("Step", "Stepper", "Term"):
        from . import stepper
        return getattr(stepper, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DataError", "GradguiError", "MathError", "OPS", "Op", "Step", "Stepper", "Term", "Value",
    "backward_from", "derived", "fmt", "get_op", "register_op", "topological_order", "unregister_op",
]
