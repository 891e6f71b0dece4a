"""The canvas benchmark script runs (tiny sizes; timings are never asserted)."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "bench.py"
LABELS = ("open to first render", "render all, 1600x1000", "first zoom-in to 1:1",
          "render at 1:1", "Backward + recolour", "one step (first 50)", "95th percentile",
          "one step (mid-pass)", "memory added by the scene")
ROW = re.compile(r"^ {2,}(?P<label>\S.*?)\s+(?P<median>-?\d+\.\d) (?P<unit>ms|MiB)"
                 r"\s+\((?P<low>-?\d+\.\d)-(?P<high>-?\d+\.\d)\)$")
SIZE = re.compile(r"^(?P<nodes>\d+) nodes, (?P<wires>\d+) wires$")


def test_smoke_run_prints_a_table_for_each_size():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(SCRIPT), "--smoke", "--no-engine"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("gradgui canvas benchmark")
    tables, current = [], None
    for line in lines[1:]:
        size, row = SIZE.match(line), ROW.match(line)
        if size:
            current = (int(size["nodes"]), int(size["wires"]), [])
            tables.append(current)
        else:
            assert row, f"not a table row: {line!r}"
            assert current is not None, line
            assert float(row["low"]) <= float(row["median"]) <= float(row["high"]), line
            current[2].append((row["label"], row["unit"]))
    assert len(tables) == 2
    assert tables[0][0] < tables[1][0]
    for nodes, wires, rows in tables:
        assert nodes > 0 and wires >= nodes - 1
        labels = [label for label, _ in rows]
        assert set(LABELS) <= set(labels), labels
        assert dict(rows)["memory added by the scene"] == "MiB"
        assert dict(rows)["open to first render"] == "ms"
    # --no-engine: the engine and file benchmarks do not run.
    assert "bench_engine.py" not in done.stdout
