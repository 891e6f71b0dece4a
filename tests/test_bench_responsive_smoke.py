"""The responsiveness benchmark script runs (small sizes; timings are never asserted)."""

import re

from bench_runs import smoke_run, tables

LABELS = ("open to first paint", "Backward", "first Step", "second Step", "Reset Grads",
          "edit a weight's value", "Undo the edit", "Save", "autosave", "Select All", "Copy",
          "Delete", "Undo the delete", "Auto Layout", "Undo the layout", "first zoom to 1:1", "Fit")
ROW = re.compile(r"^ {2,}(?P<label>\S.*?)\s+(?P<total>\d+\.\d) ms\s+(?P<median>\d+\.\d) ms"
                 r"\s+\((?P<low>\d+\.\d)-(?P<high>\d+\.\d)\)$")
HEADER = re.compile(r"^ {2,}operation\s+total\s+longest stall\s+\(min-max\)$")


TRAINING = ("steps per second", "canvas redraws per second", "boundary redraws per s",
            "longest stall (ms)", "Pause: total (ms)", "Pause: longest stall (ms)")
TRAINING_ROW = re.compile(r"^ {2}(?P<label>\S.*?)\s+(?P<median>\d+\.\d)"
                          r"\s+\((?P<low>\d+\.\d)-(?P<high>\d+\.\d)\)$")


def test_smoke_run_prints_a_row_for_every_operation_and_size():
    lines = smoke_run("bench_responsive.py")
    assert lines[0].startswith("gradgui responsiveness benchmark")
    training = next(i for i, line in enumerate(lines) if line.startswith("training: moons.json"))
    rows = [TRAINING_ROW.match(line) for line in lines[training + 1:]]
    assert all(rows) and [r["label"] for r in rows] == list(TRAINING)
    by_label = {r["label"]: float(r["median"]) for r in rows}
    assert by_label["steps per second"] > 0 and by_label["canvas redraws per second"] > 0
    lines = lines[:training]
    found = tables(lines[1:], ROW, HEADER)
    for _nodes, _wires, rows in found:
        for row in rows:
            # A stall happens inside its operation, so it cannot outlast it (rounding aside).
            assert float(row["median"]) <= float(row["total"]) + 0.1, row.string
    assert len(found) == 2
    assert found[0][0] < found[1][0]
    for nodes, wires, rows in found:
        assert nodes > 0 and wires >= nodes - 1
        assert [row["label"] for row in rows] == list(LABELS)
