"""The engine benchmark script runs (tiny sizes; timings are never asserted)."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_engine.py"


def run_script(*args):
    """Run the benchmark in a fresh interpreter and return the finished process."""
    return subprocess.run([sys.executable, str(SCRIPT), "--smoke", *args],
                          capture_output=True, text=True, timeout=120)


def test_smoke_run_prints_the_table():
    done = run_script()
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["benchmark", "ours", "tutorial", "ratio", "target", "ok"]
    assert any(line.startswith("MLP backward") for line in lines)
    assert any("RecursionError" in line for line in lines)


def test_smoke_run_as_json():
    done = run_script("--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [row["name"].split(" (")[0] for row in rows] == [
        "MLP backward", "MLP build", "memory per node", "chain backward"]
    assert rows[-1]["tutorial"] == "RecursionError"
