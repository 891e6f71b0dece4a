"""The scalar autograd engine: ``Value``, its ops, and the backward stepper.

Standard library only.
"""

from .errors import DataError, GradguiError, MathError
from .numbers import fmt
from .ops import OPS, Op, get_op
from .stepper import Step, Stepper, Term
from .topo import topological_order
from .value import Value, backward_from

__all__ = [
    "DataError", "GradguiError", "MathError", "OPS", "Op", "Step", "Stepper", "Term", "Value",
    "backward_from", "fmt", "get_op", "topological_order",
]
