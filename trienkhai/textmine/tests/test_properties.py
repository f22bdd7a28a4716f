"""Robustness: arbitrary input never raises, and time grows linearly."""

import time

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


@FAST
@given(st.text(alphabet="0123456789/-–. %:,ĐTWKHQNUVđ", max_size=400))
def test_digit_slash_dash_soup(text):
    extract(text)
    find_codes(text)
    try:
        parse_code(text)
    except CodeError:
        pass


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
    extract(" ".join(words))


def _best_time(text, reps=3):
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        extract(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize(
    "unit",
    [
        "đồng chí ",
        "1-1-1/1/1-",
        "Đồng Chí Nguyễn Văn ",
        "Số 12-KH/TU ngày 1/2/2020, 50% ",
        "Bí thư Tỉnh ủy, Phó Chủ tịch, Ủy viên: ",
        "((((((((",
        "Ă" * 30 + " ",
    ],
)
def test_linear_scaling(unit):
    small = unit * (40_000 // len(unit))
    big = small * 4
    t1 = _best_time(small)
    t4 = _best_time(big)
    assert t4 <= 8 * t1 + 0.1, (unit, t1, t4)


def test_one_megabyte_of_dong_chi():
    text = "đồng chí " * (1_000_000 // 9)
    t0 = time.perf_counter()
    ex = extract(text)
    assert ex.persons == []
    assert time.perf_counter() - t0 < 10


def test_long_digit_runs():
    for text in ("1" * 200_000, "1/" * 100_000, "1-" * 100_000, "9" * 5000 + "-KH/TU"):
        t0 = time.perf_counter()
        extract(text)
        find_codes(text)
        assert time.perf_counter() - t0 < 10
