"""Command line: ``python -m trienkhai.textmine [--format jsonl|json|text] FILE…`` and
``python -m trienkhai.textmine parse-code "Kế hoạch số 0091- KH/TU"``.

Besides the reader's findings, each file's record says what every figure counts
(``figures``: attendance, masses, Zalo groups, coverage …) and lists the sentences with
worried words kept out of public opinion (``kept_apart``: difficulties, lessons, the
committee's own work). ``--format text`` prints the same for a person to read."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from trienkhai.textmine.codes import CodeError, parse_code
from trienkhai.textmine.extract import Extraction, extract
from trienkhai.textmine.extract.figure_kinds import figure_kinds
from trienkhai.textmine.extract.kept_apart import kept_apart_sentences, verdicts
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


def record(ex: Extraction, source: str | None = None) -> dict[str, object]:
    """What the command line prints for one text: the findings, what each figure counts and
    the sentences kept out of public opinion."""
    out = ex.to_dict(source=source)
    out["figures"] = figure_kinds(ex.text, percents=ex.percents, counts=ex.counts)
    judged = verdicts(ex.text, concerns=ex.concerns, lessons=ex.lessons)
    out["kept_apart"] = kept_apart_sentences(ex.text, concerns=ex.concerns, judged=judged)
    # each concern says whether it is public opinion (else it is kept apart, or a heading)
    concerns: list[dict[str, object]] = out["concerns"]
    for c, verdict in zip(concerns, judged, strict=True):
        c["opinion"] = verdict is None
    return out


def _one(path: str, units: list[str] | None = None) -> dict[str, object]:
    try:
        text = read_text_file(path)
        return record(extract(text, units=units), source=path)
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
    ap.add_argument("--format", choices=("json", "jsonl", "text"), default="jsonl")
    ap.add_argument(
        "--units",
        metavar="UNITS_FILE",
        help="tên các đơn vị, mỗi dòng một tên: đối chiếu tên đơn vị và tên viết sai theo danh sách này",
    )
    ap.add_argument("files", nargs="+", metavar="FILE")
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    units = None
    if args.units:
        try:
            with open(args.units, encoding="utf-8-sig") as fh:
                units = [line.strip() for line in fh if line.strip()]
        except OSError as exc:
            print(f"Không đọc được danh sách đơn vị: {exc}", file=sys.stderr)
            return 2
    results = []
    failed = False
    out = sys.stdout
    for path in args.files:
        rec = _one(path, units)
        failed |= "error" in rec
        if args.format == "jsonl":
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            out.flush()
        elif args.format == "text":
            out.write(as_text(rec) + "\n")
            out.flush()
        else:
            results.append(rec)
    if args.format == "json":
        out.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 1 if failed else 0


def _fmt(v: object) -> str:
    return f"{v:g}".replace(".", ",") if isinstance(v, float) else str(v)


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"{title}:", *(f"  {line}" for line in lines)] if lines else []


def as_text(rec: Any) -> str:
    """One file's record for a person to read (``--format text``)."""
    head = f"== {rec.get('source', '')}"
    if "error" in rec:
        return f"{head}\n{rec['error']}"
    docs = [d["code"] + (f" (ngày {d['date']})" if d.get("date") else "") for d in rec["doc_refs"]]
    people = [p["name"] + "".join(f"; {t}" for t in p["titles"]) for p in rec["persons"]]
    figures = []
    for f in rec["figures"]:
        what = f["counts"]
        if f.get("roll"):
            what += f" ({f['present']}/{f['roll']})"
        if f.get("step_label"):
            what += f" — {f['step_label']}"
        figures.append(f"{f['text']}: {what}")
    proposals = [
        ", ".join(a["text"] for a in p["addressees"]) + f": {p['content']}" for p in rec["proposals"]
    ]
    concerns = [c["text"] for c in rec["concerns"] if c["opinion"]]
    apart = [
        f"[{k['label']}" + (f" — mục “{k['heading']}”" if k["heading"] else "") + f"] {k['text']}"
        for k in rec["kept_apart"]
    ]
    typos = [f"“{t['text']}” → “{t['suggestion']}”?" for t in rec["typos"]]
    typos += [f"“{u['text']}” → “{u['suggestion']}”?" for u in rec["units"] if u.get("typo")]
    lines = [head]
    for title, items in (
        ("Văn bản", docs),
        ("Người", people),
        ("Số liệu (đếm gì)", figures),
        ("Kiến nghị, đề xuất", proposals),
        ("Dư luận, vấn đề bức xúc", concerns),
        ("Để riêng, không phải dư luận", apart),
        ("Đơn vị", [u["text"] for u in rec["units"]]),
        ("Có thể viết sai", typos),
    ):
        lines += _section(title, items)
    return "\n".join(lines)
