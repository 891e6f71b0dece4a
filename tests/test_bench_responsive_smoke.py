"""The responsiveness benchmark script runs (small sizes; timings are never asserted)."""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "bench_responsive.py"
LABELS = ("open to first paint", "Backward", "first Step", "second Step", "Reset Grads",
          "edit a weight's value", "Undo the edit", "Save", "autosave", "Select All", "Copy",
          "Delete", "Undo the delete", "Auto Layout", "Undo the layout", "first zoom to 1:1", "Fit")
ROW = re.compile(r"^ {2,}(?P<label>\S.*?)\s+(?P<total>\d+\.\d) ms\s+(?P<median>\d+\.\d) ms"
                 r"\s+\((?P<low>\d+\.\d)-(?P<high>\d+\.\d)\)$")
HEADER = re.compile(r"^ {2,}operation\s+total\s+longest stall\s+\(min-max\)$")
SIZE = re.compile(r"^(?P<nodes>\d+) nodes, (?P<wires>\d+) wires$")


def test_smoke_run_prints_a_row_for_every_operation_and_size():
    with tempfile.TemporaryDirectory() as settings:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADGUI_SETTINGS_DIR=settings)
        done = subprocess.run([sys.executable, str(SCRIPT), "--smoke"], capture_output=True,
                              text=True, timeout=600, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("gradgui responsiveness benchmark")
    tables, current = [], None
    for line in lines[1:]:
        size, row = SIZE.match(line), ROW.match(line)
        if size:
            current = (int(size["nodes"]), int(size["wires"]), [])
            tables.append(current)
        elif HEADER.match(line):
            assert current is not None and not current[2], line
        else:
            assert row, f"not a table row: {line!r}"
            assert current is not None, line
            assert float(row["low"]) <= float(row["median"]) <= float(row["high"]), line
            # A stall happens inside its operation, so it cannot outlast it (rounding aside).
            assert float(row["median"]) <= float(row["total"]) + 0.1, line
            current[2].append(row["label"])
    assert len(tables) == 2
    assert tables[0][0] < tables[1][0]
    for nodes, wires, labels in tables:
        assert nodes > 0 and wires >= nodes - 1
        assert labels == list(LABELS)
