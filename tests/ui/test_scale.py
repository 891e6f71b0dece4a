"""Big graphs: level of detail, lazy wires, generated MLPs, stepping in the overview,
and the Generate MLP dialog."""

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gradgui.document import (KINDS, AddWire, Evaluation, RemoveWire, Wire, mlp_document, mlp_for_size,
                              move_nodes)
from gradgui.document.fileformat import dumps, loads
from gradgui.document.generate import mlp_size
from gradgui.engine import Value
from gradgui.ui.panels.generate_dialog import GenerateMlpDialog
from gradgui.ui.geometry import HEIGHT, TEXT_MIN_ZOOM, WIDTH, port_offset
from gradgui.ui.canvas.node_item import NodeItem
from gradgui.ui.overview.picture import MIN_OUTLINED_PX
from gradgui.ui.work import BIG
from gradgui.ui.canvas.wire_item import WireItem, wire_path

from graph_files import open_doc
from progress_boxes import leftovers

NO_CONTENTS = NodeItem.GraphicsItemFlag.ItemHasNoContents


# ----- helpers ------------------------------------------------------------------------------
def node_box(view, node_id) -> QRectF:
    """A node's box in viewport pixels."""
    x, y = view.session.doc.pos(node_id)
    return QRectF(view.mapFromScene(QRectF(x, y, WIDTH, HEIGHT)).boundingRect())


def colours_inside(image, rect: QRectF, inset: float) -> set:
    """The distinct colours of the image's pixels inside ``rect`` shrunk by ``inset``."""
    r = rect.adjusted(inset, inset, -inset, -inset).toRect()
    assert r.width() > 2 and r.height() > 2, r
    return {image.pixel(x, y) for x in range(r.left(), r.right() + 1)
            for y in range(r.top(), r.bottom() + 1)}


def centre_colour(image, view, node_id) -> QColor:
    """What the viewport shows in the middle of a node."""
    centre = node_box(view, node_id).center().toPoint()
    return QColor(image.pixel(centre))


def grads(window) -> dict:
    return {n: window.session.grad(n) for n in window.session.doc.node_ids()}


class PaintCounter:
    """Counts NodeItem.paint calls (the only place node text is drawn).

    Patch before the items are made: each item looks its paint override up once.
    """

    def __init__(self, monkeypatch):
        self.calls = 0
        real = NodeItem.paint

        def paint(item, *args):
            self.calls += 1
            return real(item, *args)

        monkeypatch.setattr(NodeItem, "paint", paint)


# ----- level of detail ------------------------------------------------------------------------
def test_wheel_below_the_text_zoom_switches_to_the_overview_and_back(canvas, neuron_path,
                                                                    monkeypatch):
    painted = PaintCounter(monkeypatch)
    assert canvas.window.files.open_file(str(neuron_path))
    view, scene = canvas.view, canvas.scene
    centre = canvas.viewport.rect().center()
    assert view.zoom >= TEXT_MIN_ZOOM and not scene.overview_mode

    # Out, notch by notch: the overview comes on exactly when the zoom drops below the mark.
    turns = 0
    while view.zoom >= TEXT_MIN_ZOOM:
        canvas.wheel(centre, -1)
        turns += 1
        assert scene.overview_mode == (view.zoom < TEXT_MIN_ZOOM), view.zoom
    assert turns > 1 and scene.overview_mode
    assert scene.wires and not any(item.isVisible() for item in scene.wires.values())
    assert all(item.flags() & NO_CONTENTS for item in scene.nodes.values())

    # What a person sees: below the mark each box is a flat fill and no node item paints;
    # one notch back in, over the mark, the boxes have their text again.
    painted.calls = 0
    overview = view.viewport().grab().toImage()
    assert painted.calls == 0
    flat = {n: colours_inside(overview, node_box(view, n), 4) for n in ("x1", "w1", "n", "o")}
    canvas.wheel(centre, 1)
    assert view.zoom >= TEXT_MIN_ZOOM and not scene.overview_mode
    painted.calls = 0
    detail = view.viewport().grab().toImage()
    assert painted.calls >= len(scene.nodes)
    for node_id, colours in flat.items():
        assert len(colours) == 1, node_id
        assert len(colours_inside(detail, node_box(view, node_id), 4)) > 2, node_id
    canvas.wheel(centre, -1)
    assert scene.overview_mode

    # In again: text and wire items come back.
    while view.zoom < TEXT_MIN_ZOOM:
        canvas.wheel(centre, 1)
    assert not scene.overview_mode and all(item.isVisible() for item in scene.wires.values())
    assert not any(item.flags() & NO_CONTENTS for item in scene.nodes.values())
    assert len(scene.wires) == canvas.doc.graph.number_of_edges()


def test_the_overview_outlines_the_selected_nodes_and_follows_the_selection(neuron):
    view, scene = neuron.view, neuron.scene
    view.zoom_by(TEXT_MIN_ZOOM * 0.8 / view.zoom)
    assert scene.overview_mode
    selection = scene.theme.selection.rgb()

    def outlined(node_id):
        """Whether the selection colour shows on the node's box edge."""
        image = view.viewport().grab().toImage()
        box = node_box(view, node_id).toRect()
        edge = [(x, box.top()) for x in range(box.left(), box.right())]
        edge += [(box.left(), y) for y in range(box.top(), box.bottom())]
        return any(image.pixel(x, y) == selection for x, y in edge)

    assert not outlined("w1") and not outlined("n")
    scene.select_nodes(["w1"])
    assert outlined("w1") and not outlined("n")
    scene.select_nodes(["n"])
    assert not outlined("w1") and outlined("n")
    neuron.action("actionSelectAll").trigger()
    assert all(outlined(node_id) for node_id in neuron.doc.node_ids())
    scene.clearSelection()
    assert not any(outlined(node_id) for node_id in neuron.doc.node_ids())

    # Boxes too small for a border show the selection as their colour.
    view.zoom_by(MIN_OUTLINED_PX * 0.8 / WIDTH / view.zoom)
    scene.select_nodes(["w1"])
    image = view.viewport().grab().toImage()
    assert centre_colour(image, view, "w1").rgb() == selection
    assert centre_colour(image, view, "n").rgb() != selection


def test_a_big_selection_is_outlined_once_long_work_is_over(neuron, qtbot, monkeypatch):
    from gradgui.ui.work import Activity
    view, scene = neuron.view, neuron.scene
    view.zoom_by(TEXT_MIN_ZOOM * 0.8 / view.zoom)
    neuron.window.session.work.big = 2  # ten nodes count as a big graph here
    selection = scene.theme.selection.rgb()

    def outlined(node_id):
        image = view.viewport().grab().toImage()
        box = node_box(view, node_id).toRect()
        return any(image.pixel(x, box.top()) == selection for x in range(box.left(), box.right()))

    working = [True]
    monkeypatch.setattr(Activity, "worker_running", property(lambda _self: working[0]))
    scene.select_nodes(["x1", "w1", "n"])
    assert not outlined("w1")  # gathering thousands then would stall the window
    working[0] = False
    qtbot.waitUntil(lambda: outlined("w1") and outlined("x1") and outlined("n"))
    assert not outlined("o")


def test_zoom_actions_switch_the_overview_at_the_documented_zoom(neuron):
    view, scene = neuron.view, neuron.scene
    view.zoom_by(TEXT_MIN_ZOOM * 1.01 / view.zoom)
    assert not scene.overview_mode
    view.zoom_by(0.99 / 1.01)
    assert view.zoom < TEXT_MIN_ZOOM and scene.overview_mode
    neuron.action("actionZoomReset").trigger()
    assert view.zoom == pytest.approx(1.0) and not scene.overview_mode
    for _ in range(10):
        neuron.action("actionZoomOut").trigger()
        assert scene.overview_mode == (view.zoom < TEXT_MIN_ZOOM)
    assert scene.overview_mode
    neuron.action("actionFit").trigger()
    assert scene.overview_mode == (view.zoom < TEXT_MIN_ZOOM)


# ----- a big graph: lazy wire items ---------------------------------------------------------
def wire_ends(scene, wire):
    """Where a wire's item (or the wire layer's curve) starts and ends, and where its
    ports are, in scene coordinates."""
    ports = []
    for node_id, index in ((wire.source, -1), (wire.target, wire.port)):
        x, y = scene.session.doc.pos(node_id)
        dx, dy = port_offset(index, KINDS[scene.session.doc.node(node_id)["kind"]].arity)
        ports.append(QPointF(x + dx, y + dy))
    if wire in scene.wires:
        path = scene.wires[wire].path()
    else:  # drawn by the layer: its curve through the target port
        at = QRectF(ports[1].x() - 1, ports[1].y() - 1, 2, 2)
        ends = next(e for e in scene.detail.layer.wires_in(at)
                    if e[0] == (wire.source, wire.target, wire.port))
        path = wire_path(*ends[1:])
    return [path.pointAtPercent(0.0), path.pointAtPercent(1.0)], ports


def drawn(scene, wire) -> bool:
    """True when ``wire`` has its item or the wire layer draws it (by its target port)."""
    if wire in scene.wires:
        return True
    x, y = scene.session.doc.pos(wire.target)
    at = QRectF(x - 1, y, 2, HEIGHT)
    return any(e[0] == (wire.source, wire.target, wire.port) for e in scene.detail.layer.wires_in(at))


def wire_items_in(scene) -> list:
    """Every wire item the scene holds, shown or not."""
    return [item for item in scene.items() if isinstance(item, WireItem)]


def assert_wire_items_follow_the_document(scene):
    """Every wire on show has its item or is drawn by the wire layer (a big graph's), no
    item stands for a wire gone, and items kept for later (of wires far from the view)
    are hidden."""
    QApplication.processEvents()  # the view's paint makes a big graph's items near it
    doc = scene.session.doc
    wires = set(doc.wires())
    view = scene.views()[0]
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    on_show = {w for w in wires if shown.contains(*doc.pos(w.source)) or shown.contains(*doc.pos(w.target))}
    near = shown.adjusted(-WIDTH, -HEIGHT, WIDTH, HEIGHT)  # the ports of the nodes on show
    layered = {Wire(*ends[0]) for ends in scene.detail.layer.wires_in(near)}
    assert on_show and on_show <= set(scene.wires) | layered and set(scene.wires) <= wires
    assert layered <= wires and not layered & set(scene.wires)
    made = set(scene.wires.values())
    assert made <= set(wire_items_in(scene))
    assert not any(item.isVisible() for item in wire_items_in(scene) if item not in made)
    for wire in list(scene.wires)[:: max(1, len(scene.wires) // 50)]:
        ends, ports = wire_ends(scene, wire)
        assert ends == ports, wire
    for wire in list(layered)[:: max(1, len(layered) // 50)]:
        ends, ports = wire_ends(scene, wire)
        assert ends == ports, wire


def test_a_big_graph_opens_in_the_overview_and_makes_its_wires_on_zoom_in(window, canvas,
                                                                           tmp_path):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    scene, view = window.scene, window.view
    assert len(doc) > BIG
    assert scene.nodes == {}  # the overview draws the nodes: no items
    # Opening fits the graph: far below readable zoom, drawn as the overview, no wire items yet.
    assert view.zoom < TEXT_MIN_ZOOM and scene.overview_mode
    assert scene.wires == {} and wire_items_in(scene) == []
    view.viewport().grab()
    assert scene.wires == {}

    # Edits while zoomed out: a wire removed, another added in its place, both undoable.
    removed = Wire("L1.n1.w1", "s1.L1.n1.x1*w1", 1)
    added = Wire("L1.n2.w1", "s1.L1.n1.x1*w1", 1)
    assert removed in set(doc.wires())
    assert window.session.execute(RemoveWire(removed))
    assert window.session.execute(AddWire(added.source, added.target, added.port))
    assert scene.wires == {}
    assert added in set(doc.wires()) and removed not in set(doc.wires())

    canvas.action("actionFit").trigger()
    assert scene.overview_mode and scene.wires == {}
    canvas.action("actionZoomReset").trigger()
    assert view.zoom == pytest.approx(1.0) and not scene.overview_mode
    view.centerOn(*doc.pos(added.target))  # where the edits were
    assert_wire_items_follow_the_document(scene)
    assert all(item.isVisible() for item in scene.wires.values())
    assert drawn(scene, added) and not drawn(scene, removed)

    # And edits after: undo both, then a wire removed and put back.
    canvas.action("actionUndo").trigger()
    canvas.action("actionUndo").trigger()
    assert drawn(scene, removed) and not drawn(scene, added)
    assert_wire_items_follow_the_document(scene)
    other = next(iter(doc.wires_of("loss")))
    assert window.session.execute(RemoveWire(other))
    assert not drawn(scene, other)
    assert_wire_items_follow_the_document(scene)
    canvas.action("actionUndo").trigger()
    assert_wire_items_follow_the_document(scene)

    # Zooming out and in again shows them again.
    canvas.action("actionFit").trigger()
    assert scene.overview_mode and not any(item.isVisible() for item in scene.wires.values())
    canvas.action("actionZoomReset").trigger()
    view.centerOn(*doc.pos(added.target))
    assert_wire_items_follow_the_document(scene)
    assert all(item.isVisible() for item in scene.wires.values())


def test_wires_lie_under_the_nodes_they_join(neuron):
    scene, view = neuron.scene, neuron.view
    for wire in list(scene.wires)[:3]:  # wires made after their nodes too
        assert neuron.window.session.execute(RemoveWire(wire))
        neuron.action("actionUndo").trigger()
    image = view.viewport().grab().toImage()
    port_colour = scene.theme.port.rgb()
    for wire in scene.wires:
        _, ports = wire_ends(scene, wire)
        for port in ports:  # the port's dot shows at each end: the wire runs under it
            point = view.mapFromScene(port)
            assert image.pixel(point.x(), point.y()) == port_colour, wire


def test_moving_a_node_of_a_big_graph_in_the_overview_keeps_its_wires_attached(window, canvas,
                                                                              tmp_path):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    scene = window.scene
    assert scene.overview_mode and scene.wires == {}
    x, y = doc.pos("L1.n1.w1")
    assert window.session.execute(move_nodes({"L1.n1.w1": (x - 500.0, y + 250.0)}))
    canvas.action("actionZoomReset").trigger()
    window.view.centerOn(x - 500.0, y + 250.0)
    assert_wire_items_follow_the_document(scene)
    for wire in doc.wires_of("L1.n1.w1"):
        ends, ports = wire_ends(scene, wire)
        assert ends == ports, wire


# ----- Backward on generated MLPs equals the engine -----------------------------------------
def engine_mlp(doc, n_inputs, hidden, activation, samples) -> dict:
    """The same network built straight from engine Values, keyed by the generator's node ids.

    Only the numbers (weights, biases, inputs, targets) are read from the document.
    """
    values = {}

    def leaf(node_id):
        values[node_id] = Value(doc.node(node_id)["value"], label=node_id)
        return values[node_id]

    sizes = [n_inputs, *hidden, 1]
    for l, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), 1):
        for j in range(1, fan_out + 1):
            for i in range(1, fan_in + 1):
                leaf(f"L{l}.n{j}.w{i}")
            leaf(f"L{l}.n{j}.b")
    terms = []
    for s in range(1, samples + 1):
        feeds = [leaf(f"s{s}.x{i}") for i in range(1, n_inputs + 1)]
        for l, fan_out in enumerate(sizes[1:], 1):
            last = l == len(sizes) - 1
            outputs = []
            for j in range(1, fan_out + 1):
                name = f"s{s}.L{l}.n{j}"
                total = None
                for i, x in enumerate(feeds, 1):
                    product = values[f"{name}.x{i}*w{i}"] = x * values[f"L{l}.n{j}.w{i}"]
                    total = product if total is None else total + product
                    if i > 1:
                        values[f"{name}.sum{i}"] = total
                bias = values[f"L{l}.n{j}.b"]
                if last or activation == "linear":
                    values[name] = total + bias
                else:
                    z = values[f"{name}.z"] = total + bias
                    values[name] = getattr(z, activation)()
                outputs.append(values[name])
            feeds = outputs
        d = values[f"s{s}.d1"] = feeds[0] - leaf(f"s{s}.y1")
        square = values["loss" if samples == 1 else f"s{s}.d1**2"] = d ** 2
        terms.append(square)
    level = 1  # the loss adds the terms pairwise, level by level
    while len(terms) > 1:
        paired = []
        for k in range(0, len(terms) - 1, 2):
            name = "loss" if len(terms) == 2 else f"loss.l{level}.{k // 2 + 1}"
            paired.append(values.setdefault(name, terms[k] + terms[k + 1]))
        if len(terms) % 2:
            paired.append(terms[-1])
        terms, level = paired, level + 1
    values["loss"].backward()
    return values


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "linear"])
def test_backward_of_a_generated_mlp_equals_the_engine_node_for_node(window, canvas, tmp_path,
                                                                     activation):
    generated = mlp_document(2, (4, 3), activation, samples=5, seed=3)
    doc = open_doc(window, generated, tmp_path)
    canvas.action("actionBackward").trigger()
    shown = grads(window)
    assert None not in shown.values()

    fresh = Evaluation(loads(dumps(generated)))
    fresh.backward("loss")
    assert shown == {n: fresh.values[n].grad for n in doc.node_ids()}

    engine = engine_mlp(doc, 2, (4, 3), activation, 5)
    assert set(engine) == set(doc.node_ids())
    for node_id, value in engine.items():
        assert window.session.evaluation.data(node_id) == pytest.approx(value.data, rel=1e-12,
                                                                         abs=1e-15), node_id
        assert shown[node_id] == pytest.approx(value.grad, rel=1e-9, abs=1e-12), node_id
    # Not all zero: the comparison says something.
    assert sum(1 for g in shown.values() if abs(g) > 1e-3) > len(shown) // 2


def test_backward_on_a_big_graph_equals_a_fresh_evaluation_and_colours_the_overview(
        window, canvas, tmp_path):
    generated = mlp_for_size(3000, seed=1)
    doc = open_doc(window, generated, tmp_path)
    scene, view = window.scene, window.view
    view.zoom_by(TEXT_MIN_ZOOM * 0.8 / view.zoom)
    view.centerOn(QPointF(*doc.pos("s1.L1.n1.z")))
    assert scene.overview_mode
    view.viewport().grab()  # the overview before Backward is drawn (and cached)
    canvas.action("actionBackward").trigger()
    fresh = Evaluation(loads(dumps(generated)))
    fresh.backward(doc.output)
    assert grads(window) == {n: fresh.values[n].grad for n in doc.node_ids()}

    # What shows: still the overview, each box filled with its grad's colour.
    QApplication.processEvents()
    assert scene.overview_mode
    image = view.viewport().grab().toImage()
    inside = QRectF(view.viewport().rect()).adjusted(5, 5, -5, -5)
    seen = [n for n in doc.node_ids() if inside.contains(node_box(view, n))]
    assert len(seen) > 20
    neutral = QColor(scene.theme.node_fill)
    coloured = 0
    for node_id in seen:
        want, got = scene.look(node_id).fill, centre_colour(image, view, node_id)
        assert max(abs(want.red() - got.red()), abs(want.green() - got.green()),
                   abs(want.blue() - got.blue())) <= 12, node_id
        coloured += max(abs(want.red() - neutral.red()), abs(want.blue() - neutral.blue())) > 40
    assert coloured > 3


# ----- stepping in the overview ---------------------------------------------------------------
class Repaints:
    """Records what the scene is asked to repaint: rects, whole invalidations, recolourings."""

    def __init__(self, scene, monkeypatch):
        self.rects, self.invalidated, self.recoloured = [], 0, 0
        real_update, real_invalidate = scene.update, scene.invalidate
        real_colours = scene.overview.colours_changed

        def update(*args):
            self.rects.append(QRectF(args[0]) if args else None)
            real_update(*args)

        def invalidate(*args):
            self.invalidated += 1
            real_invalidate(*args)

        def colours_changed():
            self.recoloured += 1
            real_colours()

        def refresh_looks():
            raise AssertionError("a step repainted every node")

        monkeypatch.setattr(scene, "update", update)
        monkeypatch.setattr(scene, "invalidate", invalidate)
        monkeypatch.setattr(scene, "refresh_looks", refresh_looks)
        monkeypatch.setattr(scene.overview, "colours_changed", colours_changed)

    def clear(self):
        self.rects, self.invalidated, self.recoloured = [], 0, 0


def assert_colours_on_screen(view, node_ids):
    """Each node's middle shows its grad's colour (the overview rounds to a step of the map)."""
    image = view.viewport().grab().toImage()
    scene = view.scene()
    for node_id in node_ids:
        want, got = scene.look(node_id).fill, centre_colour(image, view, node_id)
        assert want is not None, node_id
        assert max(abs(want.red() - got.red()), abs(want.green() - got.green()),
                   abs(want.blue() - got.blue())) <= 12, (node_id, want.name(), got.name())


def test_a_step_in_the_overview_repaints_only_the_nodes_it_touched(window, canvas, tmp_path,
                                                                   monkeypatch):
    doc = open_doc(window, mlp_document(2, (3,), samples=4, seed=5), tmp_path)
    scene, view, backprop = window.scene, window.view, window.backprop
    canvas.action("actionFit").trigger()
    whole = QRectF(view.viewport().rect())

    def all_in_view():
        return all(whole.contains(node_box(view, n)) for n in doc.node_ids())

    while not (scene.overview_mode and all_in_view()):
        canvas.action("actionZoomOut").trigger()
    canvas.action("actionStep").trigger()  # the first step sets the colour scale for the pass
    QApplication.processEvents()
    repaints = Repaints(scene, monkeypatch)
    for _ in range(6):
        before = dict(scene.display.step_roles)
        repaints.clear()
        canvas.action("actionStep").trigger()
        touched = set(before) | set(scene.display.step_roles)
        assert scene.display.step_roles and repaints.invalidated == 0 and repaints.recoloured == 0
        assert repaints.rects and None not in repaints.rects  # never the whole scene
        covered = {n for n in doc.node_ids()
                   if any(r.intersects(QRectF(*doc.pos(n), WIDTH, HEIGHT)) for r in repaints.rects)}
        assert covered == touched
        for rect in repaints.rects:
            assert rect.width() * rect.height() < 2 * WIDTH * HEIGHT
        QApplication.processEvents()
        assert_colours_on_screen(view, touched)
    assert backprop.stepper.position == 7


def test_stepping_to_the_end_in_the_overview_shows_and_equals_backward(window, canvas, tmp_path):
    doc = open_doc(window, mlp_document(2, (4, 4), samples=8, seed=2), tmp_path)
    assert len(doc) > 300  # more recoloured nodes than the overview patches one by one
    scene, view = window.scene, window.view
    view.zoom_by(TEXT_MIN_ZOOM * 0.8 / view.zoom)
    view.centerOn(QPointF(*doc.pos("s1.L2.n2")))
    assert scene.overview_mode
    canvas.action("actionFollowStep").setChecked(False)  # the view stays on the nodes looked at
    inside = QRectF(view.viewport().rect()).adjusted(2, 2, -2, -2)
    seen = [n for n in doc.node_ids() if inside.contains(node_box(view, n))]
    assert len(seen) > 30
    step = canvas.action("actionStep")
    step.trigger()
    QApplication.processEvents()
    while not window.backprop.stepper.finished:
        step.trigger()
        QApplication.processEvents()
    assert scene.overview_mode
    stepped = grads(window)
    assert_colours_on_screen(view, seen)
    canvas.action("actionBackward").trigger()
    assert grads(window) == stepped
    QApplication.processEvents()
    assert_colours_on_screen(view, seen)


# ----- Generate MLP -----------------------------------------------------------------------------
def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_generate_mlp_opens_the_whole_network_as_an_untitled_graph(window, canvas, qtbot,
                                                                   monkeypatch):
    shown = []

    def fill_in_and_accept(dialog):
        shown.append(dialog)
        dialog.inputs.setValue(2)
        dialog.hidden.clear()
        qtbot.keyClicks(dialog.hidden, "4 4")
        dialog.samples.setValue(3)
        assert ok_button(dialog).isEnabled()
        assert f"{mlp_size(2, (4, 4), 'tanh', samples=3):,}" in dialog.summary.text()
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(GenerateMlpDialog, "exec", fill_in_and_accept)
    canvas.action("actionGenerateMlp").trigger()
    assert len(shown) == 1
    doc = window.session.doc
    assert len(doc) == mlp_size(2, (4, 4), "tanh", samples=3) == len(window.scene.nodes)
    assert doc.output == "loss"
    assert window.session.path is None and "untitled" in window.windowTitle()
    assert not window.isWindowModified()
    assert {"L1.n4.w2", "L3.n1.b", "s3.x2", "s3.L2.n4", "s3.y1"} <= set(doc.node_ids())
    assert f"{len(doc):,}" in canvas.status()
    assert leftovers(window, GenerateMlpDialog) == []
    # It is a graph like any other: Backward works on it.
    canvas.action("actionBackward").trigger()
    assert window.session.grad("loss") == 1.0


def test_cancelling_generate_mlp_changes_nothing(neuron, monkeypatch):
    before = neuron.dumps()
    monkeypatch.setattr(GenerateMlpDialog, "exec",
                        lambda dialog: GenerateMlpDialog.DialogCode.Rejected)
    neuron.action("actionGenerateMlp").trigger()
    assert neuron.dumps() == before and neuron.session.path is not None
    assert leftovers(neuron.window, GenerateMlpDialog) == []


def test_generate_mlp_refuses_hidden_sizes_that_are_not_whole_numbers(window, qtbot):
    dialog = GenerateMlpDialog(window)
    for text, ok in (("a, 0", False), ("4 4", True), ("4 0", False), ("3,", True),
                     ("2.5", False), ("-1", False), ("4, 4", True)):
        dialog.hidden.clear()
        qtbot.keyClicks(dialog.hidden, text)
        assert ok_button(dialog).isEnabled() == ok, text
    dialog.hidden.setText("a, 0")
    assert "whole numbers" in dialog.summary.text()
    dialog.deleteLater()
