"""Persons: our extractor vs underthesea's NER, on the development passages.

Reads the passages at run time from ../shared/corpus/dev (never copied into
the project), scores person names the way ../shared/corpus/score.py does
(its own normalisation, imported by path) and prints precision / recall / F1
and characters per second for both. underthesea is a benchmark-only
dependency (``pip install underthesea``); when it is missing or its model
cannot load offline, that is said clearly and only our figures are printed.

    python bench/extract.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trienkhai.textmine.extract import extract  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def load_scorer(corpus: Path):
    path = corpus.parent / "score.py"
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def prf(gold_sets, pred_sets):
    tp = sum(len(g & p) for g, p in zip(gold_sets, pred_sets, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold_sets, pred_sets, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold_sets, pred_sets, strict=True))
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return P, R, F


def underthesea_persons(ner, text: str) -> list[str]:
    names = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        cur: list[str] = []
        for tok in ner(line):
            word, tag = tok[0], tok[-1]
            if tag == "B-PER":
                if cur:
                    names.append(" ".join(cur))
                cur = [word]
            elif tag == "I-PER" and cur:
                cur.append(word)
            else:
                if cur:
                    names.append(" ".join(cur))
                cur = []
        if cur:
            names.append(" ".join(cur))
    return names


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.json"))
    if not files:
        print(f"no passages in {args.corpus}")
        return 1
    scorer = load_scorer(args.corpus)
    passages = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    chars = sum(len(p["text"]) for p in passages)
    gold = [scorer.sets_from(p["gold"])["persons"] for p in passages]
    print(f"{len(passages)} passages, {chars:,} characters")

    t0 = time.perf_counter()
    ours = [scorer.sets_from({"persons": extract(p["text"]).persons})["persons"] for p in passages]
    dt = time.perf_counter() - t0
    P, R, F = prf(gold, ours)
    print(
        f"{'ours':12} persons P={P:.3f} R={R:.3f} F1={F:.3f}   {chars / dt:12,.0f} chars/s (full extraction)"
    )

    try:
        from underthesea import ner  # type: ignore[import-not-found]

        ner("Khởi động mô hình.")  # load the model before timing
    except Exception as exc:  # ImportError, or the model cannot be fetched offline
        print(f"underthesea: NOT AVAILABLE ({type(exc).__name__}: {exc}); only our figures are shown.")
        return 0
    t0 = time.perf_counter()
    theirs = [
        scorer.sets_from({"persons": [{"name": n} for n in underthesea_persons(ner, p["text"])]})["persons"]
        for p in passages
    ]
    dt = time.perf_counter() - t0
    P, R, F = prf(gold, theirs)
    print(
        f"{'underthesea':12} persons P={P:.3f} R={R:.3f} F1={F:.3f}   {chars / dt:12,.0f} chars/s (NER only)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
