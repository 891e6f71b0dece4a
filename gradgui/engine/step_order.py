"""The order of a step-through's steps, with the steps of one part kept together."""

from heapq import heappop, heappush
from typing import Callable, Hashable, List, Optional


def kept_together(queue: List, part: Callable[[object], Optional[Hashable]]) -> List:
    """``queue`` (op values, each after every user of it in the queue) reordered so that the
    values of one part (``part(value)``, None for none) come one after another wherever the
    pass allows it; everything else keeps its place in ``queue``.

    A part is entered when the pass first reaches one of its values, and left only when
    none of its values is ready yet (one still waits for a user outside the part). With
    no parts at all the order is ``queue`` itself: the next value of ``queue`` is always
    ready, and the earliest ready value is the one taken.
    """
    count = len(queue)
    index = {id(value): i for i, value in enumerate(queue)}
    operands = [[index.get(id(o)) for o in value._prev] for value in queue]
    users_left = [0] * count
    for found in operands:
        for i in found:
            if i is not None:
                users_left[i] += 1
    parts = [part(value) for value in queue]
    ready: List[int] = []  # positions in ``queue``, earliest first
    ready_in = {}  # part -> its ready positions, earliest first
    taken = [False] * count

    def make_ready(i: int) -> None:
        heappush(ready, i)
        if parts[i] is not None:
            heappush(ready_in.setdefault(parts[i], []), i)

    for i in range(count):
        if not users_left[i]:
            make_ready(i)
    order, current = [], None
    while len(order) < count:
        chosen = None
        waiting = ready_in.get(current) if current is not None else None
        while waiting and taken[waiting[0]]:
            heappop(waiting)
        if waiting:
            chosen = heappop(waiting)
        else:
            while taken[ready[0]]:
                heappop(ready)
            chosen = heappop(ready)
        taken[chosen] = True
        order.append(queue[chosen])
        current = parts[chosen]
        for i in operands[chosen]:
            if i is not None:
                users_left[i] -= 1
                if not users_left[i]:
                    make_ready(i)
    return order
