"""``Record``: a small immutable class whose fields are its ``__slots__``.

What a frozen dataclass gives (equality and a hash by the fields, a repr
naming them, no assignment after construction, a changed copy), without
importing dataclasses: that module loads inspect, and the command line
would pay for both before it has read a byte.
"""


class Record:
    """Immutable fields, named in the subclass's ``__slots__`` in order; its ``__init__``
    sets them with ``object.__setattr__``."""

    __slots__ = ()

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._fields() == other._fields()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r} of a {self.__class__.__name__}")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field {name!r} of a {self.__class__.__name__}")

    def __reduce__(self):
        # Copies and pickles are made through __init__, which assignment would refuse.
        return self.__class__, self._fields()

    def replace(self, **changes) -> "Record":
        """A copy with the fields named in ``changes`` changed."""
        fields = {name: getattr(self, name) for name in self.__slots__}
        fields.update(changes)
        return self.__class__(**fields)
