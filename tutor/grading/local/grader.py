"""LocalGrader: expectation coverage with sentence embeddings, the guard, negation checks.

A first, uncalibrated version: each key idea of the Checkpoint (or the authored
expectations) counts as covered when some sentence of the answer is close to it in
embedding space and does not negate it. Thresholds are set by hand, not fitted.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence

import numpy as np

from tutor.grading.guard import inspect_answer
from tutor.grading.hints import templated_hint
from tutor.grading.local.embedder import Embedder, get_embedder
from tutor.grading.local.text import NEGATIONS, content_stems, sentences, words
from tutor.grading.protocol import GraderError, grade_in_order
from tutor.grading.verdict import Decision, GradeRequest, KeyIdea, Verdict
from tutor.prompts import render

#: Cosine similarity at which an answer sentence counts as expressing an idea (hand-set).
COVER_AT = 0.5
#: Share of key ideas an answer must cover to advance (the "core idea" bar).
ADVANCE_SHARE = 0.4
#: A misconception wins when an answer sentence is this close to it and closer than to any idea.
MISCONCEPTION_AT = 0.6

_BOILERPLATE = re.compile(
    r"^\s*(?:the\s+)?(?:learner|student)s?\s+should\s+(?:understand|know)"
    r"(?:\s+(?:that|the\s+trade-offs?))?\s*:?\s*",
    re.IGNORECASE,
)
_IDEA_SPLIT = re.compile(r"\s*(?:;|—|–|\.\s+|,\s+and\s+that\s+|,\s+that\s+|\band\s+that\b|,\s+)\s*")


def key_ideas(request: GradeRequest) -> list[str]:
    """The ideas to look for: authored expectations, else the Checkpoint split into clauses."""
    if request.expectations:
        return list(request.expectations)
    body = _BOILERPLATE.sub("", request.checkpoint).strip().rstrip(".")
    body = re.sub(r"\s*\([^)]*\)", "", body)  # asides like "(classification, extraction)"
    parts = [re.sub(r"^(?:and|so|but)\s+", "", p.strip(" .")) for p in _IDEA_SPLIT.split(body)]
    ideas = [p for p in parts if len(content_stems(p)) >= 2]
    return ideas or [body]


def _negated(text: str) -> bool:
    return sum(w in NEGATIONS or w.endswith("n't") for w in words(text)) % 2 == 1


def _units(answer: str) -> list[str]:
    """Sentences and their clauses, and the whole answer: an idea may sit in any of them."""
    found: list[str] = []
    for sentence in sentences(answer):
        found.append(sentence)
        clauses = [c for c in _CLAUSE.split(sentence) if len(words(c)) >= 2]
        if len(clauses) > 1:
            found.extend(clauses)
    found.append(answer)
    return list(dict.fromkeys(found))


_CLAUSE = re.compile(r"\s*(?:[,:;]|\bso\b|\bbut\b|\bwhile\b|\bwhereas\b)\s*")


class LocalGrader:
    """The embedded grader: no key, no network; loads its model on first use."""

    name = "local"

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder
        self._cache: dict[str, np.ndarray] = {}

    def _model(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder()
        return self._embedder

    async def grade(self, request: GradeRequest) -> Verdict:
        """Grade one answer (the model runs in a worker thread)."""
        return await asyncio.to_thread(self.grade_sync, request)

    async def grade_many(self, requests: Sequence[GradeRequest]) -> list[Verdict | GraderError]:
        """Grade answers in order; a failure sits in its slot."""
        return await grade_in_order(self.grade, requests)

    async def aclose(self) -> None:
        """Nothing to release: the model is shared by the process."""

    def grade_sync(self, request: GradeRequest) -> Verdict:
        """Grade one answer in the calling thread."""
        started = time.perf_counter()
        report = inspect_answer(request)
        ideas = key_ideas(request)
        if report.blocked:
            verdict = self._verdict(request, ideas, [], None, 0.0, report.reasons)
        else:
            verdict = self._judge(request, ideas)
        verdict.flags = list(report.flags)
        verdict.latency_ms = (time.perf_counter() - started) * 1000
        return verdict

    def _vectors(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            for text, vector in zip(todo, self._model().embed(todo), strict=True):
                self._cache[text] = vector
        return np.stack([self._cache[t] for t in texts])

    def _judge(self, request: GradeRequest, ideas: list[str]) -> Verdict:
        units = _units(request.answer)
        unit_vecs = self._model().embed(units)
        sims = unit_vecs @ self._vectors(ideas).T  # (units, ideas)
        covered: list[KeyIdea] = []
        scores: list[float] = []
        for j, idea in enumerate(ideas):
            best = int(np.argmax(sims[:, j]))
            score = float(sims[best, j])
            if _negated(units[best]) != _negated(idea):
                score *= 0.5  # "rare words are never split" is not "rare words are split"
            scores.append(score)
            if score >= COVER_AT:
                covered.append(KeyIdea(idea=idea, evidence=units[best]))
        misconception = self._misconception(request, unit_vecs, float(sims.max()))
        score = float(np.clip(np.mean(scores), 0.0, 1.0))
        return self._verdict(request, ideas, covered, misconception, score, [])

    def _misconception(self, request: GradeRequest, unit_vecs: np.ndarray,
                       best_idea: float) -> str | None:
        if not request.misconceptions:
            return None
        texts = [m.text for m in request.misconceptions]
        sims = unit_vecs @ self._vectors(texts).T
        j = int(np.argmax(sims.max(axis=0)))
        top = float(sims[:, j].max())
        return texts[j] if top >= MISCONCEPTION_AT and top > best_idea else None

    def _verdict(self, request: GradeRequest, ideas: list[str], covered: list[KeyIdea],
                 misconception: str | None, score: float, reasons: list[str]) -> Verdict:
        got = {k.idea for k in covered}
        missing = [i for i in ideas if i not in got]
        advanced = (not reasons and misconception is None
                    and len(covered) >= max(1, ADVANCE_SHARE * len(ideas)))
        hint = None if advanced else templated_hint(
            request, request.rung, missing[0] if missing else None)
        feedback = render("local/feedback.j2", flagged=bool(reasons), reasons=reasons,
                          misconception=misconception, advanced=advanced,
                          covered=[k.evidence for k in covered])
        return Verdict(
            decision=Decision.ADVANCE if advanced else Decision.HINT,
            score=score if not reasons else 0.0, covered=covered, missing=missing,
            misconception=misconception, feedback=feedback, hint=hint,
            rung=None if advanced else request.rung, grader=self.name,
        )
