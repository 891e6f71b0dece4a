"""The file's optional ``groups`` field: round trips, every refusal, and files without it
saved exactly as before."""

import copy
import json

import networkx as nx
import pytest

from gradgui import examples_dir
from gradgui.document import (DissolveGroup, FileFormatError, MakeGroup, RenameGroup,
                              SetCollapsed, delete_nodes, dumps, load, loads, save)
from gradgui.document.fileformat import encode

from test_fileformat_errors import VALID

GROUPS = [
    {"id": "L1", "label": "layer 1", "level": "layer", "nodes": []},
    {"id": "L1.n0", "label": "L1.n0", "level": "neuron", "parent": "L1",
     "nodes": ["x1", "w1", "m1"], "collapsed": True},
    {"id": "rest", "nodes": ["p", "a"], "colour": {"r": 1}},
]


def with_groups(groups=None):
    data = copy.deepcopy(VALID)
    data["groups"] = copy.deepcopy(GROUPS if groups is None else groups)
    return data


def test_groups_load_with_their_defaults():
    doc = loads(json.dumps(with_groups()))
    groups = doc.groups
    assert groups.ids() == ["L1", "L1.n0", "rest"]
    assert groups.label("rest") == "rest" and groups.level("rest") == "group"
    assert groups.parent("rest") is None and not groups.collapsed("rest")
    assert groups.collapsed("L1.n0") and groups.nodes("L1") == {"x1", "w1", "m1"}
    assert groups.of("k") is None and groups.of("a") == "rest"


def test_a_file_with_groups_round_trips_byte_for_byte(tmp_path):
    text = dumps(loads(json.dumps(with_groups())))
    assert dumps(loads(text)) == text
    save(loads(text), tmp_path / "g.json")
    assert (tmp_path / "g.json").read_text(encoding="utf-8") == text
    # One group a line, after the wires; unknown fields of a group kept, absent ones not added.
    lines = text.splitlines()
    at = lines.index('  "groups": [')
    assert lines[at + 1:at + 5] == [
        '    {"id": "L1", "label": "layer 1", "level": "layer", "nodes": []},',
        '    {"id": "L1.n0", "label": "L1.n0", "level": "neuron", "parent": "L1", '
        '"nodes": ["x1", "w1", "m1"], "collapsed": true},',
        '    {"id": "rest", "nodes": ["p", "a"], "colour": {"r": 1}}',
        '  ]']


def test_an_empty_groups_field_is_kept():
    text = dumps(loads(json.dumps(with_groups([]))))
    assert '"groups": []' in text and len(loads(text).groups) == 0


def test_compact_files_hold_groups_too():
    doc = loads(json.dumps(with_groups()))
    data = encode(doc, limit=len(dumps(doc).encode()) - 1)  # too big spaced: written compact
    assert b"\n" not in data and b'"groups":[{"id":"L1"' in data
    assert loads(data).groups.records() == doc.groups.records()


def test_networkx_still_reads_a_file_with_groups():
    graph = nx.node_link_graph(json.loads(dumps(loads(json.dumps(with_groups())))), edges="edges")
    assert set(graph.nodes) == {n["id"] for n in VALID["nodes"]}


@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.json")), ids=lambda p: p.name)
def test_files_without_groups_save_as_before(path):
    text = path.read_text(encoding="utf-8")
    doc = load(path)
    if '"groups"' not in text:
        assert '"groups"' not in dumps(doc)
    assert dumps(doc) == text  # the bundled files are written by gradgui itself


def test_every_group_edit_undone_gives_back_the_file():
    doc = loads(json.dumps(with_groups()))
    text = dumps(doc)
    makers = [lambda: MakeGroup("new", "new", ["k", "o"], parent="L1"),
              lambda: RenameGroup("rest", "the rest"),
              lambda: SetCollapsed({"L1": True, "L1.n0": False}), lambda: DissolveGroup("L1"),
              lambda: delete_nodes(doc, ["p", "a"])]
    commands = []
    for make in makers:
        commands.append(make())
        commands[-1].do(doc)
    assert "rest" not in doc.groups and doc.groups.ids() == ["L1.n0", "new"]
    assert dumps(loads(dumps(doc))) == dumps(doc)
    for command in reversed(commands):
        command.undo(doc)
    assert dumps(doc) == text


def groups_case(change):
    def spoil(data):
        data["groups"] = copy.deepcopy(GROUPS)
        change(data["groups"])
    return spoil


def group(groups, gid):
    return next(g for g in groups if g.get("id") == gid)


CASES = [
    ("not-a-list", lambda d: d.update(groups={"L1": []}), "'groups' must be a list"),
    ("null", lambda d: d.update(groups=None), "'groups' must be a list"),
    ("group-not-object", groups_case(lambda g: g.append("L2")), "group #3", "object"),
    ("id-missing", groups_case(lambda g: g[0].pop("id")), "group #0", "'id' is missing"),
    ("id-number", groups_case(lambda g: g[0].update(id=1)), "group #0", "'id'", "text"),
    ("id-empty", groups_case(lambda g: g[0].update(id="")), "group #0", "'id'", "text"),
    ("id-duplicate", groups_case(lambda g: g.append({"id": "rest"})), "group 'rest'", "duplicate"),
    ("label-number", groups_case(lambda g: g[0].update(label=3)), "group 'L1'", "'label'", "text"),
    ("level-empty", groups_case(lambda g: g[0].update(level="")), "group 'L1'", "'level'"),
    ("level-list", groups_case(lambda g: g[0].update(level=["layer"])), "group 'L1'", "'level'"),
    ("collapsed-number", groups_case(lambda g: g[1].update(collapsed=1)), "group 'L1.n0'",
     "'collapsed'", "true or false"),
    ("nodes-text", groups_case(lambda g: g[2].update(nodes="p")), "group 'rest'", "'nodes'", "list"),
    ("node-unknown", groups_case(lambda g: g[2]["nodes"].append("ghost")), "group 'rest'",
     "'ghost'", "not a node"),
    ("node-number", groups_case(lambda g: g[2]["nodes"].append(3)), "group 'rest'", "not a node"),
    ("node-in-two-groups", groups_case(lambda g: g[2]["nodes"].append("m1")), "group 'rest'",
     "'m1'", "already in group 'L1.n0'"),
    ("node-listed-twice", groups_case(lambda g: g[2]["nodes"].append("p")), "group 'rest'",
     "'p'", "twice"),
    ("parent-unknown", groups_case(lambda g: g[2].update(parent="L9")), "group 'rest'",
     "parent 'L9'", "not a group"),
    ("parent-number", groups_case(lambda g: g[2].update(parent=1)), "group 'rest'", "'parent'"),
    ("parent-self", groups_case(lambda g: g[0].update(parent="L1")), "group 'L1'", "contains itself"),
    ("parent-cycle", groups_case(lambda g: g[0].update(parent="L1.n0")), "contains itself",
     "L1 -> L1.n0 -> L1"),
    ("extra-not-finite", groups_case(lambda g: g[2].update(colour=1e400)), "group 'rest'",
     "'colour'", "finite"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_bad_groups_field_is_refused_in_one_line(case, tmp_path):
    _, change, *words = case
    data = copy.deepcopy(VALID)
    change(data)
    path = tmp_path / "bad.json"
    text = json.dumps(data).replace("Infinity", "1e400")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        load(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith("bad.json: "), message
    for word in words:
        assert word.lower() in message.lower(), message
    assert path.read_text(encoding="utf-8") == text  # the file is left as it was
