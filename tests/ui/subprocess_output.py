"""Reading what a subprocess prints, for tests that run an editing session in another process."""

import selectors
import time


def wait_for_line(proc, text: str, what: str = "the session") -> None:
    """Read ``proc``'s output until a line holds ``text``; fail if it ends or never comes."""
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + 120  # a guard against hanging, not a timing check
    line = ""
    try:
        while text not in line:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                raise AssertionError(f"{what} never printed {text!r}")
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"{what} ended early: {proc.stderr.read()}")
    finally:
        selector.close()
