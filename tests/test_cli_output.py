"""The command line never fails on its own output: odd labels, odd paths, one line per error."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gradgui.document import AddNode, AddWire, GraphDocument, SetOutput
from gradgui.document.fileformat import save

ROOT = Path(__file__).resolve().parent.parent


def gradgui(*args, **env):
    """Run ``python -m gradgui ARGS`` in a fresh interpreter, with extra environment."""
    environ = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    environ.pop("PYTHONIOENCODING", None)
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "gradgui", *map(str, args)],
                          capture_output=True, cwd=ROOT, env=environ, timeout=120)


def one_line_error(proc) -> str:
    assert proc.returncode == 2, proc.stderr
    text = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1, text
    assert text.startswith("gradgui: ") and proc.stdout == b""
    return text


def tanh_of(path: Path, label: str) -> Path:
    doc = GraphDocument()
    AddNode("x", "input", label=label, value=0.5).do(doc)
    AddNode("t", "tanh", label="t").do(doc)
    AddWire("x", "t", 0).do(doc)
    SetOutput("t").do(doc)
    save(doc, path)
    return path


def test_a_lone_surrogate_label_prints_as_a_table(tmp_path):
    path = tanh_of(tmp_path / "odd.json", "\ud800")
    proc = gradgui("--backward", path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    row = next(line for line in proc.stdout.decode("utf-8").splitlines() if line.startswith("x "))
    assert "\\ud800" in row and "input" in row and "0.5" in row


def test_a_lone_surrogate_label_prints_as_json(tmp_path):
    path = tanh_of(tmp_path / "odd.json", "\ud800")
    proc = gradgui("--backward", path, "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["nodes"]["x"]["label"] == "\ud800"


def test_a_label_the_terminal_cannot_show_is_escaped(tmp_path):
    path = tanh_of(tmp_path / "odd.json", "é\U0001F600")
    proc = gradgui("--backward", path, PYTHONIOENCODING="ascii")
    assert proc.returncode == 0, proc.stderr
    assert "\\xe9\\U0001f600" in proc.stdout.decode("ascii")


def test_an_error_naming_a_path_with_a_line_break_is_one_line(tmp_path):
    doc = GraphDocument()
    AddNode("t", "tanh").do(doc)  # nothing feeds it: it cannot be evaluated
    path = tmp_path / "two\nlines.json"
    save(doc, path)
    line = one_line_error(gradgui("--backward", path))
    assert "two lines.json" in line


def test_a_choice_of_outputs_under_a_path_with_a_line_break_is_one_line(tmp_path):
    doc = GraphDocument()
    AddNode("a", "input", value=1.0).do(doc)
    AddNode("b", "input", value=2.0).do(doc)
    path = tmp_path / "a\rb\nc.json"
    save(doc, path)
    one_line_error(gradgui("--backward", path))


def test_a_missing_file_with_a_line_break_and_a_surrogate_in_its_name_is_one_line(tmp_path):
    line = one_line_error(gradgui("--backward", os.fsdecode(bytes(tmp_path) + b"/no\n\xff.json"),
                                  PYTHONIOENCODING="ascii"))
    assert "no " in line


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs a device that is always full")
def test_a_result_that_cannot_be_written_is_one_line_and_exit_2(tmp_path):
    path = tanh_of(tmp_path / "fine.json", "x")
    environ = dict(os.environ, PYTHONPATH=str(ROOT))
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "gradgui", "--backward", str(path)],
                              stdout=full, stderr=subprocess.PIPE, cwd=ROOT, env=environ,
                              timeout=120)
    assert proc.returncode == 2
    text = proc.stderr.decode()
    assert len(text.splitlines()) == 1 and "cannot write" in text and "Traceback" not in text
