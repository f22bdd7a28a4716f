"""Throughput and peak memory of ``trienkhai.textmine.extract``.

Builds a large input by repeating the development passages (read at run time
from ../shared/corpus/dev, never copied into the project), then times the full
extraction (normalisation included, file parsing excluded).

    python bench/textmine_speed.py [--chars 10000000] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trienkhai.textmine.extract import extract  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def build_input(corpus: Path, chars: int) -> str:
    texts = [json.loads(f.read_text(encoding="utf-8"))["text"] for f in sorted(corpus.glob("*.json"))]
    if not texts:
        sys.exit(f"no passages in {corpus}")
    block = "\n\n".join(texts)
    reps = chars // len(block) + 1
    return ("\n\n".join([block] * reps))[:chars]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=10_000_000)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    args = ap.parse_args()
    text = build_input(args.corpus, args.chars)
    print(f"input: {len(text):,} characters")
    extract(text[:200_000])  # warm up (regex compilation, caches)
    gc.collect()
    t0 = time.perf_counter()
    ex = extract(text)
    dt = time.perf_counter() - t0
    print(f"extract: {dt:.2f} s, {len(text) / dt:,.0f} characters/second")
    print(f"found: {len(ex.doc_refs)} doc refs, {len(ex.persons)} persons, {len(ex.dates)} dates, "
          f"{len(ex.percents)} percents")
    del ex
    gc.collect()
    if not args.no_memory:
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        ex = extract(text)
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        print(f"peak memory during extract (tracemalloc, input excluded): {peak / 1048576:.1f} MB")
        del ex
    try:
        import resource

        print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")
    except ImportError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
