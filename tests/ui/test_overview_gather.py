"""The overview's shapes, gathered for the whole graph at once (numpy), hold what a walk
over every box and every wire would put in them: each box in every tile it overlaps, in
the document's order, and each wire and link from its source's output to its target's
port, listed under the tile it starts in."""

import random

import numpy as np
import pytest

from gradgui.document import GraphDocument, mlp_for_size
from gradgui.document.folding import link_points
from gradgui.ui.geometry import HEIGHT, WIDTH
from gradgui.ui.overview import shapes as shapes_module
from gradgui.ui.overview.shapes import (build_shapes, kind_arities, make_plan, tiles_under,
                                        wire_line)


def walked(doc, shapes):
    """Per tile, the ids of its boxes and the lines starting in it, found one by one."""
    nodes, plan = doc.nodes(), shapes.plan
    boxes = [(n, attrs["pos"]) for n, attrs in nodes.items() if n not in plan.hidden]
    boxes += [(gid, (box.x, box.y)) for gid, box in plan.boxes.items()]
    shown = {}
    for shown_id, (x, y) in boxes:
        for tile in tiles_under(x, y, x + WIDTH, y + HEIGHT, shapes.size):
            shown.setdefault(tile, []).append(shown_id)
    arities = kind_arities()
    lines = [wire_line(nodes, arities, source, target, port)
             for source, target, ports in doc.wire_groups() for port in ports
             if source not in plan.hidden and target not in plan.hidden]
    lines += [link_points(plan, link, lambda n: nodes[n]["pos"]) for link in plan.links]
    by_tile = {}
    for line in lines:
        by_tile.setdefault((int(line[0] // shapes.size), int(line[1] // shapes.size)),
                           []).append(line)
    return shown, by_tile


def assert_as_walked(doc):
    shapes = build_shapes(doc)
    shown, lines = walked(doc, shapes)
    assert list(shapes.shown) == list(shown)  # tiles in the order the walk meets them
    assert shapes.shown == shown
    boxes = shapes.plan.boxes
    for tile, ids in shown.items():
        assert shapes.outline[tile].xy.tolist() == [
            [boxes[n].x, boxes[n].y] if n in boxes else list(doc.pos(n)) for n in ids]
        assert np.array_equal(shapes.corners[tile], shapes.outline[tile].xy.astype(np.float32))
    assert {tile: [tuple(row) for row in rows.tolist()] for tile, rows in shapes.lines.items()} \
        == lines


def scatter(doc, seed: int) -> None:
    """Put every node somewhere new: anywhere, or on or just before a tile's edge."""
    rnd = random.Random(seed)

    def coordinate(before_edge: float) -> float:
        if rnd.random() < 0.5:
            return rnd.uniform(-9000.0, 9000.0)
        return rnd.randrange(-5, 5) * 2000.0 - rnd.choice((0.0, 5.0, before_edge))
    for attrs in doc.graph._node.values():  # noqa: SLF001 (positions only: no events needed)
        attrs["pos"] = (coordinate(WIDTH / 2), coordinate(HEIGHT / 2))


def test_a_network_s_shapes_are_what_walking_its_boxes_and_wires_gives():
    assert_as_walked(mlp_for_size(1000))


@pytest.mark.parametrize("seed", range(8))
def test_boxes_on_tile_edges_and_left_of_nought_are_in_every_tile_they_overlap(seed):
    doc = mlp_for_size(300)
    scatter(doc, seed)
    shapes = build_shapes(doc)
    assert sum(map(len, shapes.shown.values())) > len(doc), "some box lies across an edge"
    assert_as_walked(doc)


@pytest.mark.parametrize("seed", range(4))
def test_collapsed_groups_show_one_box_each_and_their_links(seed):
    doc = mlp_for_size(2000)
    gids = list(doc.groups.ids())
    for gid in random.Random(seed).sample(gids, len(gids) // 3):
        doc.groups.set(gid, "collapsed", True)
    plan = make_plan(doc)
    assert plan.hidden and plan.boxes and plan.links
    assert_as_walked(doc)


def test_an_empty_graph_has_no_boxes_and_no_lines():
    shapes = build_shapes(GraphDocument())
    assert (shapes.outline, shapes.lines, shapes.bounds) == ({}, {}, None)


def test_long_lines_are_drawn_a_few_thousand_at_a_time(monkeypatch):
    """The wire picture draws a path at a time, and stops when its slice's time is up: a
    tile's long lines all in one path took several slices' time at 100,000 nodes."""
    monkeypatch.setattr(shapes_module, "LONG_PER_PATH", 40)
    shapes = build_shapes(mlp_for_size(3000))
    tile, paths = max(shapes.long.items(), key=lambda item: len(item[1]))
    assert len(paths) > 1 and all(path.elementCount() <= 2 * 40 for path in paths)
    drawn = [(a.x, a.y, b.x, b.y) for path in paths
             for a, b in zip(*[iter([path.elementAt(i) for i in range(path.elementCount())])] * 2)]
    rows = shapes.lines[tile]
    inside = (np.floor_divide(rows[:, 2], shapes.size) == tile[0]) \
        & (np.floor_divide(rows[:, 3], shapes.size) == tile[1])
    assert drawn == [tuple(row) for row in rows[~inside].tolist()]
    assert shapes.long_paths() == [path for paths in shapes.long.values() for path in paths]
