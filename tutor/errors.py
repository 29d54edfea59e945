"""Errors meant to be shown to a person: one base, a title and a message, never a traceback."""

from __future__ import annotations


class TutorError(Exception):
    """An error whose message is written for the user (what went wrong, where, and the fix)."""

    title = "Error"
    exit_code = 2

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class InputError(TutorError):
    """Bad input from the user: a file, a flag, a record. Exit code 2, nothing written."""

    title = "Bad input"
    exit_code = 2


class StorageError(TutorError):
    """A transcript, progress or output file could not be written or read."""

    title = "Storage"
    exit_code = 1
