"""Find lessons: by path, or by the name of a bundled lesson."""

from __future__ import annotations

from pathlib import Path

from tutor.errors import InputError
from tutor.lesson.models import Lesson
from tutor.lesson.parser import EXTENSION_SUFFIX, load_lesson_file
from tutor.resources import lessons_dir

DEFAULT_LESSON = "how-llms-work"


def bundled_lessons() -> dict[str, Path]:
    """Bundled lesson names and their files."""
    folder = lessons_dir()
    return {
        p.name.removesuffix(".md"): p
        for p in sorted(folder.glob("*.md"))
        if not p.name.endswith(EXTENSION_SUFFIX) and p.name.casefold() != "readme.md"
    }


def resolve_lesson_path(ref: str | Path) -> Path:
    """A path that exists, or a bundled lesson's name; otherwise a clear InputError."""
    path = Path(ref)
    if path.is_file():
        return path
    if path.is_dir():
        raise InputError(_folder_message(path))
    bundled = bundled_lessons()
    if str(ref) in bundled:
        return bundled[str(ref)]
    if path.suffix == ".md" or "/" in str(ref):
        raise InputError(f"{ref}: no such lesson file")
    names = ", ".join(bundled) or "none"
    raise InputError(f"'{ref}' is neither a lesson file nor a bundled lesson (bundled: {names})")


def _folder_message(folder: Path) -> str:
    """A folder given as a lesson: say so, and name the lessons in it to pass instead."""
    lessons = sorted(p for p in folder.glob("*.md")
                     if not p.name.endswith(EXTENSION_SUFFIX) and p.name.casefold() != "readme.md")
    if not lessons:
        return (f"{folder}: is a folder, not a lesson file, and holds no lesson (.md) files; "
                "pass the path of a lesson's .md file")
    shown = ", ".join(str(p) for p in lessons[:10])
    more = f" and {len(lessons) - 10} more" if len(lessons) > 10 else ""
    return f"{folder}: is a folder, not a lesson file; pass one of its lessons: {shown}{more}"


def load_lesson(ref: str | Path = DEFAULT_LESSON) -> Lesson:
    """Load a lesson by path or bundled name. Raises InputError / LessonError."""
    path = resolve_lesson_path(ref)
    bundled = bundled_lessons()
    name = next((n for n, p in bundled.items() if p == path), None)
    return load_lesson_file(path, name=name)
