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


EXPLAINED = re.compile(r"^    (?P<label>\S.*?)\s+(?P<value>\d+(\.\d)?)( ms)?( \((?P<looked>\d+) modules\))?$")


def test_explain_says_what_pyside_and_the_qt_enums_cost_beyond_the_bare_window():
    lines = smoke_run("bench_startup.py", "--explain")
    assert lines[6] == "  where gradgui pays what the bare window does not (median of 2 more runs):"
    rows = [EXPLAINED.match(line) for line in lines[7:]]
    assert all(rows) and len(rows) == 3, lines
    looks, enums, modules = rows
    assert looks["label"] == "PySide6 reading the source of each module imported after it"
    # It looks at gradgui's modules, every one of which comes after PySide6's.
    assert float(looks["value"]) > 0.0 and int(looks["looked"]) >= 50
    assert enums["label"] == "the Qt namespace's enums, made when Qt is first used"
    assert float(enums["value"]) > 0.0
    assert modules["label"] == "gradgui's own modules loaded by the first paint"
    assert int(modules["value"]) >= 50
