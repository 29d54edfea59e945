"""What the local grader says: feedback and the next question, from the coverage it found.

The decision is made elsewhere (`grader.LocalGrader._decide`); this module only words it,
by these rules:
- praise only what the learner said and the grader credited, quoting the learner;
- before the reveal, never quote the Checkpoint or a missing idea (a learner's quote that
  repeats a run of the Checkpoint is not used: read back, it would state it);
- name a stated misconception and never praise it; an answer whose words deny the
  misconception (one says "not", the other does not) is not told it holds it;
- `missing` never holds an idea counted as covered;
- a buttons step whose chosen option is not the expected one is held, and the question is
  about that option.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tutor.grading import leaks
from tutor.grading.hints import (
    LeadKind,
    lead_in,
    learner_quote,
    next_question,
    option_question,
    question_of,
    with_lead,
)
from tutor.grading.text import (
    NEGATIONS,
    content_stems,
    is_content,
    stem,
    words,
)
from tutor.grading.verdict import Decision, GradeRequest, KeyIdea, Verdict
from tutor.prompts import render

#: The longest quote of the learner's the feedback shows.
QUOTE_CHARS = 90


def _negated(text: str) -> bool:
    return sum(w in NEGATIONS or w.endswith("n't") for w in words(text)) % 2 == 1


#: Words after a negation that make it "not only …": the claim is kept, not denied.
_NOT_ONLY = frozenset({"only", "just", "merely", "simply"})


def _negates_a_claim(said: str, misconception: str) -> bool:
    """True when a negation stands right before a word the misconception asserts ("it
    doesn't remember" against "the model remembers"), whatever else the learner negates."""
    claimed = set(content_stems(misconception))
    said_words = words(said)
    for i, word in enumerate(said_words):
        if word in NEGATIONS or word.endswith("n't"):
            after = said_words[i + 1:i + 4]
            if after and after[0] in _NOT_ONLY:
                continue
            following = [stem(w) for w in after if is_content(w)]
            if following and following[0] in claimed:
                return True
    return False


def denies(said: str, misconception: str) -> bool:
    """True when the learner's words say the opposite of the misconception: one of the two
    is negated and the other is not ("the model does not lie" against "the model lies"), or,
    against a plain claim, a negation governs one of its words (an answer may negate twice:
    "it doesn't remember it: once out of the window it cannot see it")."""
    if _negated(said) != _negated(misconception):
        return True
    return not _negated(misconception) and _negates_a_claim(said, misconception)


def _quote(text: str | None) -> str | None:
    """The learner's words, tidied and cut at a word with an ellipsis past QUOTE_CHARS."""
    if not text or not text.strip():
        return None
    text = " ".join(text.split()).strip("\"“”'‘’ ")
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text.rstrip(".")


def credited(covered: list[KeyIdea], checkpoint: str, answer: str) -> str | None:
    """The first credited words of this answer that do not repeat a run of the Checkpoint,
    tidied for the feedback to quote."""
    return _quote(_credited_words(covered, checkpoint, answer))


def _credited_words(covered: list[KeyIdea], checkpoint: str, answer: str) -> str | None:
    """The first credited words of this answer that do not repeat a run of the Checkpoint,
    as the learner wrote them.

    Words credited from an earlier answer are not quoted: the learner has moved on from
    them, and an earlier answer may be the very mix-up the tutor questioned.
    """
    flat = " ".join(answer.split())
    for idea in covered:
        evidence = " ".join((idea.evidence or "").split())
        if evidence and evidence in flat and not leaks.leaks(evidence, checkpoint):
            return evidence
    return None


#: Two quotes overlap when this share of the shorter one's words is in the other.
OVERLAP = 0.6


def _overlaps(a: str | None, b: str | None) -> bool:
    """True when quotes `a` and `b` are largely the same words (one cut from the other)."""
    if not a or not b:
        return False
    x, y = set(words(a.rstrip("…"))), set(words(b.rstrip("…")))
    return bool(x and y) and len(x & y) >= OVERLAP * min(len(x), len(y))


def _lead(request: GradeRequest, *, mix_up: str | None, said: str | None, partly: bool,
          clauses: Sequence[str], shown: str | None,
          avoid: Sequence[str]) -> tuple[LeadKind, str] | None:
    """What the hint opens on, of this learner's words: the stated mix-up (named, never
    praised), else the words the grader credited, else their clause nearest the step; never
    words the feedback already quotes (`shown`) nor a quote that would not read well
    (`learner_quote`)."""
    checkpoint = request.checkpoint
    if mix_up:
        quote = learner_quote(mix_up, checkpoint, avoid)
        return ("mix-up", quote) if quote else None
    # Credited words of more than one sentence are not said to hold in a quote of their
    # first: that sentence may be the one that is wrong.
    if said and len(re.split(r"(?<=[.!?])\s+(?=\S)", said.strip())) == 1:
        quote = learner_quote(said, checkpoint, avoid)
        if quote and not _overlaps(quote, shown):
            return "credited", quote
    if said or partly:  # the feedback praises part of the answer: another quote would read
        return None     # as the part it praises
    for clause in clauses:
        quote = learner_quote(clause, checkpoint, avoid)
        if quote and not _overlaps(quote, shown):
            return "said", quote
    return None


def filled_in(request: GradeRequest) -> tuple[str, str] | None:
    """(expectation, expected words) when the tutor's last question was a script's fill-in
    prompt and this answer gives the words it expects (AutoTutor's prompt completion)."""
    last = request.previous[-1].hint if request.previous else None
    if not last:
        return None
    last = question_of(last)
    for script in request.scripts:
        if script.prompt == last and script.expect:
            wanted = words(script.expect)
            said = words(request.answer)
            if wanted and any(said[i:i + len(wanted)] == wanted for i in range(len(said))):
                return script.text, script.expect
    return None


def _enough(request: GradeRequest, covered: set[str]) -> bool:
    """True when the covered ideas make up a group the step needs (`needs`; all by default)."""
    ideas = request.expectations
    return any(all(ideas[i] in covered for i in g) for g in request.needed_groups())


def _in_answer(covered: list[KeyIdea], answer: str) -> bool:
    """True when some credited words are in this answer (not only in an earlier one)."""
    flat = " ".join(answer.split())
    return any(k.evidence and " ".join(k.evidence.split()) in flat for k in covered)


def wrong_option(request: GradeRequest) -> str | None:
    """The chosen option when the author expects another one."""
    expected, chosen = request.expected_choice, request.choice
    return chosen if expected and chosen and chosen != expected else None


def verdict(request: GradeRequest, *, covered: list[KeyIdea], missing: list[str],
            misconception: str | None, misconception_words: str | None, score: float,
            advanced: bool, unsure: bool, grader: str, clauses: Sequence[str] = (),
            wary: bool = False) -> Verdict:
    """The verdict, worded: feedback, the next question and what it is aimed at.

    The hint opens on this learner's own words (`_lead`), which the feedback then does not
    quote again: said twice, one reply would read "“X” is a common mix-up. You wrote “X”."
    `clauses` are the learner's clauses nearest the step, nearest first (the grader's).
    """
    filled = None if advanced else filled_in(request)
    if filled is not None and filled[0] not in {k.idea for k in covered}:
        covered = [*covered, KeyIdea(idea=filled[0], evidence=request.answer.strip())]
    covered_ideas = {k.idea for k in covered}
    missing = [m for m in missing if m not in covered_ideas]
    if misconception is not None and misconception_words and denies(misconception_words,
                                                                     misconception):
        misconception = None
    option = wrong_option(request)
    if filled is not None and option is None and misconception is None and _enough(
            request, covered_ideas):
        # The fill-in gave the last needed idea (AutoTutor's prompt completion): with what
        # the learner showed before, that is what the step asks for.
        advanced = True
    if option is not None:
        advanced = False
    if advanced:
        misconception = None
    said = credited(covered, request.checkpoint, request.answer)
    # `wary`: the answer may also state a known mix-up (the grader's reading of it is close).
    # Then nothing of it is said to hold: the idea it seemed to state may be the mix-up.
    partly = _in_answer(covered, request.answer) and not wary
    if wary and not advanced:
        said = None
    authored = misconception in {m.text for m in request.misconceptions}
    quote = _quote(misconception_words) if misconception else None
    if quote and leaks.leaks(quote, request.checkpoint):
        # The learner's mix-up in the Checkpoint's own words ("X, but not Y"): quoted, it
        # would hand back the Checkpoint's wording before the reveal.
        quote = None
    targets = missing or [e for e in request.expectations if e not in covered_ideas]
    lead = None
    if misconception and not authored:
        # A clause read as going against an idea: nothing else of the answer is said to
        # hold beside it (the credited words may be that very clause).
        said = None
    elif not advanced and option is None and filled is None:
        lead = _lead(request, mix_up=misconception_words if authored and misconception else None,
                     said=None if wary else _credited_words(covered, request.checkpoint,
                                                            request.answer),
                     partly=partly, clauses=clauses, shown=quote,
                     avoid=targets)
    feedback = render("local/feedback.j2", flagged=False, reasons=[], advanced=advanced,
                      unsure=unsure, wrong_option=option, misconception=misconception,
                      quote=None if lead and lead[0] == "mix-up" else quote,
                      authored=authored,
                      credited=None if lead and lead[0] == "credited" else said,
                      partly=partly,
                      lead=lead[0] if lead else None, filled=filled[1] if filled else None)
    hint = target = None
    if not advanced:
        if option is not None:
            hint, target = option_question(request), next(iter(targets), None)
        else:
            question = next_question(request, request.rung, targets, misconception,
                                     None if lead else said)
            hint = with_lead(lead_in(*lead) if lead else None, question.text,
                             request.checkpoint)
            target = question.target
    return Verdict(
        decision=Decision.ADVANCE if advanced else Decision.HINT,
        score=min(max(score, 0.0), 1.0), covered=covered, missing=[] if advanced else missing,
        misconception=misconception, feedback=feedback, hint=hint, hint_target=target,
        rung=None if advanced else request.rung, grader=grader)


def blocked(request: GradeRequest, reasons: list[str], ideas: list[str], grader: str) -> Verdict:
    """A verdict for an answer the guard would not grade: why, and the step's first question."""
    feedback = render("local/feedback.j2", flagged=True, reasons=reasons)
    question = next_question(request, request.rung, ideas)
    return Verdict(decision=Decision.HINT, score=0.0, missing=ideas, feedback=feedback,
                   hint=question.text, hint_target=question.target, rung=request.rung,
                   grader=grader)
