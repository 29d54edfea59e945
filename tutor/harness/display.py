"""The summary `tutor eval` prints in the terminal (rich tables)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tutor.harness.compare import Change
from tutor.harness.report import num, pct
from tutor.harness.summary import GroupRow, Metrics

_TREND_STYLE = {"better": "green", "worse": "red", "same": "dim", "n/a": "dim"}
_SHOWN_DISAGREEMENTS = 5


def _headline(m: Metrics) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("answers", f"{m.n} ({m.graded} graded, {m.errors} not graded)"),
        ("accuracy", pct(m.accuracy)),
        ("Cohen's kappa", num(m.kappa, 2)),
        ("false advance", pct(m.false_advance_rate)),
        ("false hold", pct(m.false_hold_rate)),
        ("precision / recall (advance)", f"{pct(m.precision)} / {pct(m.recall)}"),
        ("latency p50 / p95", f"{num(m.latency_ms.p50, 0)} / {num(m.latency_ms.p95, 0)} ms"),
        ("hint leakage", f"{pct(m.hint_leakage)} ({m.hints_leaked} of {m.hints_given} hints)"),
    ]
    p = m.pedagogy
    if p is not None:
        rows += [
            ("hints aimed at the missing idea",
             f"{pct(p.hints_aimed_rate)} ({p.hints_aimed} of {p.hints_aim_counted})"),
            ("answer leak (4-word run)",
             f"{pct(p.answer_leak_rate)} ({p.answers_leaked} of {p.leak_counted})"),
            ("wrong answers praised",
             f"{pct(p.wrong_praised_rate)} ({p.wrong_praised} of {p.praise_counted})"),
            ("distinct hints / same opening",
             f"{pct(p.distinct_hints_rate)} / {pct(p.hints_same_opening_rate)} "
             f"(of {p.hints_counted})"),
        ]
    if m.repeat > 1:
        rows.append(("decision flips", f"{pct(m.stability)} over {m.repeat} runs "
                                       f"({m.stability_flipped} of {m.stability_answers})"))
    if m.usage is not None:
        rows.append(("tokens in / out", f"{m.usage.input_tokens} / {m.usage.output_tokens}"))
        rows.append(("estimated cost", f"${m.usage.cost_usd:.4f}"
                                       + (" (recorded, not spent now)" if m.replayed else "")))
    for label, value in rows:
        table.add_row(label, value)
    return table


def _confusion(m: Metrics) -> Table:
    c = m.confusion
    table = Table(title="gold ↓  grader →", title_justify="left", show_edge=False)
    table.add_column("")
    table.add_column("advance", justify="right")
    table.add_column("hint", justify="right")
    table.add_row("advance", f"[green]{c.true_advance}[/]", f"[yellow]{c.false_hold}[/]")
    table.add_row("hint", f"[red]{c.false_advance}[/]", f"[green]{c.true_hold}[/]")
    return table


def _groups(title: str, rows: dict[str, GroupRow]) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    for name, justify in (("", "left"), ("n", "right"), ("accuracy", "right"),
                          ("false adv.", "right"), ("false hold", "right"), ("κ", "right"),
                          ("errors", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for key, row in rows.items():
        label = f"{key} {row.title}" if row.title else key
        table.add_row(label[:40], str(row.n), pct(row.accuracy),
                      Text(pct(row.false_advance_rate),
                           style="red" if row.false_advance_rate else ""),
                      pct(row.false_hold_rate), num(row.kappa, 2), str(row.errors))
    return table


def _disagreements(m: Metrics) -> Table:
    total = m.confusion.false_advance + m.confusion.false_hold
    table = Table(title=f"worst disagreements (of {total})", title_justify="left",
                  show_edge=False)
    table.add_column("id")
    table.add_column("gold→grader")
    table.add_column("answer", overflow="fold", max_width=50)
    table.add_column("reason", overflow="fold", max_width=40)
    for d in m.disagreements[:_SHOWN_DISAGREEMENTS]:
        reason = d.feedback or "; ".join(d.missing) or ", ".join(d.flags)
        table.add_row(d.id, f"{d.gold.value}→{d.decision.value}", d.answer[:200], reason[:200])
    return table


def _changes(changes: list[Change], notes: list[str]) -> Group:
    table = Table(title="compared with the earlier run", title_justify="left", show_edge=False)
    for name in ("metric", "before", "now", ""):
        table.add_column(name, justify="left" if name == "metric" else "right")
    for c in changes:
        table.add_row(c.metric, num(c.old), num(c.new), Text(c.trend, style=_TREND_STYLE[c.trend]))
    return Group(*(Text(f"note: {n}", style="yellow") for n in notes), table)


def print_summary(console: Console, m: Metrics, *, changes: list[Change] | None = None,
                  compare_notes: list[str] | None = None,
                  gate_failures: list[str] | None = None) -> None:
    """Print the run's summary: headline, confusion, groups, disagreements, comparison, gates."""
    title = f"tutor eval · {m.grader} · {m.mode}"
    console.print(Panel(_headline(m), title=title, expand=False))
    if m.replayed:
        console.print("[yellow]Replayed responses: this run checks the harness, not the "
                      "model's quality.[/]")
    for warning in m.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    console.print(_confusion(m))
    console.print(_groups("per step", m.per_step))
    if m.per_tag:
        console.print(_groups("per tag", m.per_tag))
    if len(m.per_dataset) > 1:
        console.print(_groups("per file", m.per_dataset))
    if m.disagreements:
        console.print(_disagreements(m))
    if changes:
        console.print(_changes(changes, compare_notes or []))
    for failure in gate_failures or []:
        console.print(f"[bold red]gate failed:[/] {failure}")
