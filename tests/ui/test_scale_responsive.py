"""Big graphs without a frozen window: work moved off the GUI thread, and
per-item signals that would make a gesture cost the square of the graph."""

import threading
import time

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from gradgui.document import Evaluation, SetField, mlp_for_size
from gradgui.document.fileformat import dumps
from gradgui.ui.controllers import files as file_ops
from gradgui.ui.overview import picture as overview_module
from gradgui.document import session as session_module
from gradgui.ui.geometry import HEIGHT, WIDTH
from gradgui.ui.main_window import MainWindow
from gradgui.ui.overview.picture import Overview
from gradgui.ui.overview import wire_picture
from gradgui.ui.overview.wire_picture import WirePicture
from gradgui.ui.work import BIG

from graph_files import open_doc

CTRL = Qt.KeyboardModifier.ControlModifier


def test_select_all_on_a_big_graph_selects_every_node_and_tells_listeners_once(canvas, tmp_path):
    doc = open_doc(canvas.window, mlp_for_size(3000), tmp_path)
    scene = canvas.window.scene
    changes = []

    def changed():
        changes.append(1)

    scene.selectionChanged.connect(changed)
    canvas.key(Qt.Key.Key_A, CTRL)
    scene.selectionChanged.disconnect(changed)
    assert scene.selected_node_ids() == doc.node_ids()
    assert len(changes) == 1  # once, not once per node (that took seconds at 10,000)


def test_opening_evaluates_and_draws_the_overview_on_the_worker(window, tmp_path, monkeypatch):
    threads = []
    real = file_ops.prepare

    def recording(doc):
        threads.append(threading.current_thread().name)
        return real(doc)

    monkeypatch.setattr(file_ops, "prepare", recording)
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    assert threads == ["gradgui-work"]
    scene, view = window.scene, window.view
    assert len(doc) > BIG and scene.overview_mode
    assert window.session.evaluation.problems == {}
    assert window.session.evaluation.doc is window.session.doc
    assert window.session.evaluation.data(doc.output) is not None
    # The shapes made on the worker paint what shapes made on the spot paint.
    adopted = overview_picture(window)
    scene.overview.geometry_changed()
    scene.invalidate(scene.sceneRect())
    rebuilt = overview_picture(window)
    assert adopted == rebuilt


def test_a_value_edit_recomputes_downstream_in_place_and_its_undo_too(window, canvas, tmp_path):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    session = window.session
    evaluation = session.evaluation
    canvas.action("actionBackward").trigger()
    before = {n: session.grad(n) for n in doc.node_ids()}
    assert session.execute(SetField("L1.n1.w1", "value", 0.75))
    assert session.evaluation is evaluation  # followed, not made again
    assert session.grads_stale and {n: session.grad(n) for n in doc.node_ids()} == before
    fresh = Evaluation(doc)
    assert {n: evaluation.data(n) for n in doc.node_ids()} == {n: fresh.data(n) for n in doc.node_ids()}
    canvas.action("actionUndo").trigger()
    fresh = Evaluation(doc)
    assert {n: evaluation.data(n) for n in doc.node_ids()} == {n: fresh.data(n) for n in doc.node_ids()}


class PaintCount(QObject):
    """Counts the paint events a widget gets."""

    def __init__(self, widget):
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_work_shorter_than_the_progress_delay_still_lets_the_window_repaint(window, qtbot):
    viewport = window.view.viewport()
    paints = PaintCount(viewport)
    seen = {}

    def work():
        time.sleep(0.15)  # under the 200 ms after which a progress box shows
        seen["paints"] = paints.count
        return "done"

    QTimer.singleShot(0, viewport.update)
    assert window.session.work.run("Short work", work) == "done"
    assert seen["paints"] >= 1  # painted while the work ran, not after
    assert not [box for box in window.findChildren(QProgressDialog) if box.isVisible()]


def overview_picture(window):
    """What the canvas shows now, fitted and zoomed out, once every wire is drawn.

    A big graph's wires are drawn into a picture a slice at a time, with events
    handled between slices: a grab before the last slice shows only some of them.
    """
    QApplication.processEvents()
    image = window.view.viewport().grab().toImage()
    wires = window.scene.overview.wire_picture
    deadline = time.monotonic() + 60  # a guard against hanging, not a timing check
    while not wires.complete and time.monotonic() < deadline:
        QApplication.processEvents()
        image = window.view.viewport().grab().toImage()
    assert wires.complete
    return image


def drawn_on_the_spot(window, monkeypatch):
    """What the canvas shows when the overview builds everything anew on the GUI thread
    and draws its wires straight onto the view."""
    scene = window.scene
    with monkeypatch.context() as patch:
        patch.setattr(WirePicture, "draw", lambda *args: False)
        scene.overview.geometry_changed()
        scene.invalidate(scene.sceneRect())
        return overview_picture(window)


def test_fills_made_on_the_worker_paint_what_fills_made_on_the_spot_paint(window, canvas,
                                                                         tmp_path, monkeypatch):
    open_doc(window, mlp_for_size(3000), tmp_path)
    view = window.view
    view.zoom_by(0.1 / view.zoom)  # zoomed out, but with boxes big enough to show colours
    view.centerOn(window.scene.graph_rect().center())
    assert window.scene.overview_mode
    window.appearance.set_scale_mode("symlog")  # most grads of an MLP are small next to the loss's
    threads = []
    real = Overview.fills_maker

    def recording(overview, evaluation):
        make = real(overview, evaluation)

        def work(scale):
            threads.append(threading.current_thread().name)
            return make(scale)
        return work if make is not None else None

    monkeypatch.setattr(Overview, "fills_maker", recording)
    overview_picture(window)  # drawn once: the overview has shapes to fill
    canvas.action("actionBackward").trigger()
    after_backward = overview_picture(window)
    assert threads == ["gradgui-work"]
    colours = {after_backward.pixel(x, y) for x in range(0, after_backward.width(), 2)
               for y in range(0, after_backward.height(), 2)}
    assert len(colours) > 5  # the grads' colours, not only the plain fill
    assert after_backward == drawn_on_the_spot(window, monkeypatch)

    canvas.action("actionFollowStep").setChecked(False)  # both pictures of one view
    canvas.action("actionStep").trigger()  # the step-through's scale and fills, on the worker
    assert threads == ["gradgui-work"] * 2
    stepping = overview_picture(window)
    assert stepping == drawn_on_the_spot(window, monkeypatch)


def test_the_wire_picture_follows_scrolls_and_zooms(make_window, tmp_path, monkeypatch):
    def scroll_then_zoom_out(window, direct):
        """Pictures of the canvas after a scroll and after a zoom."""
        with monkeypatch.context() as patch:
            if direct:
                patch.setattr(WirePicture, "draw", lambda *args: False)
            open_doc(window, mlp_for_size(3000), tmp_path)
            view = window.view
            view.zoom_by(0.1 / view.zoom)
            view.centerOn(window.scene.graph_rect().center())
            window.actions["actionBackward"].trigger()
            overview_picture(window)
            view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 37)
            scrolled = overview_picture(window)  # only a strip is drawn
            view.zoom_by(0.5)
            window.actions["actionResetGrads"].trigger()
            return scrolled, overview_picture(window)

    with_picture = scroll_then_zoom_out(make_window(), direct=False)
    assert with_picture == scroll_then_zoom_out(make_window(), direct=True)


def test_deleting_thousands_of_nodes_reads_the_selection_a_few_times_not_for_each(
        window, canvas, tmp_path, monkeypatch):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    before = dumps(doc)
    scene = window.scene
    canvas.action("actionSelectAll").trigger()
    QApplication.processEvents()
    reads = []
    real = type(scene).selected_node_ids
    monkeypatch.setattr(type(scene), "selected_node_ids",
                        lambda self: reads.append(1) or real(self))
    canvas.key(Qt.Key.Key_Delete)
    QApplication.processEvents()
    assert len(doc) == 0 and scene.nodes == {}
    assert len(reads) <= 3  # the delete, the first change, the last: not one per node
    assert window.inspector.id_text.text() == "(select one node)"
    reads.clear()
    canvas.action("actionUndo").trigger()
    QApplication.processEvents()
    assert dumps(doc) == before and scene.overview_mode and scene.nodes == {}  # the overview's


def test_auto_layout_of_a_big_graph_in_the_overview_moves_every_box(window, canvas, tmp_path,
                                                                   monkeypatch):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    for node_id in doc.node_ids()[::2]:
        doc.graph.nodes[node_id]["pos"] = (0.0, 0.0)  # a mess, as if typed in by hand
    window.scene.rebuild()
    canvas.action("actionFit").trigger()
    assert window.scene.overview_mode
    canvas.action("actionAutoLayout").trigger()
    assert window.session.undo_stack.count() == 1
    laid_out = {n: doc.pos(n) for n in doc.node_ids()}
    assert len(set(laid_out.values())) == len(doc)  # no two boxes on one spot
    assert overview_picture(window) == drawn_on_the_spot(window, monkeypatch)
    canvas.action("actionUndo").trigger()
    assert sum(doc.pos(n) == (0.0, 0.0) for n in doc.node_ids()) >= len(doc) // 2
    assert overview_picture(window) == drawn_on_the_spot(window, monkeypatch)


def test_boxes_too_small_for_a_border_show_their_grads_colour(window, canvas, tmp_path):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    view, scene = window.view, window.scene
    window.appearance.set_scale_mode("symlog")
    canvas.action("actionBackward").trigger()
    view.zoom_by(4.0 / WIDTH / view.zoom)  # boxes 4 px wide: a border would be all of them
    weights = [n for n in doc.node_ids() if doc.kind(n).name == "weight"]
    view.centerOn(QPointF(*doc.pos(weights[0])))
    image = overview_picture(window)
    border = scene.theme.node_border.rgb()
    shown = 0
    for node_id in weights:
        x, y = doc.pos(node_id)
        centre = view.mapFromScene(QPointF(x + WIDTH / 2, y + HEIGHT / 2))
        if not image.rect().contains(centre):
            continue
        shown += 1
        assert image.pixel(centre) & 0xFFFFFF != border & 0xFFFFFF, node_id
        assert image.pixel(centre) == scene.overview.colour(node_id).rgb(), node_id
    assert shown >= 3


def test_after_a_big_graphs_structural_edit_it_is_evaluated_and_shaped_on_the_worker(
        window, canvas, tmp_path, monkeypatch):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    assert window.scene.overview_mode
    overview_picture(window)
    threads = []
    for module, name in ((session_module, "evaluate"), (overview_module, "build_shapes"),
                         (overview_module, "build_fills")):
        real = getattr(module, name)

        def recording(*args, _real=real, _name=name):
            threads.append((_name, threading.current_thread().name))
            return _real(*args)

        monkeypatch.setattr(module, name, recording)
    window.scene.select_nodes(["L1.n1.w1"])
    canvas.key(Qt.Key.Key_Delete)
    assert "L1.n1.w1" not in doc
    assert threads == [("evaluate", "gradgui-work"), ("build_shapes", "gradgui-work"),
                       ("build_fills", "gradgui-work")]
    fresh = Evaluation(doc)
    assert window.session.evaluation.problems == fresh.problems
    assert {n: window.session.evaluation.data(n) for n in doc.node_ids()} == \
        {n: fresh.data(n) for n in doc.node_ids()}
    assert overview_picture(window) == drawn_on_the_spot(window, monkeypatch)


def test_new_colours_of_a_big_graph_are_made_on_the_worker_with_the_old_shown_meanwhile(
        window, canvas, tmp_path, monkeypatch):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    view = window.view
    view.zoom_by(0.1 / view.zoom)  # zoomed out, with boxes big enough to show colours
    canvas.action("actionBackward").trigger()
    before = overview_picture(window)
    threads, pictures = [], []
    real = overview_module.build_fills
    working, grabbed = threading.Event(), threading.Event()

    def recording(*args):
        threads.append(threading.current_thread().name)
        if threading.current_thread() is not threading.main_thread():
            grabbed.clear()
            working.set()
            grabbed.wait(10.0)  # the window's thread looks at the canvas meanwhile
            working.clear()
        return real(*args)

    def look():
        if working.is_set() and not grabbed.is_set():
            pictures.append(view.viewport().grab().toImage())
            grabbed.set()

    watcher = QTimer()
    watcher.timeout.connect(look)
    watcher.start(5)
    monkeypatch.setattr(overview_module, "build_fills", recording)
    weight = "L1.n1.w1"
    assert window.session.execute(SetField(weight, "value", doc.node(weight)["value"] + 1.0))
    edited = overview_picture(window)
    assert threads == ["gradgui-work"]
    assert edited == drawn_on_the_spot(window, monkeypatch)
    # Shown again through the wire picture (the spot's drawing is cached in the view): a
    # picture of many wires takes several slices, and the old one must be whole.
    window.scene.invalidate(window.scene.sceneRect())
    before, threads[:], pictures[:] = overview_picture(window), [], []
    canvas.action("actionResetGrads").trigger()  # every colour goes
    after = overview_picture(window)
    watcher.stop()
    assert threads == ["gradgui-work"]
    assert after != before
    assert pictures and all(picture == before for picture in pictures)  # old colours, not none
    assert after == drawn_on_the_spot(window, monkeypatch)


def test_zoomed_in_edits_of_a_big_graph_leave_the_overview_colours_for_later(window, canvas,
                                                                             tmp_path, monkeypatch):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    canvas.action("actionBackward").trigger()
    canvas.action("actionZoomReset").trigger()
    assert not window.scene.overview_mode
    made = []
    real = overview_module.build_fills
    monkeypatch.setattr(overview_module, "build_fills", lambda *args: made.append(1) or real(*args))
    weight = "L1.n1.w1"
    for delta in (1.0, 2.0):  # no worker, no box: the overview is not on show
        assert window.session.execute(SetField(weight, "value", doc.node(weight)["value"] + delta))
        QApplication.processEvents()
    assert made == []
    canvas.action("actionFit").trigger()  # back in the overview: coloured as it is now
    assert overview_picture(window) == drawn_on_the_spot(window, monkeypatch)


def test_a_value_edit_of_a_big_graph_recomputes_downstream_on_the_worker(window, canvas, tmp_path,
                                                                        monkeypatch):
    doc = open_doc(window, mlp_for_size(3000), tmp_path)
    evaluation = window.session.evaluation
    threads = []
    real = Evaluation.recomputed

    def recording(self, *args):
        threads.append(threading.current_thread().name)
        return real(self, *args)

    monkeypatch.setattr(Evaluation, "recomputed", recording)
    weight = "L1.n1.w1"
    assert window.session.execute(SetField(weight, "value", doc.node(weight)["value"] + 1.0))
    assert threads == ["gradgui-work"]
    assert window.session.evaluation is evaluation  # changed in place, on the window's thread
    fresh = Evaluation(doc)
    assert {n: evaluation.data(n) for n in doc.node_ids()} == {n: fresh.data(n) for n in doc.node_ids()}


def test_a_big_wire_picture_is_drawn_in_slices_while_the_window_goes_on(window, canvas,
                                                                        tmp_path, monkeypatch):
    open_doc(window, mlp_for_size(3000), tmp_path)
    monkeypatch.setattr(wire_picture, "SLICE_MS", 0.0)  # one tile's wires a slice
    picture = window.scene.overview.wire_picture
    canvas.action("actionFit").trigger()
    window.scene.overview.geometry_changed()
    window.scene.invalidate(window.scene.in_view())
    window.view.viewport().repaint()
    assert not picture.complete  # the first slice is shown; the rest follow
    slices = 1
    while not picture.complete:
        QApplication.processEvents()
        slices += 1
    assert slices > 2
    assert overview_picture(window) == drawn_on_the_spot(window, monkeypatch)


def test_a_window_closed_while_its_wire_picture_is_drawn_leaves_nothing_running(
        qapp, settings_dir, no_modal_dialogs, tmp_path, monkeypatch):
    window = MainWindow()  # not handed to qtbot: this test deletes it itself
    window.show()
    open_doc(window, mlp_for_size(3000), tmp_path)
    monkeypatch.setattr(wire_picture, "SLICE_MS", 0.0)
    window.scene.overview.geometry_changed()
    window.scene.invalidate(window.scene.in_view())
    window.view.viewport().repaint()
    assert not window.scene.overview.wire_picture.complete
    window.session.undo_stack.setClean()
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    for _ in range(20):
        QApplication.processEvents()  # a slice left for later would fail here
