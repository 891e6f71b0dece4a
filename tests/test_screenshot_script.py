"""scripts/screenshot.py: a PNG of the window for a graph file, and a clear error for a bad one."""

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent


def run(*args, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADGUI_SETTINGS_DIR=str(tmp_path / "s"))
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_a_graph_file_gives_a_png_of_the_window(tmp_path):
    out = tmp_path / "shot.png"
    result = run(str(ROOT / "gradgui" / "resources" / "examples" / "neuron.json"), str(out),
                 "--size", "800x600", "--backward", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 600)


def test_a_file_that_is_no_graph_is_an_error_not_a_wait_for_a_click(tmp_path):
    bad = tmp_path / "picture.png"
    bad.write_bytes(b"\x89PNG not a graph")
    result = run(str(bad), str(tmp_path / "shot.png"), tmp_path=tmp_path)
    assert result.returncode == 2
    assert "picture.png" in result.stderr
    assert not (tmp_path / "shot.png").exists()
