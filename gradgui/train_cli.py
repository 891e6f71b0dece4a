"""``gradgui --train FILE``: train a graph's network on its data set without a window.

Settings come from the file's ``graph.training`` and are overridden by the
options. Each step prints its loss (and accuracy where the target holds
labels of -1 and +1), or one JSON object a line with ``--json``. Imports
no Qt.
"""

import argparse
import json
import math
import os
import sys
from typing import Optional

from .document.fileformat import FileFormatError, load, save
from .engine import GradguiError


def _whole(low: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is less than {low}")
        return value
    return parse


def _number(low: float, strict: bool):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value) or value < low or strict and value == low:
            raise argparse.ArgumentTypeError(f"{text} must be a finite number "
                                             f"{'above' if strict else 'of at least'} {low:g}")
        return value
    return parse


TRAIN_OPTIONS = ("steps", "lr", "l2", "batch", "seed", "save")


def add_train_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--train`` and its options to the ``gradgui`` parser."""
    parser.add_argument("--train", action="store_true",
                        help="train FILE's network on its data set without a window and print "
                             "the loss (and accuracy) of every step")
    parser.add_argument("--steps", type=_whole(1), metavar="N",
                        help="with --train: how many steps (default: the file's setting)")
    parser.add_argument("--lr", type=_number(0.0, True), metavar="X",
                        help="with --train: the learning rate")
    parser.add_argument("--l2", type=_number(0.0, False), metavar="A",
                        help="with --train: the alpha of the L2 term alpha*sum(w*w)")
    parser.add_argument("--batch", type=_whole(1), metavar="B",
                        help="with --train: rows per step, drawn afresh each step "
                             "(default: the file's setting, else every row)")
    parser.add_argument("--seed", type=_whole(0), metavar="S",
                        help="with --train: the seed that draws the mini-batches")
    parser.add_argument("--save", metavar="OUT",
                        help="with --train: save the trained graph to OUT")


def train_options_given(args) -> bool:
    """True when an option that only ``--train`` takes was given."""
    return any(getattr(args, name) is not None for name in TRAIN_OPTIONS)


def run_train(args, fail) -> int:
    """Train as ``args`` say, printing each step; ``fail(message)`` reports a fault; exit code."""
    from dataclasses import replace

    from .document.training import Trainer, apply_weights
    from .document.training_settings import training_settings
    path = args.file
    if args.save is not None:
        folder = os.path.dirname(os.path.abspath(args.save))
        if not os.path.isdir(folder):  # said now, not after every step has run
            fail(f"{args.save}: cannot save: the folder {folder} does not exist")
            return 2
    try:
        doc = load(path)
        settings = training_settings(doc)
        changes = {name: getattr(args, name) for name in ("steps", "lr", "l2", "batch", "seed")
                   if getattr(args, name) is not None}
        settings = replace(settings, **changes)
        trainer = Trainer(doc, settings)
        report = _json_line if args.json else _text_line
        trainer.run(settings.steps, report)
        if args.save is not None:
            apply_weights(doc, trainer.weights(), settings.steps)
            save(doc, args.save)
    except FileFormatError as error:
        fail(str(error))
        return 2
    except GradguiError as error:
        fail(f"{path}: {error}")
        return 2
    except BrokenPipeError:
        # The reader stopped early (`| head`); see cli.run_backward.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _text_line(result) -> None:
    accuracy = "" if result.accuracy is None else f", accuracy {result.accuracy * 100:g}%"
    print(f"step {result.step} loss {result.loss!r}{accuracy}", flush=True)


def _json_line(result) -> None:
    print(json.dumps({"step": result.step, "lr": result.rate, "loss": result.loss,
                      "accuracy": result.accuracy}), flush=True)


def train_conflict(args) -> Optional[str]:
    """Why these options cannot go together, or None."""
    if args.train and args.backward:
        return "--train and --backward cannot go together"
    if args.train and args.file is None:
        return "--train needs a FILE"
    if args.train and getattr(args, "output", None) is not None:
        return "--output only works with --backward"
    if not args.train and train_options_given(args):
        return "--steps, --lr, --l2, --batch, --seed and --save only work with --train"
    return None
