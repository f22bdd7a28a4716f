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
    for item in d["dates"]:
        s, e = item["span"]
        assert 0 <= s <= e <= len(ex.text)


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
