"""Export Python with a data set: the script computes the batch loss and grads Backward shows."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gradgui import examples_dir
from gradgui.document import DocumentError, dumps
from gradgui.document.batched import BatchProgram
from gradgui.document.dataset_commands import bind_input_command
from gradgui.document.dataset_field import bound_dataset
from gradgui.document.fileformat import load
from gradgui.document.generators import generate
from gradgui.document.network import network_document
from gradgui.document.python_export import export_python, variable_names
from gradgui.document.python_export_data import MAX_SCRIPT_VALUES, OWN_NAMES, script_values
from gradgui.document.row_evaluation import RowEvaluation
from gradgui.document.training_settings import SetTraining, TrainingSettings


ROOT = Path(__file__).resolve().parents[2]


def run(text: str, tmp_path) -> tuple:
    """Run a script (one that imports gradgui with gradgui on its path); the total and the
    weights' data and grads it prints."""
    path = tmp_path / "script.py"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-I", str(path)] if "import Value" not in text
                          else [sys.executable, str(path)], capture_output=True, text=True,
                          timeout=600, cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0, proc.stderr
    first, *rest = proc.stdout.splitlines()
    grads = {}
    for line in rest:
        label, numbers = line.split(": data=")
        data, grad = numbers.split(" grad=")
        grads[label] = (float(data), float(grad))
    return float(first.split("=", 1)[1]), grads


def shown(doc):
    """The batch loss and each weight's grad, as the window's Backward gives them."""
    evaluation = RowEvaluation(doc, bound_dataset(doc))
    evaluation.backward(doc.output)
    return evaluation.batch_loss, {doc.label(w): (doc.node(w)["value"], evaluation.grad(w))
                                   for w in doc.node_ids() if doc.node(w)["kind"] == "weight"}


@pytest.mark.parametrize("activation,loss,alpha", [("relu", "max-margin", 1e-4),
                                                   ("tanh", "squared", 0.0),
                                                   ("sigmoid", "squared", 0.5)])
def test_the_script_prints_the_batch_loss_and_grads(tmp_path, activation, loss, alpha):
    doc = network_document(generate("moons", 15, seed=2), ["x1", "x2"], "y", hidden=(4, 3),
                           activation=activation, loss=loss, alpha=alpha, seed=3)
    SetTraining(TrainingSettings(l2=alpha)).do(doc)
    total, weights = shown(doc)
    text = export_python(doc)
    assert not re.search(r"^\s*(import|from) gradgui", text, re.MULTILINE)
    printed_total, printed = run(text, tmp_path)
    assert printed_total == pytest.approx(total, rel=1e-12)
    assert printed.keys() == weights.keys()
    for label, (data, grad) in weights.items():
        assert printed[label][0] == data
        assert printed[label][1] == pytest.approx(grad, rel=1e-9, abs=1e-15), label


def test_an_input_left_unbound_is_shared_by_every_row(tmp_path):
    doc = network_document(generate("moons", 6, seed=1), ["x1", "x2"], "y", hidden=(2,), seed=4)
    bind_input_command(doc, "x2", None).do(doc)  # x2 keeps the value in its node
    total, weights = shown(doc)
    text = export_python(doc)
    assert "columns['x2']" not in text and "'x2': [" not in text
    printed_total, printed = run(text, tmp_path)
    assert printed_total == pytest.approx(total, rel=1e-12)
    assert all(printed[k][1] == pytest.approx(g, rel=1e-9, abs=1e-15)
               for k, (_d, g) in weights.items())


def test_the_scripts_own_names_are_never_a_nodes():
    names = variable_names(["total", "columns", "w", "x1"], reserved=OWN_NAMES)
    assert names == {"total": "v_total", "columns": "v_columns", "w": "v_w", "x1": "x1"}


@pytest.mark.parametrize("standalone", [True, False], ids=["standalone", "imports-gradgui"])
@pytest.mark.parametrize("name", ["moons.json", "line_regression.json"])
def test_the_bundled_data_examples_export_their_batch(tmp_path, name, standalone):
    doc = load(examples_dir() / name)
    total, weights = shown(doc)
    text = export_python(doc, standalone=standalone)
    assert ("from gradgui.engine import Value" in text) != standalone
    printed_total, printed = run(text, tmp_path)
    assert printed_total == pytest.approx(total, rel=1e-12)
    assert {k: d for k, (d, _g) in printed.items()} == {k: d for k, (d, _g) in weights.items()}
    for label, (_data, grad) in weights.items():
        assert printed[label][1] == pytest.approx(grad, rel=1e-9, abs=1e-15), label


def test_a_script_that_would_build_too_many_values_is_refused_in_one_line():
    doc = network_document(generate("moons", 100_000, seed=1), ["x1", "x2"], "y", hidden=(16, 16),
                           activation="relu", loss="max-margin", seed=1)
    before = dumps(doc)
    with pytest.raises(DocumentError) as refused:
        export_python(doc)
    message = str(refused.value)
    assert "\n" not in message
    assert "100,000 rows" in message and f"{MAX_SCRIPT_VALUES:,}" in message
    assert dumps(doc) == before


def test_the_limit_falls_between_two_row_counts(tmp_path):
    def with_rows(n):
        return network_document(generate("line", n, seed=1), ["x"], "y", hidden=(),
                                loss="squared", seed=1)
    program = BatchProgram(with_rows(2), bound_dataset(with_rows(2)).node_columns())
    shared = sum(1 for n in program.order if not program.slot[n][0])
    fits = (MAX_SCRIPT_VALUES - shared) // (program.n_row_nodes + 1)
    assert script_values(shared, program.n_row_nodes, fits) <= MAX_SCRIPT_VALUES
    assert script_values(shared, program.n_row_nodes, fits + 1) > MAX_SCRIPT_VALUES
    with pytest.raises(DocumentError):
        export_python(with_rows(fits + 1))
    doc = with_rows(fits)
    text = export_python(doc)
    # The data part of the script gives back every number of each column read, exactly.
    start = text.index("columns = {")
    data = text[start:text.index("\nn = ", start)]
    assert max(len(line) for line in data.splitlines()) <= 88
    found = {}
    exec(data, {}, found)  # the data lines only: literals
    dataset = bound_dataset(doc).dataset
    assert found["columns"].keys() == {"x", "y"}
    for name, numbers in found["columns"].items():
        assert numbers == dataset.column(name).tolist()
