import unicodedata

from trienkhai.textmine.clean import prepare
from trienkhai.textmine.extract import extract


def test_nfd_input_is_read_like_nfc():
    text = "Đồng chí Nguyễn Thị Hòa, Phó Bí thư Đảng ủy xã, ngày 3/4/2022, đạt 95,5%."
    a = extract(text).to_dict()
    b = extract(unicodedata.normalize("NFD", text)).to_dict()
    assert a["persons"] == b["persons"] and a["dates"] == b["dates"] and a["percents"] == b["percents"]


def test_old_style_tones_become_modern_but_names_stay_as_written():
    prep = prepare("Thành uỷ tổ chức hội nghị khoá mới, hoà bình.")
    assert "Thành ủy" in prep.text and "khóa" in prep.text and "hòa" in prep.text
    assert "Thành uỷ" in prep.raw and len(prep.raw) == len(prep.text)
    ex = extract("Đồng chí Lê Văn Thuỷ, Bí thư Thành uỷ phát biểu.")
    assert ex.persons[0]["name"] == "Lê Văn Thuỷ"
    assert ex.persons[0]["titles"] == ["Bí thư Thành uỷ"]


def test_whitespace_and_escaped_breaks():
    prep = prepare("Dòng  một\u00a0\u00a0có   khoảng trắng\\r\\nDòng hai\r\nDòng ba")
    assert prep.text == "Dòng một có khoảng trắng\nDòng hai\nDòng ba"


def test_web_debris_removed():
    prep = prepare("Nội dung chính.\n\nPhản hồi\n\nCác tin khác\nThư viện ảnh\nLiên kết website\nMới nhất\n")
    assert prep.text == "Nội dung chính."
    assert prep.dropped_lines == 5


def test_doubled_caption_kept_once():
    prep = prepare(
        "Đoàn công tác chụp ảnh lưu niệm.\n\nĐoàn công tác chụp ảnh lưu niệm.\n\nNội dung tiếp theo."
    )
    assert prep.text.count("Đoàn công tác chụp ảnh lưu niệm.") == 1


def test_offsets_map_back_to_input():
    raw = "Tiêu đề\n\nPhản hồi\n   Ngày 5/6/2021 họp."
    ex = extract(raw)
    d = ex.dates[0]
    s, e = d["span"]
    assert ex.text[s:e] == "5/6/2021"
    o = ex.to_original(s)
    assert raw[o : o + 8] == "5/6/2021"


def test_to_dict_shape():
    d = extract("Chương trình hành động số 08-CTr/TU ngày 09/8/2021.").to_dict(source="a.txt")
    assert d["source"] == "a.txt"
    for key in (
        "doc_refs",
        "persons",
        "percents",
        "dates",
        "terms",
        "congress_refs",
        "counts",
        "channels",
        "proposals",
        "concerns",
        "lessons",
        "units",
        "typos",
    ):
        assert isinstance(d[key], list)
    ref = d["doc_refs"][0]
    assert {k: ref[k] for k in ("code", "number", "type", "issuer", "kind", "date")} == {
        "code": "08-CTr/TU",
        "number": "08",
        "type": "CTr",
        "issuer": "TU",
        "kind": "chuong_trinh",
        "date": "2021-08-09",
    }
