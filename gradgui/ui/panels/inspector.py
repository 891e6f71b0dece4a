"""The inspector: the selected node's fields, editable, and its data and grad."""

from typing import Callable, Optional

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...engine import fmt


class Inspector(QWidget):
    """Edits label, value and exponent of one node and marks the output."""

    def __init__(self, session, set_field: Callable[[str, str, str], None],
                 set_output: Callable[[Optional[str]], None], parent=None):
        super().__init__(parent)
        self.setObjectName("inspector")
        self.session = session
        self.set_field = set_field
        self.set_output = set_output
        self.node_id: Optional[str] = None
        self.group_id: Optional[str] = None  # a collapsed group's box, selected alone
        # The node a collapsed box shows the data and grad of (set by the window).
        self.box_output: Callable[[str], Optional[str]] = lambda _gid: None
        # What the canvas shows grads through (the bug lab's or the quiz's overlay), if any.
        self.overlay_source: Callable[[], object] = lambda: None
        # True for a node whose grad a step-through on show has not reached yet.
        self.pending_source: Callable[[str], bool] = lambda _node_id: False
        form = QFormLayout(self)
        self.id_text = QLabel()
        self.kind_text = QLabel()
        self.label_edit = QLineEdit(objectName="inspectorLabel")
        self.value_edit = QLineEdit(objectName="inspectorValue")
        self.exponent_edit = QLineEdit(objectName="inspectorExponent")
        self.output_box = QCheckBox("Backward starts here", objectName="inspectorOutput")
        self.data_text = QLabel(objectName="inspectorData")
        self.grad_text = QLabel(objectName="inspectorGrad")
        self.problem_text = QLabel()
        self.problem_text.setWordWrap(True)
        for text, widget in (("Id", self.id_text), ("Kind", self.kind_text),
                             ("Label", self.label_edit), ("Value", self.value_edit),
                             ("Exponent", self.exponent_edit), ("Output", self.output_box),
                             ("data", self.data_text), ("grad", self.grad_text),
                             ("", self.problem_text)):
            form.addRow(text, widget)
        self._form = form
        for field, edit in (("label", self.label_edit), ("value", self.value_edit),
                            ("exponent", self.exponent_edit)):
            edit.editingFinished.connect(lambda f=field, e=edit: self._commit(f, e))
        self.output_box.clicked.connect(self._toggle_output)
        session.evaluated.connect(self.refresh)
        session.grads_changed.connect(self.refresh)
        self.show_node(None)

    def show_node(self, node_id: Optional[str]) -> None:
        """Inspect ``node_id`` (None: nothing selected)."""
        self.node_id, self.group_id = node_id, None
        self.refresh()

    def show_group(self, gid: str) -> None:
        """Show a collapsed group's box: what it is, and the data and grad it shows."""
        self.node_id, self.group_id = None, gid
        self.refresh()

    def refresh(self) -> None:
        """Show the inspected node's current fields and numbers."""
        doc = self.session.doc
        if self.node_id is not None and self.node_id not in doc:
            self.node_id = None
        if self.group_id is not None and not (self.group_id in doc.groups.ids()
                                              and doc.groups.collapsed(self.group_id)):
            self.group_id = None  # ungrouped or opened since
        if self.group_id is not None:
            self._refresh_group(self.group_id)
            return
        node_id = self.node_id
        attrs = doc.node(node_id) if node_id else {}
        for widget in (self.label_edit, self.value_edit, self.exponent_edit, self.output_box):
            widget.setEnabled(bool(node_id))
        self.id_text.setText(node_id or "(select one node)")
        self.kind_text.setText(attrs.get("kind", ""))
        self._show(self.label_edit, attrs.get("label"), text=True)
        self._show(self.value_edit, attrs.get("value"))
        self._show(self.exponent_edit, attrs.get("exponent"))
        self._form.setRowVisible(self.value_edit, "value" in attrs or not node_id)
        self._form.setRowVisible(self.exponent_edit, "exponent" in attrs)
        self.output_box.setChecked(bool(node_id) and doc.output == node_id)
        self._show_numbers(node_id)

    def _refresh_group(self, gid: str) -> None:
        """A box stands for many nodes: nothing to edit here (F2 renames it), its label,
        size, and the numbers of the node it shows."""
        groups = self.session.doc.groups
        for widget in (self.label_edit, self.value_edit, self.exponent_edit, self.output_box):
            widget.setEnabled(False)
        self.id_text.setText(gid)
        count = len(groups.nodes(gid))
        level = groups.level(gid)
        named = f"{level} group" if level and level != "group" else "group"
        self.kind_text.setText(f"{named}, collapsed: {count} nodes")
        self._show(self.label_edit, groups.label(gid), text=True)
        self._form.setRowVisible(self.value_edit, False)
        self._form.setRowVisible(self.exponent_edit, False)
        self.output_box.setChecked(False)
        self._show_numbers(self.box_output(gid))

    def _show_numbers(self, node_id: Optional[str]) -> None:
        data = self.session.evaluation.data(node_id) if node_id else None
        grad = self.session.grad(node_id) if node_id and data is not None else None
        self.data_text.setText("—" if data is None else fmt(data))
        self.data_text.setToolTip("" if data is None else repr(data))  # the full value
        stale = " (stale)" if grad is not None and self.session.grads_stale else ""
        self.grad_text.setText("—" if grad is None else fmt(grad) + stale)
        self.grad_text.setToolTip("" if grad is None else repr(grad))
        if grad is not None and self.pending_source(node_id):
            # As on the canvas: a 0 there is no answer yet, only work still to do.
            self.grad_text.setText("—")
            self.grad_text.setToolTip("The step-through has not reached it yet")
            self._show_problem(node_id)
            return
        overlay = self.overlay_source()
        if overlay is not None and grad is not None:
            shown, mark = overlay.face(node_id, grad)
            self.grad_text.setText("?" if shown is None else fmt(shown) + (
                f"  ≠ correct {fmt(grad)}" if mark == "≠" else ""))
            self.grad_text.setToolTip("" if shown is None else repr(shown))
        self._show_problem(node_id)

    def _show_problem(self, node_id: Optional[str]) -> None:
        problem = self.session.evaluation.problems.get(node_id) if node_id else None
        self.problem_text.setText(f"No value: {problem.message}" if problem else "")

    def _show(self, edit: QLineEdit, value, text: bool = False) -> None:
        if edit.hasFocus():
            return
        edit.setText("" if value is None else (value if text else repr(value)))

    def _commit(self, field: str, edit: QLineEdit) -> None:
        if self.node_id is None:
            return
        current = self.session.doc.node(self.node_id).get(field)
        shown = current if field == "label" else (None if current is None else repr(current))
        if edit.text() != shown:
            self.set_field(self.node_id, field, edit.text())

    def _toggle_output(self, checked: bool) -> None:
        if self.node_id is not None:
            self.set_output(self.node_id if checked else None)
