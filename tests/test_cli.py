"""The command line: ``python -m gradgui --backward FILE`` and its exit codes."""

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from gradgui import cli, examples_dir
from gradgui.document import AddNode, AddWire, GraphDocument, SetOutput
from gradgui.document.fileformat import save
from tutorial_neuron import GRADS as TUTORIAL_GRADS

ROOT = Path(__file__).resolve().parent.parent
NEURON = examples_dir() / "neuron.json"


def gradgui(*args, cwd=ROOT):
    """Run ``python -m gradgui ARGS`` in a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    return subprocess.run([sys.executable, "-m", "gradgui", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def assert_fails_cleanly(proc, *words):
    """Exit 2 with exactly one line on stderr, naming ``words``, and nothing on stdout."""
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("gradgui: ")
    for word in words:
        assert word in lines[0], lines[0]
    assert proc.stdout == ""
    return lines[0]


def write(tmp_path, name, nodes, wires, output=None) -> Path:
    doc = GraphDocument()
    for node_id, kind, fields in nodes:
        AddNode(node_id, kind, **fields).do(doc)
    for source, target, port in wires:
        AddWire(source, target, port).do(doc)
    if output:
        SetOutput(output).do(doc)
    path = tmp_path / name
    save(doc, path)
    return path


# ----- in a subprocess, as people run it ------------------------------------------

def test_json_gives_the_tutorial_grads():
    proc = gradgui("--backward", NEURON, "--json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    report = json.loads(proc.stdout)
    assert report["output"] == "o"
    nodes = report["nodes"]
    assert set(nodes) == {"x1", "x2", "w1", "w2", "b", "m1", "m2", "s1", "n", "o"}
    grads = {node["label"]: node["grad"] for node in nodes.values()}
    assert grads == pytest.approx(TUTORIAL_GRADS, abs=1e-12)
    assert nodes["o"]["data"] == pytest.approx(0.7071067811865476, abs=1e-15)
    assert nodes["o"]["kind"] == "tanh" and nodes["b"]["kind"] == "weight"
    assert nodes["b"]["data"] == 6.8813735870195432
    # Operands before the nodes they feed.
    order = list(nodes)
    assert order.index("m1") < order.index("s1") < order.index("n") < order.index("o")


def test_table_lists_every_node():
    proc = gradgui("--backward", NEURON)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["id", "label", "kind", "data", "grad"]
    assert len(lines) == 11
    for label in TUTORIAL_GRADS:
        assert any(label in line for line in lines[1:]), label
    row = next(line for line in lines if line.startswith("x1 "))
    assert row.split()[:3] == ["x1", "x1", "input"]
    assert float(row.split()[-1]) == pytest.approx(-1.5)
    assert "output" in next(line for line in lines if line.startswith("o "))
    # Aligned: numbers are right-aligned, so every unmarked row is as long as the header.
    assert {len(line) for line in lines if "<- output" not in line} == {len(lines[0])}


def test_output_by_id_and_by_label():
    proc = gradgui("--backward", NEURON, "--json", "--output", "m1")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["output"] == "m1"
    assert report["nodes"]["x1"]["grad"] == -3.0 and report["nodes"]["o"]["grad"] == 0.0
    proc = gradgui("--backward", NEURON, "--json", "--output", "x1*w1 + x2*w2")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["output"] == "s1"


@pytest.mark.parametrize("name", ["neuron_loss.json", "mlp.json"])
def test_other_examples(name):
    proc = gradgui("--backward", examples_dir() / name, "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["output"] == "loss"
    assert report["nodes"]["loss"]["grad"] == 1.0
    assert all(isinstance(n["grad"], float) for n in report["nodes"].values())


@pytest.mark.parametrize("text", ["{not json", "", "[]", '{"graph": {"format": "other"}}', "\x00\xff"])
def test_malformed_file(tmp_path, text):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    assert_fails_cleanly(gradgui("--backward", path), "bad.json")


def test_missing_file(tmp_path):
    assert_fails_cleanly(gradgui("--backward", tmp_path / "nope.json"), "nope.json")


def test_a_folder_is_not_a_file(tmp_path):
    assert_fails_cleanly(gradgui("--backward", tmp_path))


def test_incomplete_output(tmp_path):
    path = write(tmp_path, "half.json",
                 [("x", "input", {"value": 1.0}), ("a", "add", {}), ("t", "tanh", {})],
                 [("x", "a", 0), ("a", "t", 0)], output="t")
    line = assert_fails_cleanly(gradgui("--backward", path), "half.json", "'t'")
    assert "'a'" in line and "input b is not wired" in line


def test_math_error_names_the_node(tmp_path):
    path = write(tmp_path, "log.json",
                 [("c", "const", {"value": -1.0}), ("l", "log", {"label": "log c"}),
                  ("e", "exp", {})],
                 [("c", "l", 0), ("l", "e", 0)])
    line = assert_fails_cleanly(gradgui("--backward", path, "--json"), "log.json", "log c")
    assert "not positive" in line


def test_several_outputs_ask_for_one(tmp_path):
    path = write(tmp_path, "two.json",
                 [("x", "input", {"value": 1.0}), ("t", "tanh", {}), ("e", "exp", {})],
                 [("x", "t", 0), ("x", "e", 0)])
    line = assert_fails_cleanly(gradgui("--backward", path), "two.json", "--output", "'t'", "'e'")
    assert "several" in line
    proc = gradgui("--backward", path, "--output", "e")
    assert proc.returncode == 0, proc.stderr


def test_empty_graph(tmp_path):
    path = write(tmp_path, "empty.json", [], [])
    assert_fails_cleanly(gradgui("--backward", path), "empty.json", "empty")


def test_unknown_output(tmp_path):
    assert_fails_cleanly(gradgui("--backward", NEURON, "--output", "zz"), "'zz'")


@pytest.mark.parametrize("args", [
    ["--json"], ["--output", "o"], ["--json", str(NEURON)], ["--backward"],
    ["--backward", "--json"], ["--frobnicate"], ["a.json", "b.json"],
])
def test_usage_errors(args):
    proc = gradgui(*args)
    assert proc.returncode == 2
    assert "usage:" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_help():
    proc = gradgui("--help")
    assert proc.returncode == 0
    assert "--backward" in proc.stdout and "--output" in proc.stdout


def test_headless_run_never_imports_qt():
    code = (
        "import sys\n"
        "from gradgui.cli import main\n"
        f"code = main(['--backward', {str(NEURON)!r}, '--json'])\n"
        "assert code == 0, code\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert 'gradgui.app' not in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr


# ----- in this process ----------------------------------------------------------

def test_main_returns_codes_instead_of_exiting(capsys):
    assert cli.main(["--backward", str(NEURON), "--output", "x1*w1"]) == 0
    out = capsys.readouterr().out
    assert "<- output" in next(line for line in out.splitlines() if line.startswith("m1 "))
    assert cli.main(["--json"]) == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "--json only works with --backward or --train" in err


def test_an_ambiguous_label_asks_for_an_id(tmp_path, capsys):
    path = write(tmp_path, "twins.json",
                 [("a", "input", {"value": 1.0, "label": "twin"}),
                  ("b", "input", {"value": 2.0, "label": "twin"})], [])
    assert cli.main(["--backward", str(path), "--output", "twin"]) == 2
    err = capsys.readouterr().err
    assert "'a'" in err and "'b'" in err and len(err.splitlines()) == 1


def test_without_backward_the_editor_gets_the_arguments(monkeypatch):
    calls = []
    fake = types.ModuleType("gradgui.app")
    fake.main = lambda argv=None: calls.append(argv) or 7
    monkeypatch.setitem(sys.modules, "gradgui.app", fake)
    assert cli.main(["some.json"]) == 7
    assert cli.main([]) == 7
    assert calls == [["some.json"], []]
