"""A generated network, fitted, fills the view in a screen's shape (asked of the view's transform)."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gradgui.ui.panels.generate_dialog import GenerateMlpDialog


def viewport_of_size(window, width: int, height: int) -> None:
    """Resize the window until its canvas shows exactly ``width`` x ``height`` pixels."""
    port = window.view.viewport()
    for _ in range(3):
        window.resize(window.width() + width - port.width(), window.height() + height - port.height())
        QApplication.processEvents()
    assert (port.width(), port.height()) == (width, height)


def generate(canvas, qtbot, monkeypatch, inputs: int, hidden: str, samples: int) -> None:
    """Generate MLP through its dialog, typed in and accepted with the mouse."""
    def fill_in_and_accept(dialog):
        dialog.inputs.setValue(inputs)
        dialog.hidden.clear()
        qtbot.keyClicks(dialog.hidden, hidden)
        dialog.samples.setValue(samples)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(GenerateMlpDialog, "exec", fill_in_and_accept)
    canvas.action("actionGenerateMlp").trigger()
    # A big graph is made behind a progress box; offscreen, nothing gives the window back
    # its activation when the box closes (a desktop does), and shortcuts need it.
    window = canvas.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()


def fill_of_view(window) -> tuple:
    """What share of the view's width and height the graph's boxes cover on screen."""
    view = window.view
    on_screen = view.transform().mapRect(window.scene.graph_rect())
    port = view.viewport().rect()
    return on_screen.width() / port.width(), on_screen.height() / port.height()


def test_a_fitted_5804_node_network_fills_half_the_view_either_way(window, canvas, qtbot,
                                                                   monkeypatch):
    viewport_of_size(window, 1600, 1000)
    generate(canvas, qtbot, monkeypatch, 2, "32 32", 2)
    assert len(window.session.doc) == 5804
    canvas.key(Qt.Key.Key_F)  # Fit Graph
    width, height = fill_of_view(window)
    assert min(width, height) >= 0.5, (width, height)
    assert max(width, height) <= 1.0
    # Auto Layout keeps that shape (it is the layout the network came with), in one undo step.
    count = window.session.undo_stack.count()
    canvas.key(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.session.undo_stack.count() == count
    # A small network keeps its tutorial staircase: Auto Layout moves it, as one step,
    # and the result fits the same way.
    generate(canvas, qtbot, monkeypatch, 2, "4 4", 2)
    canvas.key(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.session.undo_stack.count() == 1
    canvas.key(Qt.Key.Key_F)
    assert min(fill_of_view(window)) >= 0.5, fill_of_view(window)
    canvas.click(QPoint(5, 5))  # the canvas still takes clicks
