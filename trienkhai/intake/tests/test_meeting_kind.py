"""The kind of meeting a report describes: a conference ("hội nghị" that quán triệt, học tập,
triển khai a resolution, held in person or on Zoom/Teams) is proposed as a conference with its
own name and form, not as a "Buổi làm việc"; a working session stays one even when it speaks
of conferences held."""

from __future__ import annotations

import pytest

from trienkhai.intake import figures as fig
from trienkhai.intake.selectors import report_findings
from trienkhai.intake.services import imported_report_create


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Sáng 12/3/2025, Đảng ủy phường tổ chức hội nghị học tập, quán triệt Nghị quyết số 57-NQ/TW.",
            "conference",
        ),
        ("Ngày 2/4, Huyện ủy tổ chức Hội nghị triển khai Chỉ thị 05 đến cán bộ chủ chốt.", "conference"),
        ("Hội nghị được tổ chức trực tiếp kết hợp trực tuyến qua Teams đến 25 điểm cầu.", "conference"),
        # a working session that reports conferences held is still a working session
        (
            "Ngày 11/8/2022, Ban Tuyên giáo Tỉnh ủy làm việc với Thành ủy. 100% chi bộ đã tổ chức hội nghị quán triệt.",
            "working_session",
        ),
        ("Đoàn công tác của Tỉnh ủy đã có buổi làm việc tại xã.", "working_session"),
        ("Sáng 5/5, Ban Tuyên giáo tổ chức tọa đàm về công tác tuyên truyền.", "seminar"),
        # "hội nghị" named in passing, without what a conference does
        ("Tại hội nghị, đồng chí Bí thư phát biểu.", ""),
        ("Thị ủy ban hành kế hoạch tuyên truyền.", ""),
    ],
)
def test_the_kind_of_meeting_is_read_from_the_words(text, kind):
    assert fig.meeting_kind(text)[0] == kind


def test_a_conference_is_named_by_its_own_words():
    text = "Sáng 12/3/2025, Đảng ủy phường tổ chức hội nghị học tập, quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 cho đảng viên."
    kind, start, _end = fig.meeting_kind(text)
    assert fig.meeting_name(text, start) == "Hội nghị học tập, quán triệt Nghị quyết số 57-NQ/TW"


def test_a_ward_conference_report_proposes_a_conference(figures_report, personas):
    f = report_findings(report=figures_report, viewer=personas.child)
    fields = f.meeting["fields"]
    assert fields["kind"] == "hoi_nghi"
    assert fields["title"] == "Hội nghị học tập, quán triệt Nghị quyết 45-NQ/TW"
    assert f.meeting["label"] == fields["title"]


def test_an_online_conference_proposes_its_form_and_platform(tree, personas):
    text = (
        "Ngày 20/6/2023, Đảng ủy phường Cẩm Thủy tổ chức hội nghị quán triệt Nghị quyết 45-NQ/TW "
        "theo hình thức trực tuyến qua Zoom.\n"
    )
    report = imported_report_create(unit=tree.ward, text=text, acting_user=personas.child)
    fields = report_findings(report=report, viewer=personas.child).meeting["fields"]
    assert (fields["kind"], fields["form"], fields["platform"]) == ("hoi_nghi", "truc_tuyen", "Zoom")


def test_a_working_session_about_study_stays_a_working_session(report, personas):
    """The shared report: "Tỉnh ủy An Hòa làm việc với Thị ủy Bình Yên về việc học tập, quán
    triệt nghị quyết" — a working session about study, not a conference."""
    fields = report_findings(report=report, viewer=personas.own).meeting["fields"]
    assert fields["kind"] == "lam_viec" and fields["title"] == "Buổi làm việc ngày 05/06/2023"
