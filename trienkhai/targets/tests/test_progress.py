import datetime as dt
from decimal import Decimal as D

from trienkhai.targets.progress import compute

BASE = dict(
    kind="number",
    baseline=D(0),
    target_value=D(100),
    starts_on=dt.date(2022, 1, 1),
    target_date=dt.date(2022, 12, 31),
    precision="day",
)


def test_achieved_early_and_late():
    p = compute(**BASE, points=[(dt.date(2022, 6, 1), D(100), None)], today=dt.date(2023, 1, 5))
    assert p.status == "achieved_early" and "trước" in p.ahead_text
    p = compute(**BASE, points=[(dt.date(2023, 1, 3), D(100), None)], today=dt.date(2023, 1, 5))
    assert p.status == "achieved_late"


def test_on_track_at_risk_missed():
    mid = dt.date(2022, 7, 2)  # half the period
    assert compute(**BASE, points=[(mid, D(45), None)], today=mid).status == "on_track"
    assert compute(**BASE, points=[(mid, D(30), None)], today=mid).status == "at_risk"
    assert compute(**BASE, points=[], today=dt.date(2022, 2, 1)).status == "on_track"
    assert compute(**BASE, points=[], today=mid).status == "at_risk"
    assert compute(**BASE, points=[(mid, D(90), None)], today=dt.date(2023, 1, 2)).status == "missed"


def test_decreasing_target_and_state():
    p = compute(
        **{**BASE, "baseline": D(10), "target_value": D(2)},
        points=[(dt.date(2022, 5, 1), D(2), None)],
        today=dt.date(2022, 6, 1),
    )
    assert p.status == "achieved_early"
    state = dict(BASE, kind="state", baseline=None, target_value=None, precision="year")
    assert compute(**state, points=[], today=dt.date(2022, 3, 1)).status == "on_track"
    assert compute(**state, points=[], today=dt.date(2022, 12, 1)).status == "at_risk"
