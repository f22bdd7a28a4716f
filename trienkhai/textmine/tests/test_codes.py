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
