"""Every node's overview fill at once: the colour its grad gives on a scale, worked out
for a whole graph with numpy instead of a call per node."""

import math
from typing import Any, Dict, Iterable, List, Mapping, Optional

from ...document.grad_scale import GradScale as ScaleNumbers

MANY = 5000
"""From this many nodes on the fills are worked out all at once (numpy loads with the first)."""


def fills_at_once(node_ids: Iterable[str], grads: Mapping[str, float], scale, problems,
                  palette: List[int], plain: int) -> Optional[Dict[str, int]]:
    """node id -> fill, as ``palette[round((scale.position(grad) + 1) / 2 * (len(palette) - 1))]``
    gives it one node at a time (``plain`` for a node without a grad or with a problem).

    None when that cannot be done at once: too few nodes, a scale of another kind, or a
    grad that is not a finite number.
    """
    ids = list(node_ids)
    if len(ids) < MANY or type(scale).position is not ScaleNumbers.position:
        return None
    import numpy as np
    nan = math.nan
    grad = np.fromiter((grads.get(node_id, nan) for node_id in ids), float, len(ids))
    missing = np.isnan(grad)
    if problems:
        missing |= np.fromiter((node_id in problems for node_id in ids), bool, len(ids))
    rgb = _rgb(grad, missing, scale, palette, plain)
    return None if rgb is None else dict(zip(ids, rgb))


def value_fills(values: Mapping[str, Any], scale, problems, palette: List[int],
                plain: int) -> Optional[Dict[str, int]]:
    """node id -> fill, as ``fills_at_once`` gives them, for the nodes with a Value in
    ``values`` and those with a problem (``plain``), read in the values' own order: a
    look-up of each node's grad by id cost more than the colours themselves.

    None in the cases ``fills_at_once`` gives None.
    """
    if len(values) < MANY or type(scale).position is not ScaleNumbers.position:
        return None
    import numpy as np
    grad = np.fromiter([value.grad for value in values.values()], float, len(values))
    rgb = _rgb(grad, np.isnan(grad), scale, palette, plain)
    if rgb is None:
        return None
    fills = dict(zip(values, rgb))
    for node_id in problems:
        fills[node_id] = plain
    return fills


def fills_by_tile(shapes, fills: Mapping[str, int]) -> Optional[Dict[tuple, Dict[int, list]]]:
    """The shapes' boxes per tile grouped by fill colour, as ``build_fills`` groups them,
    given every node's fill (``fills``, by id). None when the shapes hold a collapsed
    group's box, or a box of a node that ``fills`` does not name."""
    if shapes.plan.hidden or shapes.plan.boxes:
        return None
    from .shapes import by_colour
    try:
        return {tile: by_colour(shapes.shown[tile], boxes, fills.__getitem__)
                for tile, boxes in shapes.outline.items()}
    except KeyError:  # a node with neither a value nor a problem: not the usual case
        return None


def _rgb(grad, missing, scale, palette: List[int], plain: int) -> Optional[list]:
    """The fill of each grad in the array ``grad`` (``plain`` where ``missing``), as a list;
    None if a grad not missing is not a finite number."""
    import numpy as np
    if not np.isfinite(grad[~missing]).all():
        return None
    grad = np.where(missing, 0.0, grad)
    # GradScale.position's sums, in the same order, so the same numbers.
    if scale.applied == "symlog":
        top = math.asinh(scale.largest / scale.linear_width)
        place = np.copysign(np.arcsinh(np.abs(grad) / scale.linear_width) / top, grad)
    else:
        place = grad / scale.largest
    place = np.maximum(-1.0, np.minimum(1.0, place))
    levels = len(palette) - 1
    # numpy rounds halves to even, as Python's round does.
    index = np.round((place + 1.0) / 2.0 * levels).astype(np.intp)
    rgb = np.asarray(palette, dtype=np.int64)[index]
    rgb[missing] = plain
    return rgb.tolist()
