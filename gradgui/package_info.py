"""The package's version and where the files shipped inside it live.

Standard library only, so every layer may ask. pathlib is imported when a
folder is first asked for: a headless run asks for none.
"""

__version__ = "0.1.0"


def resources_dir() -> "Path":
    """Return the folder of bundled resources (examples, icons)."""
    from pathlib import Path
    return Path(__file__).resolve().parent / "resources"


def examples_dir() -> "Path":
    """Return the folder of bundled example graphs."""
    return resources_dir() / "examples"
