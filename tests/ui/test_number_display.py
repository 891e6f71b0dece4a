"""Numbers on faces and in the inspector: significant digits, chosen in View, never misleading."""

import math

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction

from gradgui.engine import numbers
from gradgui.ui.main_window import MainWindow


def face_data(window, node_id):
    return window.scene.look(node_id).data_text


def test_faces_show_four_significant_digits_and_tooltips_the_full_value(neuron):
    window = neuron.window
    assert face_data(window, "b") == "6.881"
    assert face_data(window, "o") == "0.7071"
    assert "6.88137358701954" in window.scene.nodes["b"].toolTip()


def test_tanh_of_minus_six_does_not_show_as_minus_one(window, canvas):
    node = canvas.drop_kind("const", QPoint(60, 200))
    canvas.window.edits.set_field_text(node, "value", "-6")
    tanh = canvas.drop_kind("tanh", QPoint(400, 200))
    canvas.drag(canvas.port(node, -1), canvas.port(tanh, 0))
    assert canvas.session.evaluation.data(tanh) == math.tanh(-6.0)
    assert face_data(window, tanh) == "-0.99999"


def test_the_digits_are_chosen_in_view_and_remembered(neuron, qtbot):
    window = neuron.window
    try:
        window.findChild(QAction, "actionDigits6").trigger()
        assert face_data(window, "b") == "6.88137"
        window.scene.select_nodes(["b"])
        window.inspector.refresh()
        assert window.inspector.findChild(object, "inspectorData").text() == "6.88137"

        numbers.set_significant_digits(numbers.DEFAULT_DIGITS)
        again = MainWindow()  # a new window reads the setting back
        qtbot.addWidget(again)
        assert numbers.significant_digits() == 6
        assert again.findChild(QAction, "actionDigits6").isChecked()
    finally:
        window.findChild(QAction, "actionDigits4").trigger()
    assert face_data(window, "b") == "6.881"
