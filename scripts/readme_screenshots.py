#!/usr/bin/env python3
"""Make the README's screenshots from the bundled examples: scripts/readme_screenshots.py [FOLDER].

Each picture is scripts/screenshot.py on an example (default FOLDER: docs/screenshots),
so the pictures can be made again whenever the window changes.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOTS = (
    ("neuron-backward.png", "neuron.json", ["--backward"]),
    ("neuron-step.png", "neuron.json", ["--steps", "3"]),
    ("mlp-backward.png", "mlp.json", ["--backward"]),
    ("train_mid.png", "moons.json", ["--train-live", "25"]),
    ("train_done.png", "moons.json", ["--train", "100"]),
)


def main() -> int:
    """Render every screenshot; stop at the first that fails."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    examples = ROOT / "gradgui" / "resources" / "examples"
    for name, example, options in SHOTS:
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshot.py"),
                               str(examples / example), str(folder / name), *options])
        if done.returncode != 0:
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
