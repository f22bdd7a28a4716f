"""Throughput and peak memory of ``trienkhai.textmine.extract``.

Builds a large input by repeating the development passages (read at run time
from ../shared/corpus/dev, never copied into the project), then times the full
extraction (normalisation included, file parsing excluded).

    python bench/textmine_speed.py [--chars 10000000] [--corpus DIR] [--no-memory]

Prints wall time and CPU time (the one-core figure: it is what counts when the
machine is shared), the peak RSS growth of the process during one extraction,
and the tracemalloc peak of a second extraction.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trienkhai.textmine.extract import extract  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"


def _rss_mb() -> float | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576
    except (OSError, ValueError, AttributeError):
        return None


def _peak_rss_mb() -> float | None:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:
        return None


def build_input(corpus: Path, chars: int) -> str:
    texts = [json.loads(f.read_text(encoding="utf-8"))["text"] for f in sorted(corpus.glob("*.json"))]
    if not texts:
        sys.exit(f"no passages in {corpus}")
    block = "\n\n".join(texts) + "\n\n"
    reps, rest = divmod(chars, len(block))
    return block * reps + block[:rest]


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
    rss_before = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    ex = extract(text)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    peak_rss = _peak_rss_mb()
    print(
        f"extract: {dt:.2f} s wall, {dc:.2f} s CPU (one core); "
        f"{len(text) / dt:,.0f} characters/second wall, {len(text) / dc:,.0f} per CPU-second"
    )
    print(
        f"found: {len(ex.doc_refs)} doc refs, {len(ex.persons)} persons, {len(ex.dates)} dates, "
        f"{len(ex.percents)} percents"
    )
    if rss_before is not None and peak_rss is not None:
        print(
            f"RSS before extract {rss_before:.1f} MB, process peak RSS {peak_rss:.1f} MB "
            f"(growth during extract at most {peak_rss - rss_before:.1f} MB)"
        )
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
