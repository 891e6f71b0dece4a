"""Running a benchmark script the way a person would, in its smoke mode."""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent


def smoke_run(script: str, *args: str) -> list:
    """The lines ``scripts/<script> --smoke`` prints, after checking that it ran cleanly."""
    return smoke_output(script, *args)[0]


def smoke_output(script: str, *args: str) -> tuple:
    """The lines ``scripts/<script> --smoke`` prints and what it wrote on stderr, after
    checking that it ran cleanly."""
    with tempfile.TemporaryDirectory() as settings:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRADGUI_SETTINGS_DIR=settings)
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--smoke", *args],
                              capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout.splitlines(), done.stderr


SIZE = re.compile(r"^(?P<nodes>\d+) nodes, (?P<wires>\d+) wires$")


def tables(lines: list, row: "re.Pattern", header: Optional["re.Pattern"] = None) -> list:
    """(nodes, wires, [row match, ...]) for each size's table, every line checked on the way."""
    found = []
    for line in lines:
        size, match = SIZE.match(line), row.match(line)
        if size:
            found.append((int(size["nodes"]), int(size["wires"]), []))
        elif header is not None and header.match(line):
            assert found and not found[-1][2], line  # a header comes first in its table
        else:
            assert match, f"not a table row: {line!r}"
            assert found, line
            assert float(match["low"]) <= float(match["median"]) <= float(match["high"]), line
            found[-1][2].append(match)
    return found
