"""Robustness: arbitrary input never raises, and time grows linearly."""

import datetime as dt

import pytest

from trienkhai.textmine.codes import CodeError, find_codes, parse_code
from trienkhai.textmine.extract import extract

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=400))
def test_arbitrary_unicode(text):
    ex = extract(text)
    d = ex.to_dict()
    assert isinstance(d["persons"], list)
    check_spans(ex)
    for item in d["dates"]:
        s, e = item["span"]
        assert ex.text[s:e] == item["text"]  # a date's span is the text it was read from
    assert extract(text).to_dict() == d  # the same text, the same findings


# Words that name no date, number, percent, person or document: the filler around a finding.
FILLER = st.lists(
    st.sampled_from(["chúng", "tôi", "họp", "bàn", "về", "công", "tác", "xây", "dựng", "Đảng", "và", "các"]),
    max_size=10,
).map(" ".join)


@FAST
@given(
    day=st.dates(dt.date(1930, 1, 1), dt.date(2100, 12, 31)),
    numeric=st.booleans(),
    before=FILLER,
    after=FILLER,
)
def test_a_written_date_is_read_as_that_day_where_it_stands(day, numeric, before, after):
    """'ngày 5 tháng 3 năm 2024' or 'ngày 05/03/2024' anywhere in a sentence is that day, read
    from exactly those characters."""
    if numeric:
        written = f"{day.day:02d}/{day.month:02d}/{day.year}"
    else:
        written = f"{day.day} tháng {day.month} năm {day.year}"
    ex = extract(f"{before} ngày {written} {after}".strip())
    found = [(d["date"], ex.text[d["span"][0] : d["span"][1]]) for d in ex.dates]
    assert found == [(day.isoformat(), written)]


@FAST
@given(
    number=st.integers(1, 9999),
    kind=st.sampled_from(["NQ", "KH", "CT", "BC", "QĐ", "TB", "KL", "HD"]),
    issuer=st.sampled_from(["TW", "TU", "HU", "ĐU", "BTGTW"]),
    before=FILLER,
)
def test_a_document_number_reads_back_and_is_found_in_a_sentence(number, kind, issuer, before):
    code = f"{number}-{kind}/{issuer}"
    parsed = parse_code(code)
    assert (parsed.number, parsed.type, parsed.issuer, parsed.code) == (str(number), kind, issuer, code)
    text = f"{before} thực hiện văn bản số {code} của cấp trên"
    [match] = find_codes(text)
    assert text[match.span[0] : match.span[1]] == code and match.doc.code == code


@FAST
@given(whole=st.integers(0, 1000), tenth=st.none() | st.integers(0, 9), before=FILLER)
def test_a_percent_is_read_with_its_value(whole, tenth, before):
    written = f"{whole}%" if tenth is None else f"{whole},{tenth}%"
    ex = extract(f"{before} đạt {written} kế hoạch".strip())
    found = [(p["value"], ex.text[p["span"][0] : p["span"][1]]) for p in ex.percents]
    assert found == [(pytest.approx(whole + (tenth or 0) / 10), written)]


def check_spans(ex):
    """Every finding with a span points inside the cleaned text; every date is a real date."""
    n = 0
    for items in ex.to_dict().values():
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and "span" in item:
                s, e = item["span"]
                assert 0 <= s <= e <= len(ex.text), item
                n += 1
    for d in ex.dates:
        assert dt.date.fromisoformat(d["date"]) if len(d["date"]) == 10 else d["date"]
    return n


@FAST
@given(st.text(alphabet="0123456789/-–. %:,ĐTWKHQNUVđ", max_size=400))
def test_digit_slash_dash_soup(text):
    check_spans(extract(text))
    for m in find_codes(text):
        assert 0 <= m.full_span[0] <= m.span[0] < m.span[1] <= len(text), m
        assert m.doc.code and m.doc.key
    try:
        code = parse_code(text)
    except CodeError as exc:
        assert str(exc)
    else:
        # A parsed number reads back as itself.
        assert parse_code(code.code).key == code.key


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "đồng chí",
                "Nguyễn",
                "Văn",
                "Bí thư",
                "Tỉnh ủy",
                ",",
                ";",
                ":",
                "ngày",
                "12/3/2020",
                "35-NQ/TW",
                "Ông",
                "Phó",
                "(",
                ")",
                "\n",
                "%",
                "90",
                "Hồ Chí Minh",
            ]
        ),
        max_size=120,
    )
)
def test_word_salad(words):
    text = " ".join(words)
    ex = extract(text)
    check_spans(ex)
    # Names are only taken after a cue; a salad without "đồng chí" or a title has none cued so.
    assert all(p["name"].strip() == p["name"] and p["name"] for p in ex.to_dict()["persons"])


def test_one_megabyte_of_dong_chi():
    text = "đồng chí " * (1_000_000 // 9)
    ex = extract(text)
    assert ex.persons == []  # time it takes: bench/robustness.py


def test_long_digit_runs():
    for text in ("1" * 200_000, "1/" * 100_000, "1-" * 100_000, "9" * 5000 + "-KH/TU"):
        check_spans(extract(text))  # time it takes: bench/robustness.py
        assert all(m.span[1] <= len(text) for m in find_codes(text))


@FAST
@given(
    numbers=st.lists(st.integers(1, 9999), min_size=2, max_size=5, unique=True),
    kind=st.sampled_from(["NQ", "KH", "CT", "KL", "HD"]),
    issuer=st.sampled_from(["TW", "TU", "HU", "ĐU", "BTGTU"]),
    last_joined_by_and=st.booleans(),
)
def test_a_list_that_writes_the_type_once_names_each_document(numbers, kind, issuer, last_joined_by_and):
    """'số 18, 19 và 20-NQ/TW' is 18-NQ/TW, 19-NQ/TW and 20-NQ/TW."""
    head = ", ".join(str(n) for n in numbers[:-1])
    sep = " và " if last_joined_by_and else ", "
    text = f"Quán triệt các văn bản số {head}{sep}{numbers[-1]}-{kind}/{issuer} của cấp trên."
    assert [m.doc.code for m in find_codes(text)] == [f"{n}-{kind}/{issuer}" for n in numbers]


@FAST
@given(
    day=st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)),
    number=st.integers(1, 999),
    kind=st.sampled_from(["Kế hoạch", "Nghị quyết", "Chỉ thị", "Hướng dẫn"]),
    words=FILLER,
)
def test_a_line_opened_by_a_day_does_not_date_the_code_above_it(day, number, kind, words):
    """A code ending a title line and 'Ngày …, <sentence>' on the next: that day is the
    sentence's own, not the document's issue date."""
    text = f"Thực hiện {kind} số {number}-KH/TU\nNgày {day.day}/{day.month}/{day.year}, {words} họp bàn."
    [ref] = extract(text).doc_refs
    assert ref["date"] is None
