"""Command line: ``python -m trienkhai.textmine [--format json|jsonl] FILE…`` and
``python -m trienkhai.textmine parse-code "Kế hoạch số 0091- KH/TU"``."""

from __future__ import annotations

import argparse
import json
import sys

from trienkhai.textmine.codes import CodeError, parse_code
from trienkhai.textmine.extract import extract
from trienkhai.textmine.files import FileError, read_text_file

__all__ = ["cli_main"]


def _parse_code_cmd(args: list[str]) -> int:
    if not args:
        print('Cách dùng: parse-code "SỐ HIỆU VĂN BẢN"', file=sys.stderr)
        return 2
    try:
        doc = parse_code(" ".join(args))
    except CodeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    d = doc.as_dict()
    out = {k: d[k] for k in ("number", "type", "issuer", "code", "system", "kind", "year")}
    out["key"] = d["key"]
    print(json.dumps(out, ensure_ascii=False))
    return 0


def _one(path: str) -> dict[str, object]:
    try:
        text = read_text_file(path)
        return extract(text).to_dict(source=path)
    except FileError as exc:
        return {"source": path, "error": str(exc)}
    except Exception as exc:  # one bad file must not stop the others
        return {"source": path, "error": f"Lỗi khi xử lý tệp: {type(exc).__name__}: {exc}"}


def cli_main(argv: list[str]) -> int:
    """Run the command line; returns the exit status."""
    argv = list(argv)
    if argv and argv[0] == "parse-code":
        return _parse_code_cmd(argv[1:])
    ap = argparse.ArgumentParser(
        prog="python -m trienkhai.textmine",
        description="Trích xuất thông tin từ báo cáo, bài viết tiếng Việt.",
    )
    ap.add_argument("--format", choices=("json", "jsonl"), default="jsonl")
    ap.add_argument("files", nargs="+", metavar="FILE")
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    results = []
    failed = False
    out = sys.stdout
    for path in args.files:
        rec = _one(path)
        failed |= "error" in rec
        if args.format == "jsonl":
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()
        else:
            results.append(rec)
    if args.format == "json":
        out.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 1 if failed else 0
