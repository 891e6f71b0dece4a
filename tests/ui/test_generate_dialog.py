"""Generate MLP's dialog: it says what to type, and refuses a bad entry with a message."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from gradgui.ui.panels.generate_dialog import GenerateMlpDialog


def type_hidden(dialog, text):
    dialog.hidden.setFocus()
    dialog.hidden.selectAll()
    QTest.keyClicks(dialog.hidden, text)


def test_the_hidden_layers_format_is_said_and_a_bad_entry_refused(qtbot):
    dialog = GenerateMlpDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "separated by spaces or commas" in dialog.hidden_format.text()
    assert dialog.hidden.toolTip() == dialog.hidden_format.text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)

    type_hidden(dialog, "4 x4")
    assert not ok.isEnabled()
    assert dialog.summary.text() == "Hidden layers: 'x4' is not a whole number: type whole numbers such as 4 4."
    QTest.keyClick(dialog.hidden, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0  # Enter does not take a bad entry

    type_hidden(dialog, "4, 300")
    assert "1 to 256 neurons, not 300" in dialog.summary.text() and not ok.isEnabled()

    type_hidden(dialog, "4, 4")
    assert ok.isEnabled() and dialog.summary.text().startswith("Makes ")
    QTest.keyClick(dialog.hidden, Qt.Key.Key_Return)
    assert dialog.result() == GenerateMlpDialog.DialogCode.Accepted
    assert dialog.settings()["hidden"] == (4, 4)
