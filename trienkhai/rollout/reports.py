"""The rollout's results report as a Party document (Word), with the counted figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from trienkhai.core.partydoc import (
    Item,
    PartyDocHeader,
    Section,
    Signature,
    Table,
    build_party_report,
    format_number,
    place_of,
    superior_line,
)
from trienkhai.orgs.models import Unit
from trienkhai.rollout.choices import Channel, StepKind
from trienkhai.rollout.models import Rollout, StepRecord
from trienkhai.rollout.selectors import coverage_as_of, coverage_for


def coverage_report(
    *, rollout: Rollout, unit: Unit, viewer: Any, number: str = "…-BC/TU", as_of: dt.date | None = None
) -> bytes:
    """ "Báo cáo kết quả nghiên cứu, học tập, quán triệt, triển khai thực hiện …" for ``unit``.

    With ``as_of``: the report as it would have been written that day — that day's tree, names
    and records (:func:`coverage_as_of`), dated that day; a later reorganisation changes nothing."""
    if as_of is not None:
        return _coverage_report_as_of(rollout=rollout, unit=unit, viewer=viewer, number=number, date=as_of)
    cov = coverage_for(rollout=rollout, unit=unit, viewer=viewer)
    today = timezone.localdate()
    doc = rollout.document
    intro = (
        f"Thực hiện {doc.get_kind_display().lower()} {doc.code or ''} {('về ' + doc.title) if doc.code else doc.title}, "
        f"{unit.name} báo cáo kết quả {rollout.get_purpose_display().lower()} "
        f"{'(' + cov.period.label + ')' if cov.period and cov.period.label else ''} như sau:"
    )
    body: list[Any] = [" ".join(intro.split()), *_handover_lines(rollout, upto=None)]
    for s in cov.steps:
        line = (
            f"{s.step.title}: {s.done}/{s.in_scope} đơn vị đã thực hiện, đạt "
            f"{format_number(s.done_pct, 1)}% (đúng hạn {s.done_on_time}, quá hạn {s.done_late}); "
            f"{'còn ' + str(s.overdue) + ' đơn vị quá hạn chưa thực hiện' if s.overdue else ''}"
            f"{'còn ' + str(s.open) + ' đơn vị đang thực hiện trong hạn' if s.open else ''}."
        )
        details = []
        if s.step.kind == StepKind.CONFERENCE and s.members_on_roll:
            details.append(
                f"Số đảng viên tham dự: {format_number(s.members_present)}/"
                f"{format_number(s.members_on_roll)}, đạt {format_number(s.attendance_pct or 0)}%; "
                f"{format_number(s.masses)} lượt quần chúng tham gia."
            )
            forms = _form_counts(s.step, unit)
            if forms:
                details.append("Hình thức: " + "; ".join(f"{label} {n} hội nghị" for label, n in forms) + ".")
        if s.step.kind == StepKind.DISSEMINATION:
            channels = _channel_counts(s.step, unit)
            if channels:
                details.append(
                    "Kênh tuyên truyền: "
                    + "; ".join(f"{label} ({n} đơn vị)" for label, n in channels)
                    + (f"; {format_number(s.reach)} lượt người được tuyên truyền." if s.reach else ".")
                )
        body.append(Item(line.replace(": ;", ";").replace("; .", "."), details))
    rows: list[list[Any]] = []
    for i, c in enumerate(cov.children, start=1):
        rows.append([i, c.unit.name, *[f"{x.done}/{x.in_scope}" for x in c.steps]])
    rows.append(
        ["", "Tổng cộng", *[f"{x.done}/{x.in_scope} ({format_number(x.done_pct, 1)}%)" for x in cov.steps]]
    )
    table = Table(
        headers=["TT", "Đơn vị", *[s.step.get_kind_display() for s in cov.steps]],
        rows=rows,
        caption="Bảng tổng hợp kết quả theo đơn vị trực thuộc",
        total_row=True,
    )
    sections = [
        Section("Kết quả thực hiện", body),
        Section(
            "Kết quả theo đơn vị",
            [
                "Số liệu do hệ thống Triển khai tổng hợp từ kết quả các đơn vị đã ghi nhận, "
                f"tính đến ngày {today:%d/%m/%Y}.",
                table,
            ],
        ),
        Section(
            "Phương hướng, nhiệm vụ thời gian tới",
            [
                "Tiếp tục đôn đốc các đơn vị chưa hoàn thành; nâng cao chất lượng học tập, quán triệt và tuyên truyền."
            ],
        ),
    ]
    header = PartyDocHeader(
        superior_body=superior_line(unit),
        issuing_body=unit.name.upper(),
        number=number,
        place=place_of(unit),
        date=today,
    )
    return build_party_report(
        header=header,
        summary_line=f"về kết quả {rollout.get_purpose_display().lower()} {doc.code or doc.title}",
        sections=sections,
        signature=Signature(),
        recipients=["Ban Thường vụ cấp ủy cấp trên (để báo cáo)", "Các đơn vị trực thuộc", "Lưu Văn phòng"],
    )


def _coverage_report_as_of(*, rollout: Rollout, unit: Unit, viewer: Any, number: str, date: dt.date) -> bytes:
    cov = coverage_as_of(viewer=viewer, rollout=rollout, unit=unit, date=date)
    doc = rollout.document
    name = cov.unit_name if cov.existed else unit.name
    intro = (
        f"Thực hiện {doc.get_kind_display().lower()} {doc.code or ''} {('về ' + doc.title) if doc.code else doc.title}, "
        f"{name} báo cáo kết quả {rollout.get_purpose_display().lower()} tính đến ngày {date:%d/%m/%Y} như sau:"
    )
    body: list[Any] = [" ".join(intro.split()), *_handover_lines(rollout, upto=date)]
    if not cov.existed:
        body.append("Đơn vị chưa thành lập hoặc đã kết thúc hoạt động vào ngày này.")
    elif not cov.launched:
        body.append(f"Đợt triển khai bắt đầu từ ngày {rollout.starts_on:%d/%m/%Y}: chưa có số liệu.")
    for s, c in zip(cov.steps, cov.totals, strict=True):
        pct = format_number(c.pct, 1) if c.pct is not None else "0"
        body.append(Item(f"{s.title}: {c.done}/{c.in_scope} đơn vị đã thực hiện, đạt {pct}%.", []))
    for x in cov.successions:
        body.append(
            f"Từ ngày {x.date:%d/%m/%Y} tính theo đơn vị kế tiếp: {', '.join(x.olds)} → {x.new} "
            "(các đơn vị cũ được tính đến ngày thay đổi)."
        )
    rows: list[list[Any]] = [
        [i, r.name, *[f"{c.done}/{c.in_scope}" for c in r.cells]] for i, r in enumerate(cov.rows, start=1)
    ]
    rows.append(["", "Tổng cộng", *[f"{c.done}/{c.in_scope}" for c in cov.totals]])
    table = Table(
        headers=["TT", "Đơn vị", *[s.get_kind_display() for s in cov.steps]],
        rows=rows,
        caption="Bảng tổng hợp kết quả theo đơn vị trực thuộc (tên gọi tại ngày báo cáo)",
        total_row=True,
    )
    # The header names the bodies of that day: the unit's name and its parent's then.
    from types import SimpleNamespace

    from trienkhai.core.partydoc import party_body
    from trienkhai.orgs.selectors import unit_as_of

    then = unit_as_of(viewer=viewer, unit=unit, date=date)
    parent_then = then.parent_name if then.existed else ""
    place = place_of(SimpleNamespace(name=name, depth=1))
    if place == name and parent_then:
        place = place_of(SimpleNamespace(name=parent_then, depth=1))
    header = PartyDocHeader(
        superior_body=party_body(parent_then) if parent_then else superior_line(unit),
        issuing_body=name.upper(),
        number=number,
        place=place if place != parent_then else name,
        date=date,
    )
    return build_party_report(
        header=header,
        summary_line=f"về kết quả {rollout.get_purpose_display().lower()} {doc.code or doc.title}",
        sections=[
            Section("Kết quả thực hiện", body),
            Section(
                "Kết quả theo đơn vị",
                [
                    "Số liệu do hệ thống Triển khai tổng hợp theo cơ cấu tổ chức và kết quả các đơn vị "
                    f"đã ghi nhận đến ngày {date:%d/%m/%Y}.",
                    table,
                ],
            ),
        ],
        signature=Signature(),
        recipients=["Ban Thường vụ cấp ủy cấp trên (để báo cáo)", "Các đơn vị trực thuộc", "Lưu Văn phòng"],
    )


def _handover_lines(rollout: Rollout, *, upto: dt.date | None) -> list[str]:
    """ "Đợt triển khai do … chỉ đạo đến ngày …": the owners it passed from, by ``upto``."""
    from trienkhai.rollout.selectors import handovers

    return [
        f"Đợt triển khai do {h.old} chỉ đạo đến ngày {h.last_day:%d/%m/%Y}; từ ngày {h.date:%d/%m/%Y} "
        f"do {h.new} chỉ đạo (phạm vi: các đơn vị đã thực hiện và đơn vị kế thừa của chúng)."
        for h in handovers(rollout=rollout)
        if upto is None or h.date <= upto
    ]


def _records(step, unit: Unit):
    return StepRecord.objects.filter(step=step, is_current=True, unit__path__startswith=unit.path)


def _form_counts(step, unit: Unit) -> list[tuple[str, int]]:
    from collections import Counter

    from trienkhai.rollout.choices import ConferenceForm

    counts = Counter(_records(step, unit).values_list("form", flat=True))
    return [(str(ConferenceForm(k).label).lower(), n) for k, n in counts.most_common() if k]


def _channel_counts(step, unit: Unit) -> list[tuple[str, int]]:
    from collections import Counter

    counts: Counter[str] = Counter()
    for channels in _records(step, unit).values_list("channels", flat=True):
        counts.update(channels or [])
    return [(str(Channel(k).label), n) for k, n in counts.most_common() if k in Channel.values]


def periodic_report(*, unit: Unit, viewer: Any, year: int) -> bytes:
    """One Word report for a unit and year: each active rollout's figures, then the panels
    of training, recognition and targets (each app supplies its own sections)."""
    from importlib import import_module

    from trienkhai.rollout.selectors import coverage_for, dashboard

    today = timezone.localdate()
    items = []
    for row in dashboard(viewer=viewer, unit=unit):
        # dashboard() rows carry the rollout itself (cards are the cached dashboard's).
        cov = coverage_for(rollout=row.rollout, unit=unit, viewer=viewer, with_children=False)  # type: ignore[arg-type]
        lines = [
            f"{s.step.title}: {s.done}/{s.in_scope} đơn vị ({format_number(s.done_pct, 1)}%)"
            + (f", quá hạn {s.overdue}" if s.overdue else "")
            + "."
            for s in cov.steps
        ]
        items.append(Item(row.rollout.title, lines))
    sections = [
        Section("Kết quả triển khai các văn bản", items or ["Không có đợt triển khai đang thực hiện."])
    ]
    for app in ("training", "emulation", "targets"):
        sections.extend(
            import_module(f"trienkhai.{app}.selectors").report_sections(viewer=viewer, unit=unit, year=year)
        )
    header = PartyDocHeader(
        superior_body=superior_line(unit),
        issuing_body=unit.name.upper(),
        number="…-BC/TU",
        place=place_of(unit),
        date=today,
    )
    return build_party_report(
        header=header,
        summary_line=f"về kết quả công tác tuyên giáo năm {year}",
        sections=sections,
        signature=Signature(),
        recipients=["Ban Thường vụ cấp ủy cấp trên (để báo cáo)", "Lưu Văn phòng"],
    )
