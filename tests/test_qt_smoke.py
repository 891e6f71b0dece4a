"""Qt's Python binding survives many calls.

PySide6-Essentials 6.12.0 on CPython 3.11 aborts the whole interpreter with
"Fatal Python error: none_dealloc" after about 5,000 calls of Qt methods
that return void. CPython raises that error when the reference count of None
drops to zero, which is possible before Python 3.12 (None is immortal from
3.12 on). 6.11.3 does not fail, which is why pyproject.toml
keeps PySide6-Essentials below 6.12 on Python older than 3.12. The check runs
in a subprocess because the fault kills the process rather than raising.
"""

import os
import subprocess
import sys

SCRIPT = """
from PySide6.QtGui import QPainterPath

path = QPainterPath()
for i in range(100_000):
    path.lineTo(float(i), float(i % 7))
print("ok")
"""


def test_many_void_qt_calls_do_not_crash():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "ok" in proc.stdout
