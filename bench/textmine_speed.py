"""Throughput and peak memory of ``trienkhai.textmine.extract``.

Builds a large input by repeating the development passages (read at run time
from ../shared/corpus/dev, never copied into the project), then times the full
extraction (normalisation included, file parsing excluded).

    python bench/textmine_speed.py [--chars 10000000] [--corpus DIR] [--no-memory] [--pdf]

Prints wall time and CPU time (the one-core figure: it is what counts when the
machine is shared), the peak RSS growth of the process during one extraction,
and the tracemalloc peak of a second extraction. With ``--pdf`` it also lays the input
out as PDF pages (lines wrapped at 90 characters, 45 a page, a running header and a page
number) and times ``reflow_pages`` and the extraction of its output: the path of an
uploaded PDF.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trienkhai.textmine.extract import extract  # noqa: E402
from trienkhai.textmine.files import reflow_pages  # noqa: E402

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


def build_pages(corpus: Path, chars: int) -> list[str]:
    """The passages as a PDF's text layer gives them: wrapped lines, headers, page numbers."""
    texts = [json.loads(f.read_text(encoding="utf-8"))["text"] for f in sorted(corpus.glob("*.json"))]
    lines: list[str] = []
    for para in "\n".join(texts).split("\n"):
        lines.extend(textwrap.wrap(para, 90) or [""])
    pages = [
        "Đảng ủy phường Cẩm Thủy - báo cáo thử\n" + "\n".join(lines[i : i + 45]) + f"\nTrang {i // 45 + 1}"
        for i in range(0, len(lines), 45)
    ]
    size = sum(map(len, pages))
    return pages * max(1, round(chars / size))


def time_pdf(corpus: Path, chars: int) -> None:
    pages = build_pages(corpus, chars)
    n = sum(map(len, pages))
    t0, c0 = time.perf_counter(), time.process_time()
    text = reflow_pages(pages)
    dt_r, dc_r = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    extract(text)
    dt, dc = time.perf_counter() - t0 + dt_r, time.process_time() - c0 + dc_r
    print(
        f"pdf: {len(pages):,} pages, {n:,} characters; reflow {dc_r:.2f} s CPU "
        f"({n / dc_r:,.0f} characters/CPU-second); reflow + extract {dt:.2f} s wall, {dc:.2f} s CPU: "
        f"{n / dt:,.0f} characters/second wall, {n / dc:,.0f} per CPU-second"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, default=10_000_000)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    ap.add_argument("--pdf", action="store_true", help="also time reflow_pages + extract on PDF-like pages")
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
    if args.pdf:
        gc.collect()
        time_pdf(args.corpus, args.chars)
    return 0


if __name__ == "__main__":
    sys.exit(main())
