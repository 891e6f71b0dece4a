"""A document let go is freed at once, by counting references, not by a later pass of the
cycle collector: a big graph waited for one, and a program that opened files one after
another grew and slowed down until it came."""

import weakref

from gradgui.document import dumps, loads, mlp_document
from gradgui.tuning import collector_for_timing


def freed_without_the_collector(make) -> bool:
    with collector_for_timing(False):
        doc = make()
        assert len(doc.groups.ids()) > 0  # its groups were asked for
        ref = weakref.ref(doc)
        del doc
        return ref() is None


def test_a_network_with_groups_is_freed_at_once():
    assert freed_without_the_collector(lambda: mlp_document(2, (3, 3), samples=2))


def test_a_loaded_file_is_freed_at_once():
    text = dumps(mlp_document(2, (3, 3), samples=2))
    assert freed_without_the_collector(lambda: loads(text))
