"""How deeply a field's value may nest lists and objects, checked without recursion.

Writing, copying and pasting a value walk it recursively, so a value nested
deeper than the interpreter's stack allows would load and then fail to save
or copy. Values are refused past a depth every writer manages from any caller.
"""

MAX_DEPTH = 100
"""The most lists and objects one field's value may nest inside each other."""


def depth(thing) -> int:
    """How many lists and objects nest inside each other in ``thing`` (a number is 0)."""
    deepest = 0
    stack = [(thing, 1)]
    while stack:
        item, level = stack.pop()
        if type(item) is dict:
            children = item.values()
        elif type(item) in (list, tuple):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


def too_deep(thing, limit: int = MAX_DEPTH) -> bool:
    """True if ``thing`` nests more than ``limit`` lists and objects."""
    if type(thing) not in (dict, list, tuple):
        return False
    return depth(thing) > limit


def too_deep_message(limit: int = MAX_DEPTH) -> str:
    """The words for a value refused by ``too_deep``."""
    return f"nested more than {limit} lists and objects deep"
