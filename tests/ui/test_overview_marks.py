"""The zoomed-out overview shows what the faces show: the bug lab's wrong grads (their
colours and a red outline) and the quiz's hidden grads (no colour, an outline to answer)."""

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gradgui.ui.geometry import HEIGHT, TEXT_MIN_ZOOM, WIDTH

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def zoom_out(neuron):
    view = neuron.view
    view.zoom_by(0.6 * TEXT_MIN_ZOOM / view.zoom)
    assert neuron.scene.overview_mode


def left_edge(neuron, node_id) -> QColor:
    """The colour drawn on the middle of a node's left edge in the overview."""
    view = neuron.view
    rect = view.mapFromScene(QRectF(*neuron.doc.pos(node_id), WIDTH, HEIGHT)).boundingRect()
    image = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    point = QPoint(rect.left(), rect.center().y())
    return QColor(image.pixel(round(point.x() * dpr), round(point.y() * dpr)))


def inside(neuron, node_id) -> QColor:
    view = neuron.view
    rect = view.mapFromScene(QRectF(*neuron.doc.pos(node_id), WIDTH, HEIGHT)).boundingRect()
    image = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    return QColor(image.pixel(round(rect.center().x() * dpr), round(rect.center().y() * dpr)))


def close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


def test_the_bug_labs_marks_and_grads_show_zoomed_out(neuron):
    window, scene = neuron.window, neuron.scene
    window.actions["actionBackward"].trigger()
    zoom_out(neuron)
    window.findChild(type(window.actions["actionBackward"]), "actionBugLabNoZeroGrad").trigger()
    theme = scene.theme
    for node_id in ("x1", "w1", "x2", "b"):  # doubled by the bug: wrong
        assert close(left_edge(neuron, node_id), theme.invalid), node_id
    for node_id in ("w2", "n", "o"):  # right (w2's 0 doubled is 0)
        assert not close(left_edge(neuron, node_id), theme.invalid, 20), node_id
    # Each node is coloured as its face is: by the bug's grad.
    for node_id in neuron.doc.node_ids():
        assert close(inside(neuron, node_id), scene.look(node_id).fill, 12), node_id
    window.findChild(type(window.actions["actionBackward"]), "actionBugLabOff").trigger()
    assert not close(left_edge(neuron, "x1"), theme.invalid, 20)


def test_the_quizs_hidden_grads_are_not_given_away_zoomed_out(neuron, qtbot):
    window, scene = neuron.window, neuron.scene
    neuron.key(Qt.Key.Key_P, CTRL_SHIFT)  # Graph > Predict the Grad
    neuron.key(Qt.Key.Key_F10)  # the seed: o's grad is asked for
    answer = window.quiz_panel.answer
    qtbot.waitUntil(lambda: QApplication.focusWidget() is answer)
    QTest.keyClicks(answer, "1")
    QTest.keyClick(answer, Qt.Key.Key_Return)  # right
    QTest.keyClick(answer, Qt.Key.Key_Return)  # the next step: backward through o, n asked
    qtbot.waitUntil(lambda: scene.look("n").mark == "?")
    zoom_out(neuron)
    # n's grad is written but hidden: plain, as a node without a grad, not its colour.
    assert close(inside(neuron, "n"), scene.theme.node_fill, 12)
    assert not close(inside(neuron, "o"), scene.theme.node_fill, 12)  # answered: coloured
    assert scene.overview.colour("n").rgb() == scene.theme.node_fill.rgb()
    assert window.scene.display.overlay.marks() == {"n": "?"}
