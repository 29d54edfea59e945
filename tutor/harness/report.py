"""`--report DIR`: one self-contained HTML page (jinja2, no external assets) for a person."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tutor.errors import StorageError
from tutor.harness.compare import Change
from tutor.harness.pages import TEMPLATES, environment, num, pct
from tutor.harness.summary import Metrics
from tutor.store.atomic import write_atomic

__all__ = ["REPORT_FILE", "TEMPLATES", "num", "pct", "render_report", "write_report"]

REPORT_FILE = "index.html"


def render_report(metrics: Metrics, *, changes: list[Change] | None = None,
                  compare_notes: list[str] | None = None, gate_failures: list[str] | None = None,
                  generated: datetime | None = None) -> str:
    """The report page as HTML text."""
    template = environment().get_template("report.html.j2")
    return template.render(
        m=metrics, changes=changes or [], compare_notes=compare_notes or [],
        gate_failures=gate_failures or [],
        generated=(generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"))


def write_report(folder: Path, html: str) -> Path:
    """Write the page atomically as DIR/index.html; returns its path."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"--report {folder}: cannot create the folder ({exc.strerror})") \
            from None
    target = folder / REPORT_FILE
    write_atomic(target, html.encode("utf-8"))
    return target
