"""Labs: the small, Textual-free cores behind the interactive panels a step can open."""

from tutor.labs.errors import LabError

__all__ = ["LabError"]
