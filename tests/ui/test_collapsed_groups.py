"""Collapsed groups on the canvas, with real mouse and key events: the menu's Collapse
All and Expand All, double-click, the toggle's key, tooltips, selecting, moving,
copying and deleting a box, and stepping inside one."""

import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication, QFrame

from gradgui.ui.canvas.group_item import LABEL_PX, GroupItem, elided_label
from gradgui.ui.canvas.view import GraphView
from gradgui.ui.geometry import TEXT_MIN_ZOOM

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from grouped_network import grouped_network  # noqa: E402

NEURONS = 16 + 16 + 1


def open_network(canvas, collapsed_level=None):
    canvas.session.replace_document(grouped_network(collapsed_level=collapsed_level))
    QApplication.processEvents()
    # A progress box may have shown meanwhile: keys go to the window again.
    canvas.window.activateWindow()
    canvas.qtbot.waitUntil(canvas.window.isActiveWindow)
    canvas.view.setFocus()
    return canvas.doc


def box_point(canvas, gid) -> QPoint:
    """The middle of a box's data row, in viewport coordinates."""
    QApplication.processEvents()
    item = canvas.scene.folding.boxes[gid]
    canvas.view.centerOn(item)
    QApplication.processEvents()
    return canvas.view.mapFromScene(item.mapToScene(QPointF(75.0, 45.0)))


def collapse_all(canvas, level):
    canvas.window.menus["View"].findChild(type(canvas.window.menus["View"]), "menuCollapseAll") \
        .aboutToShow.emit()
    canvas.action(f"actionCollapseAll_{level}").trigger()
    QApplication.processEvents()


def test_collapse_all_neurons_from_the_menu_is_one_undo_step(canvas):
    doc = open_network(canvas)
    canvas.view.reset_zoom()  # wires are items (not the overview's picture)
    collapse_all(canvas, "neuron")
    folding = canvas.scene.folding
    assert len(folding.boxes) == NEURONS
    assert all(doc.groups.collapsed(g) for g in doc.groups.ids() if doc.groups.level(g) == "neuron")
    hidden = doc.groups.nodes("L2.n5")
    assert all(not canvas.scene.nodes[n].isVisible() for n in hidden)
    assert canvas.scene.nodes["x1"].isVisible()
    assert all(not canvas.scene.wires[w].isVisible() for w in doc.wires_of_nodes(hidden))
    assert len(folding.links) == 2 * 16 + 16 * 16 + 16 + 1
    assert canvas.session.undo_stack.undoText() == "Collapse 33 groups"
    # The boxes keep the nodes' spread: the status bar tells how to pack them.
    assert canvas.status() == "Collapse 33 groups: Auto Layout (L) packs the boxes closer."
    canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert folding.boxes == {} and folding.links == {}
    assert all(canvas.scene.nodes[n].isVisible() for n in hidden)
    assert all(canvas.scene.wires[w].isVisible() for w in doc.wires_of_nodes(hidden))
    canvas.action("actionCollapseAll_layer").trigger()
    QApplication.processEvents()
    assert sorted(folding.boxes) == ["L1", "L2", "L3"]
    canvas.action("actionExpandAllGroups").trigger()
    QApplication.processEvents()
    assert folding.boxes == {}


def test_the_collapse_menus_list_the_levels_innermost_first(canvas):
    open_network(canvas)
    menu = canvas.window.findChild(type(canvas.window.menus["View"]), "menuExpandAll")
    menu.aboutToShow.emit()
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names == ["actionExpandAll_neuron", "actionExpandAll_loss", "actionExpandAll_layer",
                     "actionExpandAllGroups"]


def test_double_click_on_a_box_expands_it_in_place(canvas):
    doc = open_network(canvas, "neuron")
    box = canvas.scene.folding.plan.boxes["L1.n3"]
    where = (box.x, box.y)
    canvas.double_click(box_point(canvas, "L1.n3"))
    QApplication.processEvents()
    assert not doc.groups.collapsed("L1.n3")
    assert "L1.n3" not in canvas.scene.folding.boxes
    assert canvas.scene.nodes["L1.n3"].isVisible()
    assert tuple(doc.pos("L1.n3")) == where  # the box stood where its output is
    assert canvas.session.undo_stack.undoText() == "Expand L1.n3"
    assert len(canvas.scene.folding.boxes) == NEURONS - 1


def test_after_auto_layout_a_box_expands_around_its_place_and_undo_puts_everything_back(canvas):
    doc = open_network(canvas)
    full = {n: doc.pos(n) for n in doc.node_ids()}
    collapse_all(canvas, "neuron")
    canvas.action("actionAutoLayout").trigger()
    QApplication.processEvents()
    assert canvas.session.undo_stack.undoText() == "Auto layout"
    laid_out = {n: doc.pos(n) for n in doc.node_ids()}
    place = canvas.scene.folding.boxes["L1.n3"].sceneBoundingRect()
    canvas.double_click(box_point(canvas, "L1.n3"))
    QApplication.processEvents()
    assert not doc.groups.collapsed("L1.n3")
    assert canvas.session.undo_stack.undoText() == "Expand L1.n3"
    items = [canvas.scene.nodes[n] for n in doc.groups.nodes("L1.n3")]
    assert all(item.isVisible() for item in items)
    shown = items[0].sceneBoundingRect()
    for item in items[1:]:
        shown = shown.united(item.sceneBoundingRect())
    # Its eight nodes sit together, around where the box was (it was 1,500 x 2,800).
    assert shown.contains(place.center())
    assert shown.width() < 1100 and shown.height() < 400
    canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert doc.groups.collapsed("L1.n3") and "L1.n3" in canvas.scene.folding.boxes
    assert {n: doc.pos(n) for n in doc.node_ids()} == laid_out
    canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert {n: doc.pos(n) for n in doc.node_ids()} == full
    canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()
    assert {n: doc.pos(n) for n in doc.node_ids()} == laid_out


def test_the_toggle_key_collapses_the_group_of_a_selected_node_and_expands_a_box(canvas):
    doc = open_network(canvas)
    canvas.view.centerOn(canvas.scene.nodes["L2.n4.z"])
    canvas.click(canvas.row("L2.n4.z", "label"))
    canvas.key(Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()
    assert doc.groups.collapsed("L2.n4")
    box = canvas.scene.folding.boxes["L2.n4"]
    assert box.isSelected()
    assert canvas.scene.selected_node_set() == doc.groups.nodes("L2.n4")
    canvas.key(Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()
    assert not doc.groups.collapsed("L2.n4")


def test_a_box_tooltip_lists_what_is_inside(canvas):
    open_network(canvas, "neuron")
    tip = canvas.scene.folding.boxes["L2.n7"].toolTip()
    lines = tip.splitlines()
    assert lines[0] == "L2.n7  (neuron, collapsed)"
    assert lines[1] == "50 nodes: 17 weight, 16 mul, 16 add, 1 tanh"
    assert "L2.n7.w1" in lines[2] and "… and 38 more" in lines[2]
    assert lines[3].startswith("L2.n7: data ")
    assert lines[-1] == "Double-click to expand it."


def test_dragging_a_box_moves_every_node_inside_as_one_step(canvas):
    doc = open_network(canvas, "neuron")
    inside = {n: doc.pos(n) for n in doc.groups.nodes("L1.n2")}
    outside = doc.pos("L1.n3.b")
    start = box_point(canvas, "L1.n2")
    canvas.drag(start, start + QPoint(60, 40))
    QApplication.processEvents()
    zoom = canvas.view.zoom
    dx, dy = 60 / zoom, 40 / zoom
    for node_id, (x, y) in inside.items():
        nx, ny = doc.pos(node_id)
        assert abs(nx - x - dx) < 2 and abs(ny - y - dy) < 2
    assert doc.pos("L1.n3.b") == outside
    box = canvas.scene.folding.plan.boxes["L1.n2"]
    assert canvas.scene.folding.boxes["L1.n2"].pos() == QPointF(box.x, box.y)
    canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {n: doc.pos(n) for n in inside} == inside


def test_copy_and_delete_of_a_box_take_its_whole_group(canvas):
    doc = open_network(canvas, "neuron")
    inside = doc.groups.nodes("L1.n5")
    canvas.click(box_point(canvas, "L1.n5"))
    assert canvas.scene.selected_node_set() == inside
    canvas.key(Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text()
    assert all(f'"{n}"' in copied for n in inside)
    count = len(doc)
    canvas.key(Qt.Key.Key_Delete)
    QApplication.processEvents()
    assert len(doc) == count - len(inside)
    assert not any(n in doc for n in inside)
    assert "L1.n5" not in canvas.scene.folding.boxes
    canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert all(n in doc for n in inside)
    assert doc.groups.collapsed("L1.n5") and "L1.n5" in canvas.scene.folding.boxes


def test_the_stepped_box_is_marked_and_step_over_takes_its_steps_as_one(canvas):
    doc = open_network(canvas, "neuron")
    folding, backprop = canvas.scene.folding, canvas.window.backprop
    canvas.key(Qt.Key.Key_F10)  # the seed, on the loss (not in a box)
    canvas.key(Qt.Key.Key_F10)
    stepper = backprop.stepper
    # Step on until a step lands inside a collapsed box; a pass has that many steps at most.
    for _ in range(len(stepper.queue)):
        if folding.plan.hidden.get(canvas.session.evaluation.id_of(stepper.done[-1].node)):
            break
        canvas.key(Qt.Key.Key_F10)
    else:
        raise AssertionError(f"no step landed inside a box (at step {stepper.position})")
    current = canvas.session.evaluation.id_of(stepper.done[-1].node)
    gid = folding.plan.hidden[current]
    assert canvas.window.display.step_role(current) == "current"
    assert folding.look(gid).role == "current"
    before = stepper.position
    grads_before = {n: canvas.session.grad(n) for n in doc.node_ids()}
    canvas.key(Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.status().startswith(f"Stepped over {stepper.position - before} step(s)")
    taken = stepper.done[before:]
    assert taken and all(folding.plan.hidden.get(canvas.session.evaluation.id_of(s.node)) == gid
                         for s in taken)
    following = stepper.queue[stepper.position]
    assert folding.plan.hidden.get(canvas.session.evaluation.id_of(following)) != gid
    # Every step of the box is taken: none of its nodes is still to visit.
    id_of = canvas.session.evaluation.id_of
    assert not [id_of(v) for v in stepper.remaining() if folding.plan.hidden.get(id_of(v)) == gid]
    queue = canvas.window.stepper_panel.queue
    assert not [queue.item(i).text() for i in range(queue.count())
                if queue.item(i).text().startswith(gid + ".")]
    canvas.key(Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)  # Step Back: all of them
    assert canvas.status() == ""  # the word on stepping over is not left behind
    assert stepper.position == before
    assert {n: canvas.session.grad(n) for n in doc.node_ids()} == grads_before
    assert folding.look(gid).role == "current"


def test_every_label_of_the_collapsed_network_fitted_at_1600_by_1000_is_9_px_or_more(canvas):
    open_network(canvas)
    collapse_all(canvas, "neuron")
    canvas.action("actionAutoLayout").trigger()
    QApplication.processEvents()
    view = GraphView(canvas.scene)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.resize(1600, 1000)
    view.show()
    try:
        QApplication.processEvents()
        view.fit_graph()
        QApplication.processEvents()
        zoom = view.transform().m11()
        assert zoom >= TEXT_MIN_ZOOM and not canvas.scene.overview_mode  # text is drawn
        assert LABEL_PX * zoom >= 9.0
        screen = view.viewport().rect()
        boxes = [i for i in canvas.scene.items() if isinstance(i, GroupItem) and i.isVisible()]
        assert len(boxes) == NEURONS
        for item in boxes:
            label = canvas.doc.groups.label(item.gid)
            assert elided_label(label) == label  # drawn whole
            assert screen.contains(view.mapFromScene(item.sceneBoundingRect()).boundingRect())
    finally:
        view.close()
        view.setScene(None)


def test_the_overview_draws_one_box_per_collapsed_group(canvas):
    open_network(canvas, "neuron")
    canvas.view.zoom_by(0.05 / canvas.view.zoom)
    QApplication.processEvents()
    assert canvas.scene.overview_mode
    canvas.view.viewport().grab()
    shapes = canvas.scene.overview._shapes
    assert set(shapes.plan.boxes) == set(canvas.scene.folding.boxes)
    corners = set()
    for boxes in shapes.outline.values():
        for box in boxes:
            corners.add((box.x(), box.y()))
    doc, plan = canvas.doc, canvas.scene.folding.plan
    assert corners == ({tuple(doc.pos(n)) for n in ("x1", "x2", "y", "score - y", "loss")}
                       | {(b.x, b.y) for b in plan.boxes.values()})


def test_step_over_outside_any_box_is_one_step(neuron):
    neuron.key(Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    stepper = neuron.window.backprop.stepper
    assert stepper.position == 1  # the seed, as Step takes it
    neuron.key(Qt.Key.Key_F11, Qt.KeyboardModifier.ShiftModifier)
    assert stepper.position == 2
    neuron.key(Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert stepper.position == 1


def test_marks_in_the_overview_go_on_the_box_hiding_the_node(canvas):
    doc = open_network(canvas, "neuron")
    overview, plan = canvas.scene.overview, canvas.scene.folding.plan
    box = plan.boxes["L2.n9"]
    for node_id in doc.groups.nodes("L2.n9"):
        rect = overview.box_rect(node_id)
        assert (rect.x(), rect.y()) == (box.x, box.y)
    assert (overview.box_rect("x1").x(), overview.box_rect("x1").y()) == tuple(doc.pos("x1"))


def test_the_canvas_matches_a_fresh_plan_after_boxes_open_and_close_one_by_one(canvas):
    from gradgui.document.folding import link_points
    from gradgui.ui.overview.shapes import make_plan
    doc = open_network(canvas, "neuron")
    canvas.view.reset_zoom()
    QApplication.processEvents()
    groups, scene = canvas.window.groups, canvas.scene
    for change in (lambda: groups.expand("L1.n2"), lambda: groups.expand("L2.n7"),
                   lambda: groups.set_collapsed({"L1": True}), lambda: groups.expand("L1"),
                   lambda: groups.set_collapsed({"L1.n2": True}),
                   lambda: canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)):
        change()
        QApplication.processEvents()
        fresh = make_plan(doc)
        assert scene.folding.plan.links == fresh.links
        assert set(scene.folding.boxes) == set(fresh.boxes)
        assert set(scene.folding.links) == set(fresh.links)
        for node_id, item in scene.nodes.items():
            assert item.isVisible() == (node_id not in fresh.hidden)
        for wire, item in scene.wires.items():
            assert item.isVisible() == (not fresh.hides(wire))
        for link, ends in scene.folding.links.items():
            assert ends == link_points(fresh, link, doc.pos)
        assert len(scene.folding.link_layer) == len(fresh.links)
        assert scene.folding.link_layer.isVisible()
        shown = [i for i in scene.items() if isinstance(i, GroupItem) and i.isVisible()]
        assert sorted(i.gid for i in shown) == sorted(fresh.boxes)


def test_a_long_link_is_straight_and_drawn_where_it_crosses_the_view(canvas):
    from PySide6.QtGui import QColor
    from gradgui.ui.canvas.link_layer import link_path
    short = link_path(0.0, 0.0, 300.0, 100.0)
    assert short.elementCount() == 4 and short.elementAt(1).isCurveTo()
    long = link_path(0.0, 0.0, 5000.0, 4000.0)
    assert [long.elementAt(i).isLineTo() for i in range(1, 4)] == [True, True, True]
    open_network(canvas)
    canvas.view.reset_zoom()
    collapse_all(canvas, "neuron")
    folding = canvas.scene.folding
    ends = max(folding.links.values(), key=lambda e: abs(e[2] - e[0]) + abs(e[3] - e[1]))
    x1, y1, x2, y2 = ends
    assert abs(x2 - x1) > 3000 or abs(y2 - y1) > 3000, "the network has a long link"
    # Far from both ends, on the straight part: the view shows the line there.
    middle = QPointF(x1 + 24.0 + (x2 - x1 - 48.0) * 0.5, y1 + (y2 - y1) * 0.5)
    canvas.view.centerOn(middle)
    QApplication.processEvents()
    image = canvas.view.viewport().grab().toImage()
    at = canvas.view.mapFromScene(middle)
    background = canvas.scene.theme.canvas.rgb()
    near = {QColor(image.pixel(at.x() + dx, at.y() + dy)).rgb()
            for dx in range(-2, 3) for dy in range(-2, 3)}
    assert near != {background}
    canvas.action("actionExpandAllGroups").trigger()
    QApplication.processEvents()
    assert folding.links == {} and len(folding.link_layer) == 0


def test_links_folded_in_the_overview_are_routed_when_zooming_back_in(canvas):
    from gradgui.document.folding import link_points
    from gradgui.ui.overview.shapes import make_plan
    doc = open_network(canvas)
    canvas.view.reset_zoom()  # wire items made
    QApplication.processEvents()
    middle = canvas.viewport.rect().center()
    canvas.wheel(middle, -8)
    QApplication.processEvents()
    assert canvas.scene.overview_mode
    collapse_all(canvas, "neuron")
    folding = canvas.scene.folding
    assert len(folding.boxes) == NEURONS and not folding.link_layer.isVisible()
    canvas.wheel(middle, 8)
    QApplication.processEvents()
    assert not canvas.scene.overview_mode
    fresh = make_plan(doc)
    assert set(folding.links) == set(fresh.links)
    for link, ends in folding.links.items():
        assert ends == link_points(fresh, link, doc.pos)
    assert len(folding.link_layer) == len(fresh.links) and folding.link_layer.isVisible()


def test_a_box_moves_with_the_view_when_it_scrolls_by_whole_pixels(canvas):
    from gradgui.ui.canvas.group_item import BOX_PICTURES
    window = canvas.window
    assert window.files.open_example("mlp.json")
    window.groups.collapse_level("neuron")
    view = window.view
    view.reset_zoom()
    box = window.scene.folding.boxes["L2.n1"]
    view.centerOn(box.sceneBoundingRect().center())
    QApplication.processEvents()
    view.viewport().grab()  # each box's picture made at this place
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 40)
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() - 30)
    QApplication.processEvents()
    scrolled = view.viewport().grab().toImage()
    BOX_PICTURES.clear()  # every box drawn afresh where it is now
    fresh = view.viewport().grab().toImage()
    # A box's kept picture went back where the box was before the scroll.
    assert scrolled == fresh


def test_the_collapse_all_menu_follows_a_new_level_and_its_undo(canvas):
    from gradgui.document.group_commands import group_selection
    doc = open_network(canvas)
    menu = canvas.window.menus["View"].findChild(type(canvas.window.menus["View"]), "menuCollapseAll")

    def shown():
        menu.aboutToShow.emit()
        return [a.objectName() for a in menu.actions() if a.objectName()]
    before = shown()
    canvas.session.execute(group_selection(doc, ["x1", "x2"], "inputs", level="inputs"))
    assert "actionCollapseAll_inputs" in shown()
    canvas.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown() == before


def test_a_box_the_graph_ends_in_shows_its_end_when_no_output_is_marked(canvas):
    """A group round the last nodes of a graph whose output is not marked (as Insert
    Expression makes round a loss): collapsed, its box shows the end's data and grad, not
    "no output"."""
    from tutorial_neuron import neuron_document

    canvas.session.replace_document(neuron_document(output=None))
    QApplication.processEvents()
    canvas.view.setFocus()
    canvas.key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    canvas.scene.select_nodes(["n", "o"])
    canvas.key(Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    (gid,) = canvas.doc.groups.ids()
    canvas.key(Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert canvas.doc.groups.collapsed(gid) and canvas.doc.output is None
    look = canvas.scene.folding.look(gid)
    assert (look.data_text, look.grad_text) == ("data 0.7071", "grad 1.0")
    assert look.fill is not None  # coloured by that grad


def test_the_inspector_shows_a_clicked_box_and_goes_back_to_nodes(canvas):
    """A click on a collapsed box: the Inspector names the group, says how many nodes it
    holds and gives the data and grad the box shows, with nothing to edit; a click on a
    node shows that node again."""
    doc = open_network(canvas, "neuron")
    canvas.key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    inspector = canvas.window.inspector
    canvas.click(box_point(canvas, "L2.n7"))
    QApplication.processEvents()
    assert inspector.id_text.text() == "L2.n7"
    assert inspector.kind_text.text() == "neuron group, collapsed: 50 nodes"
    assert inspector.label_edit.text() == doc.groups.label("L2.n7")
    assert not inspector.label_edit.isEnabled() and not inspector.output_box.isEnabled()
    shown = canvas.scene.folding.look("L2.n7")
    assert "data " + inspector.data_text.text() == shown.data_text
    assert "grad " + inspector.grad_text.text() == shown.grad_text
    canvas.click(canvas.row("x1", "label"))
    QApplication.processEvents()
    assert inspector.id_text.text() == "x1" and inspector.label_edit.isEnabled()


def test_the_inspector_calls_a_group_of_ones_own_a_group(canvas):
    """Ctrl+A, Ctrl+Alt+G, Ctrl+Shift+G, then a click on the box: "group", not "group group"."""
    from tutorial_neuron import neuron_document

    canvas.session.replace_document(neuron_document(output="o"))
    QApplication.processEvents()
    canvas.view.setFocus()
    canvas.key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    canvas.key(Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    canvas.key(Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    (gid,) = canvas.doc.groups.ids()
    canvas.click(box_point(canvas, gid))
    QApplication.processEvents()
    assert canvas.window.inspector.kind_text.text() == "group, collapsed: 10 nodes"
