"""Export pictures (PNG at a scale, SVG) of the graph or the selection as it looks now, and
runnable Python that prints the window's grads; a failed export never damages a file."""

import errno
import os
import re
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QFileDialog, QInputDialog

from gradgui import examples_dir
from gradgui.document import fileformat
from gradgui.engine import fmt
from gradgui.ui.canvas.node_item import label_px
from gradgui.ui.controllers.pictures import LEGEND_HEIGHT, MARGIN

LINE = re.compile(r"^(.*): data=(\S+) grad=(\S+)$")
EXAMPLES = sorted(p.name for p in examples_dir().glob("*.json"))


def act(window, name):
    action = window.findChild(QAction, name)
    assert action is not None, name
    action.trigger()


@pytest.fixture
def neuron_window(window, neuron_path):
    assert window.files.load_path(neuron_path)
    return window


def graph_rect(window, node_ids=None) -> QRectF:
    rect = QRectF()
    for node_id, item in window.scene.nodes.items():
        if node_ids is None or node_id in node_ids:
            rect = rect.united(item.sceneBoundingRect())
    return rect


def png(window, path, scale=1.0) -> QImage:
    assert window.exports.export_png(path, scale=scale)
    image = QImage(str(path))
    assert not image.isNull()
    return image


def colours(image: QImage) -> set:
    step = max(1, image.width() // 60)
    return {image.pixel(x, y) for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)}


# ----- PNG -----------------------------------------------------------------------------------
def test_png_of_the_whole_graph_at_a_scale(neuron_window, tmp_path):
    one = png(neuron_window, tmp_path / "one.png", 1.0)
    big = png(neuron_window, tmp_path / "big.png", 1.5)
    rect = graph_rect(neuron_window)
    assert abs(one.width() - (rect.width() + 2 * MARGIN)) <= 1
    assert abs(one.height() - (rect.height() + 2 * MARGIN)) <= 1
    assert abs(big.width() - 1.5 * one.width()) <= 1.5
    assert abs(big.height() - 1.5 * one.height()) <= 1.5
    assert len(colours(big)) > 3  # boxes, text and wires, not a blank page


def test_png_of_the_selection_shows_only_the_selected_nodes(neuron_window, tmp_path):
    scene = neuron_window.scene
    for node_id in ("x1", "w1", "m1"):
        scene.nodes[node_id].setSelected(True)
    whole = graph_rect(neuron_window)
    part = graph_rect(neuron_window, {"x1", "w1", "m1"})
    assert part.width() < whole.width()

    image = png(neuron_window, tmp_path / "part.png", 1.5)

    assert abs(image.width() - 1.5 * (part.width() + 2 * MARGIN)) <= 1.5
    assert abs(image.height() - 1.5 * (part.height() + 2 * MARGIN)) <= 1.5
    # The export leaves the canvas as it was: same selection, every item visible.
    assert sorted(scene.selected_node_ids()) == ["m1", "w1", "x1"]
    assert all(item.isVisible() for item in scene.items())


def test_png_after_backward_carries_the_legend(neuron_window, tmp_path):
    before = png(neuron_window, tmp_path / "before.png", 1.5)
    act(neuron_window, "actionBackward")
    after = png(neuron_window, tmp_path / "after.png", 1.5)
    assert after.width() == before.width()
    assert abs(after.height() - before.height() - 1.5 * LEGEND_HEIGHT) <= 1.5
    assert colours(after) != colours(before)  # the nodes are coloured by their grads


def test_export_png_action_asks_where_and_at_what_scale(neuron_window, monkeypatch, tmp_path):
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "slide"), ""))
    monkeypatch.setattr(QInputDialog, "getDouble",
                        lambda *a, **_k: asked.append(a) or (1.5, True))
    act(neuron_window, "actionExportPng")
    assert len(asked) == 1
    assert "1 is the size it has at 100 % zoom" in asked[0][2]  # what the number means
    image = QImage(str(tmp_path / "slide.png"))
    assert image.size() == png(neuron_window, tmp_path / "direct.png", 1.5).size()


def test_cancelling_the_scale_writes_nothing(neuron_window, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "slide.png"), ""))
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *_a, **_k: (2.0, False))
    act(neuron_window, "actionExportPng")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings"]


def test_exported_pictures_get_ordinary_file_permissions(neuron_window, tmp_path):
    mask = os.umask(0o022)
    os.umask(mask)
    fresh = tmp_path / "fresh.png"
    png(neuron_window, fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~mask
    kept = tmp_path / "kept.svg"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o644)
    assert neuron_window.exports.export_svg(kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o644


# ----- SVG -----------------------------------------------------------------------------------
def svg_texts(path):
    root = ET.parse(path).getroot()
    assert root.tag in ("svg", "{http://www.w3.org/2000/svg}svg")
    return root, ["".join(element.itertext()).strip() for element in root.iter()
                  if element.tag.rsplit("}", 1)[-1] == "text"]


def test_svg_parses_and_shows_the_labels(neuron_window, tmp_path):
    path = tmp_path / "graph.svg"
    assert neuron_window.exports.export_svg(path)
    _root, texts = svg_texts(path)
    for label in ("x1", "w1", "x1*w1", "n", "o"):
        assert label in texts
    assert not any(t.startswith("grad (") for t in texts)  # no legend without grads


def test_svg_after_backward_has_the_legend_numbers(neuron_window, tmp_path):
    act(neuron_window, "actionBackward")
    path = tmp_path / "graph.svg"
    assert neuron_window.exports.export_svg(path)
    _root, texts = svg_texts(path)
    largest = neuron_window.scene.grad_scale().largest
    assert largest == pytest.approx(1.5)
    assert "grad (linear)" in texts
    for number in (fmt(-largest), "0.0", fmt(largest)):
        assert number in texts


def test_svg_text_is_as_big_beside_the_boxes_as_on_the_canvas(neuron_window, tmp_path):
    """A label is drawn at the pixel size the canvas gives it, in the boxes' own units: at
    the SVG generator's default 72 dpi it came out at three quarters of that."""
    path = tmp_path / "graph.svg"
    assert neuron_window.exports.export_svg(path)
    root, _texts = svg_texts(path)
    sizes = {"".join(e.itertext()).strip(): float(e.get("font-size")) for e in root.iter()
             if e.tag.rsplit("}", 1)[-1] == "text" and e.get("font-size")}
    assert sizes["x1*w1"] == pytest.approx(label_px(), abs=0.5)


def test_svg_of_the_selection(neuron_window, tmp_path):
    neuron_window.scene.nodes["o"].setSelected(True)
    path = tmp_path / "o.svg"
    assert neuron_window.exports.export_svg(path)
    _root, texts = svg_texts(path)
    assert "o" in texts and "x1" not in texts and "x1*w1" not in texts


# ----- failures ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["png", "svg"])
def test_a_picture_that_cannot_be_written_leaves_the_old_file_intact(
        neuron_window, message_boxes, read_only, tmp_path, kind):
    folder = tmp_path / "slides"
    folder.mkdir()
    old = folder / f"graph.{kind}"
    old.write_bytes(b"the picture from last week")
    read_only(folder)
    export = getattr(neuron_window.exports, f"export_{kind}")
    assert not (export(old, scale=1.0) if kind == "png" else export(old))
    assert len(message_boxes.warned) == 1
    assert "graph." + kind in message_boxes.warned[0][1]
    assert "\n" not in message_boxes.warned[0][1]
    assert old.read_bytes() == b"the picture from last week"
    assert sorted(p.name for p in folder.iterdir()) == [old.name]


@pytest.mark.parametrize("kind", ["png", "svg", "py"])
def test_an_export_interrupted_before_the_rename_leaves_the_old_file_intact(
        neuron_window, message_boxes, monkeypatch, tmp_path, kind):
    old = tmp_path / f"graph.{kind}"
    old.write_bytes(b"last week's export")

    def fail(*_args, **_kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", fail)
    monkeypatch.setattr(os, "rename", fail)
    exports = neuron_window.exports
    done = {"png": lambda: exports.export_png(old, scale=1.0),
            "svg": lambda: exports.export_svg(old),
            "py": lambda: exports.export_python(old)}[kind]()
    assert not done
    assert len(message_boxes.warned) == 1
    text = message_boxes.warned[0][1]
    assert old.name in text and "input/output error" in text.lower() and "\n" not in text
    assert old.read_bytes() == b"last week's export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name, "settings"]


def test_an_empty_graph_is_not_exported(window, message_boxes, tmp_path):
    assert not window.exports.export_png(tmp_path / "empty.png", scale=1.0)
    assert not window.exports.export_svg(tmp_path / "empty.svg")
    assert len(message_boxes.warned) == 2
    assert all("nothing to export" in text for _title, text in message_boxes.warned)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings"]


def test_python_of_an_incomplete_graph_is_refused(window, message_boxes, tmp_path):
    window.edits.add_node("tanh")
    assert not window.exports.export_python(tmp_path / "broken.py")
    assert len(message_boxes.warned) == 1 and "not wired" in message_boxes.warned[0][1]
    assert not (tmp_path / "broken.py").exists()


# ----- Python --------------------------------------------------------------------------------
def bare_python() -> str:
    """The interpreter this one was made from (a virtual environment's base): no gradgui there."""
    python = getattr(sys, "_base_executable", "") or sys.executable
    proc = subprocess.run([python, "-I", "-c", "import gradgui"], capture_output=True, text=True,
                          cwd="/", timeout=60)
    assert "No module named 'gradgui'" in proc.stderr, (python, proc.stderr)
    return python


def run_script(path: Path) -> list:
    """Run an exported script as someone without gradgui would: a bare ``python -I``."""
    proc = subprocess.run([bare_python(), "-I", str(path)], capture_output=True, text=True,
                          timeout=120, cwd=path.parent)
    assert proc.returncode == 0, proc.stderr
    rows = []
    for line in proc.stdout.splitlines():
        match = LINE.match(line)
        assert match, line
        rows.append((match.group(1), float(match.group(2)), float(match.group(3))))
    return rows


def _has_data(name: str) -> bool:
    return "dataset" in fileformat.load(examples_dir() / name).graph.graph


@pytest.mark.parametrize("name", [n for n in EXAMPLES if not _has_data(n)])
def test_exported_python_prints_exactly_the_grads_the_window_shows(
        window, monkeypatch, tmp_path, name):
    assert window.files.load_path(examples_dir() / name)
    act(window, "actionBackward")
    session, doc = window.session, window.session.doc
    shown = [(doc.label(n), session.evaluation.data(n), session.grad(n))
             for n in session.evaluation.order]
    assert all(grad is not None for _label, _data, grad in shown)
    target = tmp_path / "exported"  # the .py suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))

    act(window, "actionExportPython")

    text = (tmp_path / "exported.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|from) gradgui", text, re.MULTILINE)
    assert "\nclass Value:" in text
    assert run_script(tmp_path / "exported.py") == shown


def test_exporting_onto_a_link_updates_the_file_it_points_to(neuron_window, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "graph.png"
    real.write_bytes(b"old")
    link = tmp_path / "graph.png"
    link.symlink_to(real)
    png(neuron_window, link, 1.0)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert not QImage(str(real)).isNull()


def test_a_picture_the_image_writer_refuses_is_told_by_its_own_name(
        neuron_window, message_boxes, monkeypatch, tmp_path):
    old = tmp_path / "graph.png"
    old.write_bytes(b"old")
    monkeypatch.setattr(QImage, "save", lambda *_a, **_k: False)
    assert not neuron_window.exports.export_png(old, scale=1.0)
    text = message_boxes.warned[0][1]
    assert text.startswith("graph.png: "), text  # the file asked for, not a temporary name
    assert old.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name, "settings"]


@pytest.mark.parametrize("name", [n for n in EXAMPLES if _has_data(n)])
def test_a_network_on_a_data_set_exports_the_batch_loss_backward_shows(
        window, monkeypatch, tmp_path, name):
    # The window's Backward gives the grads of the batch loss over every row; the
    # script, with the data inline, builds micrograd's loop and prints the same numbers.
    assert window.files.load_path(examples_dir() / name)
    window.data.select_row(3)  # the row shown does not change the batch's numbers
    act(window, "actionBackward")
    session, doc = window.session, window.session.doc
    total = session.evaluation.batch_loss
    weights = {doc.label(n): (doc.node(n)["value"], session.grad(n))
               for n in doc.node_ids() if doc.node(n)["kind"] == "weight"}
    target = tmp_path / "exported"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    act(window, "actionExportPython")
    text = (tmp_path / "exported.py").read_text(encoding="utf-8")
    assert "\nclass Value:" in text and "\ndef row_loss(r):" in text
    proc = subprocess.run([bare_python(), "-I", str(tmp_path / "exported.py")],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    first, *rest = proc.stdout.splitlines()
    assert first.startswith("total: data=")
    assert float(first.split("=", 1)[1]) == pytest.approx(total, rel=1e-12)
    printed = {}
    for line in rest:
        label, data, grad = LINE.match(line).groups()
        printed[label] = (float(data), float(grad))
    assert printed.keys() == weights.keys()
    for label, (data, grad) in weights.items():
        assert printed[label][0] == data
        assert printed[label][1] == pytest.approx(grad, rel=1e-9, abs=1e-15), label
