"""What an empty canvas says: how to start, drawn in the middle of the view."""

from PySide6.QtCore import QRectF, Qt

HINT = ("Drag a kind from the palette onto the canvas,\n"
        "or press Tab here and type its name.\n\n"
        "New to gradgui? File > Open Example > The tutorial neuron,\n"
        "then Backward (Ctrl+B) and Step (F10). Help > User Guide (F1) has the rest.")


class EmptyHint:
    """The hint of a view on an empty graph: shown while the graph is empty, drawn over
    the canvas in the viewport's pixels, repainted when it comes or goes."""

    def __init__(self, view):
        self.view = view
        self._showing = True
        for signal in (view.session.evaluated, view.session.document_replaced):
            signal.connect(self.refresh)

    def text(self) -> str:
        """The hint ("" while the graph has nodes)."""
        return HINT if len(self.view.session.doc) == 0 else ""

    def refresh(self) -> None:
        """The graph changed: repaint the view if the hint comes or goes."""
        if self._showing != bool(self.text()):
            self._showing = not self._showing
            self.view.viewport().update()

    def paint(self, painter) -> None:
        """Draw the hint, if any, in the middle of the viewport whatever the zoom."""
        hint = self.text()
        if hint:
            painter.save()
            painter.resetTransform()
            painter.setPen(self.view.scene().theme.muted_text)
            painter.drawText(QRectF(self.view.viewport().rect()), Qt.AlignmentFlag.AlignCenter, hint)
            painter.restore()
