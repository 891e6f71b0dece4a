"""View > Colour Scale (Auto, Linear, Symmetric Log) through real menu clicks, remembered;
the legend says which scale is on; the overview stays legible far out."""

import math
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gradgui import examples_dir
from gradgui.document import GraphDocument, Wire
from gradgui.ui.geometry import HEIGHT, WIDTH
from gradgui.ui.main_window import MainWindow
from gradgui.ui.overview.legible import MIN_NODE_PX, wire_opacity
from graph_files import open_doc

LEFT = Qt.MouseButton.LeftButton


def choose(window, qtbot, text: str) -> None:
    """View > Colour Scale > ``text``, clicked with the mouse."""
    bar = window.menuBar()
    view_menu = window.menus["View"]
    QTest.mouseClick(bar, LEFT, pos=bar.actionGeometry(view_menu.menuAction()).center())
    qtbot.waitUntil(view_menu.isVisible)
    scale_menu = window.findChild(type(view_menu), "menuColourScale")
    QTest.mouseClick(view_menu, LEFT, pos=view_menu.actionGeometry(scale_menu.menuAction()).center())
    qtbot.waitUntil(scale_menu.isVisible)
    action = next(a for a in scale_menu.actions() if a.text().replace("&", "") == text)
    QTest.mouseClick(scale_menu, LEFT, pos=scale_menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not view_menu.isVisible())


def legend_title(window, tmp_path) -> str:
    """The legend's title, as the SVG export writes it."""
    path = tmp_path / "legend.svg"
    assert window.exports.export_svg(path)
    texts = ["".join(e.itertext()).strip() for e in ET.parse(path).getroot().iter()
             if e.tag.rsplit("}", 1)[-1] == "text"]
    return next(t for t in texts if t.startswith("grad ("))


def test_the_scale_is_chosen_from_the_view_menu_and_remembered(window, qtbot, tmp_path):
    assert window.files.load_path(examples_dir() / "mlp.json")
    window.actions["actionBackward"].trigger()
    scene = window.scene
    # Auto, the default: this network's grads spread over two decades and more.
    assert window.findChild(QAction, "actionScaleAuto").isChecked()
    assert scene.grad_scale().applied == "symlog"
    assert legend_title(window, tmp_path) == "grad (symlog, auto)"
    small = min((n for n in window.session.doc.node_ids() if window.session.grad(n)),
                key=lambda n: abs(window.session.grad(n)))
    auto_fill = scene.look(small).fill

    choose(window, qtbot, "Linear")
    assert window.findChild(QAction, "actionScaleLinear").isChecked()
    assert not window.findChild(QAction, "actionScaleAuto").isChecked()
    assert scene.grad_scale().applied == "linear"
    assert legend_title(window, tmp_path) == "grad (linear)"
    # The smallest grad is all but white on a linear scale, tinted on the auto one.
    white = QColor("#f7f7f7")
    assert abs(scene.look(small).fill.lightness() - white.lightness()) < \
        abs(auto_fill.lightness() - white.lightness())

    choose(window, qtbot, "Symmetric Log")
    assert scene.grad_scale().applied == "symlog"
    assert legend_title(window, tmp_path) == "grad (symlog)"
    again = MainWindow()  # a new window reads the choice back
    qtbot.addWidget(again)
    assert again.display.scale_mode == "symlog"
    assert again.findChild(QAction, "actionScaleSymlog").isChecked()

    choose(window, qtbot, "Auto")
    assert window.display.scale_mode == "auto"
    assert legend_title(window, tmp_path) == "grad (symlog, auto)"


def legend_numbers(window, tmp_path) -> list:
    """The numbers under the legend's bar, as the SVG export writes them."""
    path = tmp_path / "numbers.svg"
    assert window.exports.export_svg(path)
    texts = ["".join(e.itertext()).strip() for e in ET.parse(path).getroot().iter()
             if e.tag.rsplit("}", 1)[-1] == "text"]
    start = next(i for i, t in enumerate(texts) if t.startswith("grad ("))
    return texts[start + 1:start + 1 + len(window.scene.grad_scale().ticks())]


def test_a_symlog_legend_reads_powers_of_ten_between_its_ends(window, tmp_path):
    assert window.files.load_path(examples_dir() / "mlp.json")
    window.actions["actionBackward"].trigger()
    scale = window.scene.grad_scale()
    assert scale.applied == "symlog"
    numbers = [float(t) for t in legend_numbers(window, tmp_path)]
    ends = {round(-scale.largest, 4), 0.0, round(scale.largest, 4)}
    powers = [n for n in numbers if round(n, 4) not in ends]
    # Some power of ten is written on each side, the same on both, in order.
    assert powers and all(math.log10(abs(n)) == round(math.log10(abs(n))) for n in powers)
    assert sorted(powers) == sorted(-n for n in powers)
    assert numbers == sorted(numbers)


def test_the_tutorial_neuron_stays_linear_on_auto(neuron, tmp_path):
    neuron.action("actionBackward").trigger()
    assert neuron.scene.grad_scale().applied == "linear"
    assert legend_title(neuron.window, tmp_path) == "grad (linear)"


def test_a_step_through_holds_the_finished_pass_auto_scale(window, qtbot):
    assert window.files.load_path(examples_dir() / "mlp.json")
    window.actions["actionStep"].trigger()
    held = window.scene.grad_scale()
    assert held.applied == "symlog" and held.mode == "auto"
    choose(window, qtbot, "Linear")
    assert window.scene.grad_scale().applied == "linear"
    assert window.scene.grad_scale().largest == held.largest
    choose(window, qtbot, "Auto")


@pytest.mark.parametrize("zoom", [0.2, 0.05])
def test_far_out_the_nodes_colours_are_drawn_over_the_wires(window, zoom):
    assert window.files.load_path(examples_dir() / "mlp.json")
    window.actions["actionBackward"].trigger()
    view, scene, doc = window.view, window.scene, window.session.doc
    view.zoom_by(zoom / view.zoom)
    view.centerOn(scene.graph_rect().center())
    assert scene.overview_mode
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    for node_id in doc.node_ids():
        x, y = doc.pos(node_id)
        centre = view.mapFromScene(QRectF(x, y, WIDTH, HEIGHT)).boundingRect().center()
        fill, got = scene.look(node_id).fill, QColor(image.pixel(centre))
        assert max(abs(got.red() - fill.red()), abs(got.green() - fill.green()),
                   abs(got.blue() - fill.blue())) <= 12, node_id
    # Wires fade as the view zooms out: their colour moves towards the canvas's.
    assert wire_opacity(0.004) < wire_opacity(0.05) < wire_opacity(0.2) < 1.0


def test_every_node_is_at_least_two_pixels_however_far_out(window, tmp_path):
    doc = GraphDocument()
    doc.add_node("x", "input", value=0.5)
    doc.add_node("t", "tanh")
    doc.add_node("s", "mul")
    doc.add_wire(Wire("x", "t", 0))
    doc.add_wire(Wire("t", "s", 0))
    doc.add_wire(Wire("x", "s", 1))
    for i, node_id in enumerate(("x", "t", "s")):  # far apart: specks when fitted
        doc.set_field(node_id, "pos", (i * 40000.0, (i % 2) * 25000.0))
    open_doc(window, doc, tmp_path)
    window.actions["actionBackward"].trigger()
    view, scene = window.view, window.scene
    view.fit_graph()
    assert view.zoom * HEIGHT < 1.0, "each box would be under a pixel"
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    for node_id in ("x", "t", "s"):
        fill = scene.look(node_id).fill
        assert fill.rgb() != scene.theme.canvas.rgb()
        centre = view.mapFromScene(QPointF(*doc.pos(node_id)))
        near = [QColor(image.pixel(centre + QPoint(dx, dy)))
                for dx in range(-3, 5) for dy in range(-3, 5)
                if image.rect().contains(centre + QPoint(dx, dy))]
        same = sum(max(abs(c.red() - fill.red()), abs(c.green() - fill.green()),
                       abs(c.blue() - fill.blue())) <= 12 for c in near)
        assert same >= MIN_NODE_PX * MIN_NODE_PX, (node_id, same)
