"""Groups read from labels: ``L1.n3.w0`` is in group ``L1.n3``, which is inside ``L1``.

A label's dotted prefix is its group path when each part before the last
dot is a name (letters, digits, underscores, not starting with a digit), so
``0.5`` or ``x1*w1 + x2.w`` make none. A node labelled like a group
(``L1.n3``, the neuron's output) goes into that group. A group with fewer
than two nodes inside is left out and its node goes to the group above.
Levels come from the last part of the name: ``L1`` or ``layer2`` a layer,
``n3`` or ``neuron`` a neuron, ``s2``, ``sample`` or ``row`` a sample,
``loss`` the loss, anything else "group".
"""

import re
from typing import Dict, Iterable, List, Optional, Tuple

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LEVELS = ((re.compile(r"(L|layer)\d*", re.IGNORECASE), "layer"),
           (re.compile(r"(n|neuron)\d*", re.IGNORECASE), "neuron"),
           (re.compile(r"(s|sample|row)\d*", re.IGNORECASE), "sample"),
           (re.compile(r"loss\w*", re.IGNORECASE), "loss"))
MIN_NODES = 2


def level_of(name: str) -> str:
    """The level a group's name suggests ("layer", "neuron", "sample", "loss" or "group")."""
    last = name.rsplit(".", 1)[-1]
    for pattern, level in _LEVELS:
        if pattern.fullmatch(last):
            return level
    return "group"


def _path(label) -> Tuple[List[str], bool]:
    """The name parts before the label's last dot, and whether every part is a name."""
    if not isinstance(label, str):
        return [], False
    parts = label.split(".")
    path = []
    for part in parts[:-1]:
        if not _NAME.fullmatch(part):
            return path, False
        path.append(part)
    return path, bool(_NAME.fullmatch(parts[-1]))


def label_groups(labels: Iterable[Tuple[str, str]]) -> List[dict]:
    """Group records (parents first) for nodes given as (node id, label)."""
    paths: Dict[str, List[str]] = {}
    whole: Dict[str, str] = {}  # node id -> its label, where every part of it is a name
    for node_id, label in labels:
        path, named = _path(label)
        paths[node_id] = path
        if named:
            whole[node_id] = label
    # Names in the order they first appear, each after the names it is inside.
    names = dict.fromkeys(".".join(path[:k]) for path in paths.values()
                          for k in range(1, len(path) + 1))
    home: Dict[str, Optional[str]] = {}
    for node_id, path in paths.items():
        own = whole.get(node_id)
        home[node_id] = own if own in names else (".".join(path) if path else None)
    count: Dict[str, int] = dict.fromkeys(names, 0)
    for gid in home.values():
        while gid is not None:
            count[gid] += 1
            gid = _up(gid)
    kept = {name for name, n in count.items() if n >= MIN_NODES}
    records: Dict[str, dict] = {}
    for name in names:
        if name not in kept:
            continue
        parent = _kept_above(name, kept)
        rec = {"id": name, "label": name, "level": level_of(name)}
        if parent is not None:
            rec["parent"] = parent
        rec["nodes"] = []
        records[name] = rec
    for node_id, gid in home.items():
        if gid is not None and gid not in kept:
            gid = _kept_above(gid, kept)
        if gid is not None:
            records[gid]["nodes"].append(node_id)
    return list(records.values())


def _up(name: str) -> Optional[str]:
    return name.rsplit(".", 1)[0] if "." in name else None


def _kept_above(name: str, kept: set) -> Optional[str]:
    up = _up(name)
    while up is not None and up not in kept:
        up = _up(up)
    return up
