"""`--report DIR`: one self-contained HTML page (jinja2, no external assets) for a person."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from tutor.errors import StorageError
from tutor.harness.compare import Change
from tutor.harness.summary import Metrics
from tutor.store.atomic import write_atomic

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_FILE = "index.html"


def pct(value: float | None, digits: int = 1) -> str:
    """0.1234 -> '12.3%'; None -> '—' (undefined, not zero)."""
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def num(value: float | None, digits: int = 3) -> str:
    """A plain number, or '—' when undefined."""
    return "—" if value is None else f"{value:.{digits}f}"


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["pct"] = pct
    env.filters["num"] = num
    return env


def render_report(metrics: Metrics, *, changes: list[Change] | None = None,
                  compare_notes: list[str] | None = None, gate_failures: list[str] | None = None,
                  generated: datetime | None = None) -> str:
    """The report page as HTML text."""
    template = _environment().get_template("report.html.j2")
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
