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


def test_the_view_menus_choices_and_the_teaching_pictures(tmp_path):
    from PySide6.QtGui import QColor
    out = tmp_path / "dark.png"
    result = run(str(ROOT / "gradgui" / "resources" / "examples" / "neuron.json"), str(out),
                 "--size", "800x600", "--theme", "dark", "--text-size", "200", "--edge-labels",
                 "--backward", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    dark = [x for x in range(0, 800, 4) if QColor(image.pixel(x, 595)).lightnessF() < 0.3]
    assert len(dark) > 150, "the status bar is dark"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADGUI_SETTINGS_DIR=str(tmp_path / "t"))
    made = subprocess.run([sys.executable, str(ROOT / "scripts" / "teach_screenshots.py"),
                           str(tmp_path)], capture_output=True, text=True, env=env, timeout=300)
    assert made.returncode == 0, made.stderr
    for name, size in (("quiz.png", (1440, 860)), ("bug_lab.png", (1440, 860)),
                       ("presenter_dark.png", (1920, 1080))):
        image = QImage(str(tmp_path / name))
        assert (image.width(), image.height()) == size, name
