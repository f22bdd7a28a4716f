from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.opinion.models import OpinionReport, ReportTopic, Topic
from trienkhai.opinion.privacy import personal_data_found
from trienkhai.proposals.models import Proposal
from trienkhai.proposals.services import proposal_from_issue

from .conftest import submit


def test_topics_seeded_by_migration(db):
    names = set(Topic.objects.values_list("name", flat=True))
    assert {"Giá cả – xăng dầu", "Lao động nước ngoài", "Thông tin sai lệch trên mạng"} <= names


def test_submit_with_topics_and_issues_one_audit_event(report):
    assert report.topics.count() == 1 and report.issues.count() == 1
    assert report.period_label == "Quý 3/2022"
    assert AuditEvent.objects.filter(action="opinion.report_submit").count() == 1


def test_one_report_per_unit_per_period(report, tree):
    with pytest.raises(ValidationError) as err:
        submit(tree.city)
    assert "đã có báo cáo Quý 3/2022" in str(err.value)
    assert OpinionReport.objects.count() == 1
    # quick reports are exempt; another period or unit is fine
    import datetime as dt

    submit(tree.city, kind="quick", no=None, report_date=dt.date(2022, 8, 1))
    submit(tree.city, kind="quick", no=None, report_date=dt.date(2022, 8, 1))
    submit(tree.city, no=2)
    submit(tree.ward)
    assert OpinionReport.objects.count() == 5


def test_topic_not_in_the_list_refused(tree):
    with pytest.raises(ValidationError) as err:
        submit(tree.city, topics=[("gia-vang", "on_dinh", "tang")])
    assert "không có trong danh mục" in str(err.value)
    Topic.objects.filter(slug="moi-truong").update(active=False)
    with pytest.raises(ValidationError):
        submit(tree.city, topics=[("moi-truong", "on_dinh", "tang")])
    assert not OpinionReport.objects.exists() and not ReportTopic.objects.exists()


@pytest.mark.parametrize("topic", ["\u00b2", "1\u2075", "9" * 5000])
def test_a_topic_named_by_an_odd_number_is_refused_as_unknown(tree, topic):
    """A topic may be named by its id; "²" passes str.isdigit() and used to end in int()'s ValueError."""
    with pytest.raises(ValidationError) as err:
        submit(tree.city, topics=[(topic, "on_dinh", "tang")])
    assert "không có trong danh mục" in str(err.value)


@pytest.mark.parametrize(
    "text,what",
    [
        ("Người dân gọi 0912 345 678 để phản ánh", "số điện thoại"),
        ("Liên hệ +84912345678", "số điện thoại"),
        ("Gửi thư tới nguyen.van.a@example.com", "thư điện tử"),
        ("Số căn cước 001099012345 bị lộ", "căn cước"),
        ("CMND 123456789", "căn cước"),
        ("ông Nguyễn Văn Bình bức xúc về đền bù", "tên người"),
        ("Bà Lan ở tổ 5 phản ánh", "tên người"),
        ("chị Hoa nói", "tên người"),
    ],
)
def test_personal_data_in_summary_refused(tree, text, what):
    with pytest.raises(ValidationError) as err:
        submit(tree.city, topics=[], overview=text)
    assert what in str(err.value) and "không ghi thông tin nhận dạng cá nhân" in str(err.value)
    with pytest.raises(ValidationError):
        submit(tree.city, issues=[{"description": "Vấn đề", "proposed_solution": text}])
    assert not OpinionReport.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "Một số hộ dân ở tổ dân phố 3 băn khoăn về giá xăng dầu",
        "Thiệt hại 1.200.000.000 đồng do dịch tả lợn châu Phi; 2.350 con lợn bị tiêu hủy",
        "Anh em công nhân khu công nghiệp Yên Bình lo lắng việc làm",
        "Học tập và làm theo tư tưởng Hồ Chí Minh; tỉnh Bà Rịa - Vũng Tàu",
        "Năm 2022, 75% hộ dân đồng thuận; 18 phường, xã",
    ],
)
def test_aggregate_wording_is_accepted(tree, text):
    assert personal_data_found(text) is None


def test_nfd_personal_data_still_caught():
    assert personal_data_found(unicodedata.normalize("NFD", "bà Nguyễn Thị Hoà")) is not None


def test_bad_period_values(tree):
    for kw in ({"no": 13, "kind": "month"}, {"no": 5}, {"year": 2999}, {"no": None}):
        with pytest.raises(ValidationError):
            submit(tree.city, **kw)
    with pytest.raises(ValidationError):
        submit(tree.city, mood="vui")


def test_submit_outside_scope_404(tree, personas):
    with pytest.raises(Http404):
        submit(tree.city, acting_user=personas.sibling)
    with pytest.raises(Http404):
        submit(tree.city, acting_user=personas.child)  # the ward cannot report for the city


def test_issue_becomes_proposal_to_the_level_above(report, tree, personas):
    issue = report.issues.get()
    p = proposal_from_issue(issue=issue, acting_user=personas.own)
    assert (p.sender, p.addressee, p.category, p.source_report) == (tree.city, tree.prov, "du_luan", report)
    assert "Ban hành quy định hỗ trợ" in p.content
    with pytest.raises(ValidationError):
        proposal_from_issue(issue=issue, acting_user=personas.own)
    assert Proposal.objects.count() == 1
