"""Undo and paste with any field names; an undo that fails leaves the window usable and honest."""

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gradgui.document import GraphDocument

CTRL = Qt.KeyboardModifier.ControlModifier


def neuron_with_fields(tmp_path, neuron_path, node_fields, wire_fields=None):
    data = json.loads(neuron_path.read_text(encoding="utf-8"))
    next(n for n in data["nodes"] if n["id"] == "x1").update(node_fields)
    next(e for e in data["edges"] if e["source"] == "x1").update(wire_fields or {})
    path = tmp_path / "neuron.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def delete_x1(canvas):
    canvas.click(canvas.row("x1"))
    assert canvas.scene.selected_node_ids() == ["x1"]
    canvas.action("actionDelete").trigger()
    assert "x1" not in canvas.doc


def test_delete_then_undo_of_a_node_with_a_field_named_like_networkx_parameters(
        window, canvas, tmp_path, neuron_path):
    path = neuron_with_fields(tmp_path, neuron_path, {"node_for_adding": "hello", "self": 1},
                              {"u_for_edge": "u", "v_for_edge": "v", "self": 2})
    assert window.files.open_file(str(path))
    opened = canvas.dumps()
    delete_x1(canvas)
    deleted = canvas.dumps()
    assert window.isWindowModified()
    canvas.action("actionUndo").trigger()
    assert canvas.dumps() == opened
    assert canvas.doc.node("x1")["node_for_adding"] == "hello"
    assert not window.isWindowModified() and window.session.undo_stack.isClean()
    canvas.action("actionRedo").trigger()
    assert canvas.dumps() == deleted and window.isWindowModified()


def test_copy_paste_undo_of_fields_named_like_networkx_parameters(window, canvas, tmp_path,
                                                                  neuron_path):
    path = neuron_with_fields(tmp_path, neuron_path, {"node_for_adding": 1},
                              {"u_for_edge": "u", "self": 2})
    assert window.files.open_file(str(path))
    opened = canvas.dumps()
    before = set(canvas.doc.node_ids())
    canvas.click(canvas.row("x1"))
    canvas.click(canvas.row("m1"), CTRL)
    canvas.key(Qt.Key.Key_C, CTRL)
    assert "u_for_edge" in QApplication.clipboard().text()
    canvas.key(Qt.Key.Key_V, CTRL)
    pasted = [n for n in canvas.doc.node_ids() if n not in before]
    assert len(pasted) == 2 and window.session.undo_stack.count() == 1
    wire = next(w for w in canvas.doc.wires() if w.target in pasted and w.source in pasted)
    assert canvas.doc.graph.edges[wire.source, wire.target, wire.port]["u_for_edge"] == "u"
    canvas.action("actionUndo").trigger()
    assert canvas.dumps() == opened


class Broken(Exception):
    """A fault nobody foresaw, in the middle of an undo."""


def test_an_undo_that_fails_half_way_leaves_the_edit_done_the_window_usable_and_modified(
        window, canvas, neuron_path, monkeypatch):
    assert window.files.open_file(str(neuron_path))
    opened = canvas.dumps()
    delete_x1(canvas)
    deleted = canvas.dumps()
    real_add_wire = GraphDocument.add_wire

    def broken_add_wire(self, *args, **kwargs):
        raise Broken("the disk is on fire")

    # Putting x1 back starts with the node; its wire then fails to come back.
    monkeypatch.setattr(GraphDocument, "add_wire", broken_add_wire)
    canvas.action("actionUndo").trigger()
    assert canvas.dumps() == deleted  # all of the delete is still there, nothing half undone
    assert window.isWindowModified() and not window.session.undo_stack.isClean()
    assert "undo" in canvas.status().lower() and "fire" in canvas.status()
    assert canvas.action("actionUndo").isEnabled()
    assert not canvas.action("actionRedo").isEnabled()
    assert canvas.view.isEnabled() and not window.session.work.document_changing

    monkeypatch.setattr(GraphDocument, "add_wire", real_add_wire)
    # The window goes on: a new edit, its undo, and the delete's undo all work.
    canvas.click(canvas.row("w1"))
    canvas.action("actionDelete").trigger()
    assert "w1" not in canvas.doc
    canvas.action("actionUndo").trigger()
    assert canvas.dumps() == deleted
    canvas.action("actionUndo").trigger()
    assert canvas.dumps() == opened and not window.isWindowModified()


def test_a_redo_that_fails_half_way_leaves_the_edit_undone_and_can_be_tried_again(
        window, canvas, neuron_path, monkeypatch):
    assert window.files.open_file(str(neuron_path))
    opened = canvas.dumps()
    canvas.click(canvas.row("m1"))
    canvas.action("actionDelete").trigger()  # three wires, then the node
    deleted = canvas.dumps()
    canvas.action("actionUndo").trigger()
    assert canvas.dumps() == opened and not window.isWindowModified()
    real_remove_node = GraphDocument.remove_node

    def broken_remove_node(self, *args, **kwargs):
        raise Broken("out of luck")

    monkeypatch.setattr(GraphDocument, "remove_node", broken_remove_node)
    canvas.action("actionRedo").trigger()
    assert canvas.dumps() == opened  # its wires are back too
    assert not window.isWindowModified() and window.session.undo_stack.isClean()
    assert "redo" in canvas.status().lower() and "out of luck" in canvas.status()
    assert canvas.action("actionRedo").isEnabled() and not canvas.action("actionUndo").isEnabled()
    monkeypatch.setattr(GraphDocument, "remove_node", real_remove_node)
    canvas.action("actionRedo").trigger()
    assert canvas.dumps() == deleted and window.isWindowModified()
