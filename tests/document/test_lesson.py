"""Lesson files: the bundled lessons read, their numbers are the engine's, bad files are refused."""

import json
import math

import pytest

from gradgui.document import AddWire, Evaluation, SetField, descent_step
from gradgui.document.lesson import (BUNDLED, LessonFormatError, bundled_lessons, find_lesson,
                                     load_lesson, loads_lesson)
from gradgui.document.lesson_check import (LessonState, expected_answer, is_done, right_grads,
                                           same_to_4_digits, variant_grads)
from tutorial_neuron import GRADS, LEAVES

NEURON_PREDICTIONS = {"o": 1.0, "n": 0.5, "b": 0.5, "x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0}
"""The grads lesson 1 asks for, as the hand derivation gives them."""


def lesson(name):
    return load_lesson(find_lesson(name))


def state(doc, stepper=None, answer=None, evaluation=None):
    return LessonState(doc, evaluation or Evaluation(doc), stepper, answer)


def test_bundled_lessons_are_found_by_name_number_and_file_name():
    names = [p.stem for p in bundled_lessons()]
    assert names == list(BUNDLED)
    assert find_lesson("1") == find_lesson("neuron") == find_lesson("neuron.json")
    with pytest.raises(LessonFormatError, match="no such lesson .*neuron"):
        find_lesson("no-such-lesson")


def test_every_bundled_lesson_reads_and_names_only_nodes_of_its_graph():
    for path in bundled_lessons():
        read = load_lesson(path)
        doc = read.document()
        assert read.title and read.steps
        for step in read.steps:
            assert set(step.highlight) <= set(doc.node_ids())


def test_the_neuron_lesson_asks_for_the_hand_derived_grads_and_the_engine_agrees():
    neuron = lesson("neuron")
    doc = neuron.document()
    asked = [s.action.done for s in neuron.steps if s.action and s.action.done.kind == "predict"]
    assert [c.node for c in asked] == list(NEURON_PREDICTIONS)
    # Before the learner's two edits the graph is not the tutorial's.
    assert expected_answer(doc, asked[0]) is None
    edits = [s.action.done for s in neuron.steps[:3] if s.action]
    assert [c.kind for c in edits] == ["value", "wire"]
    assert not any(is_done(c, state(doc), neuron) for c in edits)
    SetField("w1", "value", -3.0).do(doc)
    AddWire("n", "o", 0).do(doc)
    assert all(is_done(c, state(doc), neuron) for c in edits)
    for condition in asked:
        truth = expected_answer(doc, condition)
        assert same_to_4_digits(NEURON_PREDICTIONS[condition.node], truth)
        assert is_done(condition, state(doc, answer=NEURON_PREDICTIONS[condition.node]), neuron)
        assert not is_done(condition, state(doc, answer=NEURON_PREDICTIONS[condition.node] + 0.01),
                           neuron)
    # The whole table matches the tutorial's, node for node (by label).
    grads = right_grads(doc)
    assert {doc.label(n): g for n, g in grads.items()} == pytest.approx(GRADS)
    evaluation = Evaluation(doc)
    assert evaluation.data("n") == pytest.approx(0.8814, abs=5e-5)
    assert evaluation.data("o") == pytest.approx(0.7071, abs=5e-5)
    assert {n: doc.node(n)["value"] for n in LEAVES} == {n: v for n, (_, v) in LEAVES.items()}


def test_the_neuron_lesson_steps_are_done_as_the_step_through_writes_each_grad():
    neuron = lesson("neuron")
    doc = neuron.document()
    SetField("w1", "value", -3.0).do(doc)
    AddWire("n", "o", 0).do(doc)
    evaluation = Evaluation(doc)
    stepper = evaluation.stepper("o")
    steps = [s.action.done for s in neuron.steps if s.action and s.action.done.kind == "step"]
    assert [c.node for c in steps] == ["o", "n", "b", "m1"]
    finish = next(s.action.done for s in neuron.steps if s.action and s.action.done.kind == "backward")
    taken = 0
    for condition in steps:
        assert not is_done(condition, state(doc, stepper, evaluation=evaluation), neuron)
        stepper.step()
        taken += 1
        assert is_done(condition, state(doc, stepper, evaluation=evaluation), neuron)
    assert taken == 4 and not is_done(finish, state(doc, stepper, evaluation=evaluation), neuron)
    stepper.run_to_end()
    assert is_done(finish, state(doc, stepper, evaluation=evaluation), neuron)


def test_the_descent_lesson_numbers_are_the_engines():
    descent = lesson("descent")
    doc = descent.document()
    conditions = [s.action.done for s in descent.steps if s.action]
    assert [c.kind for c in conditions] == ["backward", "predict", "below", "below", "above"]
    evaluation = Evaluation(doc)
    evaluation.backward("loss")
    assert evaluation.data("loss") == pytest.approx(0.5)
    assert evaluation.grad("diff") == pytest.approx(math.sqrt(2))
    assert evaluation.grad("n") == pytest.approx(math.sqrt(0.5))
    assert same_to_4_digits(1.4142, expected_answer(doc, conditions[1]))
    # One step at lr 0.05 brings the loss below 0.4, four below 0.05.
    descent_step(doc, evaluation, 0.05).do(doc)
    assert doc.node("w1")["value"] == pytest.approx(-3.0707, abs=5e-5)
    assert doc.node("b")["value"] == pytest.approx(6.8460, abs=5e-5)
    assert doc.node("w2")["value"] == 1.0
    losses = [Evaluation(doc).data("loss")]
    for _ in range(3):
        evaluation = Evaluation(doc)
        evaluation.backward("loss")
        descent_step(doc, evaluation, 0.05).do(doc)
        losses.append(Evaluation(doc).data("loss"))
    assert losses[0] == pytest.approx(0.3688, abs=5e-5)
    assert losses[0] < 0.4 and losses[2] >= 0.05 > losses[3]
    assert is_done(conditions[3], state(doc), descent)
    # From the start at lr 1, one step overshoots.
    doc = descent.document()
    evaluation = Evaluation(doc)
    evaluation.backward("loss")
    descent_step(doc, evaluation, 1.0).do(doc)
    after = Evaluation(doc)
    assert after.data("loss") == pytest.approx(0.9804, abs=5e-5)
    assert after.data("o") == pytest.approx(-0.9901, abs=5e-5)
    assert is_done(conditions[4], state(doc), descent)


@pytest.mark.parametrize("typed, truth, same", [
    (0.5, 0.5, True), (1.0, 0.9999999999999998, True), (0.7071, math.sqrt(0.5), True),
    (0.7072, math.sqrt(0.5), True), (0.707, math.sqrt(0.5), False), (-1.5, 1.5, False),
    (0.0, 0.0, True), (0.0, 1e-17, True), (0.001, 0.0, False), (1234.5, 1234.0, True),
    (1236.0, 1234.0, False), (math.nan, 1.0, False),
])
def test_answers_are_checked_to_four_significant_digits(typed, truth, same):
    assert same_to_4_digits(typed, truth) is same


# ----- refusals -----------------------------------------------------------------
def good() -> dict:
    return {"format": "gradgui-lesson", "version": 1, "title": "t", "example": "neuron",
            "steps": [{"text": "hello", "highlight": ["o"],
                       "action": {"text": "Press Backward.", "done": {"kind": "backward"}}}]}


def with_(change):
    data = good()
    change(data)
    return json.dumps(data)


def step(data):
    return data["steps"][0]


def done(data):
    return data["steps"][0]["action"]["done"]


REFUSALS = [
    ("not JSON: Expecting property name", lambda: "{nope"),
    ("not UTF-8 text", lambda: b"\xff\xfe{"),
    ("the top level is not an object", lambda: "[]"),
    ("'format' is missing", lambda: with_(lambda d: d.pop("format"))),
    ("'format' is 'gradgui', not 'gradgui-lesson'", lambda: with_(lambda d: d.update(format="gradgui"))),
    ("lesson version 2 is newer", lambda: with_(lambda d: d.update(version=2))),
    ("'version' must be a whole number", lambda: with_(lambda d: d.update(version="1"))),
    ("'version' must be a whole number from 1", lambda: with_(lambda d: d.update(version=0))),
    ("unknown field 'titel'", lambda: with_(lambda d: d.update(titel="x"))),
    ("'title' must be non-empty text", lambda: with_(lambda d: d.update(title=" "))),
    ("exactly one of 'graph'", lambda: with_(lambda d: d.pop("example"))),
    ("exactly one of 'graph'", lambda: with_(lambda d: d.update(file="g.json"))),
    ("'example': no bundled example 'nope'", lambda: with_(lambda d: d.update(example="nope"))),
    ("'example': no bundled example '../examples/neuron'",
     lambda: with_(lambda d: d.update(example="../examples/neuron"))),
    ("'graph' must be a graph file's object",
     lambda: with_(lambda d: (d.pop("example"), d.update(graph=[])))),
    ("'graph': graph: not a gradgui graph file",
     lambda: with_(lambda d: (d.pop("example"), d.update(graph={"nodes": []})))),
    ("'file': missing.json: cannot open", lambda: with_(lambda d: (d.pop("example"),
                                                                  d.update(file="missing.json")))),
    ("'steps' must be a list of at least one step", lambda: with_(lambda d: d.update(steps=[]))),
    ("step 1: must be an object", lambda: with_(lambda d: d.update(steps=["hi"]))),
    ("step 1: unknown field 'hightlight'", lambda: with_(lambda d: step(d).update(hightlight=[]))),
    ("step 1: 'text' must be non-empty text", lambda: with_(lambda d: step(d).pop("text"))),
    ("step 1: 'text' must be non-empty text", lambda: with_(lambda d: step(d).update(text=[1]))),
    ("step 1: 'highlight' must be a list of node ids",
     lambda: with_(lambda d: step(d).update(highlight="o"))),
    ("step 1: 'highlight' names 'q', which is not a node",
     lambda: with_(lambda d: step(d).update(highlight=["q"]))),
    ("step 1: 'compare' must be a bug lab variant",
     lambda: with_(lambda d: step(d).update(compare="typo"))),
    ("step 1: 'action' must be an object", lambda: with_(lambda d: step(d).update(action="go"))),
    ("step 1: 'action': unknown field 'dun'",
     lambda: with_(lambda d: step(d)["action"].update(dun={}))),
    ("step 1: 'action': 'text' must be non-empty text",
     lambda: with_(lambda d: step(d)["action"].pop("text"))),
    ("step 1: 'action': 'done' must be an object",
     lambda: with_(lambda d: step(d)["action"].update(done="backward"))),
    ("step 1: 'action': 'done': unknown condition 'press'",
     lambda: with_(lambda d: done(d).update(kind="press"))),
    ("'done' (predict): 'node' is missing", lambda: with_(lambda d: done(d).update(kind="predict"))),
    ("'done' (predict): 'node' names 'q', which is not a node",
     lambda: with_(lambda d: done(d).update(kind="predict", node="q"))),
    ("'done' (predict): 'node' must be a node id",
     lambda: with_(lambda d: done(d).update(kind="predict", node=3))),
    ("'done' (predict): 'variant' must be one of",
     lambda: with_(lambda d: done(d).update(kind="predict", node="o", variant="wrong"))),
    ("'done' (backward): unknown field 'node'", lambda: with_(lambda d: done(d).update(node="o"))),
    ("'done' (predict): 'output' names 'q', which is not a node",
     lambda: with_(lambda d: done(d).update(kind="predict", node="o", output="q"))),
    ("'done' (bug_lab): 'variant' is missing", lambda: with_(lambda d: done(d).update(kind="bug_lab"))),
    ("'done' (bug_lab): 'variant' must be one of",
     lambda: with_(lambda d: done(d).update(kind="bug_lab", variant="typo"))),
    ("'done' (below): 'than' must be a finite number",
     lambda: with_(lambda d: done(d).update(kind="below", node="o", than="1"))),
    ("'done' (value): node 'o' has no value to set",
     lambda: with_(lambda d: done(d).update(kind="value", node="o", equals=1))),
    ("'done' (wire): node 'x1' takes no wires",
     lambda: with_(lambda d: done(d).update(kind="wire", source="o", target="x1"))),
    ("'done' (wire): node 'o' has no input 1",
     lambda: with_(lambda d: done(d).update(kind="wire", source="n", target="o", port=1))),
    ("'done' (wire): 'port' must be a whole number",
     lambda: with_(lambda d: done(d).update(kind="wire", source="n", target="o", port=-1))),
    ("Infinity is not allowed", lambda: json.dumps(good()).replace('"backward"}', '"below", '
                                                                   '"node": "o", "than": Infinity}')),
]


@pytest.mark.parametrize("fault, text", REFUSALS, ids=[f for f, _ in REFUSALS])
def test_a_bad_lesson_is_refused_in_one_line_naming_the_fault(fault, text, tmp_path):
    with pytest.raises(LessonFormatError) as caught:
        loads_lesson(text(), "bad.json", folder=tmp_path)
    message = str(caught.value)
    assert message.startswith("bad.json: ") and "\n" not in message
    assert fault in message


def test_a_lesson_file_may_name_a_graph_file_beside_it(tmp_path, neuron_file_text):
    (tmp_path / "g.json").write_text(neuron_file_text, encoding="utf-8")
    data = good()
    data.pop("example")
    data["file"] = "g.json"
    (tmp_path / "l.json").write_text(json.dumps(data), encoding="utf-8")
    read = load_lesson(tmp_path / "l.json")
    assert set(read.document().node_ids()) == set(lesson("neuron").document().node_ids())


def test_unreadable_lesson_files_are_refused_in_one_line(tmp_path):
    with pytest.raises(LessonFormatError, match=r"^nope.json: cannot open: no such file"):
        load_lesson(tmp_path / "nope.json")
    with pytest.raises(LessonFormatError, match="it is a folder"):
        load_lesson(tmp_path)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (4 * 1024 * 1024 + 1))
    with pytest.raises(LessonFormatError, match="too big"):
        load_lesson(big)


@pytest.fixture
def neuron_file_text():
    from gradgui import examples_dir
    return (examples_dir() / "neuron.json").read_text(encoding="utf-8")


def predictions(read):
    """Each 'predict' condition of a lesson, in order."""
    return [s.action.done for s in read.steps if s.action and s.action.done.kind == "predict"]


def test_a_node_used_twice_adds_up_its_shares_and_assign_keeps_only_the_last():
    used_twice = lesson("used-twice")
    doc = used_twice.document()
    asked = predictions(used_twice)
    # db/da for b = a + a; dd/da for d = a*b + a = 2a**2 + a at a = 3; the same with `=`.
    assert [(c.node, c.output, c.variant) for c in asked] == [
        ("a", "b", None), ("a", None, None), ("a", None, "assign")]
    assert [expected_answer(doc, c) for c in asked] == [2.0, 4 * 3.0 + 1, 3.0]
    assert right_grads(doc) == {"a": 13.0, "b": 3.0, "m": 1.0, "d": 1.0}
    compare = next(s for s in used_twice.steps if s.compare)
    assert compare.compare == "assign"
    wrong = variant_grads(doc, "assign")
    assert [n for n in compare.highlight if wrong[n] != right_grads(doc)[n]] == ["a"]


def test_a_naive_order_passes_c_on_before_its_grad_is_complete():
    topo = lesson("topological-order")
    doc = topo.document()
    asked = predictions(topo)
    assert [(c.node, c.variant) for c in asked] == [("c", None), ("a", "naive-order")]
    right = right_grads(doc)
    assert (right["c"], right["a"], right["b"]) == (1 + 3 * 2, 7.0, 7.0)
    assert [expected_answer(doc, c) for c in asked] == [7.0, 1.0]
    naive = variant_grads(doc, "naive-order")
    assert (naive["a"], naive["b"], naive["c"]) == (1.0, 1.0, 7.0)


def test_forgetting_zero_grad_doubles_every_leafs_grad():
    zero_grad = lesson("zero-grad")
    doc = zero_grad.document()
    (asked,) = predictions(zero_grad)
    assert (asked.node, asked.variant) == ("w1", "no-zero-grad")
    assert same_to_4_digits(2.0, expected_answer(doc, asked))
    right, doubled = right_grads(doc), variant_grads(doc, "no-zero-grad")
    leaves = ("x1", "w1", "x2", "w2", "b")
    assert {n: doubled[n] for n in leaves} == pytest.approx({n: 2 * right[n] for n in leaves})
    assert {doc.label(n): right[n] for n in right} == pytest.approx(GRADS)
    assert all(doubled[n] == right[n] for n in right if n not in leaves)


def test_a_prediction_with_respect_to_a_node_that_is_gone_is_never_done():
    used_twice = lesson("used-twice")
    doc = used_twice.document()
    first = predictions(used_twice)[0]
    from gradgui.document import delete_nodes
    delete_nodes(doc, ["b"]).do(doc)
    assert not is_done(first, state(doc, answer=2.0), used_twice)


def test_a_bug_lab_step_is_done_when_the_window_shows_that_variant():
    used_twice = lesson("used-twice")
    doc = used_twice.document()
    (condition,) = [s.action.done for s in used_twice.steps
                    if s.action and s.action.done.kind == "bug_lab"]
    assert condition.variant == "assign"
    assert not is_done(condition, state(doc), used_twice)
    shown = LessonState(doc, Evaluation(doc), bug_lab="naive-order")
    assert not is_done(condition, shown, used_twice)
    shown.bug_lab = "assign"
    assert is_done(condition, shown, used_twice)


def test_the_chain_rules_terms_add_up_to_each_grad_a_lesson_asks_for():
    """A wrong answer's hint names these terms: each node fed, its grad and the local
    derivative one share per wire; their products add up to the answer."""
    from gradgui.document.lesson import Condition
    from gradgui.document.lesson_check import ChainTerm, chain_terms
    checked = []
    for name in ("neuron", "used-twice", "topological-order", "descent"):
        read = lesson(name)
        doc = read.document()
        for condition in predictions(read):
            rule = chain_terms(doc, condition)
            if condition.variant is not None:
                assert rule is None  # a buggy pass: the rule is not what it follows
                continue
            truth = expected_answer(doc, condition)
            if truth is None:  # the lesson's graph is finished by its first steps
                continue
            checked.append((name, condition.node))
            if condition.node == rule.output:  # its grad is 1
                assert truth == 1.0 and rule.terms == []
                continue
            assert sum(t.user_grad * t.local for t in rule.terms) == pytest.approx(truth)
    assert len(checked) >= 4, checked
    from gradgui import examples_dir
    from gradgui.document import load
    neuron = load(examples_dir() / "neuron.json")
    [term] = chain_terms(neuron, Condition("predict", node="w1")).terms
    assert term == ChainTerm("m1", term.user_grad, (2.0,)) and term.user_grad == pytest.approx(0.5)
    used_twice = lesson("used-twice").document()
    first = chain_terms(used_twice, Condition("predict", node="a", output="b"))
    assert [(t.user, t.shares) for t in first.terms] == [("b", (1.0, 1.0))]
    # a*b lies past b: no path leads back from it, and no term (its grad is 0, not 1).
    past = chain_terms(used_twice, Condition("predict", node="m", output="b"))
    assert past.output == "b" and past.terms == []
    assert chain_terms(used_twice, Condition("predict", node="gone")) is None
