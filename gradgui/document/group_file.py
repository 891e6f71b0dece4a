"""A graph file's optional ``groups`` field: checked on load, written on save.

    "groups": [
      {"id": "L1", "label": "L1", "level": "layer", "nodes": []},
      {"id": "L1.n0", "label": "L1.n0", "level": "neuron", "parent": "L1",
       "nodes": ["w0", "b", "act"], "collapsed": true}
    ]

``label`` (default: the id), ``level`` (default "group"), ``parent`` (default
none), ``nodes`` (default none) and ``collapsed`` (default false) are
optional; fields gradgui does not know are kept.
"""

import json
from typing import Callable, Dict, List

from .errors import DocumentError
from .groups import Groups

KNOWN = frozenset(("id", "label", "level", "parent", "nodes", "collapsed"))


def _quote(thing) -> str:
    text = repr(thing)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(thing) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            type(None): "null", int: "a number", float: "a number"}.get(type(thing), "a value")


def check(records, nodes, check_extra: Callable[[object, str], None]) -> List[dict]:
    """The file's group records, checked against its ``nodes`` (a container of ids);
    DocumentError names the first group that is wrong. ``check_extra(value, where)``
    checks a field gradgui does not know."""
    if type(records) is not list:
        raise DocumentError(f"'groups' must be a list, not {_type_name(records)}")
    seen: Dict[str, dict] = {}
    holder: Dict[str, str] = {}  # node id -> the group that lists it
    for i, rec in enumerate(records):
        if type(rec) is not dict:
            raise DocumentError(f"group #{i}: must be an object, not {_type_name(rec)}")
        gid = rec.get("id")
        if type(gid) is not str or not gid:
            said = "is missing" if "id" not in rec else f"must be non-empty text, not {_quote(gid)}"
            raise DocumentError(f"group #{i}: 'id' {said}")
        where = f"group {_quote(gid)}"
        if gid in seen:
            raise DocumentError(f"{where}: duplicate id (another group has it)")
        seen[gid] = rec
        for field, fits, what in (("label", lambda v: type(v) is str, "text"),
                                  ("level", lambda v: type(v) is str and v, "non-empty text"),
                                  ("parent", lambda v: v is None or type(v) is str and v,
                                   "a group id or null"),
                                  ("collapsed", lambda v: type(v) is bool, "true or false"),
                                  ("nodes", lambda v: type(v) is list, "a list of node ids")):
            if field in rec and not fits(rec[field]):
                raise DocumentError(f"{where}: '{field}' must be {what}, "
                                    f"not {_quote(rec[field])}")
        for node_id in rec.get("nodes", ()):
            if type(node_id) is not str or node_id not in nodes:
                raise DocumentError(f"{where}: {_quote(node_id)} in 'nodes' is not a node")
            other = holder.get(node_id)
            if other == gid:
                raise DocumentError(f"{where}: node {_quote(node_id)} is listed twice")
            if other is not None:
                raise DocumentError(f"{where}: node {_quote(node_id)} is already in group "
                                    f"{_quote(other)} (a node is in one group at most)")
            holder[node_id] = gid
        for field in rec.keys() - KNOWN:
            check_extra(rec[field], f"{where}: field {_quote(field)}")
    for gid, rec in seen.items():
        parent = rec.get("parent")
        if parent is not None and parent not in seen:
            raise DocumentError(f"group {_quote(gid)}: parent {_quote(parent)} is not a group")
    _check_no_cycle(seen)
    return records


def _check_no_cycle(records: Dict[str, dict]) -> None:
    done = set()
    for start in records:
        path: List[str] = []
        on_path = set()
        gid = start
        while gid is not None and gid not in done:
            if gid in on_path:
                loop = path[path.index(gid):] + [gid]
                raise DocumentError(f"group {_quote(gid)} contains itself (parents: "
                                    f"{' -> '.join(loop)})")
            path.append(gid)
            on_path.add(gid)
            gid = records[gid].get("parent")
        done.update(path)


def records_text(groups: Groups, encoder: json.JSONEncoder) -> List[str]:
    """Each group's record as one line of JSON, in file order."""
    return [encoder.encode({"id": gid, **rec}) for gid, rec in groups.file_records()]
