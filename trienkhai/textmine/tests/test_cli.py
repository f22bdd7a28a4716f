import json
import subprocess
import sys
from pathlib import Path

from trienkhai.textmine.cli import cli_main

ROOT = Path(__file__).resolve().parents[3]


def test_jsonl_and_errors(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text("Kế hoạch số 0091- KH/TU ngày 3/4/2022; đạt 90%.", encoding="utf-8")
    bad = tmp_path / "b.docx"
    bad.write_bytes(b"not a zip")
    c = tmp_path / "c.txt"
    c.write_text("Đồng chí Lê Văn An phát biểu.", encoding="utf-8")
    rc = cli_main(["--format", "jsonl", str(a), str(bad), str(c)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert rc == 1
    recs = [json.loads(line) for line in lines]
    assert [r["source"] for r in recs] == [str(a), str(bad), str(c)]
    assert recs[0]["doc_refs"][0]["code"] == "0091-KH/TU" and recs[0]["doc_refs"][0]["date"] == "2022-04-03"
    assert "error" in recs[1] and "Word" in recs[1]["error"]
    assert recs[2]["persons"][0]["name"] == "Lê Văn An"


def test_json_array(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text("Ngày 1/2/2020.", encoding="utf-8")
    assert cli_main(["--format", "json", str(a)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and data[0]["dates"][0]["date"] == "2020-02-01"


def test_parse_code(capsys):
    assert cli_main(["parse-code", "Kế hoạch số 0091- KH/TU"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert {k: d[k] for k in ("number", "type", "issuer", "code", "system", "kind", "year")} == {
        "number": "0091",
        "type": "KH",
        "issuer": "TU",
        "code": "0091-KH/TU",
        "system": "party",
        "kind": "ke_hoach",
        "year": None,
    }


def test_parse_code_error(capsys):
    assert cli_main(["parse-code", "không phải số hiệu"]) == 1
    err = capsys.readouterr().err
    assert "Không nhận ra số hiệu văn bản" in err


def test_module_entry_point(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Quy định số 37-QĐ/TW.", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "trienkhai.textmine", str(a)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    rec = json.loads(proc.stdout)
    assert rec["doc_refs"][0]["kind"] == "quy_dinh"
