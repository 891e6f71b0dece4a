"""The headless command line loads neither Qt nor networkx for ``--backward`` (and
``--variant``): a file read to be evaluated is held in a plain graph."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gradgui import examples_dir
from gradgui.document.evaluation import Evaluation, choose_output, output_candidates
from gradgui.document.fileformat import load
from gradgui.document.plain_graph import PlainGraph

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("networkx", "PySide6", "shiboken6", "pyqtgraph", "numpy")

CHILD = """
import json, sys
from gradgui.cli import main
code = main(sys.argv[1:])
loaded = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def modules_loaded_by(*args):
    """Run the command line's main() with ``args`` in a fresh interpreter: (exit code,
    top-level packages loaded, stdout)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    done = subprocess.run([sys.executable, "-c", CHILD, *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    report = json.loads(done.stderr.splitlines()[-1])
    return report["code"], set(report["loaded"]), done.stdout


@pytest.mark.parametrize("extra", [[], ["--json"], ["--variant", "assign"],
                                   ["--variant", "naive-order", "--output", "o"]])
def test_backward_loads_neither_qt_nor_networkx(extra):
    code, loaded, out = modules_loaded_by("--backward", examples_dir() / "neuron.json", *extra)
    assert code == 0
    assert "0.7071067811865477" in out  # it did run
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    assert "gradgui" in loaded


def test_a_bad_file_still_fails_in_one_line_without_networkx(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"directed": true, "multigraph": true, "graph": {"format": "gradgui", '
                   '"version": 1}, "nodes": [{"id": "a", "kind": "nope"}], "edges": []}')
    code, loaded, out = modules_loaded_by("--backward", bad)
    assert code == 2 and out == ""
    assert "networkx" not in loaded


@pytest.mark.parametrize("name", ["neuron.json", "mlp.json", "moons.json"])
def test_a_plain_document_reads_and_evaluates_as_a_networkx_one(name):
    path = examples_dir() / name
    full, plain = load(path), load(path, plain=True)
    assert isinstance(plain.graph, PlainGraph)
    assert type(full.graph).__name__ == "MultiDiGraph"
    assert plain.node_ids() == full.node_ids()
    assert len(plain) == len(full)
    assert plain.output == full.output
    assert output_candidates(plain) == output_candidates(full)
    assert plain.groups.records() == full.groups.records()
    for node_id in full.node_ids():
        assert plain.node(node_id) == full.node(node_id)
        assert plain.label(node_id) == full.label(node_id)
        assert plain.inputs(node_id) == full.inputs(node_id)
        assert plain.graph.out_degree(node_id) == full.graph.out_degree(node_id)
    assert "missing" not in plain and "missing" not in full
    assert ["x"] not in plain.graph
    output = choose_output(full)
    runs = []
    for doc in (full, plain):
        evaluation = Evaluation(doc)
        evaluation.backward(output)
        runs.append({n: (evaluation.data(n), evaluation.grad(n)) for n in doc.node_ids()})
    assert runs[0] == runs[1]
