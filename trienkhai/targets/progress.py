"""How a target's status is computed (documented rule; also shown on the target page).

1. **Achieved** on the first date a value reaches the target: a number target is reached
   when the value is ≥ the target value (≤ when the target is below the baseline — a
   target to reduce something); a state target when a measurement says it was reached.
   For a counted target the values are the rollout's completion over time.
2. Achieved on or before the target date → ``achieved_early`` (the page says by how
   much: "trước 3 năm so với kế hoạch"); after it → ``achieved_late``.
3. Not achieved and the target date has passed → ``missed``.
4. Not achieved, still in time: compare the share of the way covered with the share of
   time elapsed (from ``starts_on`` to the target date). A number target is ``on_track``
   when progress ≥ elapsed − 10 points, else ``at_risk``; with no measurement yet it is
   ``on_track`` for the first quarter of the period, ``at_risk`` after. A state target
   is ``on_track`` until the last fifth of the period, ``at_risk`` in it.
When the target date is given as a year ("đến năm 2025"), the date is 31/12 of that year
and "ahead of plan" is counted in whole years.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from trienkhai.targets.choices import DuePrecision, TargetKind, TargetStatus

GRACE = 0.10
NO_DATA_GRACE = 0.25
STATE_RISK_FROM = 0.80


@dataclass
class Progress:
    status: str
    current: Decimal | None = None
    current_on: dt.date | None = None
    reached: bool | None = None
    achieved_on: dt.date | None = None
    counted: bool = False
    in_scope: int | None = None
    done: int | None = None
    series: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    progress: float | None = None  # share of the way from baseline to target (0..1+)
    elapsed: float | None = None  # share of the period elapsed (0..1)
    ahead_text: str = ""

    @property
    def status_label(self) -> str:
        return str(TargetStatus(self.status).label)

    @property
    def progress_pct(self) -> int | None:
        return None if self.progress is None else max(0, min(100, round(self.progress * 100)))


def _reaches(
    kind: str, value: Decimal | None, reached: bool | None, baseline: Decimal | None, target: Decimal | None
) -> bool:
    if kind == TargetKind.STATE:
        return bool(reached)
    if value is None or target is None:
        return False
    if baseline is not None and target < baseline:
        return value <= target
    return value >= target


def _ahead_text(achieved_on: dt.date, target_date: dt.date, precision: str) -> str:
    if precision == DuePrecision.YEAR:
        years = target_date.year - achieved_on.year
        if years > 0:
            return _("Đạt trước %(n)s năm so với kế hoạch (kế hoạch: năm %(y)s).") % {
                "n": years,
                "y": target_date.year,
            }
        if years == 0:
            return _("Đạt trong năm kế hoạch (%(y)s).") % {"y": target_date.year}
        return _("Đạt sau kế hoạch %(n)s năm.") % {"n": -years}
    days = (target_date - achieved_on).days
    if days == 0:
        return _("Đạt đúng thời hạn.")
    span = abs(days)
    years, rest = divmod(span, 365)
    months = rest // 30
    parts = []
    if years:
        parts.append(_("%(n)s năm") % {"n": years})
    if months:
        parts.append(_("%(n)s tháng") % {"n": months})
    if not parts:
        parts.append(_("%(n)s ngày") % {"n": span})
    text = " ".join(parts)
    return (_("Đạt trước %(t)s so với thời hạn.") if days > 0 else _("Đạt sau thời hạn %(t)s.")) % {"t": text}


def compute(
    *,
    kind: str,
    baseline: Decimal | None,
    target_value: Decimal | None,
    starts_on: dt.date,
    target_date: dt.date,
    precision: str,
    points: list[tuple[dt.date, Decimal | None, bool | None]],
    today: dt.date,
) -> Progress:
    """``points``: (date, value, reached) in date order — measurements or counted values."""
    achieved_on = next(
        (on for on, value, reached in points if _reaches(kind, value, reached, baseline, target_value)), None
    )
    last = points[-1] if points else None
    p = Progress(status=TargetStatus.ON_TRACK)
    if last is not None:
        p.current_on, p.current, p.reached = last
    if kind == TargetKind.NUMBER and target_value is not None and p.current is not None:
        base = baseline if baseline is not None else Decimal(0)
        way = target_value - base
        p.progress = float((p.current - base) / way) if way else 1.0
    total = max((target_date - starts_on).days, 1)
    p.elapsed = max(0.0, min(1.0, (today - starts_on).days / total))
    p.achieved_on = achieved_on
    if achieved_on is not None:
        p.status = TargetStatus.ACHIEVED_EARLY if achieved_on <= target_date else TargetStatus.ACHIEVED_LATE
        p.ahead_text = _ahead_text(achieved_on, target_date, precision)
        if kind == TargetKind.STATE:
            p.progress = 1.0
    elif today > target_date:
        p.status = TargetStatus.MISSED
    elif kind == TargetKind.STATE:
        p.status = TargetStatus.AT_RISK if p.elapsed >= STATE_RISK_FROM else TargetStatus.ON_TRACK
    elif p.progress is None:
        p.status = TargetStatus.ON_TRACK if p.elapsed < NO_DATA_GRACE else TargetStatus.AT_RISK
    else:
        p.status = TargetStatus.ON_TRACK if p.progress >= p.elapsed - GRACE else TargetStatus.AT_RISK
    return p
