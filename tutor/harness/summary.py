"""Turn graded results into the metrics of metrics.json (the Metrics model)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Literal

from pydantic import BaseModel, Field

from tutor.grading.verdict import Decision
from tutor.harness.datasets import Dataset
from tutor.harness.items import RUBRIC_STEP
from tutor.harness.metrics import Confusion, confusion, flip_rate, leakage_rate, percentile
from tutor.harness.pedagogy import Graded, Pedagogy, pedagogy
from tutor.harness.runner import ItemResult

Leaks = Callable[[str, str], bool]  # (hint, checkpoint) -> gives the Checkpoint away
Mode = Literal["live", "recorded", "replayed"]
DISAGREEMENTS_KEPT = 50


class Rates(BaseModel):
    """The agreement figures of one group of answers."""

    n: int
    graded: int
    errors: int
    accuracy: float | None
    kappa: float | None
    false_advance_rate: float | None
    false_hold_rate: float | None
    precision: float | None
    recall: float | None
    gold_advance: int
    gold_hint: int


class GroupRow(Rates):
    """A row of per_step or per_tag."""

    title: str = ""


class ConfusionCounts(BaseModel):
    """The confusion matrix, gold label against the grader's decision."""

    true_advance: int
    false_advance: int
    false_hold: int
    true_hold: int


class Latency(BaseModel):
    """Milliseconds per graded answer (the grader's own timing when it reports one)."""

    p50: float | None
    p95: float | None
    mean: float | None
    max: float | None


class TokenUse(BaseModel):
    """Tokens and estimated cost over every graded answer that reported usage."""

    answers: int
    input_tokens: int
    output_tokens: int
    cache_creation_input_tokens: int
    cache_read_input_tokens: int
    cost_usd: float
    cost_per_answer_usd: float | None


class Failure(BaseModel):
    """An answer that could not be graded, and why (counted in `errors`, never dropped)."""

    id: str
    source: str
    error: str


class Disagreement(BaseModel):
    """An answer the grader decided differently from the human."""

    id: str
    source: str
    step: str
    step_title: str
    tags: list[str]
    answer: str
    gold: Decision
    decision: Decision
    kind: Literal["false_advance", "false_hold"]
    score: float
    feedback: str
    missing: list[str]
    misconception: str | None
    flags: list[str]


class DatasetInfo(BaseModel):
    """Which file was read, as what, and its hash (so --compare can tell other data apart)."""

    path: str
    format: str
    n: int
    sha256: str


class Metrics(Rates):
    """Everything `tutor eval --out` writes."""

    grader: str
    mode: Mode = "live"
    replayed: bool = False  # true: canned responses, not a measure of the model's quality
    fallbacks: int = 0  # verdicts given by a stand-in grader after the named one failed
    confusion: ConfusionCounts
    per_step: dict[str, GroupRow]
    per_tag: dict[str, GroupRow]
    per_dataset: dict[str, GroupRow] = Field(default_factory=dict)
    latency_ms: Latency
    usage: TokenUse | None = None
    hint_leakage: float | None = None
    hints_given: int = 0
    hints_leaked: int = 0
    #: How the grader teaches on gold-hint answers (tutor.harness.pedagogy).
    pedagogy: Pedagogy | None = None
    repeat: int = 1
    stability: float | None = None  # share of answers whose decision flips across reruns
    stability_flipped: int = 0
    stability_answers: int = 0
    datasets: list[DatasetInfo] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)


def _table(results: Iterable[ItemResult]) -> tuple[Confusion, int, int]:
    """The confusion table of first runs, the answer count and the count that failed."""
    rows = list(results)
    pairs = [(r.item.label, d) for r in rows if (d := r.first.decision) is not None]
    return confusion(pairs), len(rows), len(rows) - len(pairs)


def _rates(results: Iterable[ItemResult]) -> Rates:
    table, n, errors = _table(results)
    # With one gold class (a tag such as "injection" is all gold-hint) kappa is 0 whatever the
    # grader does, or 0/0: it measures nothing there, so it is undefined (null), not 0.
    kappa = table.kappa if table.gold_advance and table.gold_hint else None
    return Rates(n=n, graded=table.n, errors=errors, accuracy=table.accuracy, kappa=kappa,
                 false_advance_rate=table.false_advance_rate,
                 false_hold_rate=table.false_hold_rate, precision=table.precision,
                 recall=table.recall, gold_advance=table.gold_advance,
                 gold_hint=table.gold_hint)


def _step_key(result: ItemResult, several_lessons: bool) -> str:
    item = result.item
    if several_lessons and item.step != RUBRIC_STEP:
        return f"{item.lesson}:{item.step}"
    return item.step


def _step_order(key: str) -> tuple[int, str, int]:
    lesson, _, step = key.rpartition(":")
    return (0, lesson, int(step)) if step.isdigit() else (1, key, 0)


def per_step(results: list[ItemResult]) -> dict[str, GroupRow]:
    """Rates per lesson step (numeric order); rubric-only records form one 'rubric' row."""
    several = len({r.item.lesson for r in results if r.item.lesson}) > 1
    groups: dict[str, list[ItemResult]] = defaultdict(list)
    for r in results:
        groups[_step_key(r, several)].append(r)
    return {key: GroupRow(**_rates(rows).model_dump(), title=rows[0].item.step_title)
            for key, rows in sorted(groups.items(), key=lambda kv: _step_order(kv[0]))}


def per_tag(results: list[ItemResult]) -> dict[str, GroupRow]:
    """Rates per tag: an answer with several tags counts in each of their rows."""
    groups: dict[str, list[ItemResult]] = defaultdict(list)
    for r in results:
        for tag in dict.fromkeys(r.item.tags):
            groups[tag].append(r)
    return {tag: GroupRow(**_rates(rows).model_dump()) for tag, rows in sorted(groups.items())}


def per_dataset(results: list[ItemResult]) -> dict[str, GroupRow]:
    """Rates per input file, so a mixed run still shows each set on its own."""
    groups: dict[str, list[ItemResult]] = defaultdict(list)
    for r in results:
        groups[r.item.dataset].append(r)
    return {name: GroupRow(**_rates(rows).model_dump()) for name, rows in groups.items()}


def latency(results: list[ItemResult]) -> Latency:
    """Latency of every grading that produced a verdict (all reruns)."""
    values = [run.latency_ms for r in results for run in r.runs if run.verdict is not None]
    return Latency(p50=percentile(values, 50), p95=percentile(values, 95),
                   mean=sum(values) / len(values) if values else None,
                   max=max(values) if values else None)


def token_use(results: list[ItemResult]) -> TokenUse | None:
    """Summed usage of every run that reported it; None when the grader reports none."""
    usages = [run.verdict.usage for r in results for run in r.runs
              if run.verdict is not None and run.verdict.usage is not None]
    if not usages:
        return None
    cost = sum(u.cost_usd for u in usages)
    return TokenUse(
        answers=len(usages), input_tokens=sum(u.input_tokens for u in usages),
        output_tokens=sum(u.output_tokens for u in usages),
        cache_creation_input_tokens=sum(u.cache_creation_input_tokens for u in usages),
        cache_read_input_tokens=sum(u.cache_read_input_tokens for u in usages),
        cost_usd=round(cost, 6), cost_per_answer_usd=round(cost / len(usages), 6))


def hint_leaks(results: list[ItemResult], leaks: Leaks) -> tuple[float | None, int, int]:
    """Over the hints the grader wrote (first runs), the share that give the Checkpoint away."""
    flags = [leaks(v.hint, r.item.request.checkpoint) for r in results
             if (v := r.first.verdict) is not None and v.decision is Decision.HINT and v.hint]
    return leakage_rate(flags)


def teaching(results: list[ItemResult]) -> Pedagogy:
    """The pedagogy figures of the first runs (see tutor.harness.pedagogy)."""
    return pedagogy(Graded(label=r.item.label, tags=r.item.tags, missing=r.item.missing,
                           checkpoint=r.item.request.checkpoint,
                           misconceptions=[m.text for m in r.item.request.misconceptions],
                           verdict=r.first.verdict) for r in results)


def disagreements(results: list[ItemResult], keep: int = DISAGREEMENTS_KEPT) -> list[Disagreement]:
    """The worst disagreements first: false advances (most confident first), then false holds
    (least confident first)."""
    found: list[Disagreement] = []
    for r in results:
        v = r.first.verdict
        if v is None or v.decision is r.item.label:
            continue
        item = r.item
        found.append(Disagreement(
            id=item.id, source=item.source, step=item.step, step_title=item.step_title,
            tags=item.tags, answer=item.request.answer, gold=item.label, decision=v.decision,
            kind="false_advance" if v.advanced else "false_hold", score=v.score,
            feedback=v.feedback, missing=v.missing, misconception=v.misconception,
            flags=[f.value for f in v.flags]))
    found.sort(key=lambda d: (d.kind != "false_advance",
                              -d.score if d.kind == "false_advance" else d.score))
    return found[:keep]


def summarise(
    results: list[ItemResult], *, grader: str, datasets: list[Dataset], leaks: Leaks,
    mode: Mode = "live", repeat: int = 1,
) -> Metrics:
    """All metrics for one eval run. Headline figures come from the first run of each answer."""
    table, _, _ = _table(results)
    rate, leaked, hints = hint_leaks(results, leaks)
    flips = flip_rate([[d for run in r.runs if (d := run.decision) is not None]
                       for r in results])
    fallbacks = sum(1 for r in results for run in r.runs
                    if run.verdict is not None and run.verdict.fallback_from)
    warnings = [w for d in datasets for w in d.warnings]
    if fallbacks:
        warnings.append(f"{fallbacks} verdicts came from a stand-in grader after '{grader}' "
                        "failed; they do not measure it")
    return Metrics(
        **_rates(results).model_dump(), grader=grader, mode=mode, replayed=mode == "replayed",
        fallbacks=fallbacks,
        confusion=ConfusionCounts(true_advance=table.true_advance,
                                  false_advance=table.false_advance,
                                  false_hold=table.false_hold, true_hold=table.true_hold),
        per_step=per_step(results), per_tag=per_tag(results),
        per_dataset=per_dataset(results), latency_ms=latency(results),
        usage=token_use(results), hint_leakage=rate, hints_given=hints, hints_leaked=leaked,
        pedagogy=teaching(results),
        repeat=repeat, stability=flips[0] if repeat > 1 else None,
        stability_flipped=flips[1], stability_answers=flips[2],
        datasets=[DatasetInfo(path=d.path, format=d.format.value, n=len(d.items),
                              sha256=d.sha256) for d in datasets],
        warnings=warnings,
        failures=[Failure(id=r.item.id, source=r.item.source, error=run.error)
                  for r in results for run in r.runs[:1] if run.error is not None],
        disagreements=disagreements(results))
