"""The bundled examples: the order a learner meets them in, and their titles."""

from pathlib import Path
from typing import List

from ..package_info import examples_dir

EXAMPLE_TITLES = {
    "neuron.json": "The tutorial neuron",
    "neuron_loss.json": "The neuron with a squared-error loss",
    "mlp.json": "A small network (MLP)",
    "moons.json": "micrograd's demo: two moons, MLP 2-16-16-1",
    "line_regression.json": "Fitting a line (regression)",
}


def example_title(file_name: str) -> str:
    """What the menu and the window title call a bundled example."""
    return EXAMPLE_TITLES.get(file_name, Path(file_name).stem.replace("_", " ").capitalize())


def bundled_examples() -> List[Path]:
    """The bundled example files, those with a title first, in the table's order."""
    order = list(EXAMPLE_TITLES)
    return sorted(examples_dir().glob("*.json"),
                  key=lambda p: (order.index(p.name) if p.name in order else len(order), p.name))
