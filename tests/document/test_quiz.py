"""Predict the grad: the quiz's questions, verdicts, hints and score on the tutorial neuron."""

import pytest

from gradgui.document import Evaluation
from gradgui.document.quiz import Quiz, QuizError, agrees, parse_answer
from tests.document.documents import build
from tests.tutorial_neuron import GRADS, neuron_document


def neuron_quiz(choices=False):
    doc = neuron_document(output="o")
    evaluation = Evaluation(doc)
    return Quiz(evaluation.stepper("o"), choices=choices), evaluation


def all_questions(quiz, reply):
    """Run the whole pass, answering each question with ``reply(question)``; the verdicts."""
    verdicts = []
    question = quiz.take_step()
    while question is not None:
        while question is not None:
            verdicts.append((question, quiz.answer(reply(question))))
            question = quiz.advance()
        question = quiz.take_step()
    return verdicts


def test_a_right_pass_on_the_neuron_scores_every_grad():
    quiz, _evaluation = neuron_quiz()
    assert quiz.total == 10  # the seed, tanh's one operand, then two for each of four ops
    # Typed as a learner would: the hand derivation's numbers, to 4 digits or fewer.
    verdicts = all_questions(quiz, lambda q: repr(GRADS[q.name]))
    assert [q.name for q, _ in verdicts] == ["o", "n", "x1*w1 + x2*w2", "b", "x1*w1", "x2*w2",
                                             "x2", "w2", "x1", "w1"]
    assert all(v.correct for _, v in verdicts)
    assert quiz.finished and quiz.score.text() == "10 of 10 right"
    assert verdicts[0][1].line == "o.grad = 1.0  (do/do = 1)"
    assert verdicts[-1][1].line == "w1.grad += x1.data * (x1*w1).grad = 2.0 * 0.5 = 1.0"


def test_the_grads_a_step_writes_are_hidden_until_answered():
    quiz, evaluation = neuron_quiz()
    quiz.take_step()  # the seed
    quiz.answer("1")
    quiz.advance()
    quiz.take_step()  # backward through o = tanh(n)
    quiz.answer("0.5")
    quiz.advance()
    question = quiz.take_step()  # backward through n = s1 + b: two grads to predict
    assert [evaluation.id_of(v) for v in quiz.hidden()] == ["s1", "b"]
    assert question.prompt == "(x1*w1 + x2*w2).grad = ?"
    assert question.context == ("Backward through n (its grad is 0.5); (x1*w1 + x2*w2).grad was "
                                "0.0 before this step.")
    quiz.answer("1/2")
    assert [evaluation.id_of(v) for v in quiz.hidden()] == ["b"]
    assert quiz.current is None and not quiz.step_done
    assert quiz.advance().name == "b"
    quiz.answer("0.5")
    assert quiz.hidden() == [] and quiz.step_done and quiz.advance() is None


def test_wrong_answers_say_which_factor_was_wrong():
    quiz, _evaluation = neuron_quiz()
    hints = {}

    def reply(question):
        # x1.grad is w1 * (x1*w1).grad = -3 * 0.5 = -1.5. Four slips:
        wrong = {"x1": "0.5",    # the upstream grad alone: the local derivative left out
                 "w1": "2",      # x1, the local derivative alone: the upstream grad left out
                 "x2": "0",      # x2's own data (0) * 0.5: the other input's local derivative
                 "b": "-0.5"}    # the sign
        return wrong.get(question.name, repr(GRADS[question.name]))

    for question, verdict in all_questions(quiz, reply):
        if not verdict.correct:
            hints[question.name] = verdict
    assert set(hints) == {"x1", "w1", "x2", "b"}
    assert hints["x1"].message == "Not quite: x1.grad = -1.5, not 0.5"
    assert hints["x1"].hint == ("the local derivative: (x1*w1).grad = 0.5 must be multiplied by "
                                "w1.data = -3.0")
    assert hints["w1"].hint == ("the upstream grad: the local derivative x1.data = 2.0 must be "
                                "multiplied by (x1*w1).grad = 0.5")
    assert hints["x2"].hint == ("the local derivative: for x2 it is w2.data = 1.0, the other "
                                "input's is 0.0")
    assert hints["b"].hint == "the sign"
    assert quiz.score.text() == "6 of 10 right"
    assert quiz.score.wrong == ["b", "x2", "x1", "w1"]


def test_a_missed_accumulation_is_named():
    # b = a + a (a = 3): the add's step writes a twice, 0 + 1 = 1, then 1 + 1 = 2.
    # Answering 1 the second time forgets that += keeps the first share.
    doc = build([("a", "input", dict(value=3.0)), ("b", "add", {})],
                [("a", "b", 0), ("a", "b", 1)], output="b")
    quiz = Quiz(Evaluation(doc).stepper("b"))
    quiz.take_step()
    quiz.answer("1")
    quiz.advance()
    first = quiz.take_step()
    assert (first.name, first.answer, first.before) == ("a", 1.0, 0.0)
    assert quiz.answer("1").correct
    second = quiz.advance()
    assert (second.name, second.answer, second.before) == ("a", 2.0, 1.0)
    verdict = quiz.answer("1")
    assert not verdict.correct
    assert verdict.hint == "+=: a already had grad 1.0 from another use; the step adds 1.0 to it"
    assert quiz.finished


def test_a_wrong_seed_is_told_it_is_one():
    quiz, _evaluation = neuron_quiz()
    quiz.take_step()
    verdict = quiz.answer("0.7071")
    assert not verdict.correct and verdict.hint == "the output's grad is do/do = 1"


def test_multiple_choice_offers_the_answer_and_three_slips():
    quiz, _evaluation = neuron_quiz(choices=True)
    seen = 0
    question = quiz.take_step()
    while question is not None:
        while question is not None:
            choices = question.choices
            assert len(choices) == 4 and list(choices) == sorted(choices)
            assert sum(agrees(c, question.answer) for c in choices) == 1
            right = next(i for i, c in enumerate(choices) if agrees(c, question.answer))
            # Every other question is answered with the first wrong choice.
            pick = right if seen % 2 == 0 else next(i for i in range(4) if i != right)
            assert quiz.choose(pick).correct == (seen % 2 == 0)
            seen += 1
            question = quiz.advance()
        question = quiz.take_step()
    assert quiz.score.text() == "5 of 10 right"
    with pytest.raises(QuizError):
        quiz.choose(0)  # nothing waiting


def test_answers_are_checked_to_four_significant_digits():
    assert agrees(0.7071, 0.7071067811865476)
    assert not agrees(0.7072, 0.7071067811865476)
    assert agrees(1, 0.9999999999999998) and agrees(-1.5, -1.4999999999999993)
    assert agrees(1234.5, 1234.0) and not agrees(1236, 1234.0)
    assert agrees(0, 0.0) and agrees(0, 1e-17) and not agrees(0.001, 0.0)


def test_answers_are_read_as_numbers_or_fractions():
    assert parse_answer(" -1.5 ") == -1.5
    assert parse_answer("\u22123/2") == -1.5
    assert parse_answer("1e-3") == 0.001
    for text in ("", "abc", "1/0", "inf", "1/2/3"):
        with pytest.raises(QuizError) as caught:
            parse_answer(text)
        assert len(str(caught.value).splitlines()) == 1


def test_a_non_number_leaves_the_question_open():
    quiz, _evaluation = neuron_quiz()
    quiz.take_step()
    with pytest.raises(QuizError):
        quiz.answer("one")
    assert quiz.current is not None and quiz.score.answered == 0
    assert quiz.answer("1").correct


def test_the_quiz_changes_no_grad():
    # It reads the steps: the grads are the stepper's, whatever is answered.
    quiz, evaluation = neuron_quiz()
    all_questions(quiz, lambda q: "7")
    grads = {evaluation.doc.label(n): evaluation.grad(n) for n in evaluation.values}
    assert grads == pytest.approx(GRADS)
    assert quiz.score.right == 0
