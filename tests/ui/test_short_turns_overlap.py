"""Short turns for the window's thread, when a training run and a progress box overlap."""

import sys

from gradgui import tuning


def test_overlapping_short_turns_give_the_interval_back_when_the_last_ends():
    before = sys.getswitchinterval()
    run, box = tuning.short_turns(), tuning.short_turns()
    run.__enter__()
    box.__enter__()
    assert sys.getswitchinterval() == min(before, tuning.TURN_S)
    run.__exit__(None, None, None)  # the run ends first, while the box is still up
    assert sys.getswitchinterval() == min(before, tuning.TURN_S)
    box.__exit__(None, None, None)
    assert sys.getswitchinterval() == before
