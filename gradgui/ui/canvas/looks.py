"""What each node shows (label, numbers, colour), worked out once per evaluation and
kept until the grads, the colour scale or the node change."""

from typing import Dict, Optional

from ..colors import GradScale, scale_of
from .node_look import NodeLook, node_look

_UNKNOWN = object()  # the grad scale is not worked out yet


class Looks:
    """The looks of a scene's nodes and the colour scale of its grads, kept until forgotten."""

    def __init__(self, scene):
        self.scene = scene
        self._looks: Dict[str, NodeLook] = {}
        self._scale = _UNKNOWN

    def look(self, node_id: str) -> NodeLook:
        """The look of a node, computed once per evaluation."""
        look = self._looks.get(node_id)
        if look is None:
            scene = self.scene
            look = self._looks[node_id] = node_look(scene.session, node_id, self.grad_scale(),
                                                    self.is_pending(node_id),
                                                    scene.display.overlay)
        return look

    def is_pending(self, node_id: str) -> bool:
        """True while a step-through on show has not yet written this node's grad."""
        stepper = self.scene.display.stepper
        if stepper is None:
            return False
        value = self.scene.session.evaluation.values.get(node_id)
        return value is not None and not stepper.reached(value)

    def grad_scale(self) -> Optional[GradScale]:
        """The colour scale of the grads on show (None before any Backward)."""
        display, dark = self.scene.display, self.scene.theme.dark
        if display.fixed_scale is not None:
            display.fixed_scale.dark = dark
            return display.fixed_scale
        if self._scale is _UNKNOWN:
            session = self.scene.session
            if session.evaluation.has_grads or session.stale_grads:
                grads = session.grads_on_show()
                shown = getattr(display.overlay, "shown_grads", None)
                if shown is not None:  # the bug lab's grads are on the faces: the scale spans them
                    grads = [*grads, *shown()]
                self._scale = scale_of(grads, display.scale_mode)
                if self._scale is not None:
                    self._scale.dark = dark
            else:
                self._scale = None  # no grads at all: no need to ask each node
        return self._scale

    def forget(self, node_id: str) -> None:
        """A node changed (or a step wrote its grad): its look is worked out again."""
        self._looks.pop(node_id, None)

    def forget_all(self) -> None:
        """Every look and the colour scale are worked out again."""
        self._looks.clear()
        self._scale = _UNKNOWN
