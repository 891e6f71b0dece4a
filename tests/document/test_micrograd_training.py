"""micrograd's demo loop (the PyPI package) and gradgui's trainer give the same loss curve."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_train.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_train", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_loss_curves_agree_with_micrograd_to_1e_9():
    bench = _bench()
    steps = 4  # a micrograd step on 100 rows takes seconds
    doc = bench.moons_document(100, steps=20)
    theirs = []
    for k, (loss, _) in enumerate(bench.micrograd_loop(doc, 20)):
        theirs.append(loss)
        if k + 1 == steps:
            break
    ours = [loss for loss, _ in bench.gradgui_loop(doc, steps)]
    assert len(theirs) == len(ours) == steps
    for a, b in zip(theirs, ours):
        assert abs(a - b) <= 1e-9 * abs(a), (a, b)
    assert ours[-1] < ours[0]


def test_the_bench_runs_and_reports_its_verdict(capsys):
    bench = _bench()
    # Two steps keep it short; the numbers are printed, never judged by time.
    assert bench.main(["--steps", "2", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "ratio (micrograd / gradgui)" in out
    assert "decision grid 100x100" in out
