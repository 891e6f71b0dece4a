"""A regular (non-editable) install carries the bundled examples.

Builds a wheel from a copy of the source tree without network or build
isolation (setuptools and wheel come with the test extra), checks its
contents, installs it into a bare folder and imports it from there.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("neuron.json", "neuron_loss.json", "mlp.json")
SKIP = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__",
        ".pytest_cache", ".hypothesis")


def pip(*args: str, cwd: Path) -> None:
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_wheel_contains_and_finds_examples(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(*SKIP))
    pip("wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-w", str(tmp_path / "dist"), str(src), cwd=tmp_path)
    (wheel,) = (tmp_path / "dist").glob("gradgui-*.whl")

    names = set(zipfile.ZipFile(wheel).namelist())
    for example in EXAMPLES:
        assert f"gradgui/resources/examples/{example}" in names

    site = tmp_path / "site"
    pip("install", "--no-deps", "--no-index", "--target", str(site), str(wheel),
        cwd=tmp_path)
    check = (
        "import gradgui, pathlib, sys\n"
        "from gradgui import examples_dir\n"
        f"site = pathlib.Path({str(site)!r}).resolve()\n"
        "assert pathlib.Path(gradgui.__file__).resolve().is_relative_to(site), gradgui.__file__\n"
        f"for name in {EXAMPLES!r}:\n"
        "    assert (examples_dir() / name).is_file(), examples_dir() / name\n"
        "print('ok')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    proc = subprocess.run(
        [sys.executable, "-c", check],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "ok" in proc.stdout
