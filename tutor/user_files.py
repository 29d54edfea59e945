"""Reading a file the user named: its bytes, or an InputError that says what went wrong and
where (never a traceback)."""

from __future__ import annotations

from pathlib import Path

from tutor.errors import InputError


def read_user_file(path: Path, *, not_a_folder: str) -> bytes:
    """The file's bytes; `not_a_folder` ends the message for a folder ("not a lesson file")."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, {not_a_folder}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
