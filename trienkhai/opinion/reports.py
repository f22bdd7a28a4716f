"""The synthesis as a Party report (.docx) through ``core.partydoc``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from trienkhai.core.partydoc import (
    Item,
    PartyDocHeader,
    Section,
    Signature,
    Table,
    build_party_report,
    place_of,
    superior_line,
)
from trienkhai.opinion.selectors import Synthesis


def synthesis_sections(s: Synthesis) -> list[Section]:
    """The report body: plain text, tables and points; aggregates only."""
    general: list[str | Table] = [
        f"Kỳ báo cáo {s.label.lower()}: {s.reports} báo cáo của {s.unit.name} và các đơn vị trực thuộc; "
        f"{s.reported_children}/{s.children_total} đơn vị trực thuộc trực tiếp đã báo cáo"
        + (f"; {s.quick_reports} báo cáo nhanh trong kỳ." if s.quick_reports else "."),
    ]
    if s.illustrative:
        general.append("Ghi chú: số liệu có phần là dữ liệu minh họa của bản demo.")
    if s.reports:
        general.append(
            Table(
                headers=["Tâm trạng chung", "Số báo cáo", "Tỷ lệ"],
                rows=[[m.label, m.count, f"{m.pct}%"] for m in s.moods],
                caption="Tâm trạng chung của cán bộ, đảng viên và Nhân dân",
            )
        )
    topics: list = []
    if s.topics:
        topics.append(
            Table(
                headers=[
                    "TT",
                    "Chủ đề",
                    "Số đơn vị phản ánh",
                    s.previous_label,
                    "Đơn vị phản ánh lo lắng, bức xúc",
                ],
                rows=[
                    [i, t.name, t.units, t.prev_units, t.troubled_reports]
                    for i, t in enumerate(s.topics, start=1)
                ],
                caption="Các vấn đề được quan tâm, xếp theo số đơn vị phản ánh",
            )
        )
        rising = s.new_or_rising
        if rising:
            topics.append(
                Item(
                    "Vấn đề mới nảy sinh hoặc có chiều hướng tăng",
                    [
                        f"{t.name}: {t.units} đơn vị phản ánh"
                        + (
                            " (mới xuất hiện so với kỳ trước)."
                            if t.is_new
                            else f" (kỳ trước {t.prev_units})."
                        )
                        for t in rising
                    ],
                )
            )
    else:
        topics.append("Không có đơn vị nào phản ánh vấn đề trong kỳ.")
    issues: list = []
    for issue in s.issues:
        body = [issue.description]
        if issue.proposed_solution:
            body.append(f"Giải pháp đề xuất: {issue.proposed_solution}")
        proposal = getattr(issue, "proposal", None)
        if proposal is not None:
            body.append(f"Đã kiến nghị {proposal.addressee.name}: {proposal.get_status_display().lower()}.")
        issues.append(Item(issue.report.unit.name, body))
    if s.issues_total > len(s.issues):
        issues.append(f"Và {s.issues_total - len(s.issues)} vấn đề khác (xem trên hệ thống).")
    if not issues:
        issues.append("Không có vấn đề bức xúc được báo cáo.")
    missing = (
        [", ".join(u.name for u in s.missing) + "."]
        if s.missing
        else ["Tất cả đơn vị trực thuộc đã báo cáo."]
    )
    return [
        Section("Tình hình chung", general),
        Section("Những vấn đề cán bộ, đảng viên và Nhân dân quan tâm", topics),
        Section("Vấn đề bức xúc và đề xuất, kiến nghị", issues),
        Section("Đơn vị chưa báo cáo", missing),
    ]


def synthesis_docx(
    s: Synthesis, *, number: str = "", place: str = "", signer: str = "", on: dt.date | None = None
) -> bytes:
    parent = s.unit.parent_unit()
    header = PartyDocHeader(
        superior_body=superior_line(s.unit),
        issuing_body=s.unit.name,
        number=number or "   -BC",
        place=place or place_of(s.unit),
        date=on or timezone.localdate(),
    )
    recipients = ([f"{parent.name} (để báo cáo)"] if parent else []) + [
        "Các đơn vị trực thuộc",
        f"Lưu Văn phòng {s.unit.name}",
    ]
    return build_party_report(
        header=header,
        doc_title="BÁO CÁO",
        summary_line=f"tổng hợp tình hình tư tưởng, dư luận xã hội {s.label.lower()}",
        sections=synthesis_sections(s),
        signature=Signature(name=signer),
        recipients=recipients,
    )
