"""The canvas benchmark script runs (tiny sizes; timings are never asserted)."""

import re

from bench_runs import smoke_run, tables

LABELS = ("open to first render", "open to idle", "render all, 1600x1000", "first zoom-in to 1:1",
          "render at 1:1", "Backward + recolour", "one step (first 50)", "95th percentile",
          "one step (mid-pass)", "actions, idle after each", "actions back to back",
          "memory added by the scene")
ROW = re.compile(r"^ {2,}(?P<label>\S.*?)\s+(?P<median>-?\d+\.\d) (?P<unit>ms|MiB)"
                 r"\s+\((?P<low>-?\d+\.\d)-(?P<high>-?\d+\.\d)\)$")


def test_smoke_run_prints_a_table_for_each_size():
    lines = smoke_run("bench.py", "--no-engine")
    assert lines[0].startswith("gradgui canvas benchmark")
    found = tables(lines[1:], ROW)
    assert len(found) == 2
    assert found[0][0] < found[1][0]
    for nodes, wires, rows in found:
        assert nodes > 0 and wires >= nodes - 1
        units = {row["label"]: row["unit"] for row in rows}
        assert set(LABELS) <= set(units), units
        assert units["memory added by the scene"] == "MiB"
        assert units["open to first render"] == "ms"
        medians = {row["label"]: float(row["median"]) for row in rows}
        # Idle comes after the first render: the same open, timed further.
        assert medians["open to idle"] >= medians["open to first render"]
    # --no-engine: the engine and file benchmarks do not run.
    assert not any("bench_engine.py" in line for line in lines)
