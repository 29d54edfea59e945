"""Labs: the small, Textual-free cores behind the interactive panels a step can open."""

from tutor.labs.check import KNOWN_LABS, lab_problems
from tutor.labs.errors import LabError

__all__ = ["KNOWN_LABS", "LabError", "lab_problems"]
