"""What the window shows of a training run, and how the window's own passes wait for one."""

from ...engine import fmt


def put_in_evaluation(evaluation, trainer, batch) -> None:
    """Put a pass's numbers in the evaluation on show: every node's data and grad, the
    batch's first row for the nodes that differ by row (the caller repaints)."""
    values = evaluation.values
    datas, grads = batch.at_row(0)
    for node, data, grad in zip(trainer.program.order, datas.tolist(), grads.tolist()):
        value = values.get(node)
        if value is not None:
            value.data, value.grad = data, grad
    evaluation.has_grads, evaluation.output = True, trainer.program.output


def numbers_of(evaluation) -> dict:
    """Every node's data in ``evaluation``, to be put back with ``put_back``."""
    return {node: value.data for node, value in evaluation.values.items()}


def put_back(evaluation, numbers: dict) -> None:
    """Put back the data ``numbers_of`` took (the grads stay)."""
    values = evaluation.values
    for node, data in numbers.items():
        values[node].data = data


def status_text(trainer, running: bool) -> str:
    """The panel's line on where a run stands: step, learning rate, loss, accuracy."""
    total = trainer.settings.steps
    if not trainer.history:
        return f"Ready: {total} steps. Press Play (F5) or Step Once (F7)."
    last = trainer.history[-1]
    accuracy = "" if last.accuracy is None else f" · accuracy {last.accuracy * 100:.0f}%"
    where = "Training" if running else "Finished" if trainer.steps_done >= total else "Paused"
    # Steps are numbered from 0, as `gradgui --train` prints them and the curves plot them:
    # after two steps, the last one is step 1.
    return (f"{where}: {trainer.steps_done} of {total} steps done · step {last.step}: "
            f"lr {last.rate:.4g} · loss {fmt(last.loss)}{accuracy}")


PASSES = ("actionForward", "actionBackward", "actionStep", "actionStepBack", "actionRunToEnd",
          "actionResetGrads", "actionGradCheck", "actionDescend")


def settle_first(session, handlers: dict) -> dict:
    """``handlers`` with the Graph menu's passes letting a training run settle first (they
    read the document as it stands)."""
    def first_settle(handler):
        return lambda: (session.change_coming(), handler())[1]
    for name in PASSES:
        handlers[name] = first_settle(handlers[name])
    return handlers
