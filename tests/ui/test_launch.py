"""``gradgui FILE`` as a person starts it: a real process, offscreen, closing itself cleanly."""

import os
import subprocess
import sys

from PySide6.QtCore import QSettings


def run_gradgui(args, settings_dir, quit_after_ms=400):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADGUI_SETTINGS_DIR=str(settings_dir),
               GRADGUI_QUIT_AFTER_MS=str(quit_after_ms))
    return subprocess.run([sys.executable, "-m", "gradgui", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_gradgui_file_opens_the_file_and_closes_cleanly(tmp_path, neuron_path):
    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    proc = run_gradgui([str(neuron_path)], settings_dir)

    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Error" not in proc.stderr
    stored = QSettings(str(settings_dir / "gradgui.ini"), QSettings.Format.IniFormat)
    # The file was opened (it heads the recent files) ...
    recent = stored.value("files/recent")
    recent = [recent] if isinstance(recent, str) else list(recent or [])
    assert recent and os.path.samefile(recent[0], neuron_path)
    # ... and the window closed the ordinary way, remembering its layout.
    assert stored.value("window/geometry") is not None
    assert stored.value("window/state") is not None


def test_gradgui_without_a_file_opens_an_empty_editor_and_closes_cleanly(tmp_path):
    proc = run_gradgui([], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    stored = QSettings(str(tmp_path / "gradgui.ini"), QSettings.Format.IniFormat)
    assert stored.value("window/geometry") is not None
    assert not stored.value("files/recent")


def test_asked_to_quit_while_a_file_is_still_opening_the_editor_quits_once_it_is_open(tmp_path):
    from gradgui.document.fileformat import save
    from gradgui.document.generate import mlp_for_size
    big = tmp_path / "big.json"
    save(mlp_for_size(20_000), big)  # opening it takes longer than the wait below
    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    # The window refuses to close while it opens the file; it is asked again, not left
    # running for ever.
    proc = run_gradgui([str(big)], settings_dir, quit_after_ms=50)
    assert proc.returncode == 0, proc.stderr
