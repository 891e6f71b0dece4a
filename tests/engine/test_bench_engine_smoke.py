"""The engine benchmark script runs against micrograd (tiny sizes; timings are never asserted)."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_engine.py"


def run_script(*args):
    """Run the benchmark in a fresh interpreter and return the finished process."""
    return subprocess.run([sys.executable, str(SCRIPT), "--smoke", *args],
                          capture_output=True, text=True, timeout=300)


def test_smoke_run_prints_the_table():
    done = run_script()
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["benchmark", "gradgui", "micrograd", "ratio", "target", "ok"]
    assert any(line.startswith("MLP backward") and "gc paused" in line for line in lines)
    assert any(line.startswith("MLP backward") and "gc on" in line for line in lines)
    assert any(line.startswith("whole process") for line in lines)


def test_smoke_run_as_json_measures_micrograd_on_every_row():
    done = run_script("--json", "--no-process")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    names = [row["name"] for row in rows]
    assert [n.split(",")[0] for n in names] == [
        "MLP backward", "MLP backward", "MLP build", "MLP build", "MLP memory after build",
        "MLP peak added by backward", "chain backward", "chain peak added by backward"]
    # The chain runs in micrograd too (its recursion limit raised), not "RecursionError".
    for row in rows:
        assert isinstance(row["micrograd"], float) and row["micrograd"] > 0, row
        assert row["ratio"] == row["gradgui"] / row["micrograd"]
    backward = [row for row in rows if row["name"].startswith("MLP backward")]
    assert {row["name"].rsplit(", ", 1)[1] for row in backward} == {"gc paused", "gc on"}
