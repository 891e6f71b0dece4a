"""Edge cases found in review: each one once let a user see wrong numbers or an error escape."""

import json

from PySide6.QtCore import QMimeData, QPoint
from PySide6.QtWidgets import QDialogButtonBox

from gradgui.document import SetField, chain_document
from gradgui.document.fileformat import save
from gradgui.ui.controllers import recovery
from gradgui.ui.panels.generate_dialog import GenerateMlpDialog
from gradgui.ui.panels.network_form import MAX_NODES
from gradgui.ui.canvas.view import KIND_MIME


def test_moving_a_node_mid_step_keeps_the_stepper_and_the_grads(neuron):
    window = neuron.window
    for _ in range(3):
        neuron.action("actionStep").trigger()
    stepper = window.backprop.stepper
    grads = {n: window.session.grad(n) for n in neuron.doc.node_ids()}
    neuron.drag(neuron.row("w2", "label"), neuron.row("w2", "label") + QPoint(0, 60))
    assert neuron.doc.pos("w2") != (0.0, 0.0) and window.session.undo_stack.count() == 1
    assert window.backprop.stepper is stepper and stepper.position == 3
    assert {n: window.session.grad(n) for n in neuron.doc.node_ids()} == grads
    assert not window.session.grads_stale


def test_a_value_edit_mid_step_still_ends_stepping(neuron):
    window = neuron.window
    neuron.action("actionStep").trigger()
    window.session.execute(SetField("w2", "value", 2.0))
    assert window.backprop.stepper is None


def test_descent_in_the_middle_of_stepping_uses_the_whole_pass(neuron):
    window = neuron.window
    for _ in range(2):
        neuron.action("actionStep").trigger()
    before = neuron.doc.node("w1")["value"]
    neuron.action("actionDescend").trigger()
    # After two steps w1's grad was still 0; the whole pass gives it 1.0.
    assert neuron.doc.node("w1")["value"] == before - window.backprop.learning_rate * 1.0


def test_the_gradient_check_report_is_marked_stale_after_an_edit(neuron):
    window = neuron.window
    neuron.action("actionGradCheck").trigger()
    assert window.grad_check_panel.table.rowCount() == 5
    window.session.execute(SetField("w2", "value", 2.0))
    assert window.grad_check_panel.table.rowCount() == 0
    assert "changed" in window.grad_check_panel.summary.text()


def test_another_document_clears_the_gradient_check_report(neuron):
    window = neuron.window
    neuron.action("actionGradCheck").trigger()
    assert window.grad_check_panel.table.rowCount() == 5
    assert window.files.open_example("neuron_loss.json")
    # Not "the graph changed since the last check": this graph was never checked.
    assert window.grad_check_panel.table.rowCount() == 0
    assert window.grad_check_panel.summary.text().startswith("Graph ▸ Gradient Check compares")


def test_a_drop_of_an_unknown_kind_is_ignored(canvas):
    mime = QMimeData()
    mime.setData(KIND_MIME, b"bogus\xff")
    before = canvas.dumps()
    assert canvas.drop_mime(mime, canvas.empty_spot()) is None
    assert canvas.dumps() == before


def test_pressing_a_wired_input_of_a_big_graph_before_zooming_in(window, canvas, tmp_path):
    path = tmp_path / "chain.json"
    save(chain_document(2500), path)
    assert window.files.load_path(path)
    doc = window.session.doc
    target = next(t for _, t in doc.graph.edges())
    window.view.reset_zoom()  # readable, yet made on a graph opened zoomed out
    window.view.centerOn(*doc.pos(target))
    before = canvas.dumps()
    port = canvas.port(target, 0)
    canvas.drag(port, port + QPoint(0, 3))  # pick the wire up and put it back
    assert canvas.dumps() == before


def test_recovery_notes_that_make_no_sense_are_ignored(settings_dir):
    folder = recovery.data_dir()
    folder.mkdir(parents=True)
    save(chain_document(3), folder / "autosave-999999-1.json")
    for meta in ({"time": "yesterday", "original": 5}, {"time": float("1e300")}, [1, 2], "x"):
        (folder / "autosave-999999-1.meta").write_text(json.dumps(meta), encoding="utf-8")
        found = recovery.orphans()
        assert len(found) == 1
        assert "untitled" in found[0].describe() and found[0].time is None


def test_generate_mlp_refuses_a_graph_bigger_than_the_editor_takes(qtbot):
    dialog = GenerateMlpDialog()
    qtbot.addWidget(dialog)
    dialog.hidden.setText("64 64")
    dialog.inputs.setValue(64)
    dialog.samples.setValue(100_000)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and f"{MAX_NODES:,}" in dialog.summary.text()
    dialog.samples.setValue(1)
    assert ok.isEnabled()
