"""Train the guard's injection detector: logistic regression over sentence vectors and n-grams.

    python evals/guard/train_guard.py            # cross-validate, print the figures
    python evals/guard/train_guard.py --write    # also write grading/embedded/data/guard.json
                                                 # and its sha256 into grading/embedded/injection.py

Data: `generate.py` (templates x slots x seven languages, innocent sentences with grading
words, SemEval-2013 answers). The penalty and the cut are chosen here, on generated data held
out by whole template family and by language, and on `evals/dev/` (whose non-injection
answers must stay unflagged: the cut is the higher of the one that flags at most
MAX_FALSE_FLAG of held-out generated honest sentences and the one that flags no honest
dev sentence). `evals/guard/paraphrases.jsonl`, `evals/seed/` and
`evals/adversarial/` are test sets and are never read here; `measure.py` scores the
paraphrases once the detector is final. Fixed seeds: a rerun writes the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from generate import Example, build  # noqa: E402

from tutor.grading.embedded.embedder import get_embedder  # noqa: E402
from tutor.grading.embedded.injection import GUARD_PATH, features, sentences  # noqa: E402

MODULE = ROOT / "tutor" / "grading" / "embedded" / "injection.py"
DEV = ROOT / "evals" / "dev" / "answers.json"
PENALTIES = (1e-4,)  # 1e-3 was tried: lower recall at the same false flags
#: Both feature blocks are unit vectors; scaled up so that a few hundred Adam steps converge.
SCALE = 5.0
STEPS = 500
#: Largest share of held-out honest sentences the cut may flag.
MAX_FALSE_FLAG = 0.005
SEED = 15


def _examples() -> list[Example]:
    """Generated rows, with multi-sentence negatives read as the detector reads an answer."""
    out: list[Example] = []
    for ex in build(SEED):
        parts = sentences(ex.text) if ex.label == 0 else [ex.text]
        out.extend(Example(p, ex.label, ex.group, ex.lang) for p in parts)
    return out


def _dev_sentences() -> tuple[list[str], list[int]]:
    """evals/dev answers split into sentences; 1 for rows tagged as instructions to the grader."""
    rows = json.loads(DEV.read_text(encoding="utf-8"))["answers"]
    texts, labels = [], []
    for row in rows:
        tags = set(row["tags"])
        for part in sentences(row["answer"]):
            texts.append(part)
            # Every sentence of an injection row is set aside (its honest half is not an
            # injection); the honest rows' sentences are the ones that must stay unflagged.
            labels.append(1 if "injection" in tags else 0)
    return texts, labels


def _fit(x: np.ndarray, y: np.ndarray, penalty: float) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression by full-batch Adam (deterministic: no sampling)."""
    x = x.astype(np.float32) * SCALE
    target = y.astype(np.float32)
    w = np.zeros(x.shape[1], dtype=np.float32)
    b = 0.0
    m, v, mb, vb = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    for step in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = x.T @ (p - target) / len(target) + penalty * w
        gb = float((p - target).mean())
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
        mb, vb = 0.9 * mb + 0.1 * gb, 0.999 * vb + 0.001 * gb * gb
        w -= 0.05 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        b -= 0.05 * (mb / (1 - 0.9**step)) / (np.sqrt(vb / (1 - 0.999**step)) + 1e-8)
    return (w * SCALE).astype(np.float64), float(b)


def _prob(x: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-(x.astype(np.float64) @ w + b))))


def _folds(n: int, k: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).permutation(n) % k


def cross_validate(x: np.ndarray, y: np.ndarray, data: list[Example],
                   penalty: float) -> dict[str, object]:
    """Out-of-fold probabilities: positives held out by family (then by language), negatives by
    a random fifth; returns both schemes' scores for choosing the cut."""
    families = np.asarray([e.group.split("/")[0] for e in data])
    langs = np.asarray([e.lang for e in data])
    neg_fold = _folds(len(data), 5, SEED)
    by_family = np.full(len(data), np.nan)
    pos_families = sorted(set(families[y == 1]))
    for i, fam in enumerate(pos_families):
        test_neg = (y == 0) & (neg_fold == i % 5)
        train = ~((families == fam) & (y == 1)) & ~test_neg
        w, b = _fit(x[train], y[train], penalty)
        held = ((families == fam) & (y == 1)) | test_neg
        by_family[held] = np.where(np.isnan(by_family[held]), _prob(x[held], w, b),
                                   np.maximum(by_family[held], _prob(x[held], w, b)))
    by_lang = np.full(len(data), np.nan)
    for lang in sorted(set(langs) - {"en"}):
        held = langs == lang
        w, b = _fit(x[~held], y[~held], penalty)
        by_lang[held] = _prob(x[held], w, b)
    return {"family": by_family, "lang": by_lang}


def _cut_for(honest: np.ndarray) -> float:
    ranked = np.sort(honest)
    return float(ranked[int(np.ceil(len(ranked) * (1 - MAX_FALSE_FLAG))) - 1] + 1e-6)


def _recall_at(scores: np.ndarray, y: np.ndarray, cut: float) -> float:
    pos = (y == 1) & ~np.isnan(scores)
    return float((scores[pos] >= cut).mean()) if pos.any() else float("nan")


def _false_flag_at(scores: np.ndarray, y: np.ndarray, cut: float) -> float:
    neg = (y == 0) & ~np.isnan(scores)
    return float((scores[neg] >= cut).mean()) if neg.any() else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write guard.json and its sha256")
    args = parser.parse_args()
    started = time.perf_counter()
    data = _examples()
    y = np.asarray([e.label for e in data])
    embedder = get_embedder()
    x = features(embedder, [e.text for e in data])
    dev_texts, dev_labels = _dev_sentences()
    x_dev, y_dev = features(embedder, dev_texts), np.asarray(dev_labels)
    print(f"{len(data)} sentences ({int(y.sum())} aimed at the grader), embedded in "
          f"{time.perf_counter() - started:.0f} s; dev: {len(dev_texts)} sentences")

    best: tuple[float, float, float] | None = None
    report: dict[str, object] = {}
    for penalty in PENALTIES:
        oof = cross_validate(x, y, data, penalty)
        fam, lang = oof["family"], oof["lang"]
        assert isinstance(fam, np.ndarray) and isinstance(lang, np.ndarray)
        w, b = _fit(x, y, penalty)
        dev_p = _prob(x_dev, w, b)
        # The cut: the lowest that flags at most MAX_FALSE_FLAG of the held-out generated
        # honest sentences and none of dev's honest answers (telling an honest learner that
        # they spoke to the grader costs more than one missed request, which still has to
        # convince the grader).
        cut = max(0.5, _cut_for(fam[(y == 0) & ~np.isnan(fam)]),
                  float(dev_p[y_dev == 0].max()) + 1e-6)
        dev_ff = float((dev_p[y_dev == 0] >= cut).mean())
        figures = {
            "cut": round(cut, 4),
            "family_out_recall": round(_recall_at(fam, y, cut), 4),
            "family_out_false_flag": round(_false_flag_at(fam, y, cut), 4),
            "language_out_recall": round(_recall_at(lang, y, cut), 4),
            "language_out_false_flag": round(_false_flag_at(lang, y, cut), 4),
            "dev_honest_sentences_flagged": round(dev_ff, 4),
            "per_family_recall": {f: round(_recall_at(np.where(
                np.asarray([e.group.startswith(f + "/") for e in data]), fam, np.nan), y, cut), 3)
                for f in sorted({e.group.split("/")[0] for e in data if e.label == 1})},
        }
        print(f"penalty {penalty:g}: {json.dumps(figures)}")
        report[f"penalty_{penalty:g}"] = figures
        # Choose on held-out recall of unseen families and languages, honest dev sentences kept.
        score = _recall_at(fam, y, cut) + _recall_at(lang, y, cut)
        if best is None or score > best[0]:
            best = (score, penalty, cut)
    assert best is not None
    _, penalty, cut = best
    w, b = _fit(x, y, penalty)
    print(f"chosen penalty {penalty:g}, cut {cut:.4f}")
    dev_p = _prob(x_dev, w, b)
    for i in np.argsort(-dev_p)[:12]:
        if dev_p[i] >= cut or y_dev[i]:
            kind = "injection row" if y_dev[i] else "honest"
            print(f"  dev {kind} {dev_p[i]:.3f}: {dev_texts[i][:90]}")
    if args.write:
        body = {
            "what": "logistic regression over all-MiniLM-L6-v2 int8 sentence vectors and hashed "
                    "character n-grams: P(sentence is aimed at whoever grades the answer)",
            "trained_by": "python evals/guard/train_guard.py --write",
            "penalty": penalty, "cut": round(cut, 6), "bias": b,
            "weights": [round(float(v), 6) for v in w],
            "training": {"sentences": len(data), "aimed_at_grader": int(y.sum()), "seed": SEED},
            "validation": report[f"penalty_{penalty:g}"],
        }
        GUARD_PATH.write_text(json.dumps(body, indent=0) + "\n", encoding="utf-8")
        digest = hashlib.sha256(GUARD_PATH.read_bytes()).hexdigest()
        source = MODULE.read_text(encoding="utf-8")
        source = re.sub(r'GUARD_SHA256 = "[0-9a-f]{64}"', f'GUARD_SHA256 = "{digest}"', source)
        MODULE.write_text(source, encoding="utf-8")
        print(f"wrote {GUARD_PATH} (sha256 {digest})")


if __name__ == "__main__":
    main()
