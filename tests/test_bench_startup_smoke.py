"""The start-up benchmark script runs (two runs of each process; timings are never asserted)."""

import re

from bench_runs import smoke_run

ROW = re.compile(r"^  (?P<label>\S.*?)\s+(?P<median>\d+\.\d) ms \((?P<low>\d+\.\d)-(?P<high>\d+\.\d)\)"
                 r"\s+(?P<cpu>\d+\.\d) ms \((?P<cpu_low>\d+\.\d)-(?P<cpu_high>\d+\.\d)\)$")
RATIO = re.compile(r"^  ratio gradgui / bare window\s+(?P<wall>\d+\.\d\d)x\s+(?P<cpu>\d+\.\d\d)x"
                   r"\s+target <= 2x \(start to paint\): (?P<met>yes|NO)$")


def test_smoke_run_prints_each_process_and_the_ratio():
    lines = smoke_run("bench_startup.py")
    assert lines[0].startswith("gradgui start-up benchmark: median (min-max) of 2 run(s)")
    rows = [ROW.match(line) for line in lines[2:5]]
    assert all(rows), lines
    assert [r["label"] for r in rows] == ["gradgui, first canvas paint",
                                          "bare QMainWindow, first paint", "python, start and exit"]
    for r in rows:
        assert float(r["low"]) <= float(r["median"]) <= float(r["high"])
        assert float(r["cpu_low"]) <= float(r["cpu"]) <= float(r["cpu_high"])
    ratio = RATIO.match(lines[5])
    assert ratio, lines[5]
    wall = float(rows[0]["median"]) / float(rows[1]["median"])
    assert abs(float(ratio["wall"]) - wall) < 0.02 * wall
    assert (ratio["met"] == "yes") == (float(ratio["wall"]) <= 2.0)
    assert len(lines) == 6
