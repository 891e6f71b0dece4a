"""Checking a parsed graph file and building its document, in one pass.

Everything in a file is data: it is type-checked field by field and never
evaluated, imported or called. Each fault raises ``Fault`` with one line
that says where and what; ``fileformat`` adds the file's name.
"""

import math

from . import group_file, rules
from .document import FORMAT, VERSION, GraphDocument
from .errors import DocumentError
from .kinds import KINDS
from .nesting import MAX_DEPTH, too_deep_message
from .plain_graph import PlainGraph
from .rules import article

TOP_FIELDS = ("directed", "multigraph", "graph", "nodes", "edges", "groups")
NODE_FIELDS = frozenset(("id", "kind", "label", "value", "exponent", "pos"))
EDGE_FIELDS = frozenset(("source", "target", "key", "port"))


def _specs() -> dict:
    """kind name -> (arity, the number field it needs or None, field count
    without the id, and what the fast path reads when that field is absent:
    a float for kinds that need none, so one check serves every kind).

    Made afresh for each file from the kinds there are now.
    """
    return {k.name: (k.arity, *(("value", 4, None) if k.has_value else ("exponent", 4, None)
                                if k.has_exponent else (None, 3, 0.0))) for k in KINDS.values()}


_WIDTH = max(k.arity for k in KINDS.values())  # register_kind allows no more
_MISSING = object()


class Fault(Exception):
    """A fault in a parsed file, said in one line without the file's name."""


def quote(thing) -> str:
    """A short, one-line rendering of something a file said."""
    text = repr(thing)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(thing) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false",
            type(None): "null", int: "a number", float: "a number"}.get(type(thing), "a value")


def _number(value, field: str, where: str) -> float:
    """``value`` of ``field`` as a finite float; booleans, text and NaN are refused."""
    if value is _MISSING:
        raise Fault(f"{where}: '{field}' is missing")
    try:
        return rules.number(value)
    except rules.Broken as broken:
        raise Fault(_number_fault(broken.rule, value, field, where)) from None


def _number_fault(rule: str, value, field: str, where: str) -> str:
    if rule == rules.NOT_FINITE:
        return f"{where}: '{field}' must be a finite number, not {value!r}"
    if rule == rules.TOO_LARGE:
        return f"{where}: '{field}' is too large"
    return f"{where}: '{field}' must be a number, not {_type_name(value)}"


def check_finite(thing, where: str) -> None:
    """Refuse non-finite numbers anywhere inside an extra field (JSON cannot hold them),
    and values nested too deeply to be saved again."""
    stack = [(thing, 0)]
    while stack:
        item, level = stack.pop()
        if type(item) is float and not math.isfinite(item):
            raise Fault(f"{where}: holds a number that is not finite ({item!r})")
        if type(item) is dict:
            children = item.values()
        elif type(item) is list:
            children = item
        else:
            continue
        if level == MAX_DEPTH:
            raise Fault(f"{where}: {too_deep_message()}")
        stack.extend((child, level + 1) for child in children)


def _extras(rec: dict, known: frozenset, where: str) -> None:
    for field in rec.keys() - known:
        check_finite(rec[field], f"{where}: field {quote(field)}")


def check_header(top) -> tuple:
    """The graph attributes and top-level extras of a parsed file, checked."""
    if type(top) is not dict:
        raise Fault(f"not a gradgui graph: the top level is {_type_name(top)}, not an object")
    graph = top.get("graph")
    if type(graph) is not dict:
        raise Fault("not a gradgui graph file: 'graph' is missing or not an object")
    if graph.get("format") != FORMAT:
        found = quote(graph["format"]) if "format" in graph else "missing"
        raise Fault(f"not a gradgui graph file: 'graph.format' is {found}, not 'gradgui'")
    version = graph.get("version", _MISSING)
    if version is _MISSING:
        raise Fault("'graph.version' is missing")
    if type(version) is not int:
        raise Fault(f"'graph.version' must be a whole number, not {quote(version)}")
    if version > VERSION:
        raise Fault(f"format version {version} is newer than this gradgui reads "
                    f"(version {VERSION}); please update gradgui")
    if version < 1:
        raise Fault(f"unknown format version {version}")
    for field in ("directed", "multigraph"):
        if top.get(field) is not True:
            raise Fault(f"'{field}' must be true (a gradgui graph is a directed multigraph)")
    for field in ("nodes", "edges"):
        if type(top.get(field)) is not list:
            hint = " (found 'links': written by an older networkx?)" if (
                field == "edges" and "links" in top and "edges" not in top) else ""
            what = "missing" if field not in top else f"{_type_name(top[field])}, not a list"
            raise Fault(f"'{field}' is {what}{hint}")
    extras = {k: v for k, v in top.items() if k not in TOP_FIELDS}
    for key, value in extras.items():
        check_finite(value, f"top-level field {quote(key)}")
    for key, value in graph.items():
        if key not in ("format", "version", "output"):
            check_finite(value, f"graph field {quote(key)}")
    return graph, extras


def build(top, plain: bool = False) -> GraphDocument:
    """A new document from a parsed file, or Fault naming the first thing wrong.

    ``plain``: hold it in a ``PlainGraph``, to be read, not edited (no networkx).
    """
    graph_attrs, extras = check_header(top)
    if plain:
        g = PlainGraph()
    else:
        import networkx as nx  # here: a plain read needs none
        g = nx.MultiDiGraph()
    # networkx's add_*_from copy and re-check every item, which is most of a
    # big load; everything is checked here, so fill the dicts MultiDiGraph
    # keeps (tests compare the result with one built through the public API).
    nodes, succ, pred = g._node, g._succ, g._pred
    order = {}
    arities = []
    spec = _specs()
    names = {name: name for name in spec}
    # Fast paths accept only the plain form the writer makes (floats, every
    # field present, no extras); anything else goes through the careful,
    # slow check, which either normalises the record or says what is wrong.
    for i, rec in enumerate(top["nodes"]):
        if type(rec) is not dict:
            raise Fault(f"node #{i}: must be an object, not {_type_name(rec)}")
        node_id = rec.pop("id", _MISSING)
        if type(node_id) is not str or not node_id or node_id in nodes:
            _id_fault(i, node_id)
        kind = rec.get("kind")
        arity_needs_size = spec.get(kind) if type(kind) is str else None
        if arity_needs_size is None:
            _kind_fault(node_id, rec)
        arity, needs, size, absent = arity_needs_size
        pos = rec.get("pos")
        if len(rec) == size and type(rec.get("label")) is str and type(pos) is list and len(pos) == 2:
            x, y = pos
            number = rec.get(needs, absent)
            # nan and inf turn the sum into nan.
            if type(x) is type(y) is type(number) is float and (x - x) + (y - y) + (number - number) == 0.0:
                rec["pos"] = (x, y)
            else:
                _check_node(rec, node_id, kind, needs)
        else:
            _check_node(rec, node_id, kind, needs)
        # Text a file repeats node after node, held once: the kind's name, and a label
        # that is the id (as in files gradgui writes). Ten bytes of memory in a hundred.
        rec["kind"] = names[kind]
        if rec["label"] == node_id:
            rec["label"] = node_id
        nodes[node_id] = rec
        succ[node_id] = {}
        pred[node_id] = {}
        order[node_id] = i
        arities.append(arity)

    # One byte per possible input port, set once wired.
    width = _WIDTH
    taken = bytearray(width * len(order))
    in_order = True
    for j, rec in enumerate(top["edges"]):
        try:
            source = rec["source"]
            target = rec["target"]
            port = rec["port"]
            # Ids are text, so lookups by anything else fail here too.
            ti = order[target]
            si = order[source]
            slot = ti * width + port
            fine = type(port) is int and 0 <= port < arities[ti] and not taken[slot]
        except (KeyError, TypeError, IndexError):
            fine = False
        if not fine:
            _edge_fault(j, rec, nodes, taken, order)
        if si >= ti:
            if si == ti:
                _edge_fault(j, rec, nodes, taken, order)
            in_order = False
        taken[slot] = 1
        size = len(rec)
        if size == 4 and "key" in rec or size == 3:
            # The record itself, left with its port, becomes the wire's attributes: a new
            # dict per wire, with the record thrown away, left the memory it had in holes.
            del rec["source"], rec["target"]
            if size == 4:
                del rec["key"]
            attrs = rec
        else:
            _extras(rec, EDGE_FIELDS, _edge_where(j, source, target))
            attrs = {"port": port}
            attrs.update((k, v) for k, v in rec.items() if k not in EDGE_FIELDS)
        nbrs = succ[source]
        keys = nbrs.get(target)
        if keys is None:
            keys = nbrs[target] = {}
            pred[target][source] = keys
        keys[port] = attrs

    output = graph_attrs.get("output", _MISSING)
    if output is None:
        del graph_attrs["output"]
    elif output is not _MISSING and (type(output) is not str or output not in nodes):
        raise Fault(f"'graph.output' names {quote(output)}, which is not a node")
    if not in_order:
        _check_acyclic(succ, pred)
    _check_data_fields(graph_attrs, nodes)
    groups = top.get("groups", _MISSING)
    if groups is not _MISSING:
        try:
            groups = group_file.check(groups, nodes, check_finite)
        except DocumentError as error:
            raise Fault(str(error)) from None
    g.graph.update(graph_attrs)
    doc = GraphDocument(g)
    doc.file_extras = extras
    if groups is not _MISSING:
        doc.groups.load(groups)
    return doc


def _check_data_fields(graph_attrs: dict, nodes: dict) -> None:
    """The optional ``graph.dataset`` and ``graph.training`` fields, checked like the rest."""
    if "dataset" not in graph_attrs and "training" not in graph_attrs:
        return
    # numpy is loaded only for files that carry a data set.
    from .dataset import DatasetError
    from .dataset_field import check_dataset_field
    from .training_settings import check_settings
    try:
        if "dataset" in graph_attrs:
            check_dataset_field(graph_attrs["dataset"], nodes)
        if "training" in graph_attrs:
            check_settings(graph_attrs["training"])
    except DatasetError as error:
        raise Fault(str(error)) from None


def _id_fault(i: int, node_id) -> None:
    if node_id is _MISSING:
        raise Fault(f"node #{i}: 'id' is missing")
    if type(node_id) is not str or not node_id:
        raise Fault(f"node #{i}: 'id' must be non-empty text, not {quote(node_id)}")
    raise Fault(f"node {quote(node_id)}: duplicate id (another node has it)")


def _kind_fault(node_id: str, rec: dict) -> None:
    if "kind" not in rec:
        raise Fault(f"node {quote(node_id)}: 'kind' is missing")
    raise Fault(f"node {quote(node_id)}: unknown kind {quote(rec['kind'])}")


def _check_node(rec: dict, node_id: str, kind: str, needs) -> None:
    """Every field of a node record, checked and normalised in place."""
    where = f"node {quote(node_id)}"
    if needs is not None:
        rec[needs] = _number(rec.get(needs, _MISSING), needs, where)
    for field in ("value", "exponent"):
        if field != needs and field in rec:
            raise Fault(f"{where}: {article(kind)} node has no '{field}'")
    label = rec.get("label", _MISSING)
    if label is _MISSING:
        rec["label"] = node_id
    else:
        try:
            rules.label(label)
        except rules.Broken:
            raise Fault(f"{where}: 'label' must be text, not {_type_name(label)}") from None
    pos = rec.get("pos", _MISSING)
    if pos is _MISSING:
        rec["pos"] = (0.0, 0.0)
    elif type(pos) is list and len(pos) == 2:  # JSON's pair; text such as "xy" is none
        try:
            rec["pos"] = rules.position(pos)
        except rules.Broken as broken:
            field = "pos[0]" if broken.part == "x" else "pos[1]"
            raise Fault(_number_fault(broken.rule, broken.value, field, where)) from None
    else:
        raise Fault(f"{where}: 'pos' must be two numbers [x, y]")
    _extras(rec, NODE_FIELDS, where)


def _edge_where(j: int, source, target) -> str:
    return f"edge #{j} ({quote(source)} -> {quote(target)})"


def _edge_fault(j: int, rec, nodes: dict, taken: bytearray, order: dict) -> None:
    """Say what is wrong with an edge record that the fast check refused."""
    if type(rec) is not dict:
        raise Fault(f"edge #{j}: must be an object, not {_type_name(rec)}")
    for field in ("source", "target"):
        end = rec.get(field, _MISSING)
        if end is _MISSING:
            raise Fault(f"edge #{j}: '{field}' is missing")
        if type(end) is not str or end not in nodes:
            raise Fault(f"edge #{j}: {field} {quote(end)} is not a node")
    source, target = rec["source"], rec["target"]
    where = _edge_where(j, source, target)
    port = rec.get("port", _MISSING)
    if port is _MISSING:
        raise Fault(f"{where}: 'port' is missing")
    if type(port) is not int:
        raise Fault(f"{where}: 'port' must be a whole number, not {quote(port)}")
    kind = nodes[target]["kind"]
    arity = KINDS[kind].arity
    fault = rules.wire_fault(source, target, port, arity,
                             lambda port: taken[_WIDTH * order[target] + port])
    if fault == rules.NO_INPUTS:
        raise Fault(f"{where}: {article(kind)} node takes no inputs")
    if fault == rules.NO_SUCH_PORT:
        raise Fault(f"{where}: port {port} is out of range: {article(kind)} node has "
                    f"port{'s 0-1' if arity == 2 else ' 0'}")
    if fault == rules.FEEDS_ITSELF:
        raise Fault(f"{where}: node {quote(source)} feeds itself, a cycle")
    if fault == rules.PORT_TAKEN:
        raise Fault(f"{where}: port {port} of {quote(target)} is taken twice")
    raise Fault(f"{where}: not a valid wire")


def _check_acyclic(succ: dict, pred: dict) -> None:
    """Fault naming a node on a loop, if the wires make one."""
    try:
        rules.acyclic_order(succ, pred)
    except rules.Broken as broken:
        raise Fault(f"the wires make a cycle through node {quote(broken.node)}: "
                    "backpropagation needs a graph without cycles") from None
