"""The test suite's wall time in one process and on pytest-xdist workers, measured in one run
(issue 14 point 8). Prints both times, their ratio and each run's test counts. Not a test: it
never fails on timing; it exits 1 only when a run had failures or the two runs did not run the
same tests.

    .venv/bin/python bench/suite.py                       # the whole suite: -n 2, then -n 0; idle machine
    .venv/bin/python bench/suite.py --workers 4           # compare with 4 workers instead of 2
    .venv/bin/python bench/suite.py --slice tests/test_svg_numbers.py trienkhai/textmine
    .venv/bin/python bench/suite.py --only-parallel       # skip the serial run (the counts only)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trienkhai_bench .venv/bin/python bench/suite.py

Each run is `python -m pytest -q -n 0|N` on the same paths (default: the configured testpaths,
what `make test` runs), counted from its JUnit XML. The machine's load average is printed
before and after: with other work on the machine the ratio means little.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def counts(junit: Path) -> dict[str, int]:
    """tests, failures, errors, skipped: summed over the report's test suites."""
    tree = ET.parse(junit)  # noqa: S314 (pytest's own report)
    suites = [tree.getroot()] if tree.getroot().tag == "testsuite" else tree.getroot().findall("testsuite")
    out = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in suites:
        for key in out:
            out[key] += int(suite.get(key, 0))
    out["passed"] = out["tests"] - out["failures"] - out["errors"] - out["skipped"]
    return out


def run(paths: list[str], workers: int, extra: list[str]) -> tuple[float, dict[str, int], int]:
    with tempfile.TemporaryDirectory(prefix="bench-suite-") as tmp:
        junit = Path(tmp) / "junit.xml"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            str(workers),
            f"--junitxml={junit}",
            *extra,
            *paths,
        ]
        print("$", " ".join(command[1:]), flush=True)
        started = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
        wall = time.monotonic() - started
        tail = [line for line in done.stdout.splitlines() if line.strip()][-1:] or ["(no output)"]
        print("  ", tail[0], flush=True)
        if done.returncode not in (0, 1):
            print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
        found = counts(junit) if junit.exists() else dict.fromkeys(("tests", "passed"), 0)
        if junit.exists():
            slowest(junit)
        return wall, found, done.returncode


def slowest(junit: Path, n: int = 15) -> None:
    """A run's slowest tests and slowest files (on workers, each test's own time on its worker)."""
    tree = ET.parse(junit)  # noqa: S314 (pytest's own report)
    cases = [
        (float(c.get("time", 0)), f"{c.get('classname')}::{c.get('name')}") for c in tree.iter("testcase")
    ]
    cases.sort(reverse=True)
    print(f"   slowest {n} tests:")
    for seconds, name in cases[:n]:
        print(f"   {seconds:8.1f} s  {name}")
    per_file: dict[str, float] = {}
    for seconds, name in cases:
        module = name.split("::")[0].rsplit(".", 1)[0] if "." in name.split("::")[0] else name
        per_file[module] = per_file.get(module, 0.0) + seconds
    print("   slowest modules:")
    for module, seconds in sorted(per_file.items(), key=lambda kv: -kv[1])[:n]:
        print(f"   {seconds:8.1f} s  {module}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--slice", nargs="+", default=[], metavar="PATH", help="test paths (default: the suite)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="xdist workers of the parallel run (default 2)"
    )
    parser.add_argument("--only-parallel", action="store_true", help="skip the serial run")
    parser.add_argument(
        "pytest_args", nargs="*", help="after --: passed to both runs (e.g. -m 'not browser')"
    )
    args = parser.parse_args()

    print(f"cores: {os.cpu_count()}, load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = {}
    # The parallel run first: it is the shorter, and its slowest tests show at once what holds it.
    results[f"{args.workers} workers"] = run(args.slice, args.workers, args.pytest_args)
    if not args.only_parallel:
        results["serial"] = run(args.slice, 0, args.pytest_args)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    print(f"\n{'run':<12} {'wall s':>8} {'tests':>6} {'passed':>7} {'skipped':>8} {'failed':>7}")
    for name, (wall, c, _rc) in results.items():
        failed = c.get("failures", 0) + c.get("errors", 0)
        print(
            f"{name:<12} {wall:>8.1f} {c['tests']:>6} {c['passed']:>7} {c.get('skipped', 0):>8} {failed:>7}"
        )
    problems = [name for name, (_w, _c, rc) in results.items() if rc != 0]
    if "serial" in results:
        (parallel, p_counts, _), (serial, s_counts, _) = results.values()
        print(f"\nparallel / serial: {parallel / serial:.2f} (target for issue 14.8: under 0.50)")
        if s_counts["tests"] != p_counts["tests"]:
            problems.append(f"the runs ran {s_counts['tests']} and {p_counts['tests']} tests")
    if problems:
        print("not comparable / failing:", "; ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
