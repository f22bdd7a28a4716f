import pytest

from trienkhai.textmine.extract import extract


def dates(text):
    return [d["date"] for d in extract(text).dates]


def test_numeric_forms():
    assert dates("Họp ngày 11/8/2022 và 5-5-2022, báo cáo 07.03.2021.") == [
        "2022-08-11",
        "2022-05-05",
        "2021-03-07",
    ]
    assert dates("Thứ năm - 09/01/2020 09:32") == ["2020-01-09"]
    assert dates("[Đăng ngày: 17/06/2019]") == ["2019-06-17"]


def test_word_forms():
    assert dates("ngày 09 tháng 8 năm 2021") == ["2021-08-09"]
    assert dates("Thứ sáu, 20 Tháng 2 2015 10:10") == ["2015-02-20"]
    assert dates("vào ngày 3/4 năm 2019") == ["2019-04-03"]
    assert dates("ISO 2020-12-07 là ngày họp") == ["2020-12-07"]


def test_not_dates():
    assert dates("Chiều 9/8, đoàn làm việc tại xã.") == []
    assert dates("tháng 9/2019 và năm 2020") == []
    assert dates("nhiệm kỳ 2020 – 2025, lúc 14:46, 21/25 đảng bộ") == []
    assert dates("ngày 31/2/2021 không có thật") == []
    assert dates("(10-7) và (27-7)") == []


def test_terms_kept_apart():
    ex = extract("Đại hội nhiệm kỳ 2020 – 2025 và giai đoạn 2021-2025.")
    assert ex.dates == []
    assert [(t["start"], t["end"], t["kind"]) for t in ex.terms] == [
        (2020, 2025, "nhiem_ky"),
        (2021, 2025, "giai_doan"),
    ]


def test_ranges():
    assert dates("diễn ra từ ngày 12 đến ngày 15 tháng 10 năm 2020") == ["2020-10-12", "2020-10-15"]
    assert dates("từ 3/6 đến 7/6/2022") == ["2022-06-03", "2022-06-07"]
    assert dates("(19/5/1890- 19/5/2020)") == ["1890-05-19", "2020-05-19"]


def test_doc_dates():
    ex = extract(
        "Kế hoạch số 21-KH/TU ngày 22/3/2021 và Chỉ thị số 35-CT/TW, ngày 14/6/2024 của Bộ Chính trị."
    )
    assert {r["code"]: r["date"] for r in ex.doc_refs} == {"21-KH/TU": "2021-03-22", "35-CT/TW": "2024-06-14"}
    ex = extract(
        "Ngày 16/7/2021, Ban Tuyên giáo Thành ủy đã ban hành Công văn số 451-CV/BTGTU về việc tuyên truyền."
    )
    assert ex.doc_refs[0]["date"] == "2021-07-16"
    ex = extract(
        "Số 06-HD/UBKTTW\nHà Nội, ngày 18 tháng 12 năm 2018\nHƯỚNG DẪN\nThực hiện Quy định 22-QĐ/TW."
    )
    assert {r["code"]: r["date"] for r in ex.doc_refs} == {"06-HD/UBKTTW": "2018-12-18", "22-QĐ/TW": None}


# Issue 17: the issue date of a cited document is the date written with it (in any of the
# ways a date is written), or the day the sentence says it was issued; a date on the next
# line, or a day on which something else happened, is not.
@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("Nghị quyết số 35-NQ/TW ngày 22 tháng 10 năm 2018 của Bộ Chính trị.", {"35-NQ/TW": "2018-10-22"}),
        ("Nghị quyết số 35-NQ/TW ngày 22-10-2018 của Bộ Chính trị.", {"35-NQ/TW": "2018-10-22"}),
        ("Nghị quyết số 35-NQ/TW ngày 22.10.2018 của Bộ Chính trị.", {"35-NQ/TW": "2018-10-22"}),
        ("Nghị quyết số 35-NQ/TW, ngày 22/10/2018, của Bộ Chính trị.", {"35-NQ/TW": "2018-10-22"}),
        ("Nghị quyết số 35-NQ/TW (ngày 22/10/2018) của Bộ Chính trị.", {"35-NQ/TW": "2018-10-22"}),
        ("Nghị quyết số 35-NQ/TW ban hành ngày 22/10/2018.", {"35-NQ/TW": "2018-10-22"}),
        ("Kế hoạch số 12-KH/TU ký ngày 05/3/2024 của Ban Thường vụ.", {"12-KH/TU": "2024-03-05"}),
        ("Nghị quyết số 35-NQ/TW của Bộ Chính trị ngày 22/10/2018 về bảo vệ.", {"35-NQ/TW": "2018-10-22"}),
        (
            "Nghị quyết số 35-NQ/TW của Bộ Chính trị (khóa XII) ngày 22/10/2018 về tăng cường bảo vệ.",
            {"35-NQ/TW": "2018-10-22"},
        ),
        (
            "Kế hoạch số 12-KH/TU do Ban Thường vụ Tỉnh ủy ban hành ngày 05/3/2024 đã được triển khai.",
            {"12-KH/TU": "2024-03-05"},
        ),
        ("Quyết định số 1683/QĐ-TTg ngày 24/10/2022 của Thủ tướng.", {"1683/QĐ-TTg": "2022-10-24"}),
        ("Luật số 45/2019/QH14 ngày 13/11/2019 của Quốc hội.", {"45/2019/QH14": "2019-11-13"}),
        (
            "Kế hoạch số 12-KH/TU ngày 5/3/2024 và Hướng dẫn số 03-HD/BTGTU ngày 10/3/2024 đã ban hành.",
            {"12-KH/TU": "2024-03-05", "03-HD/BTGTU": "2024-03-10"},
        ),
        (
            "Thực hiện Kế hoạch số 12-KH/TU ngày 5/3/2024; Kế hoạch số 15-KH/TU của Tỉnh ủy.",
            {"12-KH/TU": "2024-03-05", "15-KH/TU": None},
        ),
        (
            "Học tập các Nghị quyết số 35-NQ/TW, 36-NQ/TW và 37-NQ/TW của Trung ương.",
            {"35-NQ/TW": None, "36-NQ/TW": None, "37-NQ/TW": None},
        ),
        # a title line broken before its date: the date goes with the code
        ("Thực hiện Chỉ thị số 06-CT/TW\n\n   ngày 07-11-2006 của Bộ Chính trị", {"06-CT/TW": "2006-11-07"}),
        ("Số: 12-KH/ĐU\nPhổ Yên, ngày 05 tháng 3 năm 2024", {"12-KH/ĐU": "2024-03-05"}),
        # the day it was issued, stated first
        (
            "Ngày 05/3/2024, Ban Thường vụ Tỉnh ủy đã ký ban hành Kế hoạch số 12-KH/TU.",
            {"12-KH/TU": "2024-03-05"},
        ),
        # (a) a code at the end of a title line does not take the next line's date
        ("Kế hoạch số 12-KH/TU\nNgày 15/3/2024, Ban Thường vụ Tỉnh ủy họp.", {"12-KH/TU": None}),
        (
            "Triển khai Nghị quyết 35-NQ/TW\nNgày 15/3/2024, Ban Thường vụ Tỉnh ủy họp bàn.",
            {"35-NQ/TW": None},
        ),
        (
            "Thực hiện Kế hoạch số 12-KH/TU\n\nNgày 15 tháng 3 năm 2024, đoàn kiểm tra làm việc.",
            {"12-KH/TU": None},
        ),
        (
            "Kế hoạch số 12-KH/TU của Tỉnh ủy\nNgày 15/3/2024, đoàn kiểm tra làm việc tại xã.",
            {"12-KH/TU": None},
        ),
        # a day on which something else happened
        (
            "Ngày 05/3/2024, Đoàn Thanh niên ra quân thực hiện Kế hoạch số 15-KH/ĐTN.",
            {"15-KH/ĐTN": None},
        ),
        (
            "Ngày 05/3/2024 diễn ra hội nghị quán triệt Nghị quyết 35-NQ/TW tại hội trường.",
            {"35-NQ/TW": None},
        ),
    ],
)
def test_issue_dates_of_cited_documents(text, dated):
    assert {r["code"]: r["date"] for r in extract(text).doc_refs} == dated
