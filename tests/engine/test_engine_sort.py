"""The topological sort: the recursive depth-first order, at any depth, from any thread."""

import random
import sys
import threading

from gradgui.engine import Value, topological_order
from gradgui.tuning import short_turns


def recursive_order(roots):
    """The reference: a recursive depth-first build, operands visited in order."""
    order, seen = [], set()

    def visit(node):
        if node in seen:
            return
        seen.add(node)
        for child in node._prev:
            visit(child)
        order.append(node)

    for root in roots:
        visit(root)
    return order


def random_graph(seed, many=True):
    """Values sharing operands at random, some used twice by one op, some (if ``many``) with
    three operands."""
    rng = random.Random(seed)
    nodes = [Value(rng.uniform(-1, 1)) for _ in range(rng.randint(1, 5))]
    for _ in range(rng.randint(0, 40)):
        a = rng.choice(nodes[-6:] if rng.random() < 0.5 else nodes)
        b = rng.choice(nodes)
        pick = rng.random()
        if pick < 0.35:
            nodes.append(a * b)
        elif pick < 0.7:
            nodes.append(a + b)
        elif pick < 0.8:
            nodes.append(a.tanh())
        elif pick < 0.9 or not many:
            nodes.append(a * a)
        else:
            nodes.append(Value(a.data + b.data, (a, b, rng.choice(nodes)), "sum3"))
    return rng, nodes


def test_the_order_is_the_recursive_depth_first_order():
    for seed in range(200):
        rng, nodes = random_graph(seed)
        roots = rng.sample(nodes, min(len(nodes), rng.randint(1, 3)))
        assert topological_order(roots) == recursive_order(roots), seed


def test_sorting_again_gives_the_same_order():
    _, nodes = random_graph(7)
    first = topological_order([nodes[-1]])
    assert topological_order([nodes[-1]]) == first
    assert topological_order([nodes[-1], nodes[0]]) == recursive_order([nodes[-1], nodes[0]])


def test_backward_gives_the_grads_of_a_pass_over_the_recursive_order():
    for seed in range(100):
        _, nodes = random_graph(seed, many=False)
        root = nodes[-1]
        root.backward()
        order = recursive_order([root])
        got = [node.grad for node in order]
        for node in order:
            node.grad = 0.0
        root.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node._prev, node.local_derivatives()):
                child.grad += local * node.grad
        assert got == [node.grad for node in order], seed


def test_two_threads_sorting_one_graph_at_once_each_get_the_whole_order():
    x = Value(1.0)
    for i in range(3000):
        x = x * Value(1.0) + x if i % 3 == 0 else x + 1.0
    expected = topological_order([x])
    results, errors = [], []

    def sort_many():
        try:
            for _ in range(6):
                results.append(topological_order([x]) == expected)
                x.zero_grad()  # sorts too
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    with short_turns(1e-6):  # switch threads as often as Python allows
        threads = [threading.Thread(target=sort_many) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    assert results == [True] * 18


def test_two_threads_running_backward_on_one_graph_get_the_same_grads():
    leaves = [Value(0.5 + i / 100) for i in range(40)]
    out = leaves[0]
    for i in range(2000):
        out = out * leaves[i % 40] + leaves[(i * 7) % 40] if i % 2 else (out + leaves[i % 40]).tanh()
    out.backward()
    expected = [leaf.grad for leaf in leaves]
    orders = []

    def order_while_another_runs_backward():
        for _ in range(5):
            orders.append(topological_order([out]))

    with short_turns(1e-6):
        thread = threading.Thread(target=order_while_another_runs_backward)
        thread.start()
        for _ in range(5):
            out.zero_grad()
            out.backward()
            assert [leaf.grad for leaf in leaves] == expected
        thread.join()
    assert all(order == recursive_order_iterative(out) for order in orders)


def recursive_order_iterative(root):
    """``recursive_order`` for a graph too deep to recurse into."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        return recursive_order([root])
    finally:
        sys.setrecursionlimit(limit)
