"""Edit operations behind the Edit menu and the canvas: each becomes one command."""

import math
from typing import Optional, Tuple

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

from ...document import (DocumentError, Macro, RemoveWire, SetField, SetOutput, delete_nodes,
                        new_node)
from ...document.clipboard import (copy_fragment, duplicate, fragment_from_text,
                                  fragment_to_text, paste_fragment)
from ...document.folding import folded_layout
from ..work import Cancelled
from ..geometry import HEIGHT, WIDTH, boxes_rect

FREE_SPACE_GAP = 60.0  # between the graph and nodes put beside it
FREE_PLACE_TRIES = 4  # places looked at below a selection before going below the graph
NEW_NODE_GAP = 20.0  # kept round a node added from the palette
NEW_NODE_RINGS = 4  # rings of places round the view's centre looked at for it


class EditController:
    """Turns edit requests from menus, view and inspector into document commands."""

    def __init__(self, session, scene, view):
        self.session = session
        self.scene = scene
        self.view = view

    @property
    def doc(self):
        """The document being edited."""
        return self.session.doc

    def add_node(self, kind: str, scene_point: Optional[QPointF] = None) -> Optional[str]:
        """Add a node of ``kind`` centred at ``scene_point`` (default: the view's centre)."""
        chosen = scene_point is not None
        if not chosen:
            scene_point = self.view.mapToScene(self.view.viewport().rect().center())
        pos = (round(scene_point.x() - WIDTH / 2), round(scene_point.y() - HEIGHT / 2))
        if not chosen:  # from the palette: several in a row must not stack on one spot
            pos = self._free_place_near(*pos)
        command = new_node(self.doc, kind, pos)
        if not self.session.execute(command):
            return None
        self.scene.select_nodes([command.node_id])
        if not chosen:
            self.view.ensureVisible(QRectF(pos[0], pos[1], WIDTH, HEIGHT))
        return command.node_id

    def _free_place_near(self, left: float, top: float) -> Tuple[float, float]:
        """The place nearest (left, top), on a grid a node and a gap apart, where a new node
        covers nothing that shows (a node, or a collapsed group's box); (left, top) itself
        if none within NEW_NODE_RINGS is free."""
        step_x, step_y = WIDTH + NEW_NODE_GAP, HEIGHT + NEW_NODE_GAP
        rings = NEW_NODE_RINGS
        reach = QRectF(left - (rings + 1) * step_x, top - (rings + 1) * step_y,
                       (2 * rings + 3) * step_x, (2 * rings + 3) * step_y)
        plan = self.scene.folding.plan
        hidden = plan.hidden if plan else {}
        taken = [QRectF(*self.doc.pos(n), WIDTH, HEIGHT)
                 for n in self.scene.detail.spans.nodes_within(self.doc, reach, 0.0)
                 if n not in hidden]
        if plan:
            taken += [rect for box in plan.boxes.values()
                      if (rect := QRectF(box.x, box.y, box.width, box.height)).intersects(reach)]
        # Nearest first; of two as near, below before above and right before left.
        grid = range(-rings, rings + 1)
        places = sorted(((i, j) for i in grid for j in grid),
                        key=lambda p: (math.hypot(p[0] * step_x, p[1] * step_y), p[1] < 0, p[0] < 0))
        gap = NEW_NODE_GAP
        for i, j in places:
            x, y = left + i * step_x, top + j * step_y
            spot = QRectF(x - gap, y - gap, WIDTH + 2 * gap, HEIGHT + 2 * gap)
            if not any(spot.intersects(rect) for rect in taken):
                return (round(x), round(y))
        return (left, top)

    def delete_selection(self) -> None:
        """Remove the selected nodes with their wires, and the selected wires, as one step."""
        nodes = self.scene.selected_node_ids()
        doc = self.doc
        try:
            # Finding every wire of thousands of nodes takes a while; nothing changes yet.
            group = self.session.work.run("Preparing the delete…",
                                          lambda: delete_nodes(doc, nodes))
        except Cancelled:
            self.session.message.emit("Delete cancelled; nothing changed.")
            return
        chosen = set(nodes)
        loose = [w for w in self.scene.queries.selected_wires()
                 if w.source not in chosen and w.target not in chosen]
        if loose:
            group = Macro(group.text if nodes else f"Delete {len(loose)} wire(s)",
                          [RemoveWire(w) for w in loose] + group.commands)
        if group.commands:
            self.session.execute(group)

    def select_all(self) -> None:
        """Select every node."""
        self.scene.select_nodes(self.doc.nodes())

    def copy(self) -> bool:
        """Put the selected nodes and the wires between them on the clipboard."""
        nodes = self.scene.selected_node_ids()
        if not nodes:
            self.session.message.emit("Select nodes to copy.")
            return False
        doc = self.doc
        try:
            text = self.session.work.run("Copying…",
                                         lambda: fragment_to_text(copy_fragment(doc, nodes)))
        except Cancelled:
            self.session.message.emit("Copy cancelled; the clipboard is as it was.")
            return False
        QApplication.clipboard().setText(text)
        return True

    def cut(self) -> None:
        """Copy, then delete the selection."""
        if self.copy():
            self.delete_selection()

    def paste(self) -> None:
        """Add the clipboard's nodes at the pointer (over the canvas), else beside the graph."""
        text, doc, (at, pointer) = QApplication.clipboard().text(), self.doc, self._drop_point()
        try:
            # Reading and checking thousands of nodes takes a while: nothing changes yet.
            # At the pointer, a box lands there; elsewhere, all the nodes are in free space.
            command, new_ids = self.session.work.run("Reading the clipboard…", lambda: (
                paste_fragment(doc, fragment_from_text(text), at=at, what_shows_at=pointer)))
        except DocumentError as error:
            self.session.message.emit(f"Nothing to paste: {error}")
            return
        except Cancelled:
            self.session.message.emit("Paste cancelled; nothing changed.")
            return
        if self.session.execute(command):
            self._show_new(new_ids)

    def duplicate(self) -> None:
        """Copy and paste the selection in one step, in the first free place below it."""
        nodes, doc = self.scene.selected_node_ids(), self.doc
        if not nodes:
            return
        bottom = self.scene.graph_rect().bottom()
        try:
            command, new_ids = self.session.work.run("Copying…", lambda: duplicate(
                doc, nodes, at=self._free_place_below(nodes, bottom)))
        except Cancelled:
            self.session.message.emit("Duplicate cancelled; nothing changed.")
            return
        if self.session.execute(command):
            self._show_new(new_ids)

    def _drop_point(self) -> Tuple[Tuple[float, float], bool]:
        """Where pasted nodes go, and whether it is the pointer: at the pointer when it is
        over the canvas, else in the free space below the graph, lined up with its left edge."""
        viewport = self.view.viewport()
        if QApplication.widgetAt(QCursor.pos()) is viewport:  # not a panel or a dialog over it
            point = self.view.mapToScene(viewport.mapFromGlobal(QCursor.pos()))
            return (round(point.x()), round(point.y())), True
        graph = self.scene.graph_rect()
        if graph.isEmpty():
            centre = self.view.mapToScene(viewport.rect().center())
            return (round(centre.x() - WIDTH / 2), round(centre.y() - HEIGHT / 2)), False
        return (round(graph.left()), round(graph.bottom() + FREE_SPACE_GAP)), False

    def _free_place_below(self, node_ids, graph_bottom: float) -> Tuple[float, float]:
        """The top left of the first place below these nodes where a copy of them covers
        no other node, else below the whole graph (plain numbers: fine on a worker)."""
        positions = dict(self.doc.positions())
        xs = [positions[n][0] for n in node_ids]
        ys = [positions[n][1] for n in node_ids]
        left, top = min(xs), min(ys)
        width, height = max(xs) - left + WIDTH, max(ys) - top + HEIGHT
        for step in range(1, FREE_PLACE_TRIES + 1):
            y = top + step * (height + FREE_SPACE_GAP)
            if not any(x < left + width and left < x + WIDTH and y_ < y + height and y < y_ + HEIGHT
                       for x, y_ in positions.values()):
                return (round(left), round(y))
        return (round(left), round(graph_bottom + FREE_SPACE_GAP))

    def _show_new(self, node_ids) -> None:
        """Select nodes just added and bring what shows of them into view: a collapsed
        group's box, not every node it hides."""
        self._select(node_ids)
        plan = self.scene.folding.plan
        hidden = plan.hidden if plan else {}
        rect = boxes_rect(self.doc.pos(n) for n in node_ids if n not in hidden)
        for gid in dict.fromkeys(hidden[n] for n in node_ids if n in hidden):
            box = plan.boxes[gid]
            rect = rect.united(QRectF(box.x, box.y, box.width, box.height))
        self.view.show_rect(rect)

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
        """Which field a double-click on a node's text row edits ('label', 'value', 'exponent');
        row "any" (Enter on a selected node): its number if it has one, else its label."""
        attrs = self.doc.node(node_id)
        if row == "label":
            return "label"
        for field in ("value", "exponent"):
            if field in attrs:
                return field
        return "label" if row == "any" else None

    def set_output(self, node_id: Optional[str]) -> None:
        """Mark the output node (None clears the mark)."""
        if node_id != self.doc.output:
            self.session.execute(SetOutput(node_id))

    def insert_expression(self, parsed, variables, label: Optional[str] = None) -> list:
        """Add a parsed expression's nodes as one step, in free space right of the graph, and
        show them; a name that is an existing node's label wires from that node."""
        graph = self.scene.graph_rect()
        if graph.isEmpty():
            corner = self.view.mapToScene(self.view.viewport().rect().center())
        else:
            corner = QPointF(graph.right() + FREE_SPACE_GAP, graph.top())
        # The expression modules are imported with the first expression: the window starts
        # without them.
        from ...document.expression_insert import insert_expression

        command, new_ids = insert_expression(self.doc, parsed, variables,
                                             (round(corner.x()), round(corner.y())),
                                             label=label or None, reuse_existing=True)
        if not self.session.execute(command):
            return []
        self._show_new(new_ids)
        return new_ids

    def auto_layout(self) -> None:
        """Place every node in layers, left to right, as one step."""
        from ...document.layout import auto_layout  # imported when first used, not at start

        doc = self.doc
        try:
            # Nothing changes until the layout is worked out: Cancel costs nothing.
            plan = self.scene.folding.plan  # collapsed groups: each box is laid out as one node
            command = self.session.work.run("Laying the graph out…", lambda: (
                folded_layout(doc, plan) if plan else auto_layout(doc)))
        except Cancelled:
            self.session.message.emit("Auto layout cancelled; nothing moved.")
            return
        if command.commands:  # nothing to move: no empty undo step
            self.session.execute(command)
