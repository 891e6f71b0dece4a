"""Every node's overview fill at once: the colour its grad gives on a scale, worked out
for a whole graph with numpy instead of a call per node."""

import math
from typing import Dict, Iterable, List, Mapping, Optional

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
    if not np.isfinite(grad[~missing]).all():
        return None
    grad[missing] = 0.0
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
    return dict(zip(ids, rgb.tolist()))
