"""Records (ops, kinds, wires, events): frozen, compared and hashed by their fields."""

import copy
import pickle

import pytest

from gradgui.document.events import DocEvent, Wire
from gradgui.document.kinds import KINDS
from gradgui.engine import OPS


def test_equal_fields_make_equal_records_with_equal_hashes():
    assert Wire("a", "b", 0) == Wire("a", "b", 0)
    assert hash(Wire("a", "b", 0)) == hash(Wire("a", "b", 0))
    assert Wire("a", "b", 0) != Wire("a", "b", 1)
    assert len({Wire("a", "b", 0), Wire("a", "b", 0), Wire("b", "a", 0)}) == 2
    assert DocEvent("wire_added", wire=Wire("a", "b", 0)) == DocEvent("wire_added", None,
                                                                       Wire("a", "b", 0))
    assert DocEvent("reset") != ("reset", None, None, None, None)


def test_a_record_cannot_be_changed():
    wire = Wire("a", "b", 0)
    with pytest.raises(AttributeError):
        wire.port = 1
    with pytest.raises(AttributeError):
        del wire.source
    with pytest.raises(AttributeError):
        KINDS["add"].symbol = "plus"
    assert wire.port == 0 and KINDS["add"].symbol == "+"


def test_replace_copies_with_changes_and_keeps_the_original():
    mul = OPS["mul"]
    changed = mul.replace(symbol="x")
    assert changed.symbol == "x" and changed.name == "mul" and changed.local is mul.local
    assert mul.symbol == "*"
    assert changed != mul


def test_the_repr_names_every_field():
    assert repr(DocEvent("node_changed", node="n1", field="label")) == (
        "DocEvent(kind='node_changed', node='n1', wire=None, field='label', group=None)")


def test_copies_and_pickles_are_equal_records():
    event = DocEvent("wire_added", wire=Wire("a", "b", 1))
    assert copy.copy(event) == event
    assert copy.deepcopy(event) == event
    assert pickle.loads(pickle.dumps(event)) == event
    assert copy.deepcopy(KINDS["tanh"]) == KINDS["tanh"]
