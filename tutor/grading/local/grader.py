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
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tutor.grading.guard import inspect_answer, inspect_answers
from tutor.grading.local import reply
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
from tutor.grading.local.ideas import (
    alternatives,
    checkpoint_body,
    checkpoint_lines,
    key_ideas,
    opens_clause,
    spans,
)
from tutor.grading.local.judge import CONTRADICTS, STATES, Judge, get_judge
from tutor.grading.local.normalize import Normalized, english, normalize, step_words
from tutor.grading.protocol import GraderError
from tutor.grading.verdict import GradeRequest, KeyIdea, Verdict

__all__ = ["Analysis", "LocalGrader", "key_ideas"]

#: A held answer this close below the cut, or this short, may well be right: the feedback
#: asks for it in full instead of saying it misses the idea (most held answers that a
#: tutor would pass are terse or score just under the cut).
UNSURE_BAND = 0.2
TERSE_WORDS = 8
#: A span whose coverage of an idea is this close to the best one's may be quoted instead.
EVIDENCE_SLACK = 0.1
#: The judge's probability at which an answer states an idea, or contradicts it.
STATES_AT = 0.5
CONTRADICTS_AT = 0.5
#: Spans of one answer the judge reads, for the ideas it states or contradicts, to find the
#: clause to quote (sentences first, then their clauses).
JUDGED_SPANS = 6
#: The judge's P(contradicts) at which an answer may be going against an idea: too unsure to
#: name a mix-up (CONTRADICTS_AT), sure enough not to say any of it holds.
WARY_AT = 0.3
#: A clause whose own P(states) or P(contradicts) is this high is quoted rather than the
#: whole answer.
CLAUSE_AT = 0.3
#: A sentence ends inside the text: it has more than one.
_SENTENCE_END = re.compile(r"[.!?;]\s+\S")
#: A unit of an answer whose sentence vector is this close (cosine) to the Question or to a
#: reference speaks to the step: a hint may open on it. Off-topic remarks and "no idea"
#: sit below (0.0-0.3 on evals/dev); attempts at an answer, right or wrong, above.
NEAR_AT = 0.3


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


@dataclass
class Analysis:
    """What stage one found in one answer: coverage per idea, misconceptions, evidence."""

    ideas: list[str]
    coverage: npt.NDArray[np.float64]  # (spans, ideas)
    #: What is enough to advance: groups of idea indices, any one group, all of it.
    alternatives: list[list[int]]
    whole: float
    misconceptions: npt.NDArray[np.float64] | None  # (spans, misconceptions)
    span_texts: list[str]
    negation_mismatch: bool
    n_words: int
    #: (spans of the learner's earlier answers to this step, ideas): what they have shown
    #: before counts towards the ideas; their earlier mistakes do not count against them.
    earlier: npt.NDArray[np.float64] | None = None
    earlier_texts: list[str] = field(default_factory=list)
    #: What the judge reads, spelt out: this answer's units (the whole answer first, then
    #: up to JUDGED_SPANS spans) and the earlier answers (whole), with the words to quote.
    unit_texts: list[str] = field(default_factory=list)
    earlier_unit_texts: list[str] = field(default_factory=list)
    earlier_quotes: list[str] = field(default_factory=list)  # as typed, by earlier answer
    wrong: list[str] = field(default_factory=list)
    #: The judge's probabilities for the whole answer: (1, ideas, 3), (earlier answers,
    #: ideas, 3), (1, misconceptions, 3); filled by `LocalGrader.analyse`.
    judged: npt.NDArray[np.float32] | None = None
    judged_earlier: npt.NDArray[np.float32] | None = None
    judged_wrong: npt.NDArray[np.float32] | None = None
    #: The judge reading the whole Checkpoint (each line) against this answer: (lines, 3).
    judged_checkpoint: npt.NDArray[np.float32] | None = None
    checkpoint: list[str] = field(default_factory=list)  # its lines, as the judge reads them
    #: For the ideas the answer states or contradicts: the judge's reading of each span
    #: (spans, 3), to quote the clause that says it.
    span_reads: dict[int, npt.NDArray[np.float32]] = field(default_factory=dict)
    #: For each of this answer's units (`span_texts`): how near it is to the step, the best
    #: cosine of its sentence vector with the Question's or any reference's.
    nearness: list[float] = field(default_factory=list)

    #: For each of this answer's units: does it start a sentence or a clause (`opens_clause`).
    opens: list[bool] = field(default_factory=list)

    def near(self) -> list[str]:
        """This answer's units that speak to the step (NEAR_AT) and start a sentence or a
        clause, nearest first: what a hint may open on when nothing in them was credited."""
        ranked = sorted(zip(self.nearness, self.span_texts, self.opens, strict=False),
                        key=lambda p: -p[0])
        return [text for score, text, opens in ranked if score >= NEAR_AT and opens]

    def group(self) -> list[int]:
        """The group of ideas (one of `alternatives`) this answer comes closest to stating:
        the one whose ideas the judge and stage one credit most on average."""
        both = (self.covered() + self.best()) / 2
        return max(self.alternatives, key=lambda g: float(both[g].mean()))

    def features(self) -> npt.NDArray[np.float64]:
        """The decision's input: the coverage pattern of the closest group of ideas; what the
        answer contradicts or states wrongly counts whatever the group."""
        wrong = (float(self.judged_wrong[:, :, STATES].max())
                 if self.judged_wrong is not None and self.judged_wrong.size else 0.0)
        group = self.group()
        return decision_features(self.best()[group], len(self.coverage), self.whole,
                                 self.misconceptions, self.negation_mismatch, self.n_words,
                                 self.covered()[group],
                                 float(self._judged()[:, :, CONTRADICTS].max()), wrong,
                                 (self.states_checkpoint(), self.against_checkpoint()))

    def states_checkpoint(self) -> float:
        """The judge's P(states) for the whole Checkpoint (its best line) in this answer."""
        return self._checkpoint_read(STATES)

    def against_checkpoint(self) -> float:
        """The judge's highest P(contradicts) for the whole Checkpoint (any line)."""
        return self._checkpoint_read(CONTRADICTS)

    def _checkpoint_read(self, column: int) -> float:
        whole = self.judged_checkpoint
        return float(whole[:, column].max()) if whole is not None and whole.size else 0.0

    def wary(self) -> bool:
        """True when the answer may also say something wrong: the judge reads a known
        misconception as stated, or the answer as going against an idea or the Checkpoint
        (WARY_AT). Its feedback then says nothing of it holds."""
        wrong = self.judged_wrong
        against = max(float(self._judged()[:, :, CONTRADICTS].max()), self.against_checkpoint())
        return ((wrong is not None and wrong.size > 0 and float(wrong[:, :, STATES].max())
                 >= STATES_AT) or against >= WARY_AT)

    def needed(self) -> list[int]:
        """The ideas some group needs, in order (an idea no group needs is extra credit)."""
        return sorted({i for g in self.alternatives for i in g})

    def _judged(self) -> npt.NDArray[np.float32]:
        if self.judged is None:
            raise ValueError("The judge has not read this answer yet.")
        return self.judged

    def states(self) -> npt.NDArray[np.float64]:
        """(this answer and each earlier one, ideas): the judge's P(states)."""
        rows = self._judged()[:, :, STATES]
        if self.judged_earlier is not None:
            rows = np.vstack([rows, self.judged_earlier[:, :, STATES]])
        return rows.astype(np.float64)

    def covered(self) -> npt.NDArray[np.float64]:
        """Each idea's coverage: the judge's best P(states) over this answer and the earlier
        ones (what a learner showed before counts)."""
        best: npt.NDArray[np.float64] = self.states().max(axis=0)
        return best

    def earlier_covered(self) -> list[float]:
        """For each covered idea (P(states) >= STATES_AT, in order), its best P(states) in
        the earlier answers alone (0 when there are none)."""
        ideas = np.flatnonzero(self.covered() >= STATES_AT)
        if self.judged_earlier is None:
            return [0.0] * len(ideas)
        return [float(self.judged_earlier[:, i, STATES].max()) for i in ideas]

    def to_read(self) -> list[int]:
        """The ideas whose spans the judge should read: those stated, and the one most
        contradicted if any is."""
        ideas = {int(i) for i in np.flatnonzero(self.covered() >= STATES_AT)}
        against = self._judged()[0, :, CONTRADICTS]
        if len(against) and float(against.max()) >= CONTRADICTS_AT:
            ideas.add(int(np.argmax(against)))
        return sorted(ideas) if len(self.unit_texts) > 1 else []

    def _clause(self, idea: int, column: int, whole: float,
                extra: Sequence[tuple[float, str]] = ()) -> str:
        """The shortest of the learner's units whose `column` probability for `idea` is
        within EVIDENCE_SLACK of the best: the clause that says it, as typed (the whole
        answer only when it is one sentence and no clause reads as saying it)."""
        parts = ([(float(p[column]), text) for p, text
                  in zip(self.span_reads[idea], self.span_texts[1:], strict=False)]
                 if idea in self.span_reads else [])
        # The judge reads a clause on its own less surely than the whole answer it sits in,
        # so a clause that reads as saying it at all (CLAUSE_AT) is quoted before the whole.
        # And a quote of several sentences may carry a wrong claim beside the right one, so
        # the feedback would seem to praise both: a sentence or clause is quoted instead.
        clear = parts and (max(p for p, _ in parts) >= CLAUSE_AT
                           or _SENTENCE_END.search(self.span_texts[0]))
        own = parts if clear else [(whole, self.span_texts[0]), *parts]
        scored = [*own, *extra]
        top = max(score for score, _ in scored)
        return min((text for score, text in scored if score >= top - EVIDENCE_SLACK), key=len)

    def quotes(self) -> list[str]:
        """Each idea's words: the shortest unit of this answer (or an earlier one) whose
        P(states) is within EVIDENCE_SLACK of the best."""
        judged = self._judged()
        earlier = (self.judged_earlier[:, :, STATES] if self.judged_earlier is not None
                   else np.zeros((0, judged.shape[1])))
        return [self._clause(i, STATES, float(judged[0, i, STATES]),
                             [(float(p), q) for p, q in zip(earlier[:, i], self.earlier_quotes,
                                                            strict=True)])
                for i in range(judged.shape[1])]

    def misconception(self, authored: list[str]) -> str | None:
        """A known misconception the judge says this answer states more surely than any idea
        (its authored words), else
        the learner's clause that contradicts an idea; None when neither."""
        if self.judged_wrong is not None and self.judged_wrong.size:
            stated = self.judged_wrong[0, :, STATES]
            j = int(np.argmax(stated))
            # The judge also leans to "states" for a misconception in the ideas' own words
            # (0.70 for a right answer): it is named only when it reads better than any idea.
            if stated[j] >= STATES_AT and stated[j] > float(self._judged()[0, :, STATES].max()):
                return authored[j]
        against = self._judged()[0, :, CONTRADICTS]
        if not len(against) or float(against.max()) < CONTRADICTS_AT:
            return None
        i = int(np.argmax(against))
        return self._clause(i, CONTRADICTS, float(against[i]))

    def best(self) -> npt.NDArray[np.float64]:
        """Each idea's best stage-one coverage over this answer and the earlier ones."""
        best: npt.NDArray[np.float64] = self._rows().max(axis=0)
        return best

    def misconception_words(self, j: int) -> str | None:
        """The shortest span of this answer that states misconception `j` nearly as well as
        the best one (EVIDENCE_SLACK), for the feedback to quote and check for a denial."""
        if self.misconceptions is None:
            return None
        column = self.misconceptions[:, j]
        close = np.flatnonzero(column >= float(column.max()) - EVIDENCE_SLACK)
        return min((self.span_texts[int(i)] for i in close), key=len)

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
                 decider: Decider | None = None, judge: Judge | None = None) -> None:
        self._embedder = embedder
        self._combiner = combiner
        self._decider = decider
        self._judge = judge
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
            a.judged_checkpoint = probabilities[at: at + len(a.checkpoint)]
            at += len(a.checkpoint)
        spans_wanted = [(a, idea) for a in analyses for idea in a.to_read()]
        pairs = [(a.ideas[idea], unit) for a, idea in spans_wanted for unit in a.unit_texts[1:]]
        probabilities = self._judge_model().score(pairs)
        at = 0
        for a, idea in spans_wanted:
            n = len(a.unit_texts) - 1
            a.span_reads[idea] = probabilities[at: at + n]
            at += n

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

    def _decide(self, request: GradeRequest, analysis: Analysis) -> Verdict:
        decider = self._stage_two()
        score = decider.probability(analysis.features())
        best, evidence = analysis.covered(), analysis.quotes()
        covered = [KeyIdea(idea=idea, evidence=words)
                   for idea, words, b in zip(analysis.ideas, evidence, best, strict=True)
                   if b >= STATES_AT]
        # What a tutor would ask about: the needed ideas not shown; extra credit only when
        # every needed one is shown.
        stated = {i for i, b in enumerate(best) if b >= STATES_AT}
        if any(set(g) <= stated for g in analysis.alternatives):
            missing = []
        else:
            missing = [analysis.ideas[i] for i in analysis.needed() if i not in stated]
        authored = [m.text for m in request.misconceptions]
        misconception = analysis.misconception(authored)
        # An authored mix-up is quoted in the learner's closest words; otherwise the judge's
        # misconception already is the learner's clause that contradicts an idea.
        said_wrong = (analysis.misconception_words(authored.index(misconception))
                      if misconception in authored else misconception)
        advanced = score >= decider.cut
        if not advanced and misconception in {m.text for m in request.misconceptions}:
            # The answer reads more as the misconception than as any idea: what it seemed to
            # say of an idea is not counted (an earlier answer's still is).
            shown = analysis.earlier_covered()
            missing += [k.idea for k, s in zip(covered, shown, strict=True) if s < STATES_AT]
            covered = [k for k, s in zip(covered, shown, strict=True) if s >= STATES_AT]
        if advanced:
            misconception = None
            # Advanced on the answer as a whole: the group it comes closest to is what it
            # showed, each idea with the learner's words that read most like it.
            have = {k.idea for k in covered}
            covered += [KeyIdea(idea=analysis.ideas[i], evidence=evidence[i])
                        for i in analysis.group() if analysis.ideas[i] not in have]
        elif not missing:  # everything matched, yet not convincing: ask about the weakest
            group = analysis.group()  # needed idea, which is then not counted covered
            weakest = analysis.ideas[group[int(np.argmin(best[group]))]]
            missing = [weakest]
            covered = [k for k in covered if k.idea != weakest]
        # Held, but maybe right: near the cut, terse, or read by the judge as stating the
        # Checkpoint as a whole. Such an answer is asked for in full, not told it misses.
        unsure = not advanced and (score >= decider.cut - UNSURE_BAND
                                   or analysis.n_words < TERSE_WORDS
                                   or analysis.states_checkpoint() >= STATES_AT)
        return reply.verdict(request, covered=covered, missing=missing,
                             misconception=misconception, misconception_words=said_wrong,
                             score=score, advanced=advanced, unsure=unsure, grader=self.name,
                             clauses=analysis.near(), wary=analysis.wary())

    def _blocked(self, request: GradeRequest, reasons: list[str]) -> Verdict:
        return reply.blocked(request, reasons, key_ideas(request), self.name)
