"""The class report page: rendered via the eval report's jinja2 setup, written atomically."""

from __future__ import annotations

from pathlib import Path

from tutor.batch.results import Report
from tutor.classreport.outline import Outline
from tutor.classreport.stats import ClassStats, class_stats
from tutor.harness.pages import environment
from tutor.lesson import Lesson
from tutor.store.atomic import write_atomic

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "class_report.html.j2"


def stats_for(report: Report, lesson: Lesson | None) -> ClassStats:
    """The page's numbers for a run's results (`lesson`: None when it cannot be loaded)."""
    outline = Outline.of(lesson, report.lesson, report.results)
    return class_stats(report.results, outline, lesson=report.lesson, grader=report.grader)


def render_class_report(report: Report, lesson: Lesson | None) -> str:
    """The page as HTML text: the same results and lesson give the same bytes."""
    template = environment((TEMPLATES,)).get_template(TEMPLATE)
    return template.render(s=stats_for(report, lesson))


def write_class_report(path: Path, report: Report, lesson: Lesson | None) -> None:
    """Render and write the page atomically (readers see the old page or the new one)."""
    write_atomic(path, render_class_report(report, lesson).encode("utf-8"))
