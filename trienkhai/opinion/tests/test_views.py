from __future__ import annotations

import pytest
from django.urls import reverse

from trienkhai.opinion.models import OpinionReport
from trienkhai.proposals.models import Proposal

from .conftest import submit


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("parent", 200), ("child", 404), ("sibling", 404), ("other", 404)]
)
def test_detail_scope(login, personas, report, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("opinion:detail", args=[report.pk])).status_code == status
    )


def test_list_filters(login, personas, report, tree):
    submit(tree.ward, topics=[("dich-benh", "on_dinh", "giam")])
    c = login(personas.own)
    page = c.get(reverse("opinion:list"), {"topic": "dich-benh"}).content.decode()
    assert "Đảng ủy phường Cẩm Thủy" in page and "Thị ủy Bình Yên</td>" not in page
    page = c.get(reverse("opinion:list"), {"q": "cam thuy"}).content.decode()
    assert "Đảng ủy phường Cẩm Thủy" in page


def test_create_form_with_topics_and_refusals(login, personas, tree):
    c = login(personas.own)
    base = {
        "unit": tree.city.pk,
        "period_kind": "month",
        "year": 2022,
        "period_no": 5,
        "mood": "on_dinh",
        "overview": "Tình hình ổn định",
        "sources": ["bao_chi"],
        "t-TOTAL_FORMS": 2,
        "t-INITIAL_FORMS": 0,
        "i-TOTAL_FORMS": 1,
        "i-INITIAL_FORMS": 0,
        "t-0-topic": "gia-ca-xang-dau",
        "t-0-mood": "lo_lang",
        "t-0-spread": "nhieu_noi",
        "t-0-trend": "tang",
        "t-0-summary": "Giá xăng tăng",
        "t-1-topic": "",
        "t-1-mood": "on_dinh",
        "t-1-spread": "mot_so_noi",
        "t-1-trend": "on_dinh",
        "i-0-description": "",
        "i-0-proposed_solution": "",
    }
    r = c.post(reverse("opinion:create"), {**base, "t-0-summary": "anh Tuấn ở tổ 3 nói"})
    assert r.status_code == 400 and "tên người" in r.content.decode()
    r = c.post(reverse("opinion:create"), {**base, "t-0-topic": "gia-vang"})
    assert r.status_code == 400
    assert not OpinionReport.objects.exists()
    r = c.post(reverse("opinion:create"), base)
    assert r.status_code == 302
    rep = OpinionReport.objects.get()
    assert [t.topic.slug for t in rep.topics.all()] == ["gia-ca-xang-dau"] and rep.sources == ["bao_chi"]
    r = c.post(reverse("opinion:create"), base)
    assert r.status_code == 400 and "mỗi kỳ chỉ một báo cáo" in r.content.decode()


def test_issue_one_click_to_proposal(login, personas, report):
    c = login(personas.own)
    issue = report.issues.get()
    c.post(reverse("opinion:propose", args=[report.pk]), {"issue": issue.pk})
    assert Proposal.objects.get().source_issue == issue
    assert "Kiến nghị đã gửi" in c.get(reverse("opinion:detail", args=[report.pk])).content.decode()


@pytest.mark.parametrize("value", ["\u00b2", "\u2460", "9" * 5000, "abc"])
def test_an_issue_picked_by_an_odd_number_is_not_found(login, personas, report, value):
    r = login(personas.own).post(reverse("opinion:propose", args=[report.pk]), {"issue": value})
    assert r.status_code == 404 and not Proposal.objects.exists()


def test_synthesis_page_and_docx(login, personas, report, tree):
    c = login(personas.own)
    q = {"unit": tree.city.pk, "period_kind": "quarter", "year": 2022, "period_no": 3}
    page = c.get(reverse("opinion:synthesis"), q).content.decode()
    assert "Giá cả – xăng dầu" in page and "Đảng ủy phường Cẩm Thủy" in page  # the ward has not reported
    r = c.get(reverse("opinion:synthesis_docx"), q)
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"PK")
    assert login(personas.sibling).get(reverse("opinion:synthesis_docx"), q).status_code == 404
