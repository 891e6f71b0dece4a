"""``gradgui --lesson NAME|FILE``: a bad name or file is one line and exit 2, a good one opens."""

import json
import sys
import types

import pytest

from gradgui import app, cli
from test_cli import assert_fails_cleanly, gradgui


@pytest.fixture
def editor(monkeypatch):
    """Stand in for the editor: records the arguments it was started with."""
    calls = []
    fake = types.ModuleType("gradgui.app")
    fake.main = lambda argv=None: calls.append(argv) or 0
    monkeypatch.setitem(sys.modules, "gradgui.app", fake)
    return calls


@pytest.mark.parametrize("name", ["neuron", "1", "descent", "descent.json"])
def test_a_bundled_lesson_by_name_or_number_opens_the_editor(editor, name):
    assert cli.main(["--lesson", name]) == 0
    assert editor == [["--lesson", name]]


def test_a_lesson_file_opens_the_editor(editor, tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"format": "gradgui-lesson", "version": 1, "title": "Mine",
                                "example": "neuron", "steps": [{"text": "Hello."}]}),
                    encoding="utf-8")
    assert cli.main(["--lesson", str(path)]) == 0
    assert editor == [["--lesson", str(path)]]


def test_an_unknown_lesson_name_is_one_line_and_exit_2(editor):
    line = assert_fails_cleanly(gradgui("--lesson", "nope"), "nope", "no such lesson", "neuron")
    assert "descent" in line
    assert editor == []


def test_a_bad_lesson_file_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "gradgui-lesson", "version": 1, "title": "t", '
                    '"example": "neuron", "steps": [{"text": "x", "highlight": ["zz"]}]}',
                    encoding="utf-8")
    assert_fails_cleanly(gradgui("--lesson", path), "bad.json", "step 1", "'zz'")
    assert_fails_cleanly(gradgui("--lesson", tmp_path / "missing.json"), "missing.json",
                         "cannot open")


@pytest.mark.parametrize("args", [["--lesson", "neuron", "x.json"], ["--lesson", "neuron",
                                                                        "--backward", "x.json"]])
def test_a_lesson_goes_with_no_file_and_no_headless_run(args, capsys):
    assert cli.main(args) == 2
    assert "--lesson opens its own graph" in capsys.readouterr().err


def test_the_editor_reads_lesson_from_its_arguments():
    assert app._parse(["--lesson", "neuron"]).lesson == "neuron"
    assert app._parse([]).lesson is None
