"""A short, smooth pan of the canvas view to a place on the graph."""

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, QVariantAnimation
from PySide6.QtWidgets import QGraphicsView

PAN_MS = 220  # long enough to see where the view went, short enough not to wait for


class SmoothPan:
    """Moves a view's centre to a scene point over a few frames, at the zoom it has."""

    def __init__(self, view: QGraphicsView):
        self.view = view
        self.animation = QVariantAnimation(view)
        self.animation.setDuration(PAN_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.animation.valueChanged.connect(self._centre_on)

    def centre(self) -> QPointF:
        """The scene point at the middle of the view now."""
        return self.view.mapToScene(self.view.viewport().rect().center())

    def visible(self) -> QRectF:
        """What the view shows, in scene coordinates."""
        return self.view.mapToScene(self.view.viewport().rect()).boundingRect()

    def is_shown(self, rect: QRectF) -> bool:
        """True when all of ``rect`` is in view (a box cut by the edge is not)."""
        return self.visible().contains(rect)

    def to(self, point: QPointF, animated: bool = True) -> None:
        """Pan so that ``point`` ends up in the middle of the view."""
        self.animation.stop()
        if not animated:
            self._centre_on(point)
            return
        self.animation.setStartValue(self.centre())
        self.animation.setEndValue(QPointF(point))
        self.animation.start()

    def show(self, rect: QRectF, animated: bool = True) -> bool:
        """Pan to ``rect``'s centre if it is not already in view; True if it panned."""
        if self.is_shown(rect):
            return False
        self.to(rect.center(), animated)
        return True

    def finish(self) -> None:
        """Jump to where a running pan is going."""
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.setCurrentTime(self.animation.duration())

    @property
    def running(self) -> bool:
        """True while a pan is under way."""
        return self.animation.state() == QVariantAnimation.State.Running

    def _centre_on(self, point: QPointF) -> None:
        view = self.view
        # Let the scrollable area take the point first: centerOn stops at its edge.
        half_w = view.viewport().width() / (2 * (view.transform().m11() or 1.0))
        half_h = view.viewport().height() / (2 * (view.transform().m22() or 1.0))
        wanted = QRectF(point.x() - half_w, point.y() - half_h, 2 * half_w, 2 * half_h)
        if not view.sceneRect().contains(wanted):
            view.setSceneRect(view.sceneRect().united(wanted))
        view.centerOn(point)
