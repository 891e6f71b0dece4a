"""File > Export DOT…: Graphviz text of the graph with the numbers the window shows."""

import re

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from gradgui import examples_dir

RECORD = re.compile(r'^  "v:([^"]*)" \[label="\{ (.*) \}", tooltip="data=(\S+) grad=(\S+)"')


def act(window, name):
    action = window.findChild(QAction, name)
    assert action is not None, name
    action.trigger()


def file_menu(window) -> QMenu:
    return next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&File")


@pytest.mark.parametrize("name", sorted(p.name for p in examples_dir().glob("*.json")))
def test_export_dot_writes_the_numbers_the_window_shows(window, monkeypatch, tmp_path, name):
    assert window.files.load_path(examples_dir() / name)
    act(window, "actionBackward")
    session, doc = window.session, window.session.doc
    target = tmp_path / "picture"  # the .dot suffix is added
    asked = []

    def ask(*args, **_kwargs):
        asked.append(args)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    assert "actionExportDot" in [a.objectName() for a in file_menu(window).actions()]
    act(window, "actionExportDot")
    assert len(asked) == 1 and "DOT" in asked[0][1]
    text = (tmp_path / "picture.dot").read_text(encoding="utf-8")
    assert text.splitlines()[3:5] == ["digraph gradgui {", "  graph [rankdir=LR];"]
    seen = {}
    for line in text.splitlines():
        match = RECORD.match(line)
        if match:
            seen[match.group(1)] = (float(match.group(3)), float(match.group(4)))
    assert seen == {n: (session.evaluation.data(n), session.grad(n)) for n in doc.node_ids()}
    ops = [n for n in doc.node_ids() if not doc.kind(n).is_leaf]
    assert text.count("[shape=ellipse") == len(ops)
    assert text.count(" -> ") == len(ops) + doc.wire_count()
    assert "picture.dot" in window.statusBar().currentMessage()


def test_an_empty_graph_is_not_exported_as_dot(window, message_boxes, tmp_path):
    assert not window.exports.export_dot(tmp_path / "empty.dot")
    assert len(message_boxes.warned) == 1 and "nothing to export" in message_boxes.warned[0][1]
    assert not (tmp_path / "empty.dot").exists()


def test_cancelling_the_dialog_writes_nothing(window, monkeypatch, tmp_path, neuron_path):
    assert window.files.load_path(neuron_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: ("", ""))
    act(window, "actionExportDot")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings"]


def test_a_dot_file_that_cannot_be_written_is_told_and_the_old_one_kept(
        window, message_boxes, tmp_path, neuron_path, read_only):
    assert window.files.load_path(neuron_path)
    folder = tmp_path / "locked"
    folder.mkdir()
    old = folder / "graph.dot"
    old.write_text("digraph old {}\n")
    read_only(folder)
    assert not window.exports.export_dot(old)
    assert len(message_boxes.warned) == 1 and "graph.dot" in message_boxes.warned[0][1]
    assert old.read_text() == "digraph old {}\n"
