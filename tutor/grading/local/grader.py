"""LocalGrader: expectation coverage read by a bi-encoder and a cross-encoder judge; no key,
no network.

1. The answer is encoded once (MiniLM, ONNX). Its sentences and clauses are views of
   that one forward pass, so looking for an idea in every clause costs no extra model run.
2. Stage one (`combiner`, fitted on SemEval-2013) scores each span against each key idea,
   each known misconception and the whole Checkpoint: how close in meaning.
3. The judge (`judge`, a cross-encoder trained on SemEval-2013 and rule-made hard cases)
   reads each idea and known misconception together with the answer and each of its
   spans: states, contradicts or neither. An idea is covered when the judge says the
   answer states it; a misconception is an authored one stated, or an idea contradicted.
4. The decision (`decision`, fitted on SemEval questions the judge never saw plus the dev
   set `evals/dev/`) turns both readings into advance or hint. The guard's verdict
   overrides all: a flagged answer never advances.
`grade_many` encodes and judges a whole batch of answers in one go.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from tutor.grading.embedded.embedder import Embedder, get_embedder
from tutor.grading.guard import inspect_answer, inspect_answers
from tutor.grading.local import reply
from tutor.grading.local.analysis import (
    JUDGED_SPANS,
    STATES_AT,
    SURE_BAND,
    TERSE_WORDS,
    UNSURE_BAND,
    Analysis,
)
from tutor.grading.local.calibration import calibrated_cut
from tutor.grading.local.combiner import Combiner, load_combiner
from tutor.grading.local.decision import Decider, load_decider
from tutor.grading.local.features import (
    Prepared,
    References,
    features_of_parts,
    prepare,
    references,
    span,
    token_range,
)
from tutor.grading.local.ideas import (
    alternatives,
    checkpoint_body,
    checkpoint_lines,
    key_ideas,
    opens_clause,
    spans,
)
from tutor.grading.local.judge import Judge, get_judge
from tutor.grading.local.normalize import Normalized, english, normalize, step_words
from tutor.grading.protocol import GraderError
from tutor.grading.text import content_stems
from tutor.grading.verdict import GradeRequest, KeyIdea, Rung, Verdict

__all__ = ["Analysis", "LocalGrader", "key_ideas"]

def _nearness(units: Sequence[Prepared], block: References) -> list[float]:
    """Each unit's best cosine with the Question or any reference (see NEAR_AT)."""
    if not units:
        return []
    vectors = np.vstack([block.question.encoded.vector[None, :], block.vectors])
    cos = np.stack([u.encoded.vector for u in units]) @ vectors.T
    return [float(c) for c in cos.max(axis=1)]


def _earlier_answers(request: GradeRequest) -> list[str]:
    """The learner's earlier answers to this step that the guard lets through."""
    return [a.answer for a in request.previous
            if not inspect_answer(request.model_copy(update={"answer": a.answer,
                                                             "previous": []})).blocked]


class LocalGrader:
    """The embedded grader: no key, no network; loads its model on first use."""

    name = "local"
    #: Answers per `grade_many` call in `tutor grade`. Larger chunks sort into forward passes
    #: of like lengths with less padding: 6.2 ms an answer in chunks of 64, 4.7 in 256.
    batch_size = 256
    #: CPU-bound: a second batch in flight would only fight the first for the two cores.
    max_concurrency = 1

    def __init__(self, embedder: Embedder | None = None, combiner: Combiner | None = None,
                 decider: Decider | None = None, judge: Judge | None = None) -> None:
        self._embedder = embedder
        self._combiner = combiner
        self._decider = decider
        self._judge = judge
        self._refs: dict[str, Prepared] = {}
        self._blocks: dict[tuple[str, ...], References] = {}
        self._words: dict[tuple[str, ...], frozenset[str]] = {}
        self._cuts: dict[tuple[str, ...], float] = {}

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

    def _judge_model(self) -> Judge:
        if self._judge is None:
            self._judge = get_judge()
        return self._judge

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
        """Load both models, both stages' weights and the English word list now, off the loop."""
        await asyncio.to_thread(lambda: (self._model(), self._stage_one(), self._stage_two(),
                                         self._judge_model(), english()))

    def warm(self) -> None:
        """Load both models, both stages' weights and the word lists (in a worker thread): one
        grading of a made-up answer, in no lesson's words, touches all but the English list,
        read here as well."""
        english()
        self.grade_sync(GradeRequest(answer="The answer says the idea.", question="Why?",
                                     checkpoint="The idea."))

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
        self._calibrate([requests[i] for i in todo])
        verdicts: list[Verdict] = []
        for i, (request, report) in enumerate(zip(requests, reports, strict=True)):
            if report.blocked:
                verdict = self._blocked(request, report.reasons)
            else:
                verdict = self._decide(request, analyses[i], self._cut(request))
            verdict.flags = list(report.flags)
            verdicts.append(verdict)
        each = (time.perf_counter() - started) * 1000 / max(len(requests), 1)
        for verdict in verdicts:
            verdict.latency_ms = each
        return verdicts

    @staticmethod
    def _step_key(request: GradeRequest) -> tuple[str, ...]:
        return (request.question, request.checkpoint, *request.expectations,
                *(f"{e.label}:{e.text}" for e in request.examples))

    def _cut(self, request: GradeRequest) -> float:
        """The step's cut: calibrated on its examples when it has them, else the shipped one."""
        return self._cuts.get(self._step_key(request), self._stage_two().cut)

    def _calibrate(self, requests: Sequence[GradeRequest]) -> None:
        """Score each new step's labelled examples once and keep the cut they call for
        (`calibration`): a step's own line, read off its author's examples."""
        steps = {self._step_key(r): r for r in requests if r.examples}
        steps = {k: r for k, r in steps.items() if k not in self._cuts}
        if not steps:
            return
        asked = [(k, r.model_copy(update={"answer": e.text, "previous": [], "choice": None,
                                          "rung": Rung.PUMP, "examples": []}),
                  e.label == "advance")
                 for k, r in steps.items() for e in r.examples]
        reports = inspect_answers([q for _, q, _ in asked])
        open_ = [q for (_, q, _), rep in zip(asked, reports, strict=True) if not rep.blocked]
        scores = iter(self._stage_two().probability(a.features()) for a in self.analyse(open_))
        scored = [(k, 0.0 if rep.blocked else next(scores), label)
                  for (k, _, label), rep in zip(asked, reports, strict=True)]
        for key in steps:
            mine = [(score, label) for k, score, label in scored if k == key]
            self._cuts[key] = calibrated_cut([s for s, _ in mine], [a for _, a in mine],
                                             self._stage_two().cut)

    def analyse(self, requests: Sequence[GradeRequest]) -> list[Analysis]:
        """Stage one for each answer: how well each span covers each idea and misconception."""
        texts = [self._normalized(r, r.answer) for r in requests]
        earlier = [[self._normalized(r, a) for a in _earlier_answers(r)] for r in requests]
        wanted = [t.text for t in texts] + [t.text for e in earlier for t in e]
        answers = {e.text: prepare(e) for e in self._model().encode(list(dict.fromkeys(wanted)))}
        analyses = [self._analyse(r, t, answers[t.text], [(e, answers[e.text]) for e in before])
                    for r, t, before in zip(requests, texts, earlier, strict=True)]
        self._read(analyses)
        return analyses

    def _read(self, analyses: list[Analysis]) -> None:
        """The judge's reading, in two batched runs over all the answers: first each idea and
        misconception against each whole answer (the judge reads it in context: that is
        the coverage), then, for the ideas stated or contradicted, each span (which clause
        to quote)."""
        pairs: list[tuple[str, str]] = []
        for a in analyses:
            pairs += [(idea, a.unit_texts[0]) for idea in a.ideas]
            pairs += [(idea, unit) for unit in a.earlier_unit_texts for idea in a.ideas]
            pairs += [(wrong, a.unit_texts[0]) for wrong in a.wrong]
            pairs += [(wrong, unit) for unit in a.earlier_unit_texts for wrong in a.wrong]
            pairs += [(line, a.unit_texts[0]) for line in a.checkpoint]
        probabilities = self._judge_model().score(pairs)
        at = 0
        for a in analyses:
            e, i, w = len(a.earlier_unit_texts), len(a.ideas), len(a.wrong)
            a.judged = probabilities[at: at + i].reshape(1, i, 3)
            at += i
            a.judged_earlier = probabilities[at: at + e * i].reshape(e, i, 3) if e else None
            at += e * i
            a.judged_wrong = probabilities[at: at + w].reshape(1, w, 3) if w else None
            at += w
            a.judged_earlier_wrong = (probabilities[at: at + e * w].reshape(e, w, 3)
                                      if e and w else None)
            at += e * w
            a.judged_checkpoint = probabilities[at: at + len(a.checkpoint)]
            at += len(a.checkpoint)
        # Then each span of the answers that state or contradict something, against every
        # idea and misconception: which clause says what, so that only a clause read as
        # right is ever credited (`Analysis.credit`).
        wanted = [a for a in analyses if a.reads_spans()]
        pairs = [(text, unit) for a in wanted for unit in a.unit_texts[1:]
                 for text in (*a.ideas, *a.wrong)]
        probabilities = self._judge_model().score(pairs)
        at = 0
        for a in wanted:
            n, i, w = len(a.unit_texts) - 1, len(a.ideas), len(a.wrong)
            block = probabilities[at: at + n * (i + w)].reshape(n, i + w, 3)
            a.span_ideas, a.span_wrong = block[:, :i], block[:, i:] if w else None
            at += n * (i + w)

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
        p, units, quotes, read, opens = self._stage_one_of(text, answer, block)
        coverage = p[:, 1 : 1 + len(ideas)]
        best_idea = int(np.argmax(coverage.max(axis=0)))
        best_unit = int(np.argmax(coverage[:, best_idea]))
        before = [self._stage_one_of(t, a, block) for t, a in earlier]
        return Analysis(
            ideas=ideas, coverage=coverage, alternatives=alternatives(request, ideas),
            whole=float(p[0, 0]),
            misconceptions=p[:, 1 + len(ideas):] if wrong else None,
            span_texts=quotes,
            negation_mismatch=units[best_unit].negated != targets[best_idea].negated,
            n_words=answer.n_words,
            earlier=np.vstack([b[0][:, 1 : 1 + len(ideas)] for b in before]) if before else None,
            earlier_texts=[q for b in before for q in b[2]],
            unit_texts=read[: 1 + JUDGED_SPANS],
            earlier_unit_texts=[b[3][0] for b in before],
            earlier_quotes=[b[2][0] for b in before],
            wrong=wrong, checkpoint=checkpoint_lines(request.checkpoint),
            nearness=_nearness(units, block),
            opens=opens,
        )

    def _stage_one_of(self, text: Normalized, answer: Prepared, block: References,
                      ) -> tuple[npt.NDArray[np.float64], list[Prepared], list[str], list[str],
                                 list[bool]]:
        """Stage one's probabilities for the whole answer and each span (rows) against the
        whole Checkpoint, each idea and each misconception (columns), with the spans' words
        as typed (quotes) and as spelt out (what the judge reads), and whether each starts a
        sentence or a clause."""
        units, bounds = [answer], [(0, len(answer.encoded.tokens))]
        quotes, read, opens = [text.original.strip()], [text.text.strip()], [True]
        for start, end in spans(text.text):
            part = span(answer.encoded, start, end)
            if part is not None:
                units.append(prepare(part))
                bounds.append(token_range(answer.encoded, start, end) or (0, 0))
                quotes.append(text.original_span(start, end).strip())
                read.append(text.text[start:end].strip())
                opens.append(opens_clause(text.text, start))
        rows = features_of_parts(answer, units, bounds, block)
        p = self._stage_one().probability(rows).reshape(len(units), len(block.refs))
        return p, units, quotes, read, opens

    def _decide(self, request: GradeRequest, analysis: Analysis, cut: float) -> Verdict:
        decider = self._stage_two()
        score = decider.probability(analysis.features())
        ideas, best = analysis.ideas, analysis.covered()
        # The words each idea may be credited with: a clause of this answer the judge reads
        # as stating it and as saying nothing wrong, or a clean earlier answer, whichever
        # states it more surely.
        words = [max((c for c in pair if c is not None), key=lambda c: c[1], default=(None,))[0]
                 for pair in zip(analysis.credit(), analysis.earlier_credit(), strict=True)]
        stated = {i for i, b in enumerate(best) if b >= STATES_AT}
        authored = [m.text for m in request.misconceptions]
        misconception = analysis.misconception(authored)
        # An authored mix-up is quoted in the learner's closest words; otherwise the judge's
        # misconception already is the learner's clause that contradicts an idea.
        said_wrong = (analysis.misconception_words(authored.index(misconception))
                      if misconception in authored else misconception)
        if (misconception in authored and said_wrong
                and not set(content_stems(said_wrong)) & set(content_stems(misconception))):
            # The learner's words share none of the mix-up's ("It might forget some things"
            # read as "remembers the whole conversation"): not named. On dev and the further
            # authors every misconception the judge named shares some (34 of 34).
            misconception = None
        advanced = score >= cut
        # Only just over the cut, or over it while the judge reads something wrong in it:
        # wrong answers advance that way too, so the pass is not praised (SURE_BAND).
        # Nor is a pass in which no clause is credited with a needed idea: the score then
        # rests on word overlap alone, and a negated Checkpoint scores as high on a lesson
        # the judge reads poorly.
        marginal = advanced and (score < cut + SURE_BAND or misconception is not None
                                 or analysis.wary()
                                 or all(words[i] is None for i in analysis.needed()))
        if advanced:
            misconception = None
            # Advanced on the answer as a whole: the group it comes closest to is what it
            # showed (credited in the learner's words only where a clause says it).
            stated |= set(analysis.group())
        elif misconception is not None or analysis.wary():
            # The answer may say something wrong: its whole reading of an idea may be that
            # very mix-up, so an idea counts only where some clause says it cleanly.
            stated = {i for i in stated if words[i] is not None}
        # What a tutor would ask about: the needed ideas not shown; extra credit only when
        # every needed one is shown.
        if any(set(g) <= stated for g in analysis.alternatives):
            missing = []
        else:
            missing = [ideas[i] for i in analysis.needed() if i not in stated]
        if not advanced and not missing:
            # Everything read as stated, yet not convincing: ask about the weakest needed
            # idea of the group, one with no clause to credit if there is one; it is then not
            # counted covered.
            group = analysis.group()
            pool = [i for i in group if words[i] is None] or group
            weakest = min(pool, key=lambda i: best[i])
            missing = [ideas[weakest]]
            stated.discard(weakest)
        covered = [KeyIdea(idea=ideas[i], evidence=words[i]) for i in sorted(stated)]
        # Held, but maybe right: near the cut, terse, or read by the judge as stating the
        # Checkpoint as a whole. Such an answer is asked for in full, not told it misses.
        unsure = not advanced and (score >= cut - UNSURE_BAND
                                   or analysis.n_words < TERSE_WORDS
                                   or analysis.states_checkpoint() >= STATES_AT)
        return reply.verdict(request, covered=covered, missing=missing,
                             misconception=misconception, misconception_words=said_wrong,
                             score=score, advanced=advanced, unsure=unsure, grader=self.name,
                             clauses=analysis.near(), wary=analysis.wary(),
                             marginal=marginal)

    def _blocked(self, request: GradeRequest, reasons: list[str]) -> Verdict:
        return reply.blocked(request, reasons, key_ideas(request), self.name)
