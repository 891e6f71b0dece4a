"""Groups from the window: Edit > Group Selection, Rename and Ungroup; collapsing and
expanding them (the box's double-click, View > Collapse/Expand Group, Collapse All / Expand
All by level). Each is one undo step."""

from typing import Dict, List, Optional

from ...document.commands import Macro
from ...document.expand_room import room_for
from ...document.group_commands import (DissolveGroup, RenameGroup, SetCollapsed, common_group,
                                        group_selection)
from ..overview.shapes import make_plan


class GroupController:
    """Turns requests to collapse or expand groups into SetCollapsed commands."""

    def __init__(self, session, scene):
        self.session = session
        self.scene = scene
        self._levels = None  # (document state, its groups' levels)

    @property
    def groups(self):
        """The open document's groups."""
        return self.session.doc.groups

    def set_collapsed(self, states: Dict[str, bool], make_room: bool = False) -> bool:
        """Collapse or expand these groups as one step (those already so are left out); with
        ``make_room``, what an opening box's nodes would cover moves aside in the same step."""
        groups = self.groups
        states = {gid: on for gid, on in states.items() if groups.collapsed(gid) != on}
        if not states:
            return False
        labels = {gid: groups.label(gid) for gid in states}
        command = SetCollapsed(states, labels)
        room = make_room and room_for(self.session.doc, self._plan(),
                                      [gid for gid, on in states.items() if not on])
        return self.session.execute(Macro(command.text, [command, room]) if room else command)

    def _plan(self):
        """The canvas's fold plan, made afresh if it is behind the document."""
        plan, doc = self.scene.folding.plan, self.session.doc
        if plan.identity is doc.identity and plan.revision == doc.revision:
            return plan
        return make_plan(doc)

    def expand(self, gid: str) -> bool:
        """Open one collapsed group in place, moving aside what its nodes would cover."""
        return self.set_collapsed({gid: False}, make_room=True)

    def toggle_selection(self) -> bool:
        """Expand the selected boxes; else collapse the innermost group of each selected node."""
        boxes = self.scene.folding.selected_gids()
        if boxes:
            return self.set_collapsed({gid: False for gid in boxes}, make_room=True)
        groups = self.groups
        chosen = {}
        for node_id in self.scene.selected_node_ids():
            gid = groups.of(node_id)
            if gid is not None:
                chosen[gid] = True
        if not chosen:
            self.session.message.emit("Select a box to expand, or nodes of a group to collapse "
                                      "it (the selection is in no group).")
            return False
        done = self.set_collapsed(chosen)
        if done:
            self.scene.select_nodes(self.scene.folding.members(chosen))
        return done

    # ----- making, naming and taking away groups ------------------------------
    def handlers(self) -> Dict[str, object]:
        """The window's action handlers for Edit's group entries."""
        return {"actionGroupSelection": self.group_selection,
                "actionRenameGroup": self.rename_group, "actionUngroup": self.ungroup}

    def group_selection(self) -> bool:
        """Make the selected nodes (a selected box: its whole group) one new group."""
        node_ids = self.scene.selected_node_ids()
        if not node_ids:
            self.session.message.emit("Select the nodes to group first.")
            return False
        command = group_selection(self.session.doc, node_ids)
        if not self.session.execute(command):
            return False
        self.session.message.emit(f"Grouped {len(node_ids)} node(s) as '{command.label}': "
                                  "Edit > Rename (F2) names it.")
        return True

    def rename_group(self) -> bool:
        """F2: one node selected, edit its label in place; else ask for a new label of the
        group meant (see chosen_group) and give it."""
        nodes, views = self.scene.selected_node_ids(), self.scene.views()
        if len(nodes) == 1 and not self.scene.folding.selected_gids() and views:
            views[0].field_edit_requested.emit(nodes[0], "label")
            return True
        gid = self.chosen_group()
        if gid is None:
            return False
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        label, ok = QInputDialog.getText(views[0].window() if views else None, "Rename Group",
                                         "Label:", QLineEdit.EchoMode.Normal, self.groups.label(gid))
        label = label.strip()
        if not ok or not label or label == self.groups.label(gid):
            return False
        return self.session.execute(RenameGroup(gid, label))

    def ungroup(self) -> bool:
        """Take away the group meant (see chosen_group): its nodes and groups go to its parent."""
        gid = self.chosen_group()
        return gid is not None and self.session.execute(DissolveGroup(gid))

    def chosen_group(self) -> Optional[str]:
        """The group the selection means: the one selected box, else the innermost group that
        holds every selected node; None, said in the status bar, when there is none."""
        boxes = self.scene.folding.selected_gids()
        if len(boxes) > 1:
            self.session.message.emit("Select one box (or nodes of one group), not several boxes.")
            return None
        if boxes:
            return boxes[0]
        groups = self.groups
        node_ids = self.scene.selected_node_ids()
        gid = common_group(groups, [groups.of(n) for n in node_ids]) if node_ids else None
        if gid is None:
            self.session.message.emit("Select a box, or nodes of a group (the selection is in "
                                      "no group).")
        return gid

    # ----- collapsing and expanding ---------------------------------------------
    def collapse_level(self, level: Optional[str]) -> bool:
        """Collapse every group of ``level`` (None: every group) as one step."""
        return self._level(level, True)

    def expand_level(self, level: Optional[str]) -> bool:
        """Expand every group of ``level`` (None: every group) as one step."""
        return self._level(level, False)

    def _level(self, level: Optional[str], collapsed: bool) -> bool:
        groups = self.groups
        wanted = {gid: collapsed for gid in groups.ids()
                  if level is None or groups.level(gid) == level}
        if not wanted:
            self.session.message.emit(f"There are no {level} groups." if level
                                      else "There are no groups.")
            return False
        if not self.set_collapsed(wanted):
            self.session.message.emit(f"Every {level or 'group'} group is already "
                                      f"{'collapsed' if collapsed else 'expanded'}.")
            return False
        # The boxes stand where their groups' nodes stood, as far apart as before.
        self.session.message.emit(
            f"{self.session.undo_stack.undoText()}: Auto Layout (L) packs the boxes closer."
            if collapsed else
            f"{self.session.undo_stack.undoText()}: Auto Layout (L) makes room where nodes overlap.")
        return True

    def levels(self) -> List[str]:
        """The levels of the document's groups, innermost first."""
        # Worked out once per document state: both Collapse All and Expand All ask when a
        # document opens, and a big network's groups take tens of ms to rank.
        doc = self.session.doc
        state = (doc.identity, doc.revision)
        if self._levels is None or self._levels[0] != state:
            self._levels = (state, self.groups.levels())
        return list(self._levels[1])
