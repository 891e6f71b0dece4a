"""The window's keys, as the running platform binds them: none shared, each doing its job.

These run twice in ``scripts/test``: offscreen, and on a real X server
(``QT_QPA_PLATFORM=xcb`` under ``xvfb-run``), where Qt binds the platform's
own keys (X11's Delete is Del *and* Ctrl+D, its Redo only Ctrl+Shift+Z).
"""

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_no_two_enabled_actions_share_a_key(window):
    owners = {}
    for action in window.findChildren(QAction):
        if not action.isEnabled() and not action.objectName().startswith("action"):
            continue
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in owners, (
                f"{key} is bound to both {owners[key]} and {action.objectName() or action.text()} "
                f"on {QApplication.platformName()}")
            owners[key] = action.objectName() or action.text()
    assert "Ctrl+D" in owners and owners["Ctrl+D"] == "actionDuplicate"


def _access_key(text: str):
    """The letter after a single & in a menu entry's text, lower-cased (None without one)."""
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _shared_access_keys(menu, path: str) -> list:
    """Entries of ``menu`` and its submenus whose access key another entry beside them has."""
    owners, shared = {}, []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        key = _access_key(action.text())
        if key is not None and key in owners:
            shared.append(f"{path}: '{key}' in {owners[key]!r} and {action.text()!r}")
        owners.setdefault(key, action.text())
        if action.menu() is not None:
            shared += _shared_access_keys(action.menu(), f"{path} > {action.text()}")
    return shared


def test_no_two_entries_of_a_menu_share_an_access_key(window):
    """An access key shared in a menu only moves between its entries; unique, it chooses."""
    shared = []
    for top in window.menuBar().actions():
        shared += _shared_access_keys(top.menu(), top.text())
    assert not shared


def test_alt_v_then_z_then_5_sets_the_text_size_to_150(window, qtbot):
    view_menu = window.menus["View"]
    QTest.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(view_menu.isVisible)
    QTest.keyClick(view_menu, Qt.Key.Key_Z)
    sizes = window.findChild(type(view_menu), "menuTextSize")
    qtbot.waitUntil(sizes.isVisible)
    QTest.keyClick(sizes, Qt.Key.Key_5)  # 125 % had the 5 too: the key only moved to it
    qtbot.waitUntil(lambda: window.appearance.text_size == 150)
    assert not view_menu.isVisible()


def test_ctrl_d_duplicates_the_selection(neuron):
    neuron.click(neuron.row("b"))
    before = set(neuron.doc.node_ids())

    neuron.key(Qt.Key.Key_D, CTRL)

    new = [n for n in neuron.doc.node_ids() if n not in before]
    assert len(new) == 1 and neuron.doc.kind(new[0]).name == "weight"


def test_delete_and_backspace_delete_the_selection(neuron):
    for key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        node_id = next(n for n in neuron.doc.node_ids() if neuron.doc.kind(n).name in ("input", "weight"))
        neuron.click(neuron.row(node_id))
        neuron.key(key)
        assert node_id not in neuron.doc


@pytest.mark.parametrize("key, modifiers", [(Qt.Key.Key_Y, CTRL), (Qt.Key.Key_Z, CTRL | SHIFT)],
                         ids=["ctrl+y", "ctrl+shift+z"])
def test_redo_keys_redo_what_ctrl_z_undid(neuron, key, modifiers):
    neuron.click(neuron.row("b"))
    neuron.key(Qt.Key.Key_Delete)
    deleted = neuron.dumps()
    neuron.key(Qt.Key.Key_Z, CTRL)
    assert "b" in neuron.doc

    neuron.key(key, modifiers)

    assert neuron.dumps() == deleted


def test_ctrl_q_closes_the_window_and_quits(window, canvas, monkeypatch):
    quits = []
    # A real quit would end every event loop of the test process, not only this window's.
    monkeypatch.setattr(QApplication, "quit", lambda *args: quits.append(True))

    canvas.key(Qt.Key.Key_Q, CTRL)

    assert not window.isVisible() and quits == [True]
