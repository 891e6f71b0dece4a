"""The file benchmark script runs (tiny sizes; timings are never asserted)."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_files.py"


def test_smoke_run_prints_the_table():
    done = subprocess.run([sys.executable, str(SCRIPT), "--smoke"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:4] == ["graph", "nodes", "wires", "MiB"]
    names = [line.split()[0] for line in lines[2:]]
    assert {"chain", "mlp", "mlp-shuffled"} <= set(names)
    assert "Traceback" not in done.stderr
