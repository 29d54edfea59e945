"""A file the user named that cannot be read is an InputError naming it, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.errors import InputError
from tutor.user_files import read_user_file


def test_a_file_is_read_as_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"\xef\xbb\xbf{}")
    assert read_user_file(path, not_a_folder="not a results file") == b"\xef\xbb\xbf{}"


def test_a_missing_file_and_a_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.json: no such file$"):
        read_user_file(tmp_path / "nope.json", not_a_folder="not a results file")
    with pytest.raises(InputError, match=r": is a folder, not a results file$"):
        read_user_file(tmp_path, not_a_folder="not a results file")

