"""A big graph's overview fills after Backward are worked out for every node at once; they
must be the colours worked out one node at a time."""

import math
import random

import pytest
from PySide6.QtWidgets import QApplication

from gradgui.document import mlp_for_size
from gradgui.ui.colors import scale_of
from gradgui.ui.overview import picture as picture_module
from gradgui.ui.overview.grad_fills import MANY, fills_at_once
from gradgui.ui.overview.picture import LEVELS
from gradgui.ui.overview.shapes import build_fills

PALETTE = [0xFF000000 + 1000 * i for i in range(LEVELS + 1)]
PLAIN = 0xFFEEEEEE


def one_at_a_time(ids, grads, scale, problems):
    return {n: PLAIN if grads.get(n) is None or n in problems
            else PALETTE[round((scale.position(grads[n]) + 1.0) / 2.0 * LEVELS)] for n in ids}


def some_grads(count: int, seed: int) -> dict:
    """Grads over many powers of ten, both signs, zeros, and some on the edge between two
    colours of the linear scale (halves, which round to even)."""
    rng = random.Random(seed)
    grads = {}
    for i in range(count):
        pick = i % 4
        if pick == 0:
            grads[f"n{i}"] = math.copysign(10.0 ** rng.uniform(-12, 1), rng.random() - 0.5)
        elif pick == 1:
            grads[f"n{i}"] = 0.0
        elif pick == 2:  # exactly between two of the linear scale's steps (largest is 10)
            grads[f"n{i}"] = 10.0 * ((rng.randrange(LEVELS) + 0.5) * 2.0 / LEVELS - 1.0)
        else:
            grads[f"n{i}"] = rng.uniform(-10.0, 10.0)
    grads["top"] = 10.0
    return grads


@pytest.mark.parametrize("mode", ["linear", "symlog", "auto"])
def test_fills_at_once_are_the_fills_one_at_a_time(mode):
    grads = some_grads(3 * MANY, seed=len(mode))
    ids = list(grads) + ["free", "broken"]  # a node without a grad, one with a problem
    grads["broken"] = 1.0
    problems = {"broken": "a problem"}
    scale = scale_of(list(grads.values()), mode)
    assert scale.largest == 10.0
    made = fills_at_once(ids, grads, scale, problems, PALETTE, PLAIN)
    assert made == one_at_a_time(ids, grads, scale, problems)
    assert made["free"] == made["broken"] == PLAIN
    assert len(set(made.values())) > LEVELS // 2  # the test reaches most colours


def test_fills_at_once_leave_small_graphs_and_odd_grads_to_the_one_at_a_time_way():
    grads = some_grads(MANY, seed=1)
    scale = scale_of(list(grads.values()), "linear")
    assert fills_at_once(list(grads)[:MANY - 1], grads, scale, {}, PALETTE, PLAIN) is None
    grads["n3"] = math.inf
    assert fills_at_once(list(grads), grads, scale, {}, PALETTE, PLAIN) is None


def test_backward_on_a_big_graph_colours_the_overview_as_one_node_at_a_time(canvas, monkeypatch):
    made = []

    def spy(*args):
        made.append(fills_at_once(*args))
        return made[-1]
    monkeypatch.setattr(picture_module, "fills_at_once", spy)
    doc = mlp_for_size(MANY + 1000)
    canvas.session.replace_document(doc)
    QApplication.processEvents()
    canvas.view.fit_graph()
    QApplication.processEvents()
    assert canvas.scene.overview_mode
    canvas.view.viewport().repaint()
    canvas.action("actionBackward").trigger()
    QApplication.processEvents()
    overview = canvas.scene.overview
    fills = overview._fills  # noqa: SLF001
    assert fills is not None and made and made[-1] is not None  # worked out at once
    reference = build_fills(doc, overview._shapes, overview._current_rgb(),  # noqa: SLF001
                            canvas.session.grad)
    assert {tile: {rgb: [r.getRect() for r in boxes] for rgb, boxes in by_rgb.items()}
            for tile, by_rgb in fills.items()} == \
        {tile: {rgb: [r.getRect() for r in boxes] for rgb, boxes in by_rgb.items()}
         for tile, by_rgb in reference.items()}
    assert sum(len(by_rgb) for by_rgb in fills.values()) > len(fills)  # more than one colour
