"""LocalGrader: expectation coverage with a fitted, calibrated two-stage model; no key, no network.

1. The answer is encoded once (MiniLM, ONNX). Its sentences and clauses are views of
   that one forward pass, so looking for an idea in every clause costs no extra model run.
2. Stage one (`combiner`, fitted on SemEval-2013 with whole questions held out) scores
   each span against each key idea, each known misconception and the whole Checkpoint.
3. Stage two (`decision`, calibrated on the dev set `evals/dev/`) turns that coverage
   into advance or hint. The guard's verdict overrides both: a flagged answer never advances.
`grade_many` encodes a whole batch of answers in one go.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tutor.grading.guard import inspect_answer, inspect_answers
from tutor.grading.hints import templated_hint
from tutor.grading.local.combiner import Combiner, load_combiner
from tutor.grading.local.decision import Decider, decision_features, load_decider
from tutor.grading.local.embedder import Embedder, get_embedder
from tutor.grading.local.features import (
    Prepared,
    References,
    features_of_parts,
    prepare,
    references,
    span,
    token_range,
)
from tutor.grading.local.ideas import checkpoint_body, key_ideas, spans
from tutor.grading.local.normalize import Normalized, english, normalize, step_words
from tutor.grading.protocol import GraderError
from tutor.grading.verdict import Decision, GradeRequest, KeyIdea, Verdict
from tutor.prompts import render

__all__ = ["Analysis", "LocalGrader", "key_ideas"]

#: Stage one's probability at which a span counts as expressing an idea (its own calibration).
COVERED_AT = 0.5
#: A held answer this close below the cut, or this short, may well be right: the feedback
#: asks for it in full instead of saying it misses the idea (most held answers that a
#: tutor would pass are terse or score just under the cut).
UNSURE_BAND = 0.2
TERSE_WORDS = 8
#: A span whose coverage of an idea is this close to the best one's may be quoted instead.
EVIDENCE_SLACK = 0.1


def _earlier_answers(request: GradeRequest) -> list[str]:
    """The learner's earlier answers to this step that the guard lets through."""
    return [a.answer for a in request.previous
            if not inspect_answer(request.model_copy(update={"answer": a.answer,
                                                             "previous": []})).blocked]


@dataclass
class Analysis:
    """What stage one found in one answer: coverage per idea, misconceptions, evidence."""

    ideas: list[str]
    coverage: npt.NDArray[np.float64]  # (spans, ideas)
    whole: float
    misconceptions: npt.NDArray[np.float64] | None  # (spans, misconceptions)
    span_texts: list[str]
    negation_mismatch: bool
    n_words: int
    authored: bool
    #: (spans of the learner's earlier answers to this step, ideas): what they have shown
    #: before counts towards the ideas; their earlier mistakes do not count against them.
    earlier: npt.NDArray[np.float64] | None = None
    earlier_texts: list[str] = field(default_factory=list)

    def features(self) -> npt.NDArray[np.float64]:
        """Stage two's input."""
        return decision_features(self.best(), len(self.coverage), self.whole,
                                 self.misconceptions, self.negation_mismatch, self.n_words,
                                 self.authored)

    def best(self) -> npt.NDArray[np.float64]:
        """Each idea's best coverage over this answer and the earlier ones."""
        best: npt.NDArray[np.float64] = self._rows().max(axis=0)
        return best

    def evidence(self) -> list[str]:
        """Each idea's words: the shortest of the spans that cover it nearly as well as the
        best (EVIDENCE_SLACK), so the tutor quotes the clause that says it rather than the
        whole answer around it."""
        rows = self._rows()
        texts = self.span_texts + self.earlier_texts
        quotes = []
        for idea, top in enumerate(rows.max(axis=0)):
            close = np.flatnonzero(rows[:, idea] >= top - EVIDENCE_SLACK)
            quotes.append(min((texts[int(i)] for i in close), key=len))
        return quotes

    def _rows(self) -> npt.NDArray[np.float64]:
        """(spans of this answer and the earlier ones, ideas)."""
        return self.coverage if self.earlier is None else np.vstack([self.coverage, self.earlier])


class LocalGrader:
    """The embedded grader: no key, no network; loads its model on first use."""

    name = "local"
    #: Answers per `grade_many` call in `tutor grade`. Larger chunks sort into forward passes
    #: of like lengths with less padding: 6.2 ms an answer in chunks of 64, 4.7 in 256.
    batch_size = 256
    #: CPU-bound: a second batch in flight would only fight the first for the two cores.
    max_concurrency = 1

    def __init__(self, embedder: Embedder | None = None, combiner: Combiner | None = None,
                 decider: Decider | None = None) -> None:
        self._embedder = embedder
        self._combiner = combiner
        self._decider = decider
        self._refs: dict[str, Prepared] = {}
        self._blocks: dict[tuple[str, ...], References] = {}
        self._words: dict[tuple[str, ...], frozenset[str]] = {}

    def _model(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder()
        return self._embedder

    def _stage_one(self) -> Combiner:
        if self._combiner is None:
            self._combiner = load_combiner()
        return self._combiner

    def _stage_two(self) -> Decider:
        if self._decider is None:
            self._decider = load_decider()
        return self._decider

    async def grade(self, request: GradeRequest) -> Verdict:
        """Grade one answer (the model runs in a worker thread)."""
        return await asyncio.to_thread(self.grade_sync, request)

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        """Grade answers in order, embedding them in batches; a failure sits in its slot."""
        try:
            return list(await asyncio.to_thread(self.grade_batch, list(requests)))
        except GraderError as exc:
            return [exc] * len(requests)

    async def prepare(self, concurrency: int = 1) -> None:
        """Load the model, both stages' weights and the English word list now, off the loop."""
        await asyncio.to_thread(lambda: (self._model(), self._stage_one(), self._stage_two(),
                                         english()))

    def warm(self) -> None:
        """Load the model, both stages' weights and the word lists (in a worker thread): one
        grading of a made-up answer touches all but the English list, read here as well."""
        english()
        self.grade_sync(GradeRequest(answer="Tokens are pieces of words.", question="What?",
                                     checkpoint="Tokens."))

    async def aclose(self) -> None:
        """Nothing to release: the model is shared by the process."""

    def grade_sync(self, request: GradeRequest) -> Verdict:
        """Grade one answer in the calling thread."""
        return self.grade_batch([request])[0]

    def grade_batch(self, requests: list[GradeRequest]) -> list[Verdict]:
        """Grade answers in the calling thread; the model runs once per batch of answers."""
        started = time.perf_counter()
        reports = inspect_answers(requests)
        todo = [i for i, rep in enumerate(reports) if not rep.blocked]
        analyses = dict(zip(todo, self.analyse([requests[i] for i in todo]), strict=True))
        verdicts: list[Verdict] = []
        for i, (request, report) in enumerate(zip(requests, reports, strict=True)):
            if report.blocked:
                verdict = self._blocked(request, report.reasons)
            else:
                verdict = self._decide(request, analyses[i])
            verdict.flags = list(report.flags)
            verdicts.append(verdict)
        each = (time.perf_counter() - started) * 1000 / max(len(requests), 1)
        for verdict in verdicts:
            verdict.latency_ms = each
        return verdicts

    def analyse(self, requests: Sequence[GradeRequest]) -> list[Analysis]:
        """Stage one for each answer: how well each span covers each idea and misconception."""
        texts = [self._normalized(r, r.answer) for r in requests]
        earlier = [[self._normalized(r, a) for a in _earlier_answers(r)] for r in requests]
        wanted = [t.text for t in texts] + [t.text for e in earlier for t in e]
        answers = {e.text: prepare(e) for e in self._model().encode(list(dict.fromkeys(wanted)))}
        return [self._analyse(r, t, answers[t.text], [(e, answers[e.text]) for e in before])
                for r, t, before in zip(requests, texts, earlier, strict=True)]

    def _normalized(self, request: GradeRequest, answer: str) -> Normalized:
        """An answer with shorthand and typos spelt out against the step's own words."""
        key = (request.question, request.checkpoint, request.task, request.explanation,
               *request.expectations, *(m.text for m in request.misconceptions))
        if key not in self._words:
            self._words[key] = step_words(*key)
        return normalize(answer, self._words[key])

    def _prepared(self, texts: list[str]) -> list[Prepared]:
        todo = [t for t in dict.fromkeys(texts) if t not in self._refs]
        for encoded in self._model().encode(todo):
            self._refs[encoded.text] = prepare(encoded)
        return [self._refs[t] for t in texts]

    def _references(self, texts: tuple[str, ...]) -> References:
        """The question (first) and the references (the rest), prepared once per step."""
        if texts not in self._blocks:
            question, *refs = self._prepared(list(texts))
            self._blocks[texts] = references(refs, question)
        return self._blocks[texts]

    def _analyse(self, request: GradeRequest, text: Normalized, answer: Prepared,
                 earlier: Sequence[tuple[Normalized, Prepared]] = ()) -> Analysis:
        ideas = key_ideas(request)
        wrong = [m.text for m in request.misconceptions]
        block = self._references((request.question, checkpoint_body(request.checkpoint),
                                  *ideas, *wrong))
        targets = block.refs[1:]
        p, units, quotes = self._stage_one_of(text, answer, block)
        coverage = p[:, 1 : 1 + len(ideas)]
        best_idea = int(np.argmax(coverage.max(axis=0)))
        best_unit = int(np.argmax(coverage[:, best_idea]))
        before = [self._stage_one_of(t, a, block) for t, a in earlier]
        return Analysis(
            ideas=ideas, coverage=coverage, whole=float(p[0, 0]),
            misconceptions=p[:, 1 + len(ideas):] if wrong else None,
            span_texts=quotes,
            negation_mismatch=units[best_unit].negated != targets[best_idea].negated,
            n_words=answer.n_words, authored=bool(request.expectations),
            earlier=np.vstack([b[0][:, 1 : 1 + len(ideas)] for b in before]) if before else None,
            earlier_texts=[q for b in before for q in b[2]],
        )

    def _stage_one_of(self, text: Normalized, answer: Prepared, block: References,
                      ) -> tuple[npt.NDArray[np.float64], list[Prepared], list[str]]:
        """Stage one's probabilities for the whole answer and each span (rows) against the
        whole Checkpoint, each idea and each misconception (columns), with the spans' words."""
        units, bounds = [answer], [(0, len(answer.encoded.tokens))]
        quotes = [text.original.strip()]
        for start, end in spans(text.text):
            part = span(answer.encoded, start, end)
            if part is not None:
                units.append(prepare(part))
                bounds.append(token_range(answer.encoded, start, end) or (0, 0))
                quotes.append(text.original_span(start, end).strip())
        rows = features_of_parts(answer, units, bounds, block)
        p = self._stage_one().probability(rows).reshape(len(units), len(block.refs))
        return p, units, quotes

    def _decide(self, request: GradeRequest, analysis: Analysis) -> Verdict:
        decider = self._stage_two()
        score = decider.probability(analysis.features())
        best, evidence = analysis.best(), analysis.evidence()
        covered = [KeyIdea(idea=idea, evidence=words)
                   for idea, words, b in zip(analysis.ideas, evidence, best, strict=True)
                   if b >= COVERED_AT]
        missing = [idea for idea, b in zip(analysis.ideas, best, strict=True) if b < COVERED_AT]
        misconception = None
        if analysis.misconceptions is not None:
            j = int(np.argmax(analysis.misconceptions.max(axis=0)))
            top = float(analysis.misconceptions[:, j].max())
            if top >= COVERED_AT and top > float(best.max()):
                misconception = request.misconceptions[j].text
        advanced = score >= decider.cut
        if advanced:
            misconception = None
        elif not missing:  # everything matched, yet not convincing: ask about the weakest idea
            missing = [analysis.ideas[int(np.argmin(best))]]
        unsure = not advanced and (score >= decider.cut - UNSURE_BAND
                                   or analysis.n_words < TERSE_WORDS)
        return self._verdict(request, covered, missing, misconception, score, advanced, unsure)

    def _blocked(self, request: GradeRequest, reasons: list[str]) -> Verdict:
        ideas = key_ideas(request)
        feedback = render("local/feedback.j2", flagged=True, reasons=reasons, misconception=None,
                          advanced=False, unsure=False, covered=[])
        return Verdict(decision=Decision.HINT, score=0.0, missing=ideas, feedback=feedback,
                       hint=templated_hint(request, request.rung, ideas[0] if ideas else None),
                       rung=request.rung, grader=self.name)

    def _verdict(self, request: GradeRequest, covered: list[KeyIdea], missing: list[str],
                 misconception: str | None, score: float, advanced: bool,
                 unsure: bool) -> Verdict:
        hint = None if advanced else templated_hint(
            request, request.rung, missing[0] if missing else None)
        feedback = render("local/feedback.j2", flagged=False, reasons=[],
                          misconception=misconception, advanced=advanced, unsure=unsure,
                          covered=[k.evidence for k in covered])
        return Verdict(
            decision=Decision.ADVANCE if advanced else Decision.HINT,
            score=min(max(score, 0.0), 1.0), covered=covered, missing=missing,
            misconception=misconception, feedback=feedback, hint=hint,
            rung=None if advanced else request.rung, grader=self.name,
        )
