"""CI ratchet for report understanding.

Runs the corpus scorer over the extractor (`trienkhai extract --format jsonl`) and
fails when any field's F1 falls below the floor recorded in docs/benchmarks.md on
the line that starts with ``ratchet:`` (e.g. ``ratchet: doc_refs=0.995 dates=0.99``).

    python bench/ratchet.py --gold ../shared/corpus/dev
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def floors() -> dict[str, float]:
    text = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    line = next((ln for ln in text.splitlines() if ln.strip().startswith("ratchet:")), "")
    return {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, required=True)
    args = ap.parse_args()
    scorer = args.gold.parent / "score.py"
    exe = Path(sys.executable).with_name("trienkhai")
    cmd = f"{exe} extract --format jsonl"
    # The command is the venv's, but the code scored is this checkout's (a worktree's too).
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    proc = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(args.gold), "--cmd", cmd],
        capture_output=True,
        text=True,
        env=env,
    )
    print(proc.stdout)
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return proc.returncode
    summary = next(ln for ln in proc.stdout.splitlines() if ln.startswith("summary "))
    got = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", summary)}
    failed = [
        f"{k}: {got.get(k, 0):.3f} < floor {v:.3f}" for k, v in floors().items() if got.get(k, 0) + 1e-9 < v
    ]
    if failed:
        print("ratchet FAILED:\n  " + "\n  ".join(failed))
        return 1
    print("ratchet ok: every field at or above its recorded floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
