"""The scalar autograd engine: ``Value``, its ops, and the backward stepper.

Standard library only.
"""

from .errors import DataError, GradguiError, MathError
from .numbers import fmt
from .ops import OPS, Op, get_op
from .stepper import Step, Stepper, Term
from .topo import topological_order
from .value import Value, backward_from, derived, register_op, unregister_op

__all__ = [
    "DataError", "GradguiError", "MathError", "OPS", "Op", "Step", "Stepper", "Term", "Value",
    "backward_from", "derived", "fmt", "get_op", "register_op", "topological_order", "unregister_op",
]
