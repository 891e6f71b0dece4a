"""Temporaries of atomic saves: what a save killed half way leaves is swept by the next save
of the same file, and nothing else is touched: not another name, not a live writer's file."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import gradgui
from gradgui.document import GraphDocument, Wire
from gradgui.document.atomic import write_atomic
from gradgui.document.fileformat import load, save

ROOT = Path(gradgui.__file__).resolve().parent.parent
AN_HOUR_AGO = time.time() - 3600

# Saves ``sys.argv[1]`` the way gradgui does and stops half way, as if killed at that moment.
HALF_WAY_SAVE = textwrap.dedent("""
    import sys, threading
    from gradgui.document.atomic import replace_atomic

    def write(temp):
        with open(temp, "wb") as file:
            file.write(b'{"directed": true, "multi')  # half a graph file
            file.flush()
        print("writing", temp, flush=True)
        threading.Event().wait()  # until killed

    replace_atomic(sys.argv[1], write)
""")


def sample_doc() -> GraphDocument:
    doc = GraphDocument()
    doc.add_node("x", "input", value=2.0)
    doc.add_node("t", "tanh")
    doc.add_wire(Wire("x", "t", 0))
    return doc


def start_half_way_save(target: Path):
    """A process saving ``target``, stopped half way; returns it and its temporary."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, "-c", HALF_WAY_SAVE, str(target)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("writing "), proc.stderr.read()
    return proc, Path(line.split(" ", 1)[1].strip())


def kill(proc) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()


@pytest.mark.skipif(sys.platform == "win32", reason="killed with SIGKILL")
def test_a_save_sweeps_what_a_save_killed_half_way_left_and_spares_a_live_one(tmp_path):
    target = tmp_path / "graph.json"
    save(sample_doc(), target)
    proc, temp = start_half_way_save(target)
    try:
        assert temp.parent == tmp_path and temp.name.startswith(".graph.json.")
        os.utime(temp, (AN_HOUR_AGO, AN_HOUR_AGO))  # old, but its writer is still at work
        save(sample_doc(), target)
        assert temp.is_file()  # a running editor's temporary is never taken from it
    finally:
        kill(proc)
    assert temp.is_file()  # what the kill left
    os.utime(temp, (AN_HOUR_AGO, AN_HOUR_AGO))
    save(sample_doc(), target)
    assert sorted(os.listdir(tmp_path)) == ["graph.json"]
    assert len(load(target)) == 2


def test_only_temporaries_of_gradgui_naming_for_that_file_are_swept(tmp_path):
    target = tmp_path / "graph.json"
    stale = [".graph.json.k2j3h4g5.tmp", ".graph.json.a_b_c_d_.tmp"]
    kept = [".graph.json.tmp", ".graph.json.ABCDEFGH.tmp", ".graph.json.abcdefg.tmp",
            ".graph.json.abcdefghi.tmp", "graph.json.abcdefgh.tmp", ".graph.json.abcdefgh.tmp.bak",
            ".graph.json.abcdefgh.TMP", ".other.json.abcdefgh.tmp", ".graph.jsonx.abcdefgh.tmp",
            "notes.txt"]
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"half")
    (tmp_path / ".graph.json.folder12.tmp").mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not ours")
    (tmp_path / ".graph.json.alink123.tmp").symlink_to(outside)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / ".graph.json.afifo123.tmp")  # opening it would block a careless sweep
    for entry in tmp_path.iterdir():
        os.utime(entry, (AN_HOUR_AGO, AN_HOUR_AGO), follow_symlinks=False)
    before = set(os.listdir(tmp_path))

    write_atomic(target, b"new contents\n")

    assert set(os.listdir(tmp_path)) == (before - set(stale)) | {"graph.json"}
    assert outside.read_bytes() == b"not ours"


def test_a_young_temporary_nobody_holds_is_left_for_a_later_save(tmp_path):
    # It may be being written by a writer that does not lock (an older gradgui).
    target = tmp_path / "graph.json"
    young = tmp_path / ".graph.json.abcdefgh.tmp"
    young.write_bytes(b"half")
    write_atomic(target, b"one\n")
    assert young.is_file()
    os.utime(young, (AN_HOUR_AGO, AN_HOUR_AGO))
    write_atomic(target, b"two\n")
    assert not young.exists() and target.read_bytes() == b"two\n"


def test_a_save_through_a_link_sweeps_beside_the_file_it_replaces(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "graph.json").write_bytes(b"old\n")
    link = tmp_path / "graph.json"
    link.symlink_to(real / "graph.json")
    stale = real / ".graph.json.abcdefgh.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (AN_HOUR_AGO, AN_HOUR_AGO))
    write_atomic(link, b"new\n")
    assert not stale.exists() and (real / "graph.json").read_bytes() == b"new\n"
    assert link.is_symlink()
