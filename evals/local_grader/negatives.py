"""Hard negatives made by rule from reference sentences (any lesson, any SemEval question).

Each maker takes the reference sentences of one step or question (its expectations, or its
reference answers) and returns (idea, answer, label, kind) pairs for the judge, written by
rule from those sentences alone: no lesson's words are in this file, and nothing here was
written for, or read from, a test set. Kinds (see issue 22):

- `negated_forms`: each sentence negated in several forms ("not", "never", "no longer",
  "isn't really", "doesn't"), where its grammar lets a rule do it: contradicts;
- `relation_swap`: the subject of one sentence with the predicate of another (a property
  given to the wrong cause or effect): states neither;
- `role_swap`: the sentence's first and last content nouns exchanged: states neither;
- `step_salad`: the content words of all the step's sentences shuffled into one line:
  states neither;
- `padded_keyword`: an off-topic paragraph (e-SNLI caption sentences) that merely uses one
  of the sentence's key words: states neither;
- `padded_wrong`: the negated sentence inside an off-topic paragraph: contradicts;
- `right_then_wrong`: one sentence stated, then another negated: the first is stated, the
  second contradicted;
- `misconception_copy` (lessons only): an authored misconception stated reads as stating
  it, and a right sentence reads as not stating it.
"""

from __future__ import annotations

import json
import random
import re
from functools import lru_cache
from pathlib import Path

STATES, CONTRADICTS, NEITHER = 0, 1, 2
Pair = tuple[str, str, int, str]

ESNLI = Path("/work/shared/data/esnli")

_AUX = ("is", "are", "was", "were", "can", "will", "does", "do", "did", "has", "have",
        "should", "would", "could", "must")
_CONTRACTED = {"is": "isn't", "are": "aren't", "was": "wasn't", "were": "weren't",
               "can": "can't", "will": "won't", "does": "doesn't", "do": "don't",
               "did": "didn't", "has": "hasn't", "have": "haven't", "should": "shouldn't",
               "would": "wouldn't", "could": "couldn't", "must": "mustn't"}
_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their",
                          "his", "her", "our", "your", "my", "each", "every", "some", "any",
                          "no"})
_STOP = frozenset("""a an the and or but if of to in on at by for with from as is are was were be
been being it its this that these those there their they them he she his her we you your i my me
our not no so than then do does did done has have had can could will would should may might must
which who what when where why how all any each both some such into out up down over under about
also very more most just only own same too because while""".split())  # noqa: SIM905
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_NEGATION = re.compile(r"\b(not|never|no longer)\b|n't\b", re.IGNORECASE)


def _words(sentence: str) -> list[str]:
    return sentence.rstrip(" .").split()


def _finish(words: list[str]) -> str:
    text = " ".join(words)
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith((".", "!", "?")) else text + "."


def _verb_at(words: list[str]) -> tuple[int, bool] | None:
    """(index, is an auxiliary) of the sentence's first verb, found by rule: the first
    auxiliary, else the first -s word after a non-determiner (a third-person verb)."""
    for i, w in enumerate(words):
        if w.lower() in _AUX and i > 0:
            return i, True
    for i, w in enumerate(words[1:], start=1):
        low = w.lower()
        if (low.endswith("s") and not low.endswith(("ss", "'s", "us", "is")) and len(low) > 3
                and low not in _STOP and words[i - 1].lower() not in _DETERMINERS
                and i + 1 < len(words)):
            return i, False
    return None


def _base(verb: str) -> str:
    """The base form of a third-person -s verb ("gives" -> "give", "carries" -> "carry")."""
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "xes", "sses", "zes")):
        return verb[:-2]
    return verb[:-1]


def negated_forms(sentence: str) -> list[str]:
    """The sentence negated in every form its grammar allows by rule (none when a negation
    is already there: taking one out is `train.negate`'s job)."""
    if _NEGATION.search(sentence):
        return []
    words = _words(sentence)
    found = _verb_at(words)
    if found is None:
        return []
    i, aux = found
    head, verb, rest = words[:i], words[i], words[i + 1:]
    if aux:
        low = verb.lower()
        forms = [[*head, verb, "not", *rest], [*head, verb, "never", *rest],
                 [*head, verb, "no", "longer", *rest], [*head, _CONTRACTED[low], "really", *rest]]
    else:
        base = _base(verb)
        forms = [[*head, "does", "not", base, *rest], [*head, "never", verb, *rest],
                 [*head, "no", "longer", verb, *rest], [*head, "doesn't", "really", base, *rest]]
    return [_finish(f) for f in forms]


def _split(sentence: str) -> tuple[list[str], list[str]] | None:
    """(subject, predicate from the verb on) of a sentence, by `_verb_at`."""
    words = _words(sentence)
    found = _verb_at(words)
    if found is None or found[0] == 0 or len(words) - found[0] < 2:
        return None
    return words[: found[0]], words[found[0]:]


def _content(sentence: str) -> list[str]:
    return [w for w in _WORD.findall(sentence) if w.lower() not in _STOP and len(w) > 2]


def relation_swaps(sentences: list[str]) -> list[Pair]:
    """Subject of one sentence with the predicate of another, read against both."""
    out: list[Pair] = []
    parts = [(s, _split(s)) for s in sentences]
    for a, pa in parts:
        for b, pb in parts:
            if a == b or pa is None or pb is None:
                continue
            if {w.lower() for w in pa[0]} == {w.lower() for w in pb[0]}:
                continue  # same subject: the swap would restate b
            swapped = _finish([*pa[0], *pb[1]])
            out += [(a, swapped, NEITHER, "relation_swap"), (b, swapped, NEITHER, "relation_swap")]
    return out


def role_swap(sentence: str) -> str | None:
    """The sentence with its first and last content words exchanged, or None."""
    words = _words(sentence)
    idx = [i for i, w in enumerate(words) if w.lower().strip(",;:") not in _STOP
           and len(w) > 3 and w.isalpha()]
    if len(idx) < 3:
        return None
    i, j = idx[0], idx[-1]
    if words[i].lower() == words[j].lower():
        return None
    words = list(words)
    words[i], words[j] = words[j].lower(), words[i].lower()
    return _finish(words)


@lru_cache(maxsize=1)
def off_topic_sentences() -> tuple[str, ...]:
    """Caption sentences from e-SNLI (Camburu et al. 2018, MIT; SNLI captions, CC BY-SA 4.0):
    a pool of everyday, off-topic text to pad with."""
    out: list[str] = []
    for path in sorted(ESNLI.glob("snli-*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                text = " ".join(json.loads(line)["premise"].split()).replace(" .", ".")
                if 20 <= len(text) <= 140:
                    out.append(text if text.endswith(".") else text + ".")
    return tuple(dict.fromkeys(out))


_KEYWORD_FRAMES = (
    "Everyone kept talking about the {kw} all afternoon.",
    "Honestly, the {kw} was the best part of the trip.",
    "My aunt says the {kw} matters most when you cook a stew slowly.",
    "We argued about {kw} at dinner and then watched a film.",
    "The teacher wrote '{kw}' on the board and then talked about football.",
    "I read somewhere that {kw} is popular this year.",
)


def padded(sentence: str, rng: random.Random) -> list[Pair]:
    """An off-topic paragraph that uses one of the sentence's key words (neither), and one
    with the sentence's negation inside (contradicts)."""
    pool = off_topic_sentences()
    words = _content(sentence)
    if not pool or not words:
        return []
    keyword = rng.choice(words).lower()
    filler = rng.sample(pool, 2)
    frame = rng.choice(_KEYWORD_FRAMES).format(kw=keyword)
    out: list[Pair] = [(sentence, f"{filler[0]} {frame} {filler[1]}", NEITHER, "padded_keyword")]
    negations = negated_forms(sentence)
    if negations:
        wrong = rng.choice(negations)
        out.append((sentence, f"{filler[0]} {wrong} {filler[1]}", CONTRADICTS, "padded_wrong"))
    return out


def step_salad(sentences: list[str], rng: random.Random) -> list[Pair]:
    """The content words of all the sentences, shuffled: read against each of them."""
    words = list(dict.fromkeys(w.lower() for s in sentences for w in _content(s)))
    if len(words) < 4:
        return []
    rng.shuffle(words)
    salad = " ".join(words[: min(len(words), 14)])
    return [(s, salad, NEITHER, "step_salad") for s in sentences]


def right_then_wrong(sentences: list[str], rng: random.Random) -> list[Pair]:
    """One sentence, then another negated: the first stated, the second contradicted."""
    out: list[Pair] = []
    for a in sentences:
        others = [b for b in sentences if b != a and negated_forms(b)]
        if not others:
            continue
        b = rng.choice(others)
        wrong = rng.choice(negated_forms(b))
        answer = f"{a.rstrip('.')}. But {wrong[0].lower()}{wrong[1:]}"
        out += [(a, answer, STATES, "right_then_wrong"), (b, answer, CONTRADICTS,
                                                          "right_then_wrong")]
    return out


def for_sentences(sentences: list[str], rng: random.Random) -> list[Pair]:
    """Every kind above for the reference sentences of one step or question."""
    out: list[Pair] = []
    for s in sentences:
        out += [(s, n, CONTRADICTS, "negated_forms") for n in negated_forms(s)]
        swapped = role_swap(s)
        if swapped is not None:
            out.append((s, swapped, NEITHER, "role_swap"))
        out += padded(s, rng)
    out += relation_swaps(sentences)
    out += step_salad(sentences, rng)
    out += right_then_wrong(sentences, rng)
    return out


def for_misconceptions(ideas: list[str], wrong: list[str]) -> list[Pair]:
    """An authored misconception stated reads as stating it; a right sentence does not."""
    out: list[Pair] = [(m, m, STATES, "misconception_copy") for m in wrong]
    out += [(m, idea, NEITHER, "misconception_copy") for m in wrong for idea in ideas]
    return out
