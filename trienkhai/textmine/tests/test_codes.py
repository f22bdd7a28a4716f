import unicodedata

import pytest

from trienkhai.textmine.codes import CodeError, DocCode, find_codes, parse_code


@pytest.mark.parametrize(
    ("text", "code", "typ", "issuer", "system", "kind", "year"),
    [
        ("Số 127-QĐ/TW", "127-QĐ/TW", "QĐ", "TW", "party", "quyet_dinh", None),
        ("Số: 15/QĐ-UBND", "15/QĐ-UBND", "QĐ", "UBND", "state", "quyet_dinh", None),
        ("Kế hoạch số 0091- KH/TU", "0091-KH/TU", "KH", "TU", "party", "ke_hoach", None),
        ("15-NQ / TU", "15-NQ/TU", "NQ", "TU", "party", "nghi_quyet", None),
        ("100 - KL/TW", "100-KL/TW", "KL", "TW", "party", "ket_luan", None),
        ("21-KL/TƯ", "21-KL/TW", "KL", "TW", "party", "ket_luan", None),
        ("05/2019/NQ-HĐND", "05/2019/NQ-HĐND", "NQ", "HĐND", "state", "nghi_quyet", 2019),
        ("08-CTHĐ/TU", "08-CTHĐ/TU", "CTHĐ", "TU", "party", "chuong_trinh", None),
        ("Quy định số 37-QĐ/TW", "37-QĐ/TW", "QĐ", "TW", "party", "quy_dinh", None),
        ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "NĐ", "CP", "state", "nghi_dinh", 2020),
        ("Quy định 08-QĐi/TW", "08-QĐi/TW", "QĐi", "TW", "party", "quy_dinh", None),
        ("12/QyĐ-UBND", "12/QyĐ-UBND", "QyĐ", "UBND", "state", "quy_dinh", None),
        ("Chương trình hành động số 08-CTr/TU", "08-CTr/TU", "CTr", "TU", "party", "chuong_trinh", None),
        ("Số 369 - CV/BTGTU", "369-CV/BTGTU", "CV", "BTGTU", "party", "cong_van", None),
        ("161/BXTĐT-MC", "161/BXTĐT-MC", "CV", "BXTĐT-MC", "state", "cong_van", None),
        ("Công văn 285/CCTTHC", "285/CCTTHC", "CV", "CCTTHC", "state", "cong_van", None),
        ("1896/QĐ-TTg", "1896/QĐ-TTg", "QĐ", "TTg", "state", "quyet_dinh", None),
        ("Đề án số 27-ĐA/QU", "27-ĐA/QU", "ĐA", "QU", "party", "de_an", None),
        ("Số 06-HD/UBKTTW", "06-HD/UBKTTW", "HD", "UBKTTW", "party", "huong_dan", None),
        ("Tờ trình 7-TTr/BCS", "7-TTr/BCS", "TTr", "BCS", "party", "to_trinh", None),
        ("15/TB-VPCP", "15/TB-VPCP", "TB", "VPCP", "state", "thong_bao", None),
        ("Báo cáo số 210-BC/HU", "210-BC/HU", "BC", "HU", "party", "bao_cao", None),
        ("Văn bản số 2777-CV/TU", "2777-CV/TU", "CV", "TU", "party", "cong_van", None),
    ],
)
def test_parse_code_forms(text, code, typ, issuer, system, kind, year):
    doc = parse_code(text)
    assert isinstance(doc, DocCode)
    assert (doc.code, doc.type, doc.issuer, doc.system, doc.kind, doc.year) == (
        code,
        typ,
        issuer,
        system,
        kind,
        year,
    )


def test_number_kept_and_key_compares():
    a = parse_code("0091- KH/TU")
    b = parse_code("91-KH/TU")
    assert a.number == "0091" and b.number == "91"
    assert a.key == b.key == "91-KH/TU"
    assert parse_code("21-KL/TƯ").key == parse_code("21 - KL / TW").key


def test_nfd_and_dashes():
    nfd = unicodedata.normalize("NFD", "Quyết định số 12/QĐ–UBND")
    assert parse_code(nfd).code == "12/QĐ-UBND"
    assert parse_code("Kết luận số 21\u2013KL/TW").code == "21-KL/TW"
    assert parse_code("Nghị định 30/2020/N\u00d0-CP").code == "30/2020/NĐ-CP"  # Icelandic eth


def test_frozen():
    doc = parse_code("35-NQ/TW")
    with pytest.raises(AttributeError):
        doc.number = "36"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "Chỉ thị số 17",
        "Nghị quyết số 202/2025",
        "Nghị quyết Đại hội XIII",
        "12/10/2020",
        "83,2%",
        "21/25",
        "35-NQ/TW và 36-NQ/TW",
        "abc 35-NQ/TW xyz",
    ],
)
def test_not_a_code(text):
    with pytest.raises(CodeError) as exc:
        parse_code(text)
    assert isinstance(exc.value, ValueError)
    msg = str(exc.value)
    assert any(w in msg for w in ("Không nhận ra", "Chưa nhập", "nhiều số hiệu"))


def test_find_codes_in_running_text():
    text = (
        "Thực hiện Chỉ thị số 05-CT/TW, ngày 15-5-2016 và Kế hoạch 0091- KH/TU; "
        "xem http://example.vn/van-ban/35-NQ/TW, căn cứ Quyết định số 12/QĐ-UBND, 21/25 chi bộ."
    )
    found = find_codes(text)
    assert [c.doc.code for c in found] == ["05-CT/TW", "0091-KH/TU", "12/QĐ-UBND"]
    c = found[1]
    assert text[c.span[0] : c.span[1]] == "0091- KH/TU"
    assert text[c.full_span[0] : c.full_span[1]].startswith("Kế hoạch")
    assert found[0].doc.kind == "chi_thi"


def test_code_error_message_is_vietnamese():
    with pytest.raises(CodeError, match="Không nhận ra số hiệu văn bản"):
        parse_code("không phải số hiệu")


# Issue 17: the forms Party and State documents are cited in, one short sentence each, written
# for these tests. Each row: the sentence and every code a reader finds in it, in order.
@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # Party documents, with and without "số"
        ("Chi bộ quán triệt Nghị quyết số 35-NQ/TW về bảo vệ nền tảng tư tưởng.", ["35-NQ/TW"]),
        ("Thực hiện Nghị quyết 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị.", ["35-NQ/TW"]),
        ("Tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.", ["05-CT/TW"]),
        ("Theo Kết luận 01-KL/TW, các cấp ủy tiếp tục học tập và làm theo.", ["01-KL/TW"]),
        ("Căn cứ Quy định số 37-QĐi/TW về những điều đảng viên không được làm.", ["37-QĐi/TW"]),
        ("Thực hiện Quy định 08-QĐi/TW về trách nhiệm nêu gương của cán bộ.", ["08-QĐi/TW"]),
        ("Theo Hướng dẫn 12-HD/BTGTW, các ban tuyên giáo xây dựng đề cương.", ["12-HD/BTGTW"]),
        ("Ban Thường vụ ban hành Kế hoạch số 0091-KH/TU để triển khai.", ["0091-KH/TU"]),
        ("Thông báo 123-TB/TU đã được gửi tới các đảng bộ trực thuộc.", ["123-TB/TU"]),
        ("Công văn số 456-CV/TU về việc báo cáo kết quả sơ kết.", ["456-CV/TU"]),
        ("Thông tri số 04-TT/TW được phổ biến tới chi bộ.", ["04-TT/TW"]),
        ("Hướng dẫn liên tịch số 02-HDLT/BTGTW-BTCTW về sinh hoạt chi bộ.", ["02-HDLT/BTGTW-BTCTW"]),
        # State documents
        ("Quyết định số 1683/QĐ-TTg của Thủ tướng Chính phủ đã nêu rõ.", ["1683/QĐ-TTg"]),
        ("Nghị định 100/2019/NĐ-CP quy định xử phạt vi phạm hành chính.", ["100/2019/NĐ-CP"]),
        ("Thông tư số 01/2020/TT-BNV hướng dẫn thi hành.", ["01/2020/TT-BNV"]),
        ("Luật số 45/2019/QH14 được Quốc hội thông qua.", ["45/2019/QH14"]),
        ("Nghị quyết số 27/2022/QH15 của Quốc hội về kế hoạch.", ["27/2022/QH15"]),
        ("Pháp lệnh số 02/2022/UBTVQH15 có hiệu lực từ năm sau.", ["02/2022/UBTVQH15"]),
        ("Nghị quyết số 1683/NQ-UBTVQH15 về sắp xếp đơn vị hành chính.", ["1683/NQ-UBTVQH15"]),
        ("Công điện 01/CĐ-TTg về phòng, chống dịch bệnh.", ["01/CĐ-TTg"]),
        (
            "Nghị quyết liên tịch số 09/2008/NQLT-CP-UBTWMTTQVN được thực hiện.",
            ["09/2008/NQLT-CP-UBTWMTTQVN"],
        ),
        (
            "Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN quy định chi tiết.",
            ["403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN"],
        ),
        ("Thông tư liên tịch số 01/2015/TTLT-BNV-BTC hướng dẫn chế độ.", ["01/2015/TTLT-BNV-BTC"]),
        ("Công văn số 1234/UBND-VX của Ủy ban nhân dân tỉnh.", ["1234/UBND-VX"]),
        # The old "TƯ", stray spaces, a line break inside the code (text copied from a PDF)
        ("Thực hiện Nghị quyết 35-NQ/TƯ của Bộ Chính trị.", ["35-NQ/TW"]),
        ("Thực hiện Nghị quyết 35 - NQ/TW của Bộ Chính trị.", ["35-NQ/TW"]),
        ("Thực hiện Nghị quyết 35-NQ / TW của Bộ Chính trị.", ["35-NQ/TW"]),
        ("Thực hiện Nghị quyết số 35-\nNQ/TW của Bộ Chính trị.", ["35-NQ/TW"]),
        ("Thực hiện Nghị quyết số 35\n-NQ/TW của Bộ Chính trị.", ["35-NQ/TW"]),
        ("Thực hiện Nghị quyết số 35-NQ/\nTW của Bộ Chính trị.", ["35-NQ/TW"]),
        ("Thực hiện Nghị quyết số\n35-NQ/TW của Bộ Chính trị.", ["35-NQ/TW"]),
        ("Căn cứ Quyết định số 1683/\nQĐ-TTg của Thủ tướng.", ["1683/QĐ-TTg"]),
        ("Căn cứ Quyết định số 1683/QĐ-\nTTg của Thủ tướng.", ["1683/QĐ-TTg"]),
        # What follows and surrounds the code
        ("Nghị quyết số 35-NQ/TW của Bộ Chính trị (khóa XII) về tăng cường bảo vệ.", ["35-NQ/TW"]),
        (
            "Học tập các Nghị quyết số 35-NQ/TW, 36-NQ/TW và 37-NQ/TW của Trung ương.",
            ["35-NQ/TW", "36-NQ/TW", "37-NQ/TW"],
        ),
        ("Các Nghị quyết số 18, 19-NQ/TW của Trung ương được quán triệt.", ["18-NQ/TW", "19-NQ/TW"]),
        ("Quán triệt các Nghị quyết số 18 và 19-NQ/TW của Trung ương.", ["18-NQ/TW", "19-NQ/TW"]),
        ("Theo văn bản đã ban hành (Kế hoạch số 12-KH/TU) các chi bộ thực hiện.", ["12-KH/TU"]),
        ("Thực hiện “Kế hoạch 12-KH/TU” của Tỉnh ủy.", ["12-KH/TU"]),
        ('Thực hiện "Nghị quyết 35-NQ/TW" của Bộ Chính trị.', ["35-NQ/TW"]),
        ("Các chi bộ đã quán triệt Nghị quyết 35-NQ/TW.", ["35-NQ/TW"]),
        ("Các chi bộ đã quán triệt Nghị quyết 35-NQ/TW, đạt kết quả tốt.", ["35-NQ/TW"]),
        ("Các chi bộ đã quán triệt Kế hoạch 12-KH/TU; Hướng dẫn 03-HD/BTGTU.", ["12-KH/TU", "03-HD/BTGTU"]),
        # "Số:" and the issuers of local bodies
        ("Số: 12-KH/ĐU", ["12-KH/ĐU"]),
        ("Số:12-KH/ĐU", ["12-KH/ĐU"]),
        ("Kế hoạch số12-KH/TU của Tỉnh ủy.", ["12-KH/TU"]),
        ("Kế hoạch số 12-KH/ĐUK của Đảng ủy Khối.", ["12-KH/ĐUK"]),
        ("Kế hoạch số 7-KH/BCĐ của Ban Chỉ đạo.", ["7-KH/BCĐ"]),
        ("Kế hoạch số 7-KH/BCĐ35 của Ban Chỉ đạo 35.", ["7-KH/BCĐ35"]),
        ("Thông báo số 3-TB/UBKT của Ủy ban Kiểm tra.", ["3-TB/UBKT"]),
        ("Kế hoạch số 5-KH/BTV của Ban Thường vụ.", ["5-KH/BTV"]),
        ("Báo cáo số 20-BC/HU của Huyện ủy.", ["20-BC/HU"]),
        ("Kế hoạch số 15-KH/ĐTN của Đoàn Thanh niên.", ["15-KH/ĐTN"]),
        ("Kế hoạch số 09-KH/MTTQ-BTT của Ủy ban Mặt trận Tổ quốc.", ["09-KH/MTTQ-BTT"]),
        # A number with a letter after it
        ("Ban hành Kế hoạch số 12a-KH/TU về việc tổ chức hội nghị.", ["12a-KH/TU"]),
        ("Ban hành Quyết định số 125b/QĐ-UBND về việc thành lập tổ.", ["125b/QĐ-UBND"]),
    ],
)
def test_codes_found_in_sentences(text, codes):
    assert [c.doc.code for c in find_codes(text)] == codes


def test_a_shared_type_and_a_letter_suffix_keep_their_keys():
    # "18, 19-NQ/TW" names two resolutions; each is read as if written in full
    a, b = find_codes("Các Nghị quyết số 18, 19-NQ/TW của Trung ương.")
    assert (a.doc.key, b.doc.key) == ("18-NQ/TW", "19-NQ/TW")
    assert a.doc.kind == b.doc.kind == "nghi_quyet"
    assert parse_code("12a-KH/TU").key == "12A-KH/TU" != parse_code("12-KH/TU").key
    assert parse_code("12A-KH/TU").key == "12A-KH/TU"  # a key reads back
    law = parse_code("Luật số 45/2019/QH14")
    assert (law.number, law.year, law.issuer, law.kind, law.system) == ("45", 2019, "QH14", "luat", "state")


# Things that look like numbers with slashes and dashes and are no document.
@pytest.mark.parametrize(
    "text",
    [
        "Liên hệ số điện thoại 0280-3855-123 hoặc 0912/345/678.",
        "Đường dây nóng 1900-1234, trực 24/7.",
        "Hội nghị ngày 22/10/2018 tại hội trường lớn.",
        "Ngày 22-10-2018 và ngày 22.10.2018, đoàn đến thăm.",
        "Có 43/45 đảng viên tham dự, đạt 95,6%.",
        "Trụ sở tại số 12/3 đường Lê Lợi, phường 5.",
        "Nhà số 12/3B ngõ 5/7 phố Huế.",
        "Có 18/18 đơn vị đã hoàn thành kế hoạch.",
        "Chiều 14/2, đoàn đến làm việc tại xã.",
        "Chỉ thị số 17 của Thủ tướng và Nghị quyết số 202/2025.",
        "Đại hội nhiệm kỳ 2020-2025, giai đoạn 2021 - 2025.",
        "Xe mang biển số 20A-123.45 đỗ trước cổng.",
        "Đội bóng thắng với tỉ số 2-1.",
        "Xem tại http://tinhuy.vn/van-ban/35-NQ/TW để biết thêm.",
        "Xem tại tinhuy.vn/van-ban/35-NQ/TW để biết thêm.",
        "Mục 2.35-NQ/TW và phiên bản A12-KH/TU của mẫu.",
        "Bệnh nhân Covid-19/F0 được theo dõi tại nhà.",
    ],
)
def test_not_a_document_reference(text):
    from trienkhai.textmine.extract import extract

    assert find_codes(text) == []
    assert extract(text).doc_refs == []


def test_issuers_fit_a_register():
    # The document register keeps the issuer part in 40 characters: a joint act of four
    # bodies fits, a run of capitals longer than any issuer is no code.
    [joint] = find_codes("Nghị quyết liên tịch số 403/2017/NQLT-UBTVQH14-CP-ĐCTUBTWMTTQVN-TANDTC.")
    assert joint.doc.issuer == "UBTVQH14-CP-ĐCTUBTWMTTQVN-TANDTC"
    long = "Quyết định số 12/QĐ-ABCDEFGHIJKLMN-ABCDEFGHIJKLMN-ABCDEFGHIJKLMN-ABCDEFGHIJKLMN."
    assert all(len(c.doc.issuer) <= 40 for c in find_codes(long))
    assert not any(len(c.doc.issuer) > 40 for c in find_codes("1-KH/" + "-".join(["ABCDEFGHIJKL"] * 3)))
