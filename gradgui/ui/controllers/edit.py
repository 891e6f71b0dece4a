"""Edit operations behind the Edit menu and the canvas: each becomes one command."""

from typing import Optional

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from ...document import (DocumentError, Group, RemoveWire, SetField, SetOutput, delete_nodes,
                        new_node)
from ...document.clipboard import (copy_fragment, duplicate, fragment_from_text,
                                  fragment_to_text, paste_fragment)
from ...document.expression_insert import insert_expression
from ...document.layout import auto_layout
from ..work.runner import Cancelled, run_busy
from ..geometry import HEIGHT, WIDTH

PASTE_OFFSET = 30.0


class EditController:
    """Turns edit requests from menus, view and inspector into document commands."""

    def __init__(self, session, scene, view):
        self.session = session
        self.scene = scene
        self.view = view
        self._paste_count = 0

    @property
    def doc(self):
        """The document being edited."""
        return self.session.doc

    def add_node(self, kind: str, scene_point: Optional[QPointF] = None) -> Optional[str]:
        """Add a node of ``kind`` centred at ``scene_point`` (default: the view's centre)."""
        if scene_point is None:
            scene_point = self.view.mapToScene(self.view.viewport().rect().center())
        pos = (round(scene_point.x() - WIDTH / 2), round(scene_point.y() - HEIGHT / 2))
        command = new_node(self.doc, kind, pos)
        if not self.session.execute(command):
            return None
        self.scene.select_nodes([command.node_id])
        return command.node_id

    def delete_selection(self) -> None:
        """Remove the selected nodes with their wires, and the selected wires, as one step."""
        nodes = self.scene.selected_node_ids()
        doc = self.doc
        try:
            # Finding every wire of thousands of nodes takes a while; nothing changes yet.
            group = run_busy(self.view.window(), "Preparing the delete…",
                             lambda: delete_nodes(doc, nodes))
        except Cancelled:
            self.session.message.emit("Delete cancelled; nothing changed.")
            return
        chosen = set(nodes)
        loose = [w for w in self.scene.selected_wires()
                 if w.source not in chosen and w.target not in chosen]
        if loose:
            group = Group(group.text if nodes else f"Delete {len(loose)} wire(s)",
                          [RemoveWire(w) for w in loose] + group.commands)
        if group.commands:
            self.session.execute(group)

    def select_all(self) -> None:
        """Select every node."""
        self.scene.select_nodes(list(self.scene.nodes))

    def copy(self) -> bool:
        """Put the selected nodes and the wires between them on the clipboard."""
        nodes = self.scene.selected_node_ids()
        if not nodes:
            self.session.message.emit("Select nodes to copy.")
            return False
        doc = self.doc
        try:
            text = run_busy(self.view.window(), "Copying…",
                            lambda: fragment_to_text(copy_fragment(doc, nodes)))
        except Cancelled:
            self.session.message.emit("Copy cancelled; the clipboard is as it was.")
            return False
        QApplication.clipboard().setText(text)
        self._paste_count = 0
        return True

    def cut(self) -> None:
        """Copy, then delete the selection."""
        if self.copy():
            self.delete_selection()

    def paste(self) -> None:
        """Add the clipboard's nodes, shifted so they don't cover the originals."""
        text, doc = QApplication.clipboard().text(), self.doc
        offset = PASTE_OFFSET * (self._paste_count + 1)
        try:
            # Reading and checking thousands of nodes takes a while: nothing changes yet.
            command, new_ids = run_busy(self.view.window(), "Reading the clipboard…", lambda: (
                paste_fragment(doc, fragment_from_text(text), (offset, offset))))
        except DocumentError as error:
            self.session.message.emit(f"Nothing to paste: {error}")
            return
        except Cancelled:
            self.session.message.emit("Paste cancelled; nothing changed.")
            return
        self._paste_count += 1
        if self.session.execute(command):
            self._select(new_ids)

    def duplicate(self) -> None:
        """Copy and paste the selection in one step."""
        nodes, doc = self.scene.selected_node_ids(), self.doc
        if not nodes:
            return
        try:
            command, new_ids = run_busy(self.view.window(), "Copying…", lambda: duplicate(
                doc, nodes, (PASTE_OFFSET, PASTE_OFFSET)))
        except Cancelled:
            self.session.message.emit("Duplicate cancelled; nothing changed.")
            return
        if self.session.execute(command):
            self._select(new_ids)

    def _select(self, node_ids) -> None:
        self.scene.select_nodes(node_ids)

    def set_field_text(self, node_id: str, field: str, text: str) -> None:
        """Set a label, value or exponent from what a person typed."""
        if field == "label":
            value = text
        else:
            try:
                value = float(text.strip().replace(",", "."))
            except ValueError:
                self.session.message.emit(f"'{text}' is not a number; the {field} is unchanged.")
                return
        self.session.execute(SetField(node_id, field, value))

    def edit_field_of_row(self, node_id: str, row: str) -> Optional[str]:
        """Which field a double-click on a node's text row edits ('label', 'value', 'exponent')."""
        attrs = self.doc.node(node_id)
        if row == "label":
            return "label"
        for field in ("value", "exponent"):
            if field in attrs:
                return field
        return None

    def set_output(self, node_id: Optional[str]) -> None:
        """Mark the output node (None clears the mark)."""
        if node_id != self.doc.output:
            self.session.execute(SetOutput(node_id))

    def insert_expression(self, parsed, variables, label: Optional[str] = None) -> list:
        """Add a parsed expression's nodes at the view's centre as one step; returns their ids."""
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        command, new_ids = insert_expression(self.doc, parsed, variables,
                                             (round(centre.x()), round(centre.y())),
                                             label=label or None)
        if not self.session.execute(command):
            return []
        self._select(new_ids)
        return new_ids

    def auto_layout(self) -> None:
        """Place every node in layers, left to right, as one step."""
        doc = self.doc
        try:
            # Nothing changes until the layout is worked out: Cancel costs nothing.
            command = run_busy(self.view.window(), "Laying the graph out…", lambda: auto_layout(doc))
        except Cancelled:
            self.session.message.emit("Auto layout cancelled; nothing moved.")
            return
        if command.commands:  # nothing to move: no empty undo step
            self.session.execute(command)
