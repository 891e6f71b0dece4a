"""The readable-network benchmark script runs (tiny sizes; timings are never asserted)."""

import re

from bench_runs import smoke_output, tables

CANVAS_LABELS = ["one step with follow (pan)", "the same, mid-pass", "one frame of the pan",
                 "minimap repaint", "minimap picture (per edit)", "collapse all neurons, fitted",
                 "expand one neuron, fitted", "collapse all neurons, at 1:1", "expand one neuron, at 1:1"]
ROW = re.compile(r"^ {2,}(?P<label>\S.*?)\s+(?P<median>\d+\.\d) ms\s+\((?P<low>\d+\.\d)-(?P<high>\d+\.\d)\)"
                 r"(?:\s+target <= (?P<target>\d+(?:\.\d+)?) ms\s+(?P<met>yes|NO))?$")


def test_smoke_run_prints_each_figure_with_its_target():
    lines, errors = smoke_output("bench_readable.py")
    # Showing the find dock offscreen made Qt say this once a keystroke series.
    assert "propagateSizeHints" not in errors
    assert lines[0].startswith("gradgui readable-network benchmark")
    found = tables(lines[1:], ROW)
    assert len(found) == 2
    (canvas_nodes, canvas_wires, canvas_rows), (find_nodes, _wires, find_rows) = found
    assert canvas_nodes > 0 and canvas_wires >= canvas_nodes - 1
    assert find_nodes > canvas_nodes
    assert [r["label"] for r in canvas_rows] == CANVAS_LABELS
    assert [r["label"] for r in find_rows] == ["Find, per keystroke"]
    for row in canvas_rows + find_rows:
        if row["target"] is None:
            assert row["label"] == "minimap picture (per edit)"
            continue
        # "yes" exactly when the median is within the target, as printed.
        assert (row["met"] == "yes") == (float(row["median"]) <= float(row["target"])), row.string
