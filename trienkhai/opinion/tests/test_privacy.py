"""One guard on every free-text field of an opinion report (issue 13, point 3).

The texts and the expected answers are written here: a bare full name and a phone number
are refused in each field, through the page and through the API; ordinary report sentences
with places, units and officials' titles are accepted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.opinion.models import OpinionReport, PressingIssue, ReportTopic
from trienkhai.opinion.services import report_submit

J = "application/json"
BARE_NAME = "Nguyễn Văn Tám phản ánh giá xăng tăng."
PHONE = "Người dân gọi 0912.345.678 để phản ánh giá xăng tăng."
ID_NUMBER = "Một công dân có căn cước 001099012345 phản ánh việc đền bù."
# (field, label the message must name)
FIELDS = [
    ("overview", "Phần tình hình chung"),
    ("summary", "Tóm tắt chủ đề “Giá cả – xăng dầu”"),
    ("description", "Vấn đề bức xúc thứ 1"),
    ("proposed_solution", "Giải pháp đề xuất cho vấn đề bức xúc thứ 1"),
]
# Real report sentences: places, units, officials' titles, named things, leaders named in office.
ACCEPTED = [
    "Nhân dân phấn khởi trước chủ trương sắp xếp đơn vị hành chính, không tổ chức cấp huyện.",
    "Đảng ủy phường Ba Hàng tổ chức hội nghị quán triệt Nghị quyết số 57-NQ/TW của Bộ Chính trị.",
    "Bí thư Đảng ủy phường trực tiếp đối thoại với Nhân dân tổ dân phố Thanh Xuyên 3.",
    "Cán bộ, đảng viên đánh giá cao bài viết của Tổng Bí thư Tô Lâm về chuyển đổi số.",
    "Người dân xã Tân Phú, Hồng Tiến, Đắc Sơn lo lắng về giá điện tăng.",
    "Công nhân Khu công nghiệp Yên Bình quan tâm việc làm, nhà ở.",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được hưởng ứng.",
    "Tuyến đường Nguyễn Văn Cừ, phố Lê Lợi xuống cấp; Trường THCS Lê Quý Đôn thiếu phòng học.",
    "Đoàn Thanh niên, Hội Liên hiệp Phụ nữ phường Bãi Bông ra quân vệ sinh môi trường.",
    "Thiệt hại 1.200.000.000 đồng do dịch tả lợn châu Phi; 2.350 con lợn bị tiêu hủy.",
]


def _service_kwargs(field: str, text: str) -> dict:
    topic = {"topic": "gia-ca-xang-dau", "mood": "lo_lang", "spread": "nhieu_noi", "trend": "tang"}
    issue = {"description": "Thiếu chỗ gửi xe ở chợ", "proposed_solution": "Mở rộng bãi xe"}
    if field == "overview":
        return {"overview": text, "topics": [{**topic, "summary": ""}]}
    if field == "summary":
        return {"topics": [{**topic, "summary": text}]}
    return {"topics": [{**topic, "summary": ""}], "issues": [{**issue, field: text}]}


def _page_data(tree, field: str, text: str) -> dict:
    data = {
        "unit": tree.city.pk,
        "period_kind": "month",
        "year": 2022,
        "period_no": 5,
        "mood": "on_dinh",
        "overview": "Tình hình ổn định.",
        "t-TOTAL_FORMS": 1,
        "t-INITIAL_FORMS": 0,
        "t-0-topic": "gia-ca-xang-dau",
        "t-0-mood": "lo_lang",
        "t-0-spread": "nhieu_noi",
        "t-0-trend": "tang",
        "t-0-summary": "Giá xăng tăng.",
        "i-TOTAL_FORMS": 1,
        "i-INITIAL_FORMS": 0,
        "i-0-description": "Thiếu chỗ gửi xe ở chợ.",
        "i-0-proposed_solution": "Mở rộng bãi xe.",
    }
    key = {"overview": "overview", "summary": "t-0-summary"}.get(field, f"i-0-{field}")
    return {**data, key: text}


def submit(unit, **kwargs):
    return report_submit(
        unit=unit, period_kind="month", year=2022, period_no=4, mood="on_dinh", acting_user=SYSTEM, **kwargs
    )


def _nothing_saved():
    return not (
        OpinionReport.objects.exists() or ReportTopic.objects.exists() or PressingIssue.objects.exists()
    )


@pytest.mark.parametrize("text,what", [(BARE_NAME, "họ tên"), (PHONE, "số điện thoại")])
@pytest.mark.parametrize("field,label", FIELDS)
def test_page_refuses_in_every_field(login, personas, tree, field, label, text, what):
    r = login(personas.own).post(reverse("opinion:create"), _page_data(tree, field, text))
    page = r.content.decode()
    assert r.status_code == 400
    assert f"{label} có {what}" in page and "không ghi thông tin nhận dạng cá nhân" in page
    assert _nothing_saved()


@pytest.mark.parametrize("text,what", [(BARE_NAME, "họ tên"), (PHONE, "số điện thoại")])
@pytest.mark.parametrize("field,label", FIELDS)
def test_api_refuses_in_every_field(login, personas, tree, field, label, text, what):
    body = {"unit_id": tree.city.pk, "period_kind": "month", "year": 2022, "period_no": 4, "mood": "on_dinh"}
    r = login(personas.own).post(
        "/api/v1/opinion/reports", {**body, **_service_kwargs(field, text)}, content_type=J
    )
    assert r.status_code == 400
    assert f"{label} có {what}" in str(r.json()["detail"])
    assert _nothing_saved()


@pytest.mark.parametrize("field,label", FIELDS)
def test_id_number_refused_in_every_field(tree, field, label):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        submit(tree.city, **_service_kwargs(field, ID_NUMBER))
    assert f"{label} có số giống số chứng minh nhân dân" in str(err.value)
    assert _nothing_saved()


@pytest.mark.parametrize("text", ACCEPTED)
@pytest.mark.parametrize("field", [f for f, _label in FIELDS])
def test_ordinary_report_sentences_accepted(tree, field, text):
    report = submit(tree.city, **_service_kwargs(field, text))
    stored = [
        report.overview,
        *report.topics.values_list("summary", flat=True),
        *report.issues.values_list("description", flat=True),
        *report.issues.values_list("proposed_solution", flat=True),
    ]
    assert text in stored


def test_page_accepts_a_whole_ordinary_report(login, personas, tree):
    data = _page_data(tree, "overview", ACCEPTED[0])
    data.update(
        {"t-0-summary": ACCEPTED[3], "i-0-description": ACCEPTED[1], "i-0-proposed_solution": ACCEPTED[2]}
    )
    r = login(personas.own).post(reverse("opinion:create"), data)
    assert r.status_code == 302
    assert OpinionReport.objects.get().issues.get().description == ACCEPTED[1]


def test_a_solution_without_its_issue_is_refused_not_dropped(login, personas, tree):
    """GIVEN a pressing-issue row with only a solution (carrying a phone number) WHEN sent
    THEN the page says what is missing; the row is not silently thrown away."""
    data = _page_data(tree, "proposed_solution", PHONE)
    data["i-0-description"] = ""
    r = login(personas.own).post(reverse("opinion:create"), data)
    assert r.status_code == 400 and "Hãy ghi nội dung vấn đề bức xúc" in r.content.decode()
    assert _nothing_saved()


def test_the_refusal_keeps_the_name_and_number_out_of_the_audit_trail(login, personas, tree):
    c = login(personas.own)
    c.post(reverse("opinion:create"), _page_data(tree, "description", BARE_NAME))
    c.post(reverse("opinion:create"), _page_data(tree, "overview", PHONE))
    refused = AuditEvent.objects.filter(action="opinion.report_submit", refused=True)
    assert refused.count() == 2
    logged = " ".join(str(e.changes) for e in refused)
    assert "Tám" not in logged and "345" not in logged
