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


# A ward's report, made up for these tests: a conference with its attendance, the masses
# reached and the channels used, a coverage statement, a public worry, a difficulty section.
WARD = (
    "Ngày 12/3/2025, Đảng ủy phường Hòa Bình tổ chức hội nghị quán triệt Nghị quyết, "
    "có 43/45 đảng viên tham dự, đạt 95,6%.\n"
    "Sau hội nghị, các chi bộ tuyên truyền đến 2.350 lượt quần chúng, lập 12 nhóm Zalo và "
    "phát 500 cuốn tài liệu.\n"
    "100% chi bộ đã xây dựng kế hoạch thực hiện.\n"
    "Nhân dân lo lắng về giá xăng dầu tăng cao.\n"
    "Khó khăn, vướng mắc\n"
    "Một số chi bộ còn khó khăn về kinh phí tổ chức hội nghị.\n"
    "Bài học kinh nghiệm rút ra là phải bám sát cơ sở, tháo gỡ khó khăn kịp thời.\n"
)


def _record(tmp_path, capsys, text: str) -> dict:
    a = tmp_path / "ward.txt"
    a.write_text(text, encoding="utf-8")
    assert cli_main(["--format", "jsonl", str(a)]) == 0
    return json.loads(capsys.readouterr().out)


def test_each_figure_says_what_it_counts(tmp_path, capsys):
    rec = _record(tmp_path, capsys, WARD)
    got = [(f["text"], f["kind"], f["counts"], f.get("present"), f.get("roll")) for f in rec["figures"]]
    assert got == [
        ("43/45 đảng viên tham dự", "attendance", "đảng viên dự / tổng số", 43, 45),
        ("95,6%", "attendance_rate", "tỷ lệ đảng viên dự", 43, 45),
        ("2.350 lượt quần chúng", "masses", "lượt quần chúng", None, None),
        ("12 nhóm Zalo", "zalo_groups", "nhóm Zalo", None, None),
        ("500 cuốn tài liệu", "materials", "cuốn tài liệu", None, None),
        ("100%", "coverage", "tỷ lệ đơn vị hoàn thành", None, None),
    ]
    by_text = {f["text"]: f for f in rec["figures"]}
    # masses after "Sau hội nghị, … tuyên truyền": the dissemination's; coverage of the plan step
    assert by_text["2.350 lượt quần chúng"]["step"] == "dissemination"
    assert by_text["100%"]["step"] == "plan"


def test_the_sentences_kept_out_of_public_opinion_are_listed(tmp_path, capsys):
    rec = _record(tmp_path, capsys, WARD)
    kept = [(k["text"], k["kind"], k["heading"]) for k in rec["kept_apart"]]
    assert kept == [
        ("Một số chi bộ còn khó khăn về kinh phí tổ chức hội nghị.", "difficulty", "Khó khăn, vướng mắc"),
        (
            "Bài học kinh nghiệm rút ra là phải bám sát cơ sở, tháo gỡ khó khăn kịp thời.",
            "difficulty",
            "Khó khăn, vướng mắc",
        ),
    ]
    opinion = [c["text"] for c in rec["concerns"] if c["opinion"]]
    assert opinion == ["Nhân dân lo lắng về giá xăng dầu tăng cao."]


def test_a_lesson_and_the_committees_own_work_outside_any_section(tmp_path, capsys):
    rec = _record(
        tmp_path,
        capsys,
        "Qua thực hiện, rút ra bài học về khắc phục hạn chế trong công tác tuyên truyền.\n"
        "Đảng ủy xã tập trung lãnh đạo các chi bộ trong bối cảnh dịch bệnh diễn biến phức tạp.\n"
        "Bà con băn khoăn, lo lắng về dịch bệnh trên đàn gia súc.\n",
    )
    assert [(k["kind"], k["label"]) for k in rec["kept_apart"]] == [
        ("lesson", "Bài học kinh nghiệm"),
        ("own_work", "Việc cấp ủy, chính quyền đã làm"),
    ]
    assert [c["opinion"] for c in rec["concerns"]] == [False, False, True]


def test_the_text_format_lists_both(tmp_path, capsys):
    a = tmp_path / "ward.txt"
    a.write_text(WARD, encoding="utf-8")
    assert cli_main(["--format", "text", str(a)]) == 0
    out = capsys.readouterr().out
    assert "  43/45 đảng viên tham dự: đảng viên dự / tổng số (43/45) — hội nghị học tập, quán triệt\n" in out
    assert "  12 nhóm Zalo: nhóm Zalo\n" in out
    assert "  100%: tỷ lệ đơn vị hoàn thành — xây dựng kế hoạch, chương trình\n" in out
    section = out.split("Để riêng, không phải dư luận:\n", 1)[1]
    assert section.startswith(
        "  [Khó khăn, vướng mắc, hạn chế trong công tác — mục “Khó khăn, vướng mắc”] Một số chi bộ"
    )
    opinion = out.split("Dư luận, vấn đề bức xúc:\n", 1)[1].split("Để riêng", 1)[0]
    assert opinion == "  Nhân dân lo lắng về giá xăng dầu tăng cao.\n"


def test_a_unit_list_given_flags_names_typed_without_their_marks(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text("Đảng ủy phường Ba Hang và Ủy ban nhân dân thành phố Phổ Yen họp.", encoding="utf-8")
    tree = tmp_path / "units.txt"
    tree.write_text("Thành ủy Phổ Yên\nĐảng bộ phường Ba Hàng\n", encoding="utf-8")
    assert cli_main(["--units", str(tree), str(a)]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert [(t["text"], t["suggestion"]) for t in rec["typos"]] == [
        ("Ba Hang", "Ba Hàng"),
        ("Phổ Yen", "Phổ Yên"),
    ]
    assert cli_main(["--format", "text", "--units", str(tree), str(a)]) == 0
    assert "Có thể viết sai:\n  “Ba Hang” → “Ba Hàng”?\n  “Phổ Yen” → “Phổ Yên”?" in capsys.readouterr().out
    # without the list, neither is a name the reader knows
    assert cli_main([str(a)]) == 0
    assert json.loads(capsys.readouterr().out)["typos"] == []


def test_an_unreadable_unit_list_is_an_error(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text("Ngày 1/2/2020.", encoding="utf-8")
    assert cli_main(["--units", str(tmp_path / "missing.txt"), str(a)]) == 2
    assert "danh sách đơn vị" in capsys.readouterr().err
