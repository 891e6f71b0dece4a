"""The window around the canvas: title and modified marker, remembered layout, tooltips."""

import shutil

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QToolTip

CTRL = Qt.KeyboardModifier.ControlModifier
TUTORIAL = {  # label: (kind, data, grad) of the tutorial neuron after Backward
    "x1": ("input", 2.0, -1.5), "w1": ("weight", -3.0, 1.0), "x2": ("input", 0.0, 0.5),
    "w2": ("weight", 1.0, 0.0), "b": ("weight", 6.8814, 0.5), "x1*w1": ("mul", -6.0, 0.5),
    "x2*w2": ("mul", 0.0, 0.5), "x1*w1 + x2*w2": ("add", -6.0, 0.5), "n": ("add", 0.8814, 0.5),
    "o": ("tanh", 0.7071, 1.0),
}


def test_a_new_window_is_an_unmodified_untitled_graph(window):
    assert window.windowTitle().startswith("untitled.json[*]")
    assert not window.isWindowModified()


def test_the_title_names_the_file_and_the_marker_follows_the_undo_stacks_clean_state(
        qtbot, window, canvas, neuron_path, tmp_path):
    path = tmp_path / "my neuron.json"
    shutil.copyfile(neuron_path, path)
    assert window.files.open_file(str(path))
    assert window.windowTitle().startswith("my neuron.json[*]")
    assert not window.isWindowModified()

    canvas.drag(canvas.row("o"), canvas.row("o") + QPoint(30, 30))
    assert window.isWindowModified()
    canvas.key(Qt.Key.Key_Z, CTRL)
    assert not window.isWindowModified()
    canvas.action("actionRedo").trigger()
    assert window.isWindowModified()

    canvas.key(Qt.Key.Key_S, CTRL)  # saves to the open file, no dialog
    assert not window.isWindowModified()
    assert path.read_text(encoding="utf-8") == canvas.dumps()
    canvas.key(Qt.Key.Key_Z, CTRL)  # back past the saved state: modified again
    assert window.isWindowModified()
    canvas.action("actionRedo").trigger()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("my neuron.json[*]")


def test_geometry_and_dock_layout_are_remembered_by_the_next_window(make_window, settings_dir):
    first = make_window()
    assert first.size().width() != 760
    first.resize(760, 590)
    palette = first.findChild(QDockWidget, "paletteDock")
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, palette)
    inspector = first.findChild(QDockWidget, "inspectorDock")
    inspector.toggleViewAction().trigger()
    assert not inspector.isVisible()
    assert first.close()
    assert (settings_dir / "gradgui.ini").is_file()

    second = make_window()
    assert (second.size().width(), second.size().height()) == (760, 590)
    assert second.dockWidgetArea(second.findChild(QDockWidget, "paletteDock")) == \
        Qt.DockWidgetArea.RightDockWidgetArea
    assert not second.findChild(QDockWidget, "inspectorDock").isVisible()
    assert second.findChild(QDockWidget, "paletteDock").isVisible()


def test_without_saved_settings_the_palette_is_on_the_left(window):
    assert window.dockWidgetArea(window.findChild(QDockWidget, "paletteDock")) == \
        Qt.DockWidgetArea.LeftDockWidgetArea


def test_after_backward_each_node_tooltip_has_label_kind_data_and_grad(neuron):
    neuron.action("actionBackward").trigger()
    labels = {neuron.doc.label(n): n for n in neuron.doc.node_ids()}
    assert set(labels) == set(TUTORIAL)
    for label, (kind, data, grad) in TUTORIAL.items():
        tip = neuron.scene.nodes[labels[label]].toolTip()
        assert tip.splitlines()[0].startswith(label)
        assert f"({kind})" in tip
        assert f"data {data:.4f}" in tip
        assert f"grad {grad:.4f}" in tip


def test_hovering_a_node_shows_its_tooltip(qtbot, neuron):
    neuron.action("actionBackward").trigger()
    where = neuron.row("x1")
    QApplication.sendEvent(neuron.viewport, QHelpEvent(QEvent.Type.ToolTip, where,
                                                       neuron.viewport.mapToGlobal(where)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == neuron.scene.nodes["x1"].toolTip()
    assert "grad -1.5000" in QToolTip.text()
    QToolTip.hideText()


@pytest.mark.parametrize("edit", ["value", "label"])
def test_grads_in_tooltips_are_marked_stale_after_an_edit(qtbot, neuron, edit):
    neuron.action("actionBackward").trigger()
    assert "stale" not in neuron.scene.nodes["x1"].toolTip()
    neuron.click(neuron.row("w2"))
    inspector = neuron.window.inspector
    field = inspector.value_edit if edit == "value" else inspector.label_edit
    QTest.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(field.hasFocus)
    QTest.keyClick(field, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(field, "2" if edit == "value" else "weight two")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert "stale" in neuron.scene.nodes["x1"].toolTip()
    neuron.action("actionBackward").trigger()
    assert "stale" not in neuron.scene.nodes["x1"].toolTip()
