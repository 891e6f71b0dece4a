"""Built-in data set generators, each deterministic for its ``seed``.

Classification sets have two inputs ``x1``, ``x2`` and a label ``y`` of -1
or +1 (micrograd's demo convention, what the max-margin loss wants); the
regression set has one input ``x`` and a target ``y``. ``noise`` is the
standard deviation of gaussian noise added to the inputs (to the target,
for the line). Every number is drawn from ``numpy.random.default_rng(seed)``
and the rows come shuffled, so any prefix or mini-batch mixes the classes.
"""

import math
from typing import Callable, Dict

import numpy as np

from .dataset import MAX_ROWS, Dataset, DatasetError


def _halves(n: int):
    return n // 2, n - n // 2


def _moons(n, noise, rng):
    n_a, n_b = _halves(n)
    a = np.linspace(0.0, math.pi, n_a)
    b = np.linspace(0.0, math.pi, n_b)
    x1 = np.concatenate([np.cos(a), 1.0 - np.cos(b)])
    x2 = np.concatenate([np.sin(a), 0.5 - np.sin(b)])
    return x1, x2, _labels(n_a, n_b)


def _circles(n, noise, rng):
    n_a, n_b = _halves(n)
    a = np.linspace(0.0, 2.0 * math.pi, n_a, endpoint=False)
    b = np.linspace(0.0, 2.0 * math.pi, n_b, endpoint=False)
    x1 = np.concatenate([np.cos(a), 0.5 * np.cos(b)])
    x2 = np.concatenate([np.sin(a), 0.5 * np.sin(b)])
    return x1, x2, _labels(n_a, n_b)


def _xor(n, noise, rng):
    points = rng.uniform(-1.0, 1.0, size=(2, n))
    # The label comes from where a point was drawn, before any noise moves it.
    y = np.where(points[0] * points[1] >= 0.0, 1.0, -1.0)
    return points[0], points[1], y


def _spiral(n, noise, rng):
    n_a, n_b = _halves(n)
    arms = []
    for count, turn in ((n_a, 0.0), (n_b, math.pi)):
        t = np.linspace(0.0, 1.0, count)
        radius = 0.1 + 0.9 * t
        angle = 3.0 * math.pi * t + turn
        arms.append((radius * np.cos(angle), radius * np.sin(angle)))
    x1 = np.concatenate([arms[0][0], arms[1][0]])
    x2 = np.concatenate([arms[0][1], arms[1][1]])
    return x1, x2, _labels(n_a, n_b)


def _blobs(n, noise, rng):
    n_a, n_b = _halves(n)
    x1 = np.concatenate([np.full(n_a, -1.0), np.full(n_b, 1.0)])
    x2 = np.concatenate([np.full(n_a, -0.5), np.full(n_b, 0.5)])
    return x1, x2, _labels(n_a, n_b)


def _labels(n_a: int, n_b: int) -> np.ndarray:
    return np.concatenate([np.full(n_a, -1.0), np.full(n_b, 1.0)])


def _two_inputs(shape: Callable) -> Callable:
    """A generator of (x1, x2, y) made noisy and shuffled."""
    def make(n: int, noise: float, rng) -> Dict[str, np.ndarray]:
        x1, x2, y = shape(n, noise, rng)
        x1 = x1 + noise * rng.standard_normal(n)
        x2 = x2 + noise * rng.standard_normal(n)
        order = rng.permutation(n)
        return {"x1": x1[order], "x2": x2[order], "y": y[order]}
    return make


def _line(n: int, noise: float, rng) -> Dict[str, np.ndarray]:
    x = rng.uniform(-1.0, 1.0, n)
    y = 2.0 * x - 0.5 + noise * rng.standard_normal(n)
    return {"x": x, "y": y}


GENERATORS: Dict[str, Callable] = {
    "moons": _two_inputs(_moons),
    "circles": _two_inputs(_circles),
    "xor": _two_inputs(_xor),
    "spiral": _two_inputs(_spiral),
    "blobs": _two_inputs(_blobs),
    "line": _line,
}
"""Every built-in generator by name: (n, noise, rng) -> columns."""

DEFAULT_NOISE = {"moons": 0.1, "circles": 0.05, "xor": 0.05, "spiral": 0.02, "blobs": 0.4,
                 "line": 0.1}
"""A noise that gives each generator's classic picture."""


def generate(name: str, n: int = 100, noise: float = None, seed: int = 0) -> Dataset:
    """The data set made by the generator ``name``; DatasetError names a bad setting."""
    if name not in GENERATORS:
        raise DatasetError(f"unknown generator '{name}' (one of: {', '.join(GENERATORS)})")
    if isinstance(n, bool) or not isinstance(n, int) or not 2 <= n <= MAX_ROWS:
        raise DatasetError(f"n must be a whole number from 2 to {MAX_ROWS:,}, not {n!r}")
    if noise is None:
        noise = DEFAULT_NOISE[name]
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not (
            math.isfinite(noise) and noise >= 0.0):
        raise DatasetError(f"noise must be a finite number of at least 0, not {noise!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise DatasetError(f"seed must be a whole number of at least 0, not {seed!r}")
    columns = GENERATORS[name](n, float(noise), np.random.default_rng(seed))
    recipe = {"name": name, "n": n, "noise": float(noise), "seed": seed}
    return Dataset(columns, recipe=recipe)
