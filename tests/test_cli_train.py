"""The command line: ``gradgui --train FILE`` prints every step, saves, and fails in one line."""

import json
import subprocess
import sys

import pytest

from gradgui import cli
from gradgui.document import load, save
from gradgui.document.generators import generate
from gradgui.document.network import network_document
from gradgui.document.training import Trainer
from gradgui.document.training_settings import TrainingSettings

from test_cli import ROOT, assert_fails_cleanly, gradgui


@pytest.fixture
def moons(tmp_path):
    settings = TrainingSettings(lr=1.0, schedule="decay", l2=1e-4, steps=4)
    doc = network_document(generate("moons", 40, seed=2), ["x1", "x2"], "y", hidden=(4, 4),
                           activation="relu", loss="max-margin", seed=5, settings=settings)
    path = tmp_path / "moons.json"
    save(doc, path)
    return path


def test_prints_every_step_with_loss_and_accuracy(moons):
    proc = gradgui("--train", moons)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    expected = Trainer(load(moons)).run(4)
    assert len(lines) == 4
    for line, step in zip(lines, expected):
        assert line == f"step {step.step} loss {step.loss!r}, accuracy {step.accuracy * 100:g}%"


def test_json_lines_and_options_override_the_file(moons, capsys):
    assert cli.main(["--train", str(moons), "--steps", "3", "--lr", "0.5", "--batch", "8",
                     "--seed", "3", "--l2", "0", "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    settings = TrainingSettings(lr=0.5, schedule="decay", l2=0.0, batch=8, seed=3, steps=3)
    expected = Trainer(load(moons), settings).run(3)
    assert [line["step"] for line in lines] == [0, 1, 2]
    assert [line["loss"] for line in lines] == [step.loss for step in expected]
    assert [line["accuracy"] for line in lines] == [step.accuracy for step in expected]
    assert lines[1]["lr"] == 0.5 * (1.0 - 0.9 * 1 / 3)


def test_save_writes_the_trained_weights(moons, tmp_path, capsys):
    out = tmp_path / "trained.json"
    assert cli.main(["--train", str(moons), "--save", str(out)]) == 0
    trainer = Trainer(load(moons))
    trainer.run(4)
    trained = load(out)
    for weight, value in trainer.weights().items():
        assert trained.node(weight)["value"] == value
    # Training from the saved file goes on from where it stopped.
    assert Trainer(trained).step().loss < Trainer(load(moons)).step().loss


def test_a_file_without_a_data_set_fails_in_one_line(tmp_path):
    path = tmp_path / "plain.json"
    save(network_document(generate("line", 5), ["x"], "y", hidden=(2,)), path)
    top = json.loads(path.read_text())
    del top["graph"]["dataset"]
    path.write_text(json.dumps(top))
    assert_fails_cleanly(gradgui("--train", path, "--steps", "2"),
                         "plain.json", "no data set to train on")


def test_a_bad_file_and_a_batch_too_big_fail_in_one_line(moons, tmp_path):
    assert_fails_cleanly(gradgui("--train", tmp_path / "missing.json", "--steps", "1"),
                         "missing.json")
    assert_fails_cleanly(gradgui("--train", moons, "--batch", "41"), "batch of 41 rows")


def test_a_save_into_a_folder_that_does_not_exist_fails_before_training(moons, tmp_path):
    out = tmp_path / "no" / "such" / "trained.json"
    line = assert_fails_cleanly(gradgui("--train", moons, "--save", out), str(out),
                                "does not exist")  # no step printed: it stopped first
    assert str(out.parent) in line and not out.parent.exists()


def test_math_errors_name_the_row_and_the_node(tmp_path):
    doc = network_document(generate("line", 6, seed=1), ["x"], "y", hidden=(2,))
    path = tmp_path / "big.json"
    save(doc, path)
    proc = gradgui("--train", path, "--steps", "50", "--lr", "1e300")
    # The steps before the fault were printed; the fault is one line.
    assert proc.returncode == 2
    assert proc.stdout.startswith("step 0 loss ")
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gradgui: ") and "big.json: " in lines[0], proc.stderr
    assert " in row " in lines[0] and " of node '" in lines[0]


@pytest.mark.parametrize("args, words", [
    (["--steps", "3"], "only work with --train"),
    (["--train"], "--train needs a FILE"),
    (["--train", "x.json", "--backward"], "cannot go together"),
    (["--train", "x.json", "--steps", "0"], "--steps"),
    (["--train", "x.json", "--lr", "-1"], "--lr"),
])
def test_usage_errors_exit_2(args, words, capsys):
    assert cli.main(args) == 2
    assert words in capsys.readouterr().err


def test_training_never_imports_qt(moons):
    code = (
        "import sys\n"
        "from gradgui.cli import main\n"
        f"code = main(['--train', {str(moons)!r}, '--steps', '2', '--json'])\n"
        "assert code == 0, code\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))]\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
