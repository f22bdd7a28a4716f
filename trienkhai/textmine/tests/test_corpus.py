"""Run the extractor over the shared development corpus and hold the F1 floors.

The passages are read at run time from ../shared/corpus/dev; nothing of them
is stored in the project. Skipped when the corpus is not there.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from trienkhai.textmine.extract import extract

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
FLOORS = {
    "doc_refs": 0.99,
    "percents": 0.99,
    "dates": 0.99,
    "doc_dates": 0.90,
    "persons": 0.90,
    "titles": 0.80,
}

pytestmark = pytest.mark.skipif(
    not (CORPUS / "dev").is_dir() or not (CORPUS / "score.py").is_file(), reason="shared corpus not available"
)


def _scorer():
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_f1_floors():
    score = _scorer()
    passages = [json.loads(f.read_text(encoding="utf-8")) for f in sorted((CORPUS / "dev").glob("*.json"))]
    assert passages
    tp = dict.fromkeys(score.FIELDS, 0)
    fp = dict(tp)
    fn = dict(tp)
    for p in passages:
        g = score.sets_from(p["gold"])
        o = score.sets_from(extract(p["text"]).to_dict())
        for f in score.FIELDS:
            tp[f] += len(g[f] & o[f])
            fp[f] += len(o[f] - g[f])
            fn[f] += len(g[f] - o[f])
    f1 = {}
    for f in score.FIELDS:
        prec = tp[f] / (tp[f] + fp[f]) if tp[f] + fp[f] else 0.0
        rec = tp[f] / (tp[f] + fn[f]) if tp[f] + fn[f] else 0.0
        f1[f] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    low = {f: round(f1[f], 3) for f, floor in FLOORS.items() if f1[f] < floor}
    assert not low, f"F1 below floor: {low} (all: {f1})"
