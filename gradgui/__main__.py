"""``python -m gradgui``: the same as the ``gradgui`` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
