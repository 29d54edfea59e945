"""Write a file so that readers see the old content or the new, never half of it."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from tutor.errors import StorageError

#: Permissions of a new file before the umask: what `open(path, "w")` asks for. The kernel
#: applies the umask itself, so a report is 0644 under umask 022 and 0600 under 077.
#: (`tempfile.mkstemp` asks for 0600 regardless, which made every output private.)
_NEW_FILE_MODE = 0o666


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it.

    A new file gets the permissions the umask allows; a file replaced keeps its own.
    """
    _publish(path, data, replace=True)


def _publish(path: Path, data: str | bytes, *, replace: bool) -> None:
    """Write `data` to a fsynced temporary file beside `path`, then put it at `path`:
    renamed over any file there (`replace`), or hard-linked, which fails if `path` exists."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = _create_beside(path, folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                if replace:
                    _keep_mode_of(path, fh.fileno())
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            if replace:
                os.replace(tmp, path)
            else:
                os.link(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    except FileExistsError as exc:
        if not replace:
            raise
        raise StorageError(f"cannot write {path}: {exc.strerror}") from None
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror}") from None


def _create_beside(path: Path, folder: Path) -> tuple[int, Path]:
    """A new, empty temporary file in `folder` (hidden, named after `path`), open for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, flags, _NEW_FILE_MODE), tmp
        except FileExistsError:
            continue  # a name another writer holds; draw again


def _keep_mode_of(path: Path, fd: int) -> None:
    """Give the temporary file the permissions of the file it replaces, if there is one."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    os.fchmod(fd, mode)


def cannot_write(path: Path) -> str | None:
    """Why `write_atomic(path, …)` would fail, found before any work is done; None if it can.

    Creates the folder as `write_atomic` would, then a probe file in it (so a read-only
    disk or a folder that refuses files is found even by a user whom `access` would pass).
    """
    if path.is_dir():
        return "it is a folder"
    folder = path.parent if str(path.parent) else Path(".")
    above = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if above is not None and not above.is_dir():
        return f"{above} is a file, not a folder"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = _create_beside(path, folder)
        os.close(fd)
        probe.unlink()
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def write_new(path: Path, data: str | bytes) -> None:
    """Write a file that must not exist yet, atomically: a temporary file beside `path`,
    fsynced, then hard-linked to `path`, which fails if `path` appeared meanwhile.

    Raises FileExistsError when `path` exists (nothing is written) and StorageError when
    the file cannot be written.
    """
    _publish(path, data, replace=False)
