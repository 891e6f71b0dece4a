"""``gradgui --backward FILE --variant NAME``: the bug lab's buggy passes on the command line."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gradgui import cli, examples_dir
from gradgui.document import AddNode, AddWire, GraphDocument, SetOutput
from gradgui.document.fileformat import save
from tutorial_neuron import GRADS as TUTORIAL_GRADS

ROOT = Path(__file__).resolve().parent.parent
NEURON = examples_dir() / "neuron.json"


def gradgui(*args):
    """Run ``python -m gradgui ARGS`` in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    return subprocess.run([sys.executable, "-m", "gradgui", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def twice_used(tmp_path) -> Path:
    """``b = a + a`` with a = 3, saved."""
    doc = GraphDocument()
    AddNode("a", "input", value=3.0).do(doc)
    AddNode("b", "add").do(doc)
    AddWire("a", "b", 0).do(doc)
    AddWire("a", "b", 1).do(doc)
    SetOutput("b").do(doc)
    path = tmp_path / "twice.json"
    save(doc, path)
    return path


def test_no_zero_grad_on_the_tutorial_neuron_as_json():
    # After a correct pass the leaves keep their grads and the second pass
    # adds the same again: every leaf grad doubles; the op nodes are right.
    proc = gradgui("--backward", NEURON, "--json", "--variant", "no-zero-grad")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    report = json.loads(proc.stdout)
    assert report["variant"] == "no-zero-grad" and report["output"] == "o"
    nodes = report["nodes"]
    correct = {node["label"]: node["correct_grad"] for node in nodes.values()}
    assert correct == pytest.approx(TUTORIAL_GRADS, abs=1e-12)
    buggy = {node["label"]: node["grad"] for node in nodes.values()}
    leaves = {"x1", "w1", "x2", "w2", "b"}
    assert buggy == pytest.approx({label: grad * (2 if label in leaves else 1)
                                   for label, grad in TUTORIAL_GRADS.items()}, abs=1e-12)
    assert report["wrong"] == ["x1", "w1", "x2", "b"]  # w2's grad is 0: doubled, still 0


def test_assign_table_marks_the_wrong_grad(tmp_path, capsys):
    # b = a + a: with = instead of +=, a gets 1 (the last write) instead of 2.
    assert cli.main(["--backward", str(twice_used(tmp_path)), "--variant", "assign"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "label", "kind", "data", "grad", "correct"]
    row_a = next(line for line in lines if line.startswith("a "))
    assert row_a.split() == ["a", "a", "input", "3.0", "1.0", "2.0", "<-", "wrong"]
    row_b = next(line for line in lines if line.startswith("b "))
    assert row_b.split() == ["b", "b", "add", "6.0", "1.0", "1.0", "<-", "output"]
    assert lines[-1] == "bug lab variant assign: 1 grad wrong"


def test_naive_order_on_a_tree_is_right(capsys):
    # Every node of the neuron has one user: breadth-first order cannot hurt.
    assert cli.main(["--backward", str(NEURON), "--variant", "naive-order", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["wrong"] == []
    assert all(node["grad"] == node["correct_grad"] for node in report["nodes"].values())
    assert cli.main(["--backward", str(NEURON), "--variant", "naive-order"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "bug lab variant naive-order: every grad is right on this graph")


def test_an_unknown_variant_is_one_line():
    proc = gradgui("--backward", NEURON, "--variant", "random-order")
    assert proc.returncode == 2
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "gradgui: unknown bug lab variant 'random-order': choose one of naive-order, assign, "
        "no-zero-grad"]


def test_an_unknown_variant_is_refused_before_the_file_is_read(tmp_path, capsys):
    assert cli.main(["--backward", str(tmp_path / "missing.json"), "--variant", "x"]) == 2
    assert "unknown bug lab variant 'x'" in capsys.readouterr().err


def test_variant_needs_backward(capsys):
    assert cli.main(["--variant", "assign", str(NEURON)]) == 2
    assert "--variant only works with --backward" in capsys.readouterr().err
    assert cli.main(["--train", str(NEURON), "--variant", "assign"]) == 2
    assert "--variant only works with --backward" in capsys.readouterr().err


def test_a_graph_that_cannot_be_evaluated_still_fails_cleanly(tmp_path, capsys):
    doc = GraphDocument()
    AddNode("t", "tanh").do(doc)
    path = tmp_path / "free.json"
    save(doc, path)
    assert cli.main(["--backward", str(path), "--variant", "assign"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "incomplete" in err


def test_help_names_the_variants(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--variant" in out and "no-zero-grad" in out


def test_with_a_data_set_backward_and_the_variants_run_over_every_row(tmp_path, capsys):
    from gradgui.document.evaluation import evaluate
    from gradgui.document.generators import generate
    from gradgui.document.network import network_document, parameters
    doc = network_document(generate("moons", 9, seed=2), ["x1", "x2"], "y", hidden=(2,),
                           activation="tanh", loss="max-margin", seed=3)
    path = tmp_path / "net.json"
    save(doc, path)
    reference = evaluate(doc)
    reference.backward("loss")
    assert cli.main(["--backward", str(path), "--json"]) == 0
    nodes = json.loads(capsys.readouterr().out)["nodes"]
    for node_id, node in nodes.items():
        assert node["grad"] == pytest.approx(reference.grad(node_id), rel=1e-12, abs=1e-15), node_id
        assert node["data"] == reference.data(node_id)
    assert cli.main(["--backward", str(path), "--json", "--variant", "no-zero-grad"]) == 0
    report = json.loads(capsys.readouterr().out)
    for w in parameters(doc):
        node = report["nodes"][w]
        assert node["correct_grad"] == pytest.approx(reference.grad(w), rel=1e-9, abs=1e-12)
        assert node["grad"] == pytest.approx(2 * reference.grad(w), rel=1e-9, abs=1e-12)
