"""The demo sections of issue 6 (training, emulation, targets): what they promise, and that
loading twice changes nothing."""

from django.core.management import call_command
from django.test import Client

from trienkhai.accounts.models import User
from trienkhai.emulation.models import Adoption, Nomination, Practice
from trienkhai.orgs.models import Unit
from trienkhai.targets.models import Target
from trienkhai.targets.selectors import progress_for
from trienkhai.training.models import Attendance, Course, Enrolment, Person
from trienkhai.training.selectors import training_figures

MODELS = (Course, Person, Enrolment, Attendance, Practice, Adoption, Nomination, Target)


def test_demo_sections(demo):
    su = User.objects.get(username="admin")
    py = Unit.objects.get(code="TU-PY")
    assert all(p.illustrative for p in Person.objects.all())
    fig = training_figures(viewer=su, unit=py, year=2022)
    assert (fig.staff, fig.trained, fig.units_without_count) == (13, 10, 3)
    city = Target.objects.get(title__startswith="Xây dựng thị xã Phổ Yên")
    p = progress_for(viewer=su, target=city)
    assert p.status == "achieved_early" and "trước 3 năm" in p.ahead_text
    plans = Target.objects.get(title__startswith="100%")
    p = progress_for(viewer=su, target=plans)
    assert plans.counted and p.current == 100 and p.done == p.in_scope > 0
    assert (
        Practice.objects.get(
            title__startswith="Học tập, quán triệt nghị quyết qua nhóm Zalo"
        ).adoptions.count()
        == 5
    )
    assert Nomination.objects.filter(status="approved", decision_document__isnull=False).count() == 1
    before = [m.objects.count() for m in MODELS]
    call_command("demo", no_serve=True, stdout=open("/dev/null", "w"))
    assert [m.objects.count() for m in MODELS] == before
    c = Client()
    c.force_login(su)
    for url in [
        "/training/",
        "/training/people/",
        f"/training/figures/?unit={py.pk}&year=2022",
        "/emulation/",
        "/emulation/practices/",
        "/targets/",
        f"/targets/{city.pk}/",
        f"/targets/{plans.pk}/",
        f"/training/{Course.objects.get().pk}/",
    ]:
        assert c.get(url).status_code == 200, url
    assert "Đạt trước 3 năm so với kế hoạch" in c.get(f"/targets/{city.pk}/").content.decode()


def test_demo_training_request_is_answerable_by_the_city(demo):
    """Issue 18: the demo's city login finds a ward's training request in its inbox and
    answers it by scheduling a course; the ward's login is not offered to."""
    from django.urls import reverse

    from trienkhai.proposals.models import Proposal

    city = Client()
    city.force_login(User.objects.get(username="thanhuy"))
    page = city.get(reverse("training:proposals")).content.decode()
    assert "Đề nghị mở lớp bồi dưỡng cho cộng tác viên dư luận xã hội của phường" in page
    p = Proposal.objects.get(sender__name="Đảng ủy phường Bãi Bông", category="dao_tao")
    url = reverse("training:from_proposal", args=[p.pk])
    assert url in page and city.get(url).status_code == 200
    r = city.post(
        url,
        {
            "organiser": Unit.objects.get(code="TU-PY").pk,
            "title": "Lớp bồi dưỡng cộng tác viên dư luận xã hội phường Bãi Bông",
            "audiences": ["cong_tac_vien"],
            "starts_on": "2022-10-10",
            "ends_on": "2022-10-11",
            "form": "truc_tiep",
        },
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == "answered" and Course.objects.filter(source_proposal=p).count() == 1
