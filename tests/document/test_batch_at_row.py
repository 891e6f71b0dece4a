"""A batched pass read one row at a time: what the window shows of a training run."""

import numpy as np

from gradgui import examples_dir
from gradgui.document.batched import BatchProgram
from gradgui.document.dataset_field import bound_dataset
from gradgui.document.fileformat import load


def test_at_row_gives_every_nodes_data_and_grad_of_that_row():
    doc = load(examples_dir() / "moons.json")
    program = BatchProgram(doc, bound_dataset(doc).node_columns())
    batch = program.run(np.array([5, 17, 3]), alpha=1e-4)
    datas, grads = batch.at_row(1)
    assert len(datas) == len(grads) == len(program.order)
    for node, data, grad in zip(program.order, datas, grads):
        expected_data, expected_grad = batch.data(node), batch.grad(node)
        if isinstance(expected_data, np.ndarray):
            expected_data, expected_grad = expected_data[1], expected_grad[1]
        assert (data, grad) == (expected_data, expected_grad), node
    assert program.row_mask.any() and not program.row_mask.all()
