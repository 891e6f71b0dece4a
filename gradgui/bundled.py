"""Where the files shipped inside the package live: resources and example graphs.

Standard library only, so every layer may ask.
"""

from pathlib import Path


def resources_dir() -> Path:
    """Return the folder of bundled resources (examples, icons)."""
    return Path(__file__).resolve().parent / "resources"


def examples_dir() -> Path:
    """Return the folder of bundled example graphs."""
    return resources_dir() / "examples"
