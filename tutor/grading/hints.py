"""The tutor's next question: the author's script when there is one, else a generic one.

AutoTutor's order: if the answer states a known misconception, its question comes first
(once); otherwise the first missing expectation's question at the current rung (pump, hint,
prompt; at the assertion rung, its assertion). A rung the author left empty borrows the
nearest authored question not yet asked.

Without a script the question is built from the step's own Question and the learner's own
words, never from a fragment of the rubric: it quotes the part of the Question the answer
has touched least, or a clause the learner wrote, each a whole sentence. It is one of a
repertoire of moves per rung (pumps, a contrast, a counter-example, a question about the
Task, fill-ins), picked by step so that one learner meets a different move at each step.
Wording lives in `prompts/hints/<rung>.j2`; nothing here knows any lesson. So does the line
that names a stated mix-up (`name_mix_up`, `prompts/hints/mixup.j2`), which both graders use.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tutor.grading import leaks
from tutor.grading.text import (
    STOPWORDS,
    content_stems,
    is_content,
    longest_common_run,
    sentences,
    words,
)
from tutor.grading.verdict import LADDER, GradeRequest, Rung
from tutor.prompts import render

#: A hint leaks the Checkpoint when it repeats a run of this many consecutive Checkpoint
#: content words (stemmed, stopwords skipped): three content words in a row state a claim
#: ("rare words split"), two only name a topic ("rare words").
LEAK_RUN = 3
#: ...or when it contains this share of the Checkpoint's distinct content words (and at
#: least LEAK_MIN_WORDS of them), however they are arranged.
LEAK_SHARE = 0.5
LEAK_MIN_WORDS = 4
#: The longest part of the Question or of the learner's answer a generic hint quotes.
QUOTE_WORDS = 30
#: A clause of the learner's this short says too little to build a question on.
MIN_SAID_WORDS = 3


def leaks_checkpoint(hint: str, checkpoint: str) -> bool:
    """True when `hint` restates the Checkpoint (see LEAK_RUN and LEAK_SHARE)."""
    rubric = content_stems(leaks.rubric_body(checkpoint))
    said = content_stems(hint)
    if not rubric or not said:
        return False
    if longest_common_run(said, rubric) >= LEAK_RUN:
        return True
    shared = set(rubric) & set(said)
    return len(shared) >= LEAK_MIN_WORDS and len(shared) >= LEAK_SHARE * len(set(rubric))


@dataclass(frozen=True)
class Question:
    """The tutor's next question and the expectation or misconception it is aimed at."""

    text: str
    target: str | None


def _asked(request: GradeRequest) -> set[str]:
    """The questions asked so far, without a lead-in that opened one (`question_of`)."""
    return {question_of(a.hint) for a in request.previous if a.hint}


def question_of(hint: str) -> str:
    """A hint's question: the hint without the lead-in on the learner's words, if any."""
    return _LEAD.sub("", hint, count=1)


def _scripted(request: GradeRequest, rung: Rung, target: str) -> str | None:
    """The author's words for `target` at `rung`, or the nearest authored question not yet
    asked (a later rung before an earlier one: it narrows rather than repeats)."""
    script = request.script_for(target)
    if script is None:
        return None
    if rung is Rung.ASSERTION:
        return script.assertion
    asked = _asked(request)
    position = LADDER.index(rung)
    order = [LADDER[position], *LADDER[position + 1:-1], *reversed(LADDER[:position])]
    for candidate in order:
        text = script.question(candidate.value)
        if text and (candidate is rung or text not in asked):
            return text
    return None


def next_question(request: GradeRequest, rung: Rung, missing: Sequence[str],
                  misconception: str | None = None, said: str | None = None) -> Question:
    """The question for `rung`: the stated misconception's (once), else the first missing
    expectation's; `said` is the learner's own words the grader credited, if any."""
    asked = _asked(request)
    target = next(iter(missing), None)
    if misconception is not None:
        known = next((m for m in request.misconceptions if m.text == misconception), None)
        if known is not None and known.hint and known.hint not in asked:
            return Question(known.hint, misconception)
        # No question of the author's for it, or no author (a clause the judge read as going
        # against an idea, on a step with no script for the idea): a counter-example to the
        # learner's claim, once.
        unscripted = known is None and (target is None or request.script_for(target) is None)
        if rung is not Rung.ASSERTION and (unscripted or (known and not known.hint)):
            text = render("hints/misconception.j2", authored=known is not None,
                          variant=_variant(request, misconception))
            if text not in asked:
                return Question(text, misconception if known is not None else target)
    if target is not None:
        scripted = _scripted(request, rung, target)
        if scripted:
            return Question(scripted, target)
    return Question(generic_question(request, rung, said, target), target)


def templated_hint(request: GradeRequest, rung: Rung, missing_idea: str | None) -> str:
    """A question for `rung` aimed at `missing_idea` (else the step's first expectation)."""
    missing = [missing_idea] if missing_idea else list(request.expectations)
    return next_question(request, rung, missing).text


def option_question(request: GradeRequest) -> str:
    """A question about the option the learner chose, naming it (never the expected one)."""
    return render("hints/option.j2", option=request.choice)


def generic_question(request: GradeRequest, rung: Rung, said: str | None = None,
                     target: str | None = None) -> str:
    """A question with no script: about the part of the Question the answer has touched
    least, building on the learner's own words, or, at the hint rung, pointing back to the
    line of the step's explanation nearest the missing idea; whole sentences only, never a
    fragment of the rubric."""
    part, quoted = _untouched_part(request), _quotable(said, request.checkpoint)
    reading = _reading_quote(request, target) if rung is Rung.HINT and not quoted else None
    return _generic(rung, part, quoted, _variant(request, quoted or part or ""),
                    _task_quote(request), reading)


_POSSESSIVE = re.compile(r"['’]s\b")
# Markdown emphasis, code and links in an explanation, kept as their text when quoted.
_MARKUP = re.compile(r"\*\*([^*]+)\*\*|__([^_]+)__|`([^`]+)`|\[([^\]]+)\]\([^)]*\)")


def _unmarked(text: str) -> str:
    return _MARKUP.sub(lambda m: next(g for g in m.groups() if g), text.strip())


def _reading_quote(request: GradeRequest, target: str | None) -> str | None:
    """The sentence of the step's explanation that shares most content words with the
    missing idea and the Checkpoint, when it quotes whole and repeats no run of the
    rubric: a tutor sends the learner back to the text before saying anything more."""
    def stems(text: str) -> set[str]:
        return set(content_stems(_POSSESSIVE.sub("", text)))

    aim = stems(f"{target or ''} {leaks.rubric_body(request.checkpoint)}")
    best: tuple[int, str] | None = None
    for sentence in _SENTENCE.split(_unmarked(request.explanation)):
        sentence = " ".join(sentence.split())
        shared = len(stems(sentence) & aim)
        if (shared and len(sentence.split()) <= QUOTE_WORDS and re.search(r"[A-Za-z]{2}", sentence)
                and not leaks.leaks(sentence, request.checkpoint)
                and not (target and leaks.leaks(sentence, target))
                and (best is None or shared > best[0])):
            best = (shared, sentence)
    if best is None:
        return None
    return _whole(best[1])


def _task_quote(request: GradeRequest) -> str | None:
    """The Task's first sentence, for a question about what the learner did, when it quotes
    whole and repeats no run of the rubric."""
    first = next(iter(_SENTENCE.split(request.task.strip())), "").strip()
    if (not first or len(first.split()) > QUOTE_WORDS or leaks.leaks(first, request.checkpoint)
            or not re.search(r"[A-Za-z]{2}", first)):
        return None
    return _whole(first)


#: Moves per rung of a generic question (the templates' `variant`; each template file
#: says which moves it has: pumps, a contrast, a counter-example, a question about the Task,
#: fill-ins). A lesson of up to this many steps meets each at most once a rung: `_variant`.
VARIANTS = 7


def _variant(request: GradeRequest, key: str) -> int:
    """Which move a generic question makes: by step, so that one learner's walk through a
    lesson meets a different move at each step (and the rung's own template differs from
    the other rungs'); with no step number, by the words quoted."""
    if request.step_number is not None:
        return request.step_number % VARIANTS
    return zlib.crc32(key.encode()) % VARIANTS


@lru_cache(maxsize=1024)
def _generic(rung: Rung, part: str | None, said: str | None, variant: int,
             task: str | None, reading: str | None = None) -> str:
    return render(f"hints/{rung.value}.j2", part=part, said=said, variant=variant, task=task,
                  reading=reading)


_QUESTION_WORDS = re.compile(
    r"^(?:why|how|what|which|who|whom|whose|when|where|whether|explain|describe|tell|say|"
    r"give|name|list|compare|predict|identify|suggest|state|show|use|is|are|does|do|did|can|"
    r"could|would|will|should)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.?!])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def _parts(question: str) -> list[str]:
    """The Question's sentences that ask something (a question or an instruction)."""
    found = [s.strip() for s in _SENTENCE.split(question.strip()) if s.strip()]
    asking = [s for s in found if s.endswith("?") or _QUESTION_WORDS.match(s)]
    return asking or found[-1:]


def _untouched_part(request: GradeRequest) -> str | None:
    """The asking sentence of the Question the answer (and the earlier ones) touched least,
    if it quotes whole and repeats no run of the rubric."""
    said = set(content_stems(" ".join([request.answer, *(a.answer for a in request.previous)])))
    best: tuple[float, int, str] | None = None
    for i, part in enumerate(_parts(request.question)):
        stems = content_stems(part)
        if (not stems or len(part.split()) > QUOTE_WORDS
                or leaks.leaks(part, request.checkpoint)):
            continue
        touched = len(set(stems) & said) / len(set(stems))
        if best is None or touched < best[0]:
            best = (touched, i, part)
    if best is None:
        return None
    return _whole(best[2])


def _quotable(said: str | None, checkpoint: str) -> str | None:
    """The learner's clause to build on: whole, of a sensible length, and not a run of the
    Checkpoint (quoting that back would read as the tutor's own statement of it)."""
    if not said:
        return None
    # A line break is where the learner's box wrapped or they pressed Enter, not the end of
    # a sentence: split at one, a clause would be quoted cut off ("Plants get energy from").
    clauses = [c for c in sentences(" ".join(said.split()))
               if MIN_SAID_WORDS <= len(c.split()) <= QUOTE_WORDS
               and not leaks.leaks(c, checkpoint) and re.search(r"[A-Za-z]{2}", c)]
    if not clauses:
        return None
    clause = _as_quote(max(clauses, key=lambda c: len(content_stems(c))))
    # A slip of the keyboard ("the the") is not the learner's point: quoted once.
    clause = _DOUBLED.sub(r"\1", clause).rstrip(".,;:!?… ")
    # Quoted inside a question, a long clause is cut as any quote is (`_clip`).
    return _clip(clause) if len(clause) > LEAD_CHARS + LEAD_SLACK else clause


_DOUBLED = re.compile(r"\b(\w+)(?:\s+\1\b)+", re.IGNORECASE)


# --- the learner's words, quoted ---------------------------------------------------------

#: The longest quote of the learner's words (feedback or question), in characters: past it
#: the clause is cut at a clause break, else at a word, with an ellipsis.
LEAD_CHARS = 60
#: A cut shorter than this says too little: cut at a word further on instead.
LEAD_MIN_CHARS = 18
#: A clause at most this much longer than LEAD_CHARS is quoted whole: better than a cut
#: a word or two before its end.
LEAD_SLACK = 15

_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’", '"': "'"})
# A lead-in as hints were once worded, a sentence quoting the learner before the question
# ("You wrote “…”. …"): earlier attempts in a resumed transcript may still carry one.
_LEAD = re.compile(r"^You (?:say|wrote) “[^”]*”[^.?!”]*\.\s+(?=\S)")
# Hedges and links that open a learner's clause: the claim starts after them.
_HEDGE = re.compile(
    r"^(?:(?:i|we)\s+(?:think|guess|believe|suppose|reckon|feel|would\s+say|'d\s+say)"
    r"(?:\s+that)?|maybe|perhaps|probably|basically|honestly|well|so|and|but|because|"
    r"it'?s\s+because|that'?s\s+because)\b[\s,:-]*", re.IGNORECASE)
# ...and hedges that close it ("…, I guess", "… or something").
_TRAILING_HEDGE = re.compile(
    r"[\s,;-]*\b(?:(?:i|we)\s+(?:think|guess|believe|suppose|reckon)|i'?m\s+not\s+sure|maybe|"
    r"probably|or\s+something(?:\s+like\s+that)?)\s*[.!?…]*\s*$", re.IGNORECASE)
# A clause about the learner, not the subject ("I'm lost", "no idea", "I've never seen one").
_ABOUT_ME = re.compile(r"^(?:i|i'm|im|i've|ive|i'd|i'll|me|my|idk|dunno|no\s+(?:idea|clue)|"
                       r"not\s+sure|sorry|honestly|can\s+(?:we|you|i))\b", re.IGNORECASE)
# A clause that points back at another ("That's why it works"): nothing of its own to quote.
_BACK_REFERENCE = re.compile(r"^(?:that|this|which|it)(?:'s|’s|\s+is|\s+was)?\s+(?:why|how)\b",
                             re.IGNORECASE)


def _unwrap(text: str) -> str:
    """`text` without spaces, double quotes or brackets around it, nor single quotes that
    wrap all of it (one that closes a quoted word at its end is kept: "… of 'bank'")."""
    text = text.strip().strip("\"“”()[] ")
    while len(text) > 1 and text[0] in "'‘" and text[-1] in "'’":
        text = text[1:-1].strip()
    return text


# The end of a sentence, with what may close it (a question mark is kept: not quoted).
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=\S)")
# A list of terms ("size, coverage, rare words, …"): nothing said about them to build on.
_TERM = r"[^,;.\s]+(?:\s+[^,;.\s]+){0,2}"  # one to three words
_LIST = re.compile(rf"^\s*{_TERM}(?:\s*[,;]\s*{_TERM}){{2,}}[,;.]?\s*$")
# Where a long clause may be cut: before a link word or after a comma, colon or dash.
_BREAK = re.compile(r"\s*(?:[,;:]|\s[-–—]\s|\s(?=(?:so|but|because|while|whereas|which|"
                    r"since|although|though|and)\s))", re.IGNORECASE)


def learner_quote(text: str | None, checkpoint: str, avoid: Sequence[str] = ()) -> str | None:
    """The learner's clause fit to open a hint with, else None.

    Tidy and short: one line, hedges ("I think") and a leading link word left out, a long
    clause cut at a clause break or at a word with an ellipsis (never after a function
    word). Not quoted: a question of the learner's, a remark about themselves ("no idea",
    "I'm lost"), too few words, and words that repeat a run of the Checkpoint or of an idea
    in `avoid` (still to be found: read back, the tutor would be stating it).
    """
    if not text:
        return None
    # Double quotes inside become single ones: the quote's own quotation marks stay paired.
    said = _unwrap(" ".join(unlisted(text).split())).translate(_INNER_QUOTES)
    said = _unwrap(_TRAILING_HEDGE.sub("", _HEDGE.sub("", said)))
    said = next(iter(_SENTENCE_END.split(said, maxsplit=1)), "")  # its first sentence
    if (not said or said.endswith("?") or _ABOUT_ME.match(said) or _LIST.match(said)
            or _BACK_REFERENCE.match(said)):
        return None
    said = _DOUBLED.sub(r"\1", said).rstrip(".!,;: ")
    if len(said) > LEAD_CHARS + LEAD_SLACK:
        said = _clip(said)
    found = words(said)
    if (len(found) < MIN_SAID_WORDS or sum(is_content(w) for w in found) < 2
            or not re.search(r"[A-Za-z]{2}", said)):
        return None
    if leaks.leaks(said, checkpoint) or any(leaks.leaks(said, idea) for idea in avoid):
        return None
    return said


# A list item's marker at the start of a line ("- ", "* ", "2. ", "b) ").
_MARKER = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)]|[a-z][)])\s+", re.MULTILINE)


def unlisted(text: str) -> str:
    """`text` without list markers: each item ends as a sentence, so a quote of the first
    stops at the end of it rather than running into the next ("- a; - b")."""
    if not _MARKER.search(text):
        return text
    items = [_MARKER.sub("", line).strip() for line in text.splitlines()]
    return " ".join(i if i[-1:] in ".!?" else i.rstrip(",;:") + "." for i in items if i)


_PUNCTUATION_BREAK = re.compile(r"\s*(?:[,;:]|\s[-–—]\s)\s*")


def mix_up_quote(said: str | None, misconception: str, checkpoint: str,
                 avoid: Sequence[str] = ()) -> str | None:
    """The learner's clause that states `misconception`, fit to quote (`learner_quote`): of
    their sentences and clauses, the one that shares most words with it."""
    if not said:
        return None
    flat = " ".join(unlisted(said).split())
    wanted = set(content_stems(misconception))
    # Clauses at punctuation only: cut at a link word, "king and queen get …" would be
    # quoted as "queen get …".
    parts = [p for s in sentences(flat) for p in (s, *_PUNCTUATION_BREAK.split(s))
             if p and p.strip()]
    # Ranked by what is left once quoted: a long clause cut short may lose the mix-up.
    quotes = [q for p in parts if (q := learner_quote(p, checkpoint, avoid))]
    if not quotes:
        return None
    return min(quotes, key=lambda q: (-len(set(content_stems(q.rstrip("…"))) & wanted),
                                      q.endswith("…"), len(q)))


def name_mix_up(request: GradeRequest, misconception: str, said: str | None,
                avoid: Sequence[str] = ()) -> str:
    """The feedback line that names a stated authored mix-up (`prompts/hints/mixup.j2`): in
    the learner's words (`said`, the words read as stating it, else their answer) and in
    the author's when those are other words; never in words that repeat the Checkpoint."""
    checkpoint = request.checkpoint
    quote = mix_up_quote(said or request.answer, misconception, checkpoint, avoid)
    named: str | None = misconception.strip()
    if leaks.leaks(misconception, checkpoint) or _same_words(quote, misconception):
        named = None
    text = render("hints/mixup.j2", quote=quote, named=named and _belief(named))
    if leaks.leaks(text, checkpoint):
        text = render("hints/mixup.j2", quote=None, named=None)
    return text


def _belief(statement: str) -> str:
    """An authored statement as quoted after "If you mean": without its final full stop."""
    return statement.strip().rstrip(".")


#: A quote says the mix-up in its own words when this share of the quote's words are in it.
SAME_WORDS = 0.6


def _same_words(quote: str | None, text: str) -> bool:
    if not quote:
        return False
    x, y = set(words(quote.rstrip("…"))), set(words(text))
    return bool(x and y) and len(x & y) >= SAME_WORDS * min(len(x), len(y))


def _clip(said: str) -> str:
    """`said` cut to LEAD_CHARS: at the last clause break that leaves LEAD_MIN_CHARS, else
    at the last word, never after a function word; an ellipsis marks the cut."""
    breaks = [m.start() for m in _BREAK.finditer(said, 0, LEAD_CHARS + LEAD_SLACK + 1)
              if LEAD_MIN_CHARS <= m.start() <= LEAD_CHARS + LEAD_SLACK]
    if breaks:
        head = said[:breaks[-1]]
    else:
        head = said[:LEAD_CHARS + 1].rsplit(" ", 1)[0]
        kept = head.split()
        while len(kept) > 1 and kept[-1].lower().strip(",;:-–—") in STOPWORDS:
            kept.pop()
        head = " ".join(kept)
    return head.rstrip(",;:-–— ") + "…"


def _whole(sentence: str) -> str:
    """A sentence to quote whole: `_as_quote`, ending on its own stop or a full stop."""
    quote = _as_quote(sentence)
    return quote if quote[-1:] in (".", "?", "!") else quote + "."


def _as_quote(text: str) -> str:
    """A sentence ready to sit inside quotation marks: no outer quotes or spaces."""
    return text.strip().strip("\"“”'‘’").strip()
