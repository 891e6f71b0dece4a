"""Stepping follows the current node; Focus on Selection dims what is off its paths."""

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QApplication

from gradgui import examples_dir
from gradgui.document.group_commands import MakeGroup
from gradgui.ui.geometry import HEIGHT, WIDTH
from gradgui.ui.canvas.focus import DIMMED
from gradgui.ui.controllers.navigate import NavigateController
from gradgui.ui.settings import settings


def visible(canvas):
    return canvas.view.mapToScene(canvas.viewport.rect()).boundingRect()


def current_step_node(canvas):
    roles = canvas.scene.display.step_roles
    return next(n for n, role in roles.items() if role == "current")


def open_mlp_at_1to1(window, canvas, corner: str):
    assert window.files.open_file(str(examples_dir() / "mlp.json"))
    canvas.view.reset_zoom()
    graph = canvas.scene.graph_rect()
    canvas.view.centerOn(graph.topLeft() if corner == "top left" else graph.bottomRight())
    QApplication.processEvents()


def test_each_step_pans_to_its_node_when_it_is_off_screen(window, canvas, qtbot):
    open_mlp_at_1to1(window, canvas, "top left")
    assert window.actions["actionFollowStep"].isChecked()  # on by default
    canvas.key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    panned = 0
    for _ in range(12):
        before = visible(canvas).center()
        canvas.key(Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: not window.navigate.pan.running)
        node = current_step_node(canvas)
        box = canvas.scene.nodes[node].sceneBoundingRect()
        assert visible(canvas).contains(box), node
        panned += visible(canvas).center() != before
    # The pass starts at the loss, far from the top left corner: the view went there,
    # and moved again only when a step's node left the screen.
    assert 1 <= panned < 12


def test_with_follow_off_the_view_stays_put(window, canvas, qtbot):
    open_mlp_at_1to1(window, canvas, "top left")
    assert window.actions["actionFollowStep"] in window.menus["View"].actions()
    window.actions["actionFollowStep"].trigger()
    assert not window.actions["actionFollowStep"].isChecked()
    before = visible(canvas)
    canvas.key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    for _ in range(5):
        canvas.key(Qt.Key.Key_F10)
    QApplication.processEvents()
    assert not window.navigate.pan.running
    assert visible(canvas) == before
    node = current_step_node(canvas)
    assert not before.contains(canvas.scene.nodes[node].sceneBoundingRect())


def test_follow_step_is_remembered(make_window):
    first = make_window()
    first.actions["actionFollowStep"].trigger()
    assert settings().value("view/follow_step") in (False, "false")
    second = make_window()
    assert not second.actions["actionFollowStep"].isChecked()
    assert not second.navigate.follow
    second.actions["actionFollowStep"].trigger()
    assert make_window().actions["actionFollowStep"].isChecked()


def dimmed(canvas) -> set:
    return {n for n, item in canvas.scene.nodes.items() if item.opacity() < 1.0}


def test_focus_dims_what_is_neither_upstream_nor_downstream_and_follows_clicks(neuron, qtbot):
    focus = neuron.action("actionFocusSelection")
    assert focus in neuron.window.menus["View"].actions()
    neuron.click(neuron.row("x2", "label"))
    focus.trigger()
    # x2 feeds x2*w2, then the sum, n and o; nothing feeds x2.
    assert dimmed(neuron) == {"x1", "w1", "m1", "w2", "b"}
    assert neuron.scene.nodes["x1"].opacity() == DIMMED
    assert neuron.status() == "Focus on 'x2': 0 nodes upstream, 4 downstream; the rest are dimmed."
    neuron.click(neuron.row("m1", "label"))
    qtbot.waitUntil(lambda: dimmed(neuron) == {"x2", "w2", "m2", "b"})
    neuron.click(neuron.row("o", "label"))  # everything leads to o
    qtbot.waitUntil(lambda: not dimmed(neuron))
    neuron.click(neuron.row("b", "label"))
    qtbot.waitUntil(lambda: dimmed(neuron) == {"x1", "w1", "m1", "x2", "w2", "m2", "s1"})
    # Several selected nodes (Ctrl+click, or a collapsed box's): the paths of each.
    neuron.click(neuron.row("x1", "label"))
    neuron.click(neuron.row("x2", "label"), Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dimmed(neuron) == {"w1", "w2", "b"})
    assert neuron.status() == "Focus on 2 nodes: 0 nodes upstream, 5 downstream; the rest are dimmed."
    focus.trigger()  # off: everything bright again
    assert not dimmed(neuron) and not focus.isChecked()


def test_focus_in_the_zoomed_out_overview_veils_the_dimmed_nodes(neuron, qtbot):
    neuron.click(neuron.row("x2", "label"))
    neuron.key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    neuron.action("actionFocusSelection").trigger()
    neuron.view.zoom_by(0.25 / neuron.view.zoom)
    assert neuron.scene.overview_mode
    neuron.view.centerOn(neuron.scene.graph_rect().center())
    image = neuron.viewport.grab().toImage()
    canvas_colour = neuron.scene.theme.canvas

    def colour_at(node_id):
        point = neuron.view.mapFromScene(neuron.node_centre(node_id) + QPointF(0, 8))
        return image.pixelColor(point)

    def distance(a, b):
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())

    # A kept node shows its grad's colour (n's is strong); a dimmed one is nearly the canvas.
    overview = neuron.scene.overview
    assert distance(colour_at("n"), overview.colour("n")) <= 12
    strong = distance(overview.colour("x1"), canvas_colour)  # x1's grad is -1.5
    assert strong > 200
    assert distance(colour_at("x1"), canvas_colour) < 0.3 * strong
    # A kept node hidden in a collapsed group is left to its group's box, which stays
    # bright (it holds the focused path) where it stands, in the colour of what it shows;
    # a box holding no kept node is veiled.
    assert distance(colour_at("m2"), overview.colour("m2")) <= 12
    neuron.session.execute(MakeGroup("g", "x2*w2", ["w2", "m2"], collapsed=True))
    neuron.session.execute(MakeGroup("h", "x1*w1", ["x1", "w1", "m1"], collapsed=True))
    plan = neuron.scene.folding.plan
    assert (plan.boxes["g"].x, plan.boxes["g"].y) == neuron.doc.pos("m2")
    assert (plan.boxes["h"].x, plan.boxes["h"].y) == neuron.doc.pos("m1")
    strong = distance(overview.colour("m1"), canvas_colour)
    qtbot.waitUntil(lambda: distance(grab_colour(neuron, "m1"), canvas_colour) < 0.3 * strong)
    assert distance(grab_colour(neuron, "m2"), overview.colour("m2")) <= 12


def grab_colour(canvas, node_id):
    """What the viewport shows a little below the middle of a node's box."""
    image = canvas.viewport.grab().toImage()
    return image.pixelColor(canvas.view.mapFromScene(canvas.node_centre(node_id) + QPointF(0, 8)))


def test_focus_follows_edits_and_a_new_graph(neuron, qtbot):
    neuron.click(neuron.row("x2", "label"))
    neuron.action("actionFocusSelection").trigger()
    navigate: NavigateController = neuron.window.navigate
    assert navigate.focus.centre == {"x2"}
    neuron.key(Qt.Key.Key_Delete)  # x2 goes, with its wire: nothing selected, nothing dimmed
    qtbot.waitUntil(lambda: not dimmed(neuron))
    assert navigate.focus.kept is None
    neuron.key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    neuron.click(neuron.row("x2", "label"))
    qtbot.waitUntil(lambda: dimmed(neuron) == {"x1", "w1", "m1", "w2", "b"})


def test_a_step_inside_a_collapsed_group_pans_to_the_group(neuron, qtbot):
    neuron.session.execute(MakeGroup("g", "x1*w1", ["x1", "w1", "m1"], level="neuron",
                                     collapsed=True))
    box = neuron.scene.folding.plan.boxes["g"]  # the group's box, where m1 shows
    group = QRectF(box.x, box.y, WIDTH, HEIGHT)
    neuron.view.reset_zoom()
    neuron.key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)

    def step_from_far_away():
        qtbot.waitUntil(lambda: not neuron.window.navigate.pan.running)
        neuron.view.centerOn(group.center() + QPointF(3000, 3000))  # a pan is due
        neuron.key(Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: not neuron.window.navigate.pan.running)

    step_from_far_away()
    while current_step_node(neuron) != "m1":  # x1*w1, hidden in the collapsed group
        step_from_far_away()
    centre = visible(neuron).center()
    assert abs(centre.x() - group.center().x()) <= 1 and abs(centre.y() - group.center().y()) <= 1
