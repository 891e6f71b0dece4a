"""Pasted labels are made unique the way ids are."""

from gradgui.document.labels import UniqueLabels


def test_a_free_label_is_kept():
    assert UniqueLabels(["x1"]).new("w1") == "w1"


def test_a_simple_name_takes_the_smallest_free_number():
    labels = UniqueLabels(["x1", "x2", "b", "w1"])
    assert labels.new("x1") == "x3"
    assert labels.new("x1") == "x4"
    assert labels.new("b") == "b2"
    assert labels.new("w1") == "w2"


def test_any_other_label_gets_a_counter_not_a_new_meaning():
    labels = UniqueLabels(["x1*w1", "x1*w1 (2)", "L1.n1.w1"])
    assert labels.new("x1*w1") == "x1*w1 (3)"
    assert labels.new("L1.n1.w1") == "L1.n1.w1 (2)"
