"""Mutated graph files: each is refused in one line, or loads, saves, and loads again the same.

Mutations are made both to the bytes of a file and to its parsed structure
(fields removed, retyped, duplicated, renamed like networkx's parameters or
Python's keywords, nested deeply).
"""

import json
import keyword

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gradgui import examples_dir
from gradgui.document.fileformat import FileFormatError, dumps, encode, loads
from gradgui.document.nesting import MAX_DEPTH

NEURON = (examples_dir() / "neuron.json").read_text(encoding="utf-8")
SQUARE = json.dumps({
    "directed": True, "multigraph": True,
    "graph": {"format": "gradgui", "version": 1, "note": [1, {"a": None}], "output": "sq"},
    "nodes": [{"id": "x", "kind": "input", "label": "x", "value": 3.0, "pos": [0.0, 0.0]},
              {"id": "sq", "self": 1, "kind": "mul", "pos": [100, 0]},
              {"id": "p", "kind": "pow", "exponent": 2, "node_for_adding": "n"},
              {"id": "t", "kind": "tanh", "label": "\ud800"}],
    "edges": [{"source": "x", "target": "sq", "key": 1, "port": 1, "u_for_edge": 0},
              {"source": "x", "target": "sq", "key": 0, "port": 0},
              {"source": "sq", "target": "p", "port": 0},
              {"source": "p", "target": "t", "key": 0, "port": 0, "v_for_edge": []}],
    "extra": {"kept": True}})
BASES = [NEURON, SQUARE]

NAMES = st.sampled_from(["id", "kind", "label", "value", "exponent", "pos", "source", "target",
                         "key", "port", "format", "version", "output", "directed", "multigraph",
                         "nodes", "edges", "graph", "self", "node_for_adding", "u_for_edge",
                         "v_for_edge", "attr", "links"] + keyword.kwlist[:8])
SCALARS = (st.none() | st.booleans() | st.integers(-3, 3) | st.integers(-10**400, 10**400)
           | st.floats(width=64) | st.text(max_size=4) | st.sampled_from(
               ["x1", "o", "sq", "add", "mul", "input", "gradgui", "\ud800", "\n"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(NAMES | st.text(max_size=3), inner, max_size=3),
                      max_leaves=8)


def containers(thing, found):
    """Every list and dict inside ``thing`` (itself included), in a fixed order."""
    if isinstance(thing, (list, dict)):
        found.append(thing)
        for child in (thing.values() if isinstance(thing, dict) else thing):
            containers(child, found)
    return found


@st.composite
def mutated_structures(draw):
    """A base file parsed, then changed in a few places, as text."""
    top = json.loads(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from(containers(top, [])))
        action = draw(st.sampled_from(["set", "delete", "duplicate", "deep"]))
        if isinstance(target, dict):
            key = draw(NAMES | st.sampled_from(sorted(target) or ["id"]))
            if action == "delete":
                target.pop(key, None)
            elif action == "deep":
                levels = draw(st.sampled_from([MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1]))
                target[key] = json.loads("[" * levels + "]" * levels)
            else:
                target[key] = draw(VALUES) if action == "set" else json.loads(json.dumps(target))
        elif target:
            i = draw(st.integers(0, len(target) - 1))
            if action == "delete":
                del target[i]
            elif action == "duplicate":
                target.append(json.loads(json.dumps(target[i])))
            else:
                target[i] = draw(VALUES)
    try:
        return json.dumps(top, allow_nan=draw(st.booleans()))
    except ValueError:  # nan refused: write the other way
        return json.dumps(top)


@st.composite
def mutated_bytes(draw):
    """A base file's bytes with a few bytes changed, inserted or removed."""
    data = bytearray(draw(st.sampled_from(BASES)).encode("utf-8", "surrogatepass"))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["set", "insert", "delete"]))
        if action == "delete":
            del data[i:i + draw(st.integers(1, 8))]
        else:
            byte = draw(st.sampled_from(b'{}[]",:0123456789.-eE \n\\tfnu') | st.integers(0, 255))
            if action == "set":
                data[i] = byte
            else:
                data.insert(i, byte)
    return bytes(data)


def refused_or_round_trips(data) -> None:
    try:
        doc = loads(data, "fuzz.json")
    except FileFormatError as error:
        message = str(error)
        assert message.startswith("fuzz.json: ") and len(message.splitlines()) == 1
        return
    text = dumps(doc)
    again = loads(text, "again.json")
    assert dumps(again) == text  # loads again equal
    assert encode(again) == encode(doc) == encode(loads(encode(doc)))  # saving twice: same bytes


FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(mutated_structures())
def test_structurally_mutated_files(text):
    refused_or_round_trips(text)


@FUZZ
@given(mutated_bytes())
def test_byte_mutated_files(data):
    refused_or_round_trips(data)


@pytest.mark.parametrize("text", BASES)
def test_the_bases_load(text):
    refused_or_round_trips(text)
    assert len(loads(text)) >= 4
