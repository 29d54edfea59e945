"""What the local grader measures about an answer against a reference: one vector of numbers.

The same code computes the features when the combiner is fitted on SemEval-2013
(`evals/local_grader/fit_combiner.py`) and when an answer is graded, so the weights
shipped in `data/combiner.json` always meet the features they were fitted on.

Three families, each known from short-answer grading:
- sentence similarity (cosine of MiniLM sentence vectors) to the reference and the question;
- token alignment (BERTScore-style recall and precision of contextual token vectors), also
  with the question's words "demoted", since echoing the question is not knowing the answer;
- lexical overlap of content stems, negation parity and length.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tutor.grading.embedded.embedder import DIMENSIONS, Encoded
from tutor.grading.text import NEGATIONS, STOPWORDS, content_stems, words

Array = npt.NDArray[np.float32]

SCALAR_NAMES: tuple[str, ...] = (
    "cos_ref_max", "cos_ref_mean", "cos_question", "cos_ref_minus_question",
    "lex_recall_best", "lex_recall_all", "lex_precision", "lex_question_only", "lex_novel",
    "negation_mismatch", "log_words", "no_content",
    "align_recall", "align_precision", "align_f1", "align_recall_new", "align_precision_new",
    "new_token_share", "align_question",
)
#: The answer's and the reference's sentence vectors compared dimension by dimension
#: (product and absolute gap, as in InferSent): which directions of meaning agree.
INTERACTION_NAMES: tuple[str, ...] = tuple(f"product_{i}" for i in range(DIMENSIONS)) + tuple(
    f"gap_{i}" for i in range(DIMENSIONS))
NAMES: tuple[str, ...] = SCALAR_NAMES + INTERACTION_NAMES
_COLUMN = {name: i for i, name in enumerate(SCALAR_NAMES)}


@dataclass(frozen=True)
class Prepared:
    """An encoded text with what the features need precomputed."""

    encoded: Encoded
    content: npt.NDArray[np.bool_]  # which tokens carry meaning
    token_set: frozenset[str]
    stems: frozenset[str]
    negated: bool
    n_words: int


def prepare(encoded: Encoded) -> Prepared:
    """Precompute the per-text parts of the features (done once per reference)."""
    tokens = [t.lower() for t in encoded.tokens]
    content = np.array(
        [(t.isalnum() and t not in STOPWORDS and t not in NEGATIONS) or t.startswith("##")
         for t in tokens], dtype=bool)
    found = words(encoded.text)
    negations = sum(w in NEGATIONS or w.endswith("n't") for w in found)
    return Prepared(encoded=encoded, content=content, token_set=frozenset(tokens),
                    stems=frozenset(content_stems(encoded.text)), negated=negations % 2 == 1,
                    n_words=len(found))


def _mean_best(similarity: Array, rows: npt.NDArray[np.bool_]) -> float:
    """Mean over the selected rows of each row's best match (0 when nothing to match)."""
    if similarity.size == 0 or not rows.any():
        return 0.0
    return float(similarity.max(axis=1)[rows].mean())


def _alignment(answer: Prepared, ref: Prepared, question: Prepared) -> list[float]:
    states = answer.encoded.states
    if len(states) == 0 or len(ref.encoded.states) == 0:
        return [0.0] * 6
    sim = ref.encoded.states @ states.T  # (ref tokens, answer tokens)
    ref_new = ref.content & np.array(
        [t.lower() not in question.token_set for t in ref.encoded.tokens], dtype=bool)
    ans_new = answer.content & np.array(
        [t.lower() not in question.token_set for t in answer.encoded.tokens], dtype=bool)
    recall = _mean_best(sim, ref.content)
    precision = _mean_best(sim.T, answer.content)
    f1 = 2 * recall * precision / max(recall + precision, 1e-9)
    recall_new = _mean_best(sim, ref_new) if ref_new.any() else recall
    precision_new = _mean_best(sim.T, ans_new) if ans_new.any() else 0.0
    new_share = float(ans_new.sum()) / max(int(answer.content.sum()), 1)
    return [recall, precision, f1, recall_new, precision_new, new_share]


def features(answer: Prepared, refs: Sequence[Prepared], question: Prepared) -> Array:
    """The feature vector (in `NAMES` order) of one answer against alternative references."""
    vectors = np.stack([r.encoded.vector for r in refs])
    cos = vectors @ answer.encoded.vector
    best = int(np.argmax(cos))
    cos_q = float(answer.encoded.vector @ question.encoded.vector)
    a, q = answer.stems, question.stems
    union = frozenset().union(*(r.stems for r in refs))
    n_a = max(len(a), 1)
    recall_best = max(len(a & r.stems) / max(len(r.stems), 1) for r in refs)
    aligned = max((_alignment(answer, r, question) for r in refs), key=lambda f: f[2])
    if len(answer.encoded.states) and len(question.encoded.states):
        align_q = _mean_best(answer.encoded.states @ question.encoded.states.T, answer.content)
    else:
        align_q = 0.0
    row = [
        float(cos.max()), float(cos.mean()), cos_q, float(cos.max()) - cos_q,
        recall_best, len(a & union) / max(len(union), 1), len(a & union) / n_a,
        len((a & q) - union) / n_a, len(a - q - union) / n_a,
        float(answer.negated != refs[best].negated), math.log1p(answer.n_words), float(not a),
        *aligned, align_q,
    ]
    ref = refs[best].encoded.vector
    return np.concatenate([np.asarray(row, dtype=np.float32), answer.encoded.vector * ref,
                           np.abs(answer.encoded.vector - ref)]).astype(np.float32)


def token_range(encoded: Encoded, start: int, end: int) -> tuple[int, int] | None:
    """The tokens of `encoded` that lie between two character offsets, as a slice's bounds."""
    keep = [i for i, (a, b) in enumerate(encoded.offsets) if a >= start and b <= end]
    return (keep[0], keep[-1] + 1) if keep else None


def span(encoded: Encoded, start: int, end: int) -> Encoded | None:
    """The part of an encoded text between two character offsets, without a new forward pass.

    Its token states keep the whole answer's context; its sentence vector is their mean.
    """
    bounds = token_range(encoded, start, end)
    if bounds is None:
        return None
    first, last = bounds
    states = encoded.states[first:last]
    mean = states.mean(axis=0)
    vector = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
    return Encoded(text=encoded.text[start:end], vector=vector,
                   tokens=encoded.tokens[first:last],
                   offsets=encoded.offsets[first:last], states=states)


def _not_in(tokens: Sequence[str], vocabulary: frozenset[str]) -> npt.NDArray[np.bool_]:
    return np.fromiter((t.lower() not in vocabulary for t in tokens), dtype=bool, count=len(tokens))


@dataclass(frozen=True)
class References:
    """Alternative references and the question, with their side of the features done once.

    A step's references are the same for every answer and every span of an answer, so the
    grader builds this once per step instead of once per span.
    """

    refs: tuple[Prepared, ...]
    question: Prepared
    vectors: Array  # (refs, 384) sentence vectors
    states: Array  # every ref's token states, stacked
    edges: npt.NDArray[np.intp]  # ref k's rows of `states` are edges[k]:edges[k+1]
    content: npt.NDArray[np.bool_]  # per stacked token: carries meaning
    new: npt.NDArray[np.bool_]  # ...and is not a word of the question
    has_new: npt.NDArray[np.bool_]  # per ref: any such token
    tokens_everywhere: bool  # every ref has tokens (else the slow path, which handles none)


def references(refs: Sequence[Prepared], question: Prepared) -> References:
    """Precompute the reference side of `features_against`."""
    vectors = (np.stack([r.encoded.vector for r in refs]) if refs
               else np.zeros((0, DIMENSIONS), dtype=np.float32))
    lengths = [len(r.encoded.states) for r in refs]
    edges = np.cumsum([0, *lengths])
    states = (np.concatenate([r.encoded.states for r in refs]) if refs
              else np.zeros((0, DIMENSIONS), dtype=np.float32))
    content = (np.concatenate([r.content for r in refs]) if refs else np.zeros(0, dtype=bool))
    new = content & _not_in([t for r in refs for t in r.encoded.tokens], question.token_set)
    has_new = (np.add.reduceat(new.astype(np.int32), edges[:-1]) > 0 if refs and min(lengths)
               else np.zeros(len(refs), dtype=bool))
    return References(refs=tuple(refs), question=question, vectors=vectors, states=states,
                      edges=edges, content=content, new=new, has_new=has_new,
                      tokens_everywhere=bool(refs) and min(lengths) > 0)


def features_against(answer: Prepared, refs: Sequence[Prepared] | References,
                     question: Prepared | None = None) -> Array:
    """`features(answer, [ref], question)` for each ref, as rows, computed in one pass."""
    if not isinstance(refs, References):
        if question is None:
            raise TypeError("features_against needs the question with bare references")
        refs = references(refs, question)
    return features_of_parts(answer, [answer], [(0, len(answer.encoded.tokens))], refs)


def features_of_parts(answer: Prepared, parts: Sequence[Prepared],
                      bounds: Sequence[tuple[int, int]], block: References) -> Array:
    """`features(part, [ref], question)` for each part of one answer and each ref, part by part.

    Each part is a run of the answer's tokens (`bounds`, as from `token_range`): the whole
    answer and its sentences and clauses. They share the answer's one forward pass, so one
    similarity matrix serves them all and the per-part work is a few masked reductions.
    """
    refs, question = block.refs, block.question
    n_parts, n_refs = len(parts), len(refs)
    states = answer.encoded.states
    edges = block.edges
    if not n_refs or not n_parts:
        return np.zeros((n_parts * n_refs, len(NAMES)), dtype=np.float32)
    if len(states) == 0 or not block.tokens_everywhere or len(question.encoded.states) == 0:
        # Something without tokens (an answer of punctuation, say): the reference features.
        return np.stack([features(part, [ref], question) for part in parts for ref in refs])
    member = np.zeros((n_parts, len(states)), dtype=bool)
    for k, (first, last) in enumerate(bounds):
        member[k, first:last] = True
    content = member & answer.content
    new = content & _not_in(answer.encoded.tokens, question.token_set)
    n_content = content.sum(axis=1)
    n_new = new.sum(axis=1)

    sim = block.states @ states.T  # (ref tokens, answer tokens)
    # Each part is a run of tokens: its best match per ref token is a max over a slice.
    row_best = np.full((n_parts, len(sim)), -np.inf, dtype=sim.dtype)  # (parts, ref tokens)
    for k, (first, last) in enumerate(bounds):
        if last > first:
            row_best[k] = sim[:, first:last].max(axis=1)
    recall = _segment_means(row_best, block.content, edges)
    recall_new = np.where(block.has_new, _segment_means(row_best, block.new, edges), recall)
    col_best = np.maximum.reduceat(sim, edges[:-1], axis=0)  # (refs, answer tokens)
    precision = _part_means(content, n_content, col_best)
    precision_new = _part_means(new, n_new, col_best)
    f1 = 2 * recall * precision / np.maximum(recall + precision, 1e-9)
    new_share = n_new / np.maximum(n_content, 1)
    q_best = (states @ question.encoded.states.T).max(axis=1)  # (answer tokens,)
    align_q = np.where(n_content > 0, (content @ q_best) / np.maximum(n_content, 1), 0.0)

    vectors = np.stack([part.encoded.vector for part in parts])  # (parts, 384)
    cos = vectors @ block.vectors.T  # (parts, refs)
    cos_q = vectors @ question.encoded.vector
    out = np.zeros((n_parts, n_refs, len(NAMES)), dtype=np.float32)
    scalars = len(SCALAR_NAMES)
    out[:, :, scalars : scalars + DIMENSIONS] = vectors[:, None, :] * block.vectors[None]
    out[:, :, scalars + DIMENSIONS :] = np.abs(vectors[:, None, :] - block.vectors[None])
    col = _COLUMN
    out[:, :, col["cos_ref_max"]] = out[:, :, col["cos_ref_mean"]] = cos
    out[:, :, col["cos_question"]] = cos_q[:, None]
    out[:, :, col["cos_ref_minus_question"]] = cos - cos_q[:, None]
    for name, values in (("align_recall", recall), ("align_precision", precision),
                         ("align_f1", f1), ("align_recall_new", recall_new),
                         ("align_precision_new", precision_new)):
        out[:, :, col[name]] = values
    out[:, :, col["new_token_share"]] = new_share[:, None]
    out[:, :, col["align_question"]] = align_q[:, None]
    lexical = slice(col["lex_recall_best"], col["negation_mismatch"] + 1)
    q = question.stems
    for i, part in enumerate(parts):
        a = part.stems
        n_a = max(len(a), 1)
        out[i, :, col["log_words"]] = math.log1p(part.n_words)
        out[i, :, col["no_content"]] = float(not a)
        a_q = a & q
        for k, ref in enumerate(refs):
            stems = ref.stems
            shared = len(a & stems) / max(len(stems), 1)
            out[i, k, lexical] = (shared, shared, len(a & stems) / n_a,
                               len(a_q - stems) / n_a, len(a - q - stems) / n_a,
                               float(part.negated != ref.negated))
    flat: Array = out.reshape(n_parts * n_refs, len(NAMES))
    return flat


def _segment_means(values: Array, mask: npt.NDArray[np.bool_],
                   edges: npt.NDArray[np.intp]) -> Array:
    """Per row of `values`, the mean of the masked entries within each segment (0 when none)."""
    sums = np.add.reduceat(np.where(mask, values, 0.0), edges[:-1], axis=1)
    counts = np.add.reduceat(mask.astype(np.float32), edges[:-1])
    means: Array = np.where(counts > 0, sums / np.maximum(counts, 1), 0.0).astype(np.float32)
    return means


def _part_means(mask: npt.NDArray[np.bool_], counts: npt.NDArray[np.intp],
                col_best: Array) -> Array:
    """Per part and ref, the mean of `col_best` over the part's masked tokens (0 when none)."""
    sums = mask.astype(np.float32) @ col_best.T  # (parts, refs)
    means: Array = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None],
                            0.0).astype(np.float32)
    return means
