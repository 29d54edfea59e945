"""Lessons: the data model, the Markdown parser and the loader."""

from tutor.lesson.loader import DEFAULT_LESSON, bundled_lessons, load_lesson, resolve_lesson_path
from tutor.lesson.models import (
    ButtonsDirective,
    CardDirective,
    CelebrateDirective,
    Diagnostic,
    DiagramDirective,
    Directive,
    ExpectationScript,
    LabDirective,
    Lesson,
    Misconception,
    Step,
)
from tutor.lesson.parser import LessonError, load_lesson_file, parse_lesson

__all__ = [
    "DEFAULT_LESSON",
    "ButtonsDirective",
    "CardDirective",
    "CelebrateDirective",
    "Diagnostic",
    "DiagramDirective",
    "Directive",
    "ExpectationScript",
    "LabDirective",
    "Lesson",
    "LessonError",
    "Misconception",
    "Step",
    "bundled_lessons",
    "load_lesson",
    "load_lesson_file",
    "parse_lesson",
    "resolve_lesson_path",
]
