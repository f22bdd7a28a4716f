"""How long the parsers take on hostile input: the figures the property tests used to assert.

tests/reliability/test_bad_input.py checks that every parser answers or refuses; it no longer
asserts wall-clock limits (2 s per example, 30 s for the PDF flate bomb), which failed on a
loaded machine. This prints, per parser, the slowest and the median example over the same
hypothesis strategies, and the time to refuse the PDF flate bomb, each next to the old limit.

    python bench/robustness.py [--examples 300]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")

import django  # noqa: E402

django.setup()

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.reliability.test_bad_input import BYTES, NAMES, TEXT  # noqa: E402
from trienkhai.textmine.codes import find_codes, parse_code  # noqa: E402
from trienkhai.textmine.extract import extract  # noqa: E402
from trienkhai.textmine.files import read_text_bytes  # noqa: E402

LIMIT_S = 2.0  # per example, the old assertion
PDF_LIMIT_S = 30.0


def measure(fn, strategies, examples: int) -> list[float]:
    samples: list[float] = []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.tuples(*strategies))
    def run(args):
        t = time.perf_counter()
        try:
            fn(*args)
        except Exception:  # the tests judge the answers; here only the time counts
            pass
        samples.append(time.perf_counter() - t)

    run()
    return samples


def flate_bomb() -> bytes:
    stream = zlib.compress(b" " * (512 * 1024 * 1024), 9)
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length " + str(len(stream)).encode() + b"/Filter/FlateDecode>>stream\n"
        b"" + stream + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300)
    args = parser.parse_args()
    cases = [
        ("parse_code", parse_code, (TEXT,)),
        ("find_codes", lambda t: list(find_codes(t)), (TEXT,)),
        ("extract", extract, (TEXT,)),
        ("read_text_bytes", read_text_bytes, (BYTES, NAMES)),
    ]
    print(f"Parsers on hypothesis examples ({args.examples} each); old limit {LIMIT_S:.1f} s per example")
    for label, fn, strategies in cases:
        s = measure(fn, strategies, args.examples)
        worst = max(s)
        flag = "OVER" if worst >= LIMIT_S else "ok"
        print(
            f"  {label:<18} median {statistics.median(s) * 1000:8.2f} ms  slowest {worst * 1000:8.2f} ms  {flag}"
        )
    pdf = flate_bomb()
    t = time.perf_counter()
    out = None
    try:
        read_text_bytes(pdf, "bomb.pdf")
    except Exception as exc:
        out = type(exc).__name__
    seconds = time.perf_counter() - t
    flag = "OVER" if seconds >= PDF_LIMIT_S else "ok"
    print(
        f"  PDF flate bomb     refused with {out} in {seconds:.2f} s (old limit {PDF_LIMIT_S:.0f} s)  {flag}"
    )


if __name__ == "__main__":
    main()
