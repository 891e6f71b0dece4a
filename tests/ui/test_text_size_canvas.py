"""View > Text Size reaches the canvas: node boxes, their text and the spaces between them
grow together (nothing that was apart overlaps), and the legend and the palette's icons grow."""

from itertools import combinations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from gradgui.ui.canvas.node_item import _fonts
from gradgui.ui.geometry import HEIGHT, WIDTH
from gradgui.ui.main_window import MainWindow

from test_presenter import choose


def screen_box(view, node_id) -> QRectF:
    """A node's box as it is on screen, in the viewport's pixels."""
    item = view.scene().nodes[node_id]
    return view.mapFromScene(item.mapRectToScene(QRectF(0, 0, WIDTH, HEIGHT))).boundingRect()


def screen_text_px(view) -> float:
    """How tall a line of node text is on screen, in pixels."""
    return _fonts().bold_metrics.height() * view.zoom


def test_200_percent_doubles_the_canvas_text_and_boxes_without_overlaps(neuron, qtbot):
    window, view = neuron.window, neuron.view
    neuron.action("actionBackward").trigger()
    neuron.action("actionZoomReset").trigger()
    box, text = screen_box(view, "n"), screen_text_px(view)
    legend = window.legend.size()
    icon = window.palette_widget.iconSize()

    choose(window, qtbot, "menuTextSize", "200 %")
    assert window.findChild(QAction, "actionTextSize200").isChecked()
    QApplication.processEvents()
    big = screen_box(view, "n")
    assert abs(big.width() - 2 * box.width()) <= 2 and abs(big.height() - 2 * box.height()) <= 2
    assert abs(screen_text_px(view) - 2 * text) < 0.5
    # Every label still fits its box, beside the kind's name, as it did at 100 %.
    fonts, doc = _fonts(), window.session.doc
    for node_id in doc.node_ids():
        room = WIDTH - 20 - fonts.small_metrics.horizontalAdvance(neuron.scene.look(node_id).badge) - 4
        assert fonts.bold_metrics.horizontalAdvance(doc.label(node_id)) <= room, node_id
    boxes = {n: screen_box(view, n) for n in window.session.doc.node_ids()}
    for a, b in combinations(boxes, 2):
        assert not boxes[a].intersects(boxes[b]), (a, b)
    assert window.legend.width() == round(1.5 * legend.width())  # over the canvas: half as much
    assert window.palette_widget.iconSize().height() > icon.height()

    # 1:1 is now twice as large, and so is what the view lets a person zoom to.
    view.zoom_by(0.5)
    neuron.action("actionZoomReset").trigger()
    assert abs(view.zoom - 2.0) < 1e-9
    assert abs(screen_text_px(view) - 2 * text) < 0.5

    again = MainWindow()  # remembered: a new window opens at 200 % on the canvas too
    qtbot.addWidget(again)
    assert again.view.text_scale == 2.0 and again.legend.text_scale == 1.5

    choose(window, qtbot, "menuTextSize", "100 %")
    neuron.action("actionZoomReset").trigger()
    assert abs(screen_box(view, "n").width() - box.width()) <= 1


def test_the_lesson_title_the_quiz_prompt_and_the_plots_follow(neuron, qtbot):
    window = neuron.window
    lesson_title = window.lesson_panel.title.font().pointSizeF()
    prompt = window.quiz_panel.prompt.font().pointSizeF()
    choose(window, qtbot, "menuTextSize", "200 %")
    assert window.lesson_panel.title.font().pointSizeF() == 2 * lesson_title
    assert window.quiz_panel.prompt.font().pointSizeF() == 2 * prompt
