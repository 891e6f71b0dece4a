"""Exported Python runs and prints exactly the numbers the document's evaluation gives."""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import gradgui
from gradgui.document import (AddNode, AddWire, DocumentError, Evaluation, GraphDocument, Macro,
                              OutputChoiceError, SetOutput, choose_output, output_candidates)
from gradgui.document.python_export import export_python, variable_names
from tutorial_neuron import neuron_document

ROOT = Path(gradgui.__file__).resolve().parent.parent
LINE = re.compile(r"^(.*): data=(\S+) grad=(\S+)$")


def build(nodes, wires, output=None):
    """A document made through commands: nodes are (id, kind, fields), wires (src, dst, port)."""
    doc = GraphDocument()
    commands = [AddNode(node_id, kind, pos=(40.0 * i, 0.0), **fields)
                for i, (node_id, kind, fields) in enumerate(nodes)]
    commands += [AddWire(*wire) for wire in wires]
    if output:
        commands.append(SetOutput(output))
    Macro("Build", commands).do(doc)
    return doc


def neuron(loss=False):
    """The tutorial neuron; with ``loss``, also (o - y)**2 with y = 1, marked as output."""
    doc = neuron_document()
    if loss:
        Macro("Loss", [AddNode("y", "const", value=1.0, pos=(880.0, 330.0)),
                       AddNode("d", "sub", label="o - y", pos=(1100.0, 275.0)),
                       AddNode("L", "pow", exponent=2.0, label="loss", pos=(1320.0, 275.0)),
                       AddWire("o", "d", 0), AddWire("y", "d", 1), AddWire("d", "L", 0),
                       SetOutput("L")]).do(doc)
    return doc


def every_op():
    """Each kind once, a node feeding both ports of one op, odd ids and a side branch."""
    nodes = [
        ("a", "input", dict(value=0.7)), ("class", "weight", dict(value=-1.3)),
        ("1x", "const", dict(value=2.5)), ("x y", "input", dict(value=0.4)),
        ("sq", "mul", {}), ("sum", "add", {}), ("print", "sub", {}), ("Value", "div", {}),
        ("p", "pow", dict(exponent=-1.5)), ("neg", "neg", {}), ("e", "exp", {}),
        ("l", "log", {}), ("r", "relu", {}), ("s", "sigmoid", {}), ("t", "tanh", {}),
        ("out", "add", {}), ("side", "exp", {}), ("x-y", "mul", {}),
    ]
    wires = [
        ("a", "sq", 0), ("a", "sq", 1), ("sq", "sum", 0), ("class", "sum", 1),
        ("sum", "print", 0), ("1x", "print", 1), ("print", "Value", 0), ("x y", "Value", 1),
        ("1x", "p", 0), ("p", "neg", 0), ("neg", "e", 0), ("1x", "l", 0), ("Value", "r", 0),
        ("l", "s", 0), ("s", "t", 0), ("e", "x-y", 0), ("t", "x-y", 1), ("x-y", "out", 0),
        ("r", "out", 1), ("a", "side", 0),
    ]
    return build(nodes, wires, output="out")


def example_docs():
    """Every bundled example, loaded the way the application loads it."""
    try:
        from gradgui.document.fileformat import load
    except ImportError:  # the file format may not exist yet; node-link is the format
        def load(path):
            with open(path, encoding="utf-8") as f:
                return GraphDocument(nx.node_link_graph(json.load(f), edges="edges"))
    return {f"example:{p.name}": (lambda p=p: load(p))
            for p in sorted(gradgui.examples_dir().glob("*.json"))}


DOCS = {"neuron": neuron, "neuron_loss": lambda: neuron(loss=True), "every_op": every_op,
        **example_docs()}
# A graph with a data set exports its batch loss instead (test_python_export_data.py).
WITHOUT_DATA = [name for name, make in DOCS.items() if "dataset" not in make().graph.graph]


def bare_python() -> str:
    """The interpreter this one was made from (a virtual environment's base): no gradgui there."""
    python = getattr(sys, "_base_executable", "") or sys.executable
    proc = subprocess.run([python, "-I", "-c", "import gradgui"], capture_output=True, text=True,
                          cwd="/", timeout=60)
    assert "No module named 'gradgui'" in proc.stderr, (python, proc.stderr)
    return python


def run_script(text, tmp_path, name="exported.py"):
    """Run an exported script: a standalone one with a bare ``python -I`` (gradgui out of reach),
    one that imports gradgui with this interpreter and gradgui on its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if "import gradgui" in text or "from gradgui" in text:
        command = [sys.executable, str(path)]
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    else:
        command = [bare_python(), "-I", str(path)]
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.run(command, capture_output=True, encoding="utf-8", cwd=tmp_path, env=env,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def parsed_lines(stdout):
    rows = []
    for line in stdout.splitlines():
        match = LINE.match(line)
        assert match, line
        rows.append((match.group(1), float(match.group(2)), float(match.group(3))))
    return rows


def outputs_of(doc):
    if doc.output is not None:
        return [doc.output]
    try:
        return [choose_output(doc)]
    except OutputChoiceError:
        return output_candidates(doc)


@pytest.mark.parametrize("standalone", [True, False], ids=["standalone", "imports-gradgui"])
@pytest.mark.parametrize("name", WITHOUT_DATA)
def test_exported_script_prints_the_evaluations_numbers_exactly(name, standalone, tmp_path):
    doc = DOCS[name]()
    for output in outputs_of(doc):
        ev = Evaluation(doc)
        if output not in ev.values:
            continue
        ev.backward(output)
        text = export_python(doc, output, standalone=standalone)
        assert ("from gradgui.engine import Value" in text) != standalone
        expected = [(doc.label(n), ev.data(n), ev.grad(n)) for n in ev.order if n in ev.values]
        assert parsed_lines(run_script(text, tmp_path)) == expected


@pytest.mark.parametrize("standalone", [True, False], ids=["standalone", "imports-gradgui"])
def test_the_neuron_exports_in_the_tutorials_style(tmp_path, standalone):
    text = export_python(neuron(), standalone=standalone)
    if standalone:
        assert "gradgui" not in text.replace("exported from gradgui", "")
        assert "\nclass Value:\n" in text and "\nimport math\n" in text
        # Only the ops the graph uses.
        assert "def __add__" in text and "def __mul__" in text and "def tanh" in text
        assert "def __sub__" not in text and "def exp" not in text
    else:
        assert "from gradgui.engine import Value" in text
    assert "x1 = Value(2.0, label='x1')" in text
    assert "m1 = x1*w1; m1.label = 'x1*w1'" in text
    assert "n = s1 + b; n.label = 'n'" in text
    assert "o = n.tanh(); o.label = 'o'" in text
    assert "o.backward()" in text
    rows = {label: (data, grad) for label, data, grad in parsed_lines(run_script(text, tmp_path))}
    assert rows["o"][0] == pytest.approx(0.7071, abs=1e-4)
    assert {k: round(v[1], 12) for k, v in rows.items()} == {
        "x1": -1.5, "x2": 0.5, "w1": 1.0, "w2": 0.0, "b": 0.5, "x1*w1": 0.5, "x2*w2": 0.5,
        "x1*w1 + x2*w2": 0.5, "n": 0.5, "o": 1.0}


@pytest.mark.parametrize("standalone", [True, False], ids=["standalone", "imports-gradgui"])
def test_every_op_is_written_as_python(standalone):
    text = export_python(every_op(), standalone=standalone)
    for piece in ("sq = a*a", "v_sum = sq + v_class", "v_print = v_sum - n1x",
                  "v_Value = v_print / x_y", "p = n1x**-1.5", "neg = -p", "e = neg.exp()",
                  "l = n1x.log()", "r = v_Value.relu()", "s = l.sigmoid()", "t = s.tanh()",
                  "x_y_2 = e*t", "out.backward()"):
        assert piece in text, piece
    ast.parse(text)


def test_variable_names_are_distinct_identifiers():
    ids = ["x", "x", "1", "for", "__import__", "é", "a b", "a_b", "print", "Value", "nodes"]
    names = variable_names(ids[1:] + ["x"])
    assert len(set(names.values())) == len(names)
    for name in names.values():
        assert name.isidentifier() and name.isascii()
        assert name not in ("for", "print", "Value", "nodes") and not name.startswith("__")


@pytest.mark.parametrize("label", [
    "'); import os; ('",
    "'); open('HACKED', 'w').write('x'); ('",
    '"); open("HACKED", "w").write("x"); ("',
    "\\",
    "'''",
    "\nopen('HACKED', 'w').write('x')\n",
    "\r\nopen('HACKED', 'w').write('x')#",
    "\u2028open('HACKED', 'w')",
    "\ud800",
])
@pytest.mark.parametrize("standalone", [True, False], ids=["standalone", "imports-gradgui"])
def test_labels_cannot_inject_code(label, standalone, tmp_path):
    doc = build([("x", "input", dict(value=3.0, label=label)),
                 ("y", "tanh", dict(label=label))], [("x", "y", 0)])
    text = export_python(doc, standalone=standalone)
    tree = ast.parse(text)
    # Only the statements an export writes: the import (and the class), assignments,
    # label settings, the backward call and the print loop.
    kinds = [type(node).__name__ for node in tree.body]
    heading = ["ClassDef", "Import"] if standalone else ["ImportFrom"]
    assert sorted(set(kinds)) == sorted(["Assign", "Expr", "For"] + heading)
    assert [kinds.count(k) for k in heading + ["Expr", "For"]] == [1] * (len(heading) + 2)
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, str)]
    assert strings.count(label) == 2
    if "\ud800" in label:
        return  # a lone surrogate cannot be written to a UTF-8 file at all
    stdout = run_script(text, tmp_path)
    assert not (tmp_path / "HACKED").exists()
    printed = label.replace("\r\n", "\n").replace("\r", "\n")
    assert stdout.startswith(printed + ": data=3.0 grad=")


def test_an_incomplete_graph_upstream_of_the_output_is_refused():
    doc = build([("x", "input", dict(value=1.0)), ("m", "mul", {}), ("o", "tanh", {})],
                [("x", "m", 0), ("m", "o", 0)])
    with pytest.raises(DocumentError, match="'m'.*not wired"):
        export_python(doc, "o")


def test_math_errors_upstream_are_refused():
    doc = build([("x", "input", dict(value=-1.0)), ("o", "log", {})], [("x", "o", 0)])
    # One line the window puts after "Cannot export Python: ", so it does not say so twice.
    with pytest.raises(DocumentError, match=r"^'o' has no value \(.*log.*\); the graph feeding"):
        export_python(doc)


def test_nodes_off_the_outputs_path_are_exported_when_complete(tmp_path):
    doc = build([("x", "input", dict(value=0.5)), ("o", "tanh", {}), ("side", "exp", {}),
                 ("broken", "mul", {}), ("after", "neg", {})],
                [("x", "o", 0), ("x", "side", 0), ("x", "broken", 0), ("broken", "after", 0)],
                output="o")
    text = export_python(doc)
    assert "broken" not in text and "after" not in text
    rows = parsed_lines(run_script(text, tmp_path))
    assert [r[0] for r in rows] == ["x", "o", "side"]
    assert rows[2][2] == 0.0


def test_an_unknown_output_is_refused():
    with pytest.raises(DocumentError):
        export_python(neuron(), "nope")
    with pytest.raises(DocumentError):
        export_python(GraphDocument())
