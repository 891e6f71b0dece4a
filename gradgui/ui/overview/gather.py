"""The numbers the overview's shapes are made from, gathered for a whole graph at once
with numpy: which tiles each box overlaps, and where each wire starts and ends.

A loop of Python per node and per wire was most of the time a big graph's
shapes took, on the worker that opens it.
"""

from typing import Dict, List, Optional, Tuple

import numpy as np

from ..geometry import HEIGHT, WIDTH

Tile = Tuple[int, int]


def tiles_of_boxes(xy: np.ndarray, size: float) -> List[Tuple[Tile, np.ndarray]]:
    """Each tile of side ``size`` that boxes with top left corners ``xy`` (rows of x, y)
    overlap, with the places in ``xy`` of the boxes it holds, in order.

    The tiles come in the order a walk over the boxes meets them: by their first
    box, and tiles one box meets together column by column from the left, each
    column from the top.
    """
    if not len(xy):
        return []
    cells = np.floor_divide(xy, size).astype(np.int64)
    ends = np.floor_divide(xy + (WIDTH, HEIGHT), size).astype(np.int64)
    across_i, across_j = cells[:, 0], cells[:, 1]
    places = np.arange(len(xy))
    spanning = np.flatnonzero((cells != ends).any(axis=1))
    if len(spanning):  # a box on a tile's edge is in every tile it overlaps
        extra = [(i, j, place) for place in spanning.tolist()
                 for i in range(int(cells[place, 0]), int(ends[place, 0]) + 1)
                 for j in range(int(cells[place, 1]), int(ends[place, 1]) + 1)
                 if (i, j) != (cells[place, 0], cells[place, 1])]
        more = np.array(extra, dtype=np.int64).reshape(-1, 3)
        across_i = np.concatenate((across_i, more[:, 0]))
        across_j = np.concatenate((across_j, more[:, 1]))
        places = np.concatenate((places, more[:, 2]))
    low_i, low_j = across_i.min(), across_j.min()
    key = (across_i - low_i) * (int(across_j.max() - low_j) + 1) + (across_j - low_j)
    order = np.lexsort((places, key))  # by tile, each tile's boxes in their order
    starts = np.flatnonzero(np.diff(key[order], prepend=-1)).tolist()
    found = []
    for first, last in zip(starts, starts[1:] + [len(order)]):
        which = order[first:last]
        held = places[which]
        found.append(((int(across_i[which[0]]), int(across_j[which[0]])), held))
    found.sort(key=lambda tile_held: (int(tile_held[1][0]), tile_held[0]))
    return found


def wire_rows(wires: np.ndarray, xy: np.ndarray, arity: np.ndarray,
              hidden: Optional[np.ndarray] = None) -> np.ndarray:
    """Where the overview draws wires (rows of source place, target place, port in
    ``xy``'s rows): rows of x1, y1, x2, y2, from the source's output to the target's port
    (``arity``: each node's number of inputs). Wires with an end ``hidden`` are left out."""
    if hidden is not None and len(wires):
        wires = wires[~(hidden[wires[:, 0]] | hidden[wires[:, 1]])]
    source, target, port = wires[:, 0], wires[:, 1], wires[:, 2]
    rows = np.empty((len(wires), 4))
    rows[:, 0] = xy[source, 0] + WIDTH
    rows[:, 1] = xy[source, 1] + HEIGHT / 2
    rows[:, 2] = xy[target, 0]
    # In the order wire_line works it out, so each end is the very same number.
    rows[:, 3] = xy[target, 1] + HEIGHT * (port + 1) / (arity[target] + 1)
    return rows


def node_numbers(nodes, arities: Dict[str, int]) -> Tuple[np.ndarray, np.ndarray]:
    """Every node's top left corner (rows of x, y) and number of inputs, in order."""
    records = nodes.values()
    xy = np.array([attrs["pos"] for attrs in records], dtype=float).reshape(-1, 2)
    arity = np.fromiter((arities[attrs["kind"]] for attrs in records), np.int64, len(records))
    return xy, arity
