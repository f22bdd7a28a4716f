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
