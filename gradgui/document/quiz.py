"""Predict the grad: a quiz over the backward pass, one question for each grad a step writes.

A ``Quiz`` follows an engine ``Stepper``. Each step taken asks, for each
grad it writes (the output's seed, or each operand of the op stepped
through), what that grad is now; the answer is checked to 4 significant
digits, then the chain-rule line is shown. A wrong answer gets the right
one and, where the wrong number tells it, which factor was wrong: the
upstream grad left out, the local derivative left out or taken from the
other input, the sign, or the grad the node already had not added (+=).

The quiz only reads the steps; it never changes a grad. Driving it:
``take_step()`` steps the stepper itself (headless use), while a window
that steps the stepper on its own hands each new step to ``begin_step``.
Then ``current`` is the question, ``answer(text)`` (or ``choose(i)`` with
multiple choice) gives a ``Verdict``, and ``advance()`` moves to the
step's next question (None once the step's questions are done).
"""

import math
from dataclasses import dataclass, field, replace
from typing import List, Optional, Tuple

from ..engine import Step, Stepper, fmt
from .errors import DocumentError

DIGITS = 4  # answers are checked to this many significant digits
ZERO = 1e-12  # a right answer this small is 0 (float noise such as 1e-17)


class QuizError(DocumentError):
    """An answer that is not a number (the question stays open), said in one line."""


def parse_answer(text: str) -> float:
    """The number typed: a decimal (``-1.5``, ``1e-3``) or a fraction (``-3/2``)."""
    cleaned = text.strip().replace("\u2212", "-").replace(" ", "")
    try:
        if "/" in cleaned:
            top, bottom = cleaned.split("/", 1)
            number = float(top) / float(bottom)
        else:
            number = float(cleaned)
    except (ValueError, ZeroDivisionError):
        raise QuizError(f"{text.strip()!r} is not a number: type one like 0.5, -1.5 or 1/2") from None
    if not math.isfinite(number):
        raise QuizError(f"{text.strip()!r} is not a finite number")
    return number


def agrees(given: float, right: float, digits: int = DIGITS) -> bool:
    """True when ``given`` is ``right`` to ``digits`` significant digits (half a unit in the last)."""
    if abs(right) < ZERO:
        return abs(given) < ZERO
    unit = 10.0 ** (math.floor(math.log10(abs(right))) - (digits - 1))
    return abs(given - right) <= 0.5 * unit * (1 + 1e-9)


def _wrap(name: str) -> str:
    """A name that reads as an expression in parentheses: (x1*w1).grad, not x1*w1.grad."""
    if any(ch in name for ch in "+-*/ ") and not (name.startswith("(") and name.endswith(")")):
        return f"({name})"
    return name


@dataclass(frozen=True)
class Question:
    """One grad to predict: whose, the right answer, and the numbers the step used."""

    number: int  # 1-based, over the whole pass
    step_index: int
    value: object  # the engine Value whose grad is asked
    name: str
    prompt: str
    context: str
    answer: float
    line: str  # the chain-rule line, shown once answered
    local: float = 1.0
    local_text: str = ""
    upstream: float = 1.0
    upstream_name: str = ""
    before: float = 0.0
    other_local: Optional[float] = None  # the other operand's local derivative (binary ops)
    choices: Tuple[float, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """What the quiz says to an answer."""

    correct: bool
    given: float
    answer: float
    message: str
    hint: str  # which factor was wrong, '' when right or when it cannot be told
    line: str


@dataclass
class Score:
    """Right answers out of those given in this pass."""

    right: int = 0
    answered: int = 0
    wrong: List[str] = field(default_factory=list)  # the names missed, in order

    def text(self) -> str:
        """``3 of 4 right``."""
        return f"{self.right} of {self.answered} right"


class Quiz:
    """Questions over a stepper's backward pass, a score, and what to hide meanwhile."""

    def __init__(self, stepper: Stepper, choices: bool = False):
        self.stepper = stepper
        self.choices = choices  # multiple choice (four numbers) instead of typing
        self.score = Score()
        self.questions: List[Question] = []  # the current step's
        self.index = 0  # of the current question in ``questions``
        self.answered: List[Verdict] = []  # the current step's verdicts so far
        self.asked = 0

    # ----- moving through the pass ----------------------------------------
    @property
    def total(self) -> int:
        """How many questions the whole pass asks."""
        return 1 + sum(len(v.operands) for v in self.stepper.queue[1:])

    @property
    def current(self) -> Optional[Question]:
        """The question waiting for an answer, or None."""
        if self.index < len(self.questions) and len(self.answered) == self.index:
            return self.questions[self.index]
        return None

    @property
    def step_done(self) -> bool:
        """True when every question of the current step has its verdict."""
        return len(self.answered) == len(self.questions)

    @property
    def finished(self) -> bool:
        """True when the pass is over and every question answered."""
        return self.stepper.finished and self.step_done

    def hidden(self) -> list:
        """The Values whose grads must not show yet: asked about and not answered."""
        return [q.value for q in self.questions[len(self.answered):]]

    def begin_step(self, step: Step) -> Optional[Question]:
        """Ask about the grads ``step`` (just taken) wrote; returns the first question."""
        self.questions = self._questions(step)
        self.index = 0
        self.answered = []
        return self.current

    def take_step(self) -> Optional[Question]:
        """Take the stepper's next step and ask about it (None when the pass is over)."""
        step = self.stepper.step()
        return None if step is None else self.begin_step(step)

    def advance(self) -> Optional[Question]:
        """Go on to the current step's next question (None when the step is done)."""
        if self.current is None and self.index < len(self.answered):
            self.index += 1
        return self.current

    def drop(self) -> None:
        """Forget the current step's questions (the step was undone, or the pass ended)."""
        self.questions, self.index, self.answered = [], 0, []

    # ----- answers -----------------------------------------------------------
    def answer(self, text: str) -> Verdict:
        """Check the typed ``text`` against the current question (QuizError if not a number)."""
        question = self.current
        if question is None:
            raise QuizError("there is no question waiting: take a step first")
        return self._judge(question, parse_answer(text))

    def choose(self, index: int) -> Verdict:
        """Answer the current question with its choice number ``index`` (0-3)."""
        question = self.current
        if question is None:
            raise QuizError("there is no question waiting: take a step first")
        if not 0 <= index < len(question.choices):
            raise QuizError(f"choose one of 1 to {len(question.choices)}")
        return self._judge(question, question.choices[index])

    def _judge(self, question: Question, given: float) -> Verdict:
        right = agrees(given, question.answer)
        self.score.answered += 1
        if right:
            self.score.right += 1
            message = f"Right: {_wrap(question.name)}.grad = {fmt(question.answer)}"
            hint = ""
        else:
            self.score.wrong.append(question.name)
            message = (f"Not quite: {_wrap(question.name)}.grad = {fmt(question.answer)}, "
                       f"not {fmt(given)}")
            hint = wrong_factor(question, given)
        verdict = Verdict(right, given, question.answer, message, hint, question.line)
        self.answered.append(verdict)
        return verdict

    # ----- making questions ----------------------------------------------------
    def _questions(self, step: Step) -> List[Question]:
        name = self.stepper.name
        if step.is_seed:
            who = name(step.node)
            question = Question(
                self.asked + 1, step.index, step.node, who, f"{_wrap(who)}.grad = ?",
                # The seed is 1 unless the pass is one row's share of a mean (1/n).
                f"Start at the output {who}.", step.upstream, step.seed_line,
                before=step.seed_before or 0.0,
                local_text=f"d{_wrap(who)}/d{_wrap(who)}")
            questions = [question]
        else:
            node_name = name(step.node)
            locals_ = [t.local for t in step.terms]
            questions = []
            for term in step.terms:
                who = name(term.operand)
                other = locals_[1 - term.index] if len(locals_) == 2 else None
                context = (f"Backward through {node_name} (its grad is {fmt(step.upstream)}); "
                           f"{_wrap(who)}.grad was {fmt(term.grad_before)} before this step.")
                questions.append(Question(
                    self.asked + len(questions) + 1, step.index, term.operand, who,
                    f"{_wrap(who)}.grad = ?", context, term.grad_after, term.line,
                    term.local, term.local_text, step.upstream, node_name, term.grad_before,
                    other))
        if self.choices:
            questions = [_with_choices(q) for q in questions]
        self.asked += len(questions)
        return questions


def wrong_factor(question: Question, given: float) -> str:
    """Which factor of the chain rule the wrong answer ``given`` got wrong, or ''."""
    if not question.upstream_name:  # the seed
        return f"the output's grad is d{_wrap(question.name)}/d{_wrap(question.name)} = 1"
    local, upstream, before = question.local, question.upstream, question.before
    up = f"{_wrap(question.upstream_name)}.grad"
    share = given - before
    if before != 0.0 and agrees(given, local * upstream):
        return (f"+=: {question.name} already had grad {fmt(before)} from another use; the step "
                f"adds {fmt(local * upstream)} to it")
    if not agrees(upstream, 1.0) and agrees(share, local):
        return (f"the upstream grad: the local derivative {question.local_text} = {fmt(local)} "
                f"must be multiplied by {up} = {fmt(upstream)}")
    if not agrees(local, 1.0) and agrees(share, upstream):
        return (f"the local derivative: {up} = {fmt(upstream)} must be multiplied by "
                f"{question.local_text} = {fmt(local)}")
    other = question.other_local
    if other is not None and not agrees(other, local) and agrees(share, other * upstream):
        return (f"the local derivative: for {question.name} it is {question.local_text} = "
                f"{fmt(local)}, the other input's is {fmt(other)}")
    if local * upstream != 0.0 and agrees(share, -local * upstream):
        return "the sign"
    return ""


def _with_choices(question: Question) -> Question:
    """``question`` with four choices: the answer and three numbers a classic slip gives."""
    answer, before = question.answer, question.before
    share = question.local * question.upstream
    slips = [before + question.local, before + question.upstream, share, before - share]
    if question.other_local is not None:
        slips.append(before + question.other_local * question.upstream)
    slips += [2 * answer, answer / 2, answer + 1, answer - 1, -answer, 0.0, 1.0, -1.0]
    chosen = [answer]
    for slip in slips:
        if len(chosen) == 4:
            break
        if math.isfinite(slip) and not any(agrees(slip, c) or agrees(c, slip) for c in chosen):
            chosen.append(slip)
    return replace(question, choices=tuple(sorted(chosen)))
