"""What the canvas shows of the backward pass, in one object the scene reads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Optional, Set

from ..colors import GradScale

if TYPE_CHECKING:  # the stepper's module is loaded when a pass is first stepped
    from ...engine import Stepper


class BackwardDisplay:
    """The colour scale's mode and the scale held while stepping, the step-through on
    show and its step's marks, the gradient check's flags, whether wires show
    their local derivatives, and an overlay (the bug lab's or the quiz's) that
    changes what faces show of the grads.

    The backprop controller and the window change it through these methods; the
    scene and its items read it when they paint. Changing it repaints nothing:
    whoever changes it asks the scene for the repaint it needs.
    """

    def __init__(self):
        self.scale_mode = "auto"  # or "linear" or "symlog": see document.grad_scale
        self.fixed_scale: Optional[GradScale] = None  # held while stepping, else None
        self.stepper: Optional[Stepper] = None  # the step-through on show: what is pending
        self.step_roles: Dict[str, str] = {}  # node id -> "current" or "changed"
        self.check_flags: Dict[str, bool] = {}  # node id -> True where the check failed
        self.edge_labels = False
        # Bug lab or quiz: ``face(node_id, grad) -> (grad shown or None to hide it, mark)``
        # ``tooltip(node_id, grad) -> lines in place of the grad line`` and ``marks() -> {node
        # id: badge}`` (what the zoomed-out overview outlines).
        self.overlay = None

    def step_role(self, node_id: str) -> Optional[str]:
        """'current' or 'changed' while stepping, else None."""
        return self.step_roles.get(node_id)

    def set_scale_mode(self, mode: str) -> None:
        """Colour grads on an 'auto', 'linear' or 'symlog' scale (a held scale follows)."""
        self.scale_mode = mode
        if self.fixed_scale is not None:
            self.fixed_scale = self.fixed_scale.with_mode(mode)

    def start_stepping(self, stepper: Stepper, scale: GradScale) -> None:
        """Show ``stepper``'s pass, colours held on ``scale`` (the finished pass's)."""
        self.stepper = stepper
        self.fixed_scale = scale

    def show_step(self, roles: Dict[str, str]) -> Set[str]:
        """Mark the nodes of a step; returns every node whose mark may have changed."""
        touched = set(roles) | set(self.step_roles)
        self.step_roles = roles
        return touched

    def end_stepping(self) -> None:
        """No step-through, no step marks and no held scale."""
        self.stepper = None
        self.step_roles = {}
        self.fixed_scale = None

    def set_check_flags(self, flags: Dict[str, bool]) -> None:
        """Flag the nodes whose gradient check failed (True) or passed (False)."""
        self.check_flags = flags

    def set_overlay(self, overlay) -> None:
        """Show grads through ``overlay`` (None: as they are)."""
        self.overlay = overlay

    def set_edge_labels(self, shown: bool) -> None:
        """Show or hide each wire's local derivative."""
        self.edge_labels = shown
