"""Writes of opinion reports: a report with its topics and pressing issues is one
submission, one transaction, one audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.params import parse_digits
from trienkhai.core.scoping import require
from trienkhai.opinion.choices import Mood, PeriodKind, Source, Spread, Trend
from trienkhai.opinion.models import OpinionReport, PressingIssue, ReportTopic, Topic
from trienkhai.opinion.privacy import check_no_personal_data
from trienkhai.orgs.models import Unit
from trienkhai.textmine.normalize import clean_text

MAX_TOPICS = 30
MAX_ISSUES = 30


def period_start(kind: str, year: int, number: int | None) -> dt.date:
    if kind == PeriodKind.MONTH and number is not None:
        return dt.date(year, number, 1)
    if kind == PeriodKind.QUARTER and number is not None:
        return dt.date(year, 3 * (number - 1) + 1, 1)
    raise ValueError(kind)


def period_end(kind: str, year: int, number: int) -> dt.date:
    if kind == PeriodKind.MONTH:
        nxt = dt.date(year + (number == 12), number % 12 + 1, 1)
    else:
        nxt = dt.date(year + (number == 4), (3 * number) % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def previous_period(kind: str, year: int, number: int) -> tuple[int, int]:
    last = 12 if kind == PeriodKind.MONTH else 4
    return (year, number - 1) if number > 1 else (year - 1, last)


def _period(
    kind: str, year: Any, number: Any, report_date: dt.date | None
) -> tuple[int, int | None, dt.date]:
    today = timezone.localdate()
    if kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Kỳ báo cáo không hợp lệ.")})
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Năm không hợp lệ.")}) from None
    if not 2000 <= year <= today.year:
        raise ValidationError({"year": _("Năm báo cáo phải từ 2000 đến năm nay.")})
    if kind == PeriodKind.QUICK:
        report_date = report_date or today
        if report_date > today or report_date.year != year:
            raise ValidationError(
                {"report_date": _("Ngày báo cáo nhanh phải trong năm đã chọn và không ở tương lai.")}
            )
        return year, None, report_date
    last = 12 if kind == PeriodKind.MONTH else 4
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= last:
        raise ValidationError(
            {"period_no": _("Tháng phải từ 1 đến 12.") if last == 12 else _("Quý phải từ 1 đến 4.")}
        )
    if period_start(kind, year, number) > today:
        raise ValidationError({"period_no": _("Kỳ báo cáo chưa bắt đầu.")})
    return year, number, report_date or min(today, period_end(kind, year, number))


def _topic(value: Any, topics: dict[str, Topic], by_pk: dict[int, Topic]) -> Topic:
    found = None
    if isinstance(value, Topic):
        found = by_pk.get(value.pk)
    elif isinstance(value, int):
        found = by_pk.get(value)
    elif (number := parse_digits(value)) is not None:
        found = by_pk.get(number)
    elif isinstance(value, str):
        found = topics.get(value.strip())
    if found is None:
        raise ValidationError(
            {"topics": _("Chủ đề “%(t)s” không có trong danh mục chủ đề dư luận.") % {"t": value}}
        )
    return found


def _choice(value: Any, choices: type[models.TextChoices], field: str, label: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("%(label)s không hợp lệ: “%(v)s”.") % {"label": label, "v": value}})
    return value


@service
def report_submit(
    *,
    unit: Unit,
    period_kind: str,
    year: Any,
    mood: str,
    period_no: Any = None,
    report_date: dt.date | None = None,
    overview: str = "",
    sources: Iterable[str] = (),
    topics: Iterable[Mapping[str, Any]] = (),
    issues: Iterable[Mapping[str, Any]] = (),
    illustrative: bool = False,
    acting_user: Any,
) -> OpinionReport:
    require(acting_user, unit)
    year, period_no, report_date = _period(period_kind, year, period_no, report_date)
    mood = _choice(mood, Mood, "mood", _("Tâm trạng chung"))
    sources = list(dict.fromkeys(sources))
    for s in sources:
        _choice(s, Source, "sources", _("Nguồn nắm tình hình"))
    overview = clean_text(overview or "", multiline=True)
    check_no_personal_data(overview, "overview", _("Phần tình hình chung"))

    active = list(Topic.objects.filter(active=True))
    by_slug, by_pk = {t.slug: t for t in active}, {t.pk: t for t in active}
    topic_rows: list[ReportTopic] = []
    seen: set[int] = set()
    for row in list(topics)[: MAX_TOPICS + 1]:
        t = _topic(row.get("topic"), by_slug, by_pk)
        if t.pk in seen:
            raise ValidationError({"topics": _("Chủ đề “%(t)s” được ghi hai lần.") % {"t": t.name}})
        seen.add(t.pk)
        summary = clean_text(row.get("summary") or "", multiline=True)
        check_no_personal_data(summary, "topics", _("Tóm tắt chủ đề “%(t)s”") % {"t": t.name})
        topic_rows.append(
            ReportTopic(
                topic=t,
                mood=_choice(row.get("mood"), Mood, "topics", _("Tâm trạng")),
                spread=_choice(row.get("spread"), Spread, "topics", _("Mức độ lan rộng")),
                trend=_choice(row.get("trend"), Trend, "topics", _("Xu hướng")),
                summary=summary[:2000],
            )
        )
    if len(topic_rows) > MAX_TOPICS:
        raise ValidationError({"topics": _("Quá nhiều chủ đề trong một báo cáo.")})
    issue_rows: list[PressingIssue] = []
    for n, row in enumerate(list(issues)[: MAX_ISSUES + 1], start=1):
        description = clean_text(row.get("description") or "", multiline=True)
        solution = clean_text(row.get("proposed_solution") or "", multiline=True)
        if not description:
            raise ValidationError({"issues": _("Hãy ghi nội dung vấn đề bức xúc.")})
        check_no_personal_data(description, "issues", _("Vấn đề bức xúc thứ %(n)s") % {"n": n})
        check_no_personal_data(
            solution, "issues", _("Giải pháp đề xuất cho vấn đề bức xúc thứ %(n)s") % {"n": n}
        )
        topic = _topic(row["topic"], by_slug, by_pk) if row.get("topic") else None
        issue_rows.append(
            PressingIssue(topic=topic, description=description[:2000], proposed_solution=solution[:2000])
        )
    if len(issue_rows) > MAX_ISSUES:
        raise ValidationError({"issues": _("Quá nhiều vấn đề trong một báo cáo.")})

    if period_kind != PeriodKind.QUICK:
        existing = OpinionReport.objects.filter(
            unit=unit, period_kind=period_kind, year=year, period_no=period_no
        ).first()
        if existing is not None:
            raise ValidationError(
                {
                    "period_no": _("%(u)s đã có báo cáo %(p)s (ghi ngày %(d)s); mỗi kỳ chỉ một báo cáo.")
                    % {"u": unit.name, "p": existing.period_label, "d": f"{existing.report_date:%d/%m/%Y}"}
                }
            )
    report = OpinionReport(
        unit=unit,
        period_kind=period_kind,
        year=year,
        period_no=period_no,
        report_date=report_date,
        mood=mood,
        overview=overview,
        sources=sources,
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    report.full_clean(exclude=["unit", "created_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # the same period submitted concurrently
        raise ValidationError({"period_no": _("Kỳ này vừa được báo cáo.")}) from exc
    for r in topic_rows:
        r.report = report
    ReportTopic.objects.bulk_create(topic_rows)
    for issue in issue_rows:
        issue.report = report
    PressingIssue.objects.bulk_create(issue_rows)
    audit_log(
        actor=acting_user,
        action="opinion.report_submit",
        obj=report,
        unit=unit,
        changes={
            "period": report.period_label,
            "mood": mood,
            "topics": [r.topic.slug for r in topic_rows],
            "issues": len(issue_rows),
        },
    )
    return report
