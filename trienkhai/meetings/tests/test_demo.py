"""The demo sections of issue 4: the seed's session, its proposals, Phổ Yên's 2022 opinion
reports and the 35-NQ/TW inspection; loading twice changes nothing."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from trienkhai.accounts.models import User
from trienkhai.core.models import AuditEvent
from trienkhai.followups.models import FollowUp
from trienkhai.meetings.models import Meeting
from trienkhai.opinion.models import OpinionReport
from trienkhai.opinion.selectors import opinion_synthesis
from trienkhai.orgs.models import Unit
from trienkhai.oversight.models import Inspection
from trienkhai.proposals.models import Proposal


def counts():
    return [m.objects.count() for m in (Meeting, Proposal, OpinionReport, Inspection, FollowUp, AuditEvent)]


def test_sections_load_once(demo):
    before = counts()
    call_command("demo", no_serve=True, stdout=open("/dev/null", "w"))
    assert counts() == before


def test_seed_session_and_its_proposals(demo):
    m = Meeting.objects.get(date="2022-08-11")
    assert m.host.code == "TU-PY" and [u.code for u in m.visiting_units.all()] == ["BTGTW"]
    people = {p.name: p.position for p in m.participants.all()}
    assert people["Nguyễn Xuân Trường"] == "Phó Bí thư thường trực Thành ủy Phổ Yên"
    assert people["Trần Đoàn Hưng"] == "Phó Vụ trưởng, Phó Chánh văn phòng BCĐ 35 Trung ương"
    proposals = Proposal.objects.filter(source_meeting=m).order_by("id")
    # still waiting in 2025, they passed to the successors: the board merged on 1/2/2025, the
    # city's side to the province on 1/7/2025
    assert [(p.addressee.code, p.sender.code, p.status) for p in proposals] == [
        ("BTGDVTW", "TU-TN", "assigned"),
        ("BTGDVTW", "TU-TN", "acknowledged"),
    ]
    assert proposals[0].department.code == "BCD35TW"
    assert all(f.illustrative for f in FollowUp.objects.filter(source_conclusion__meeting=m))


def test_opinion_reports_and_synthesis(demo):
    py = Unit.objects.get(code="TU-PY")
    assert OpinionReport.objects.filter(unit=py, year=2022, period_kind="quarter").count() == 4
    assert not OpinionReport.objects.filter(illustrative=False).exists()
    s = opinion_synthesis(
        viewer=User.objects.get(username="thanhuy"), unit=py, period_kind="quarter", year=2022, period_no=3
    )
    names = [t.name for t in s.topics]
    assert "Giá cả – xăng dầu" in names and "Lao động nước ngoài" in names and s.illustrative
    assert s.moods[0].count > 0  # đồng thuận, phấn khởi


def test_pages_render_for_demo_logins(demo, client):
    client.force_login(User.objects.get(username="thanhuy"))
    for name in (
        "proposals:inbox",
        "proposals:outbox",
        "opinion:list",
        "meetings:list",
        "oversight:list",
        "followups:list",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    m = Meeting.objects.get(date="2022-08-11")
    page = client.get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "Lại Xuân Môn" in page and "Kiến nghị đã gửi" in page
    py = Unit.objects.get(code="TU-PY")
    page = client.get(
        reverse("opinion:synthesis"), {"unit": py.pk, "period_kind": "quarter", "year": 2022, "period_no": 3}
    ).content.decode()
    assert "minh họa" in page and "Đảng ủy phường Bãi Bông" not in page.split("chưa báo cáo")[1][:2000]
    insp = Inspection.objects.get()
    assert "0091-KH/TU" in client.get(reverse("oversight:detail", args=[insp.pk])).content.decode()
    client.cookies["django_language"] = "en"
    assert "Follow-up tasks" in client.get(reverse("followups:list")).content.decode()
