"""Groups made, named and taken away from the window (Edit > Group Selection, Rename,
Ungroup), each one undo step, with the keys a person would press."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def select(canvas, *node_ids):
    canvas.click(canvas.row(node_ids[0], "label"))
    for node_id in node_ids[1:]:
        canvas.click(canvas.row(node_id, "label"), CTRL)
    assert canvas.scene.selected_node_set() == set(node_ids)


def on_screen(canvas, item):
    """What the screen shows of ``item`` now: the window's last painted frame, not a fresh
    rendering, so a change the canvas was not told to repaint does not show."""
    QApplication.processEvents()
    rect = canvas.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
    corner = canvas.viewport.mapTo(canvas.window, rect.topLeft())
    frame = canvas.window.screen().grabWindow(canvas.window.winId())
    ratio = frame.devicePixelRatio()
    return frame.toImage().copy(int(corner.x() * ratio), int(corner.y() * ratio),
                                int(rect.width() * ratio), int(rect.height() * ratio))


def answer_rename(monkeypatch, label, ok=True):
    asked = []

    def get_text(_parent, title, _text, _echo, current, *_args, **_kwargs):
        asked.append((title, current))
        return label, ok
    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return asked


def test_selected_nodes_become_a_group_named_collapsed_and_ungrouped_each_undoable(neuron, monkeypatch):
    canvas = neuron
    doc = canvas.doc
    select(canvas, "x1", "w1", "m1")
    canvas.key(Qt.Key.Key_G, CTRL | ALT)  # Edit > Group Selection
    assert len(doc.groups) == 1
    (gid,) = doc.groups.ids()
    assert doc.groups.nodes(gid) == {"x1", "w1", "m1"}
    assert "Grouped 3 node(s)" in canvas.status()
    canvas.key(Qt.Key.Key_G, CTRL | SHIFT)  # collapsed into one box, which is selected
    assert doc.groups.collapsed(gid) and canvas.scene.folding.selected_gids() == [gid]
    box = canvas.scene.folding.boxes[gid]
    shown_before = on_screen(canvas, box)
    asked = answer_rename(monkeypatch, "  first product  ")
    canvas.key(Qt.Key.Key_F2)
    assert asked == [("Rename Group", gid)]
    assert doc.groups.label(gid) == "first product"
    assert on_screen(canvas, box) != shown_before  # the box on screen shows its new label
    ungroup = canvas.action("actionUngroup")
    assert ungroup in canvas.window.menus["Edit"].actions()
    ungroup.trigger()
    QApplication.processEvents()
    assert len(doc.groups) == 0
    assert {"x1", "w1", "m1"} <= set(doc.node_ids())  # its nodes stay
    canvas.key(Qt.Key.Key_Z, CTRL)
    assert doc.groups.label(gid) == "first product" and doc.groups.collapsed(gid)
    canvas.key(Qt.Key.Key_Z, CTRL)
    assert doc.groups.label(gid) == gid
    canvas.key(Qt.Key.Key_Z, CTRL)
    canvas.key(Qt.Key.Key_Z, CTRL)
    assert len(doc.groups) == 0


def test_a_group_made_inside_a_group_goes_inside_it_and_rename_finds_the_nodes_group(neuron, monkeypatch):
    canvas = neuron
    doc = canvas.doc
    select(canvas, "x1", "w1", "m1", "x2", "w2", "m2")
    canvas.key(Qt.Key.Key_G, CTRL | ALT)
    (outer,) = doc.groups.ids()
    select(canvas, "x2", "w2")
    canvas.key(Qt.Key.Key_G, CTRL | ALT)
    inner = next(g for g in doc.groups.ids() if g != outer)
    assert doc.groups.parent(inner) == outer and doc.groups.nodes(inner) == {"x2", "w2"}
    # With nodes selected (no box), Rename names the innermost group holding them all.
    select(canvas, "x2", "m2")
    answer_rename(monkeypatch, "products")
    canvas.key(Qt.Key.Key_F2)
    assert doc.groups.label(outer) == "products" and doc.groups.label(inner) == inner


def test_without_a_group_to_act_on_each_says_so_and_changes_nothing(neuron, monkeypatch):
    canvas = neuron
    doc = canvas.doc
    canvas.click(canvas.empty_spot())
    canvas.key(Qt.Key.Key_G, CTRL | ALT)
    assert len(doc.groups) == 0 and "Select the nodes to group first" in canvas.status()
    select(canvas, "x1", "w1")
    asked = answer_rename(monkeypatch, "never")
    canvas.key(Qt.Key.Key_F2)
    assert not asked and "in no group" in canvas.status()
    canvas.key(Qt.Key.Key_G, CTRL | ALT)
    before = canvas.session.undo_stack.count()
    answer_rename(monkeypatch, "kept out", ok=False)  # the dialog is cancelled
    canvas.key(Qt.Key.Key_F2)
    assert canvas.session.undo_stack.count() == before
    assert doc.groups.label(doc.groups.ids()[0]) != "kept out"


def test_f2_on_one_node_edits_its_label_in_place(neuron, monkeypatch, qtbot):
    canvas = neuron
    select(canvas, "w1")
    asked = answer_rename(monkeypatch, "never")
    canvas.key(Qt.Key.Key_F2)
    editor = canvas.viewport.findChild(QLineEdit, "inlineEditor")
    qtbot.waitUntil(lambda: editor is not None and editor.isVisible() and editor.hasFocus())
    assert not asked and editor.text() == "w1"
    editor.selectAll()
    qtbot.keyClicks(editor, "weight one")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert canvas.doc.label("w1") == "weight one"
