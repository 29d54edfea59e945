"""The one error a lab raises: its data or the learner's input cannot be used."""

from __future__ import annotations

from tutor.errors import InputError


class LabError(InputError):
    """A lab's authored data or the learner's input is unusable; the message says why and where."""

    title = "Lab"
