"""Issue 15.5: the demo is current. Up to 30/6/2025 it holds the seed's tree; on 1/7/2025 its
reorganisation plan dissolves Thành ủy Phổ Yên and merges the 18 ward and commune committees into
five committees directly under Tỉnh ủy Thái Nguyên; a 2026 rollout runs on the new structure.

The expected answers are written here from the plan as the demo states it (which old units go
into which successor, three chi bộ each), not read from the code that applies it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from trienkhai.accounts.models import User
from trienkhai.documents.models import Document
from trienkhai.orgs.models import ReorgPlan, Unit, UnitEvent
from trienkhai.orgs.selectors import tree_as_of
from trienkhai.rollout.models import Rollout, StepTally
from trienkhai.rollout.selectors import coverage_as_of

pytestmark = pytest.mark.django_db

REFORM = dt.date(2025, 7, 1)
SESSION = dt.date(2022, 8, 11)
# successor → number of old committees merged into it (three chi bộ each in the demo)
SUCCESSORS = {
    "Đảng ủy phường Phổ Yên": 4,
    "Đảng ủy phường Vạn Xuân": 4,
    "Đảng ủy phường Trung Thành": 4,
    "Đảng ủy phường Phúc Thuận": 3,
    "Đảng ủy xã Thành Công": 3,
}


def _current_children(unit: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, valid_to__isnull=True).order_by(
            "path"
        )
    )


def test_today_the_wards_stand_under_the_province_and_the_city_has_ended(demo):
    province = Unit.objects.get(code="TU-TN")
    city = Unit.objects.get(code="TU-PY")
    assert city.valid_to == REFORM
    assert not _current_children(city)
    committees = {
        u.name: u for u in _current_children(province) if u.kind in ("dang_uy_phuong", "dang_uy_xa")
    }
    assert set(committees) == set(SUCCESSORS)
    for name, merged in SUCCESSORS.items():
        cells = _current_children(committees[name])
        assert len(cells) == 3 * merged, name
        assert all(c.kind == "chi_bo" for c in cells)
    # every old committee ended on the reform day with an event naming its successor and the basis
    old = UnitEvent.objects.filter(
        kind="merged_into",
        date=REFORM,
        unit__path__startswith=city.path,
        unit__kind__in=["dang_uy_phuong", "dang_uy_xa"],
    )
    assert old.count() == 18
    assert {e.related_unit.name for e in old} == set(SUCCESSORS)
    assert all(e.basis_document and e.basis_document.code == "1683/NQ-UBTVQH15" for e in old)
    plan = ReorgPlan.objects.get(date=REFORM)
    assert plan.status == ReorgPlan.Status.APPLIED and "minh họa" in plan.source
    # Bắc Kạn's committee passed to Thái Nguyên on the same day
    assert Unit.objects.get(code="TU-BK").valid_to == REFORM


def test_the_past_reads_as_it_was(demo):
    su = User.objects.get(username="admin")
    city = Unit.objects.get(code="TU-PY")
    then = tree_as_of(viewer=su, date=SESSION, root=city)
    assert then[0].name == "Thành ủy Phổ Yên"
    committees = [n for n in then[0].children if n.name.startswith(("Đảng ủy phường", "Đảng ủy xã"))]
    assert len(committees) == 18
    # the seed's figure: 100% of the 72 units in scope had built their plan (08-CTr/TU) by the session
    rollout = Rollout.objects.get(document__code="08-CTr/TU")
    coverage = coverage_as_of(viewer=su, rollout=rollout, unit=city, date=SESSION)
    plan = coverage.totals[0]
    assert (plan.done, plan.in_scope) == (72, 72)


def test_the_2026_rollout_runs_on_the_new_tree_with_partial_figures(demo):
    province = Unit.objects.get(code="TU-TN")
    rollout = Rollout.objects.get(title__contains="Đại hội đại biểu toàn quốc lần thứ XIV")
    assert rollout.owner_unit == province and rollout.starts_on.year == 2026
    assert rollout.document.links_out.filter(target__term="khóa XIV").exists()
    in_scope = 5 + 3 * sum(SUCCESSORS.values())  # five committees and their 54 chi bộ
    done = []
    for step in rollout.steps.order_by("due"):
        tally = StepTally.objects.get(step=step, unit=province)
        assert tally.in_scope == in_scope
        done.append(tally.done_on_time + tally.done_late)
    assert 0 < done[-1] < done[0] < in_scope  # partial: the plans mostly built, the year-end report begun
    # no unit that ended in 2025 is in its scope
    ended = set(Unit.objects.filter(valid_to__isnull=False).values_list("pk", flat=True))
    assert not ended & set(rollout.steps.first().records.values_list("unit_id", flat=True))


def test_logins_for_the_province_office_and_a_new_ward(demo, client):
    for username in ["vanphong", "phoyen"]:
        assert (
            client.post("/accounts/login/", {"username": username, "password": "trienkhai-demo"}).status_code
            == 302
        )
        client.post("/accounts/logout/")
    assert User.objects.get(username="vanphong").roles.get().unit.code == "TU-TN"
    assert User.objects.get(username="phoyen").roles.get().unit.name == "Đảng ủy phường Phổ Yên"
    # the Ba Hàng office's login followed its ward into the new phường Phổ Yên
    assert User.objects.get(username="phuong").roles.filter(unit__name="Đảng ủy phường Phổ Yên").exists()


def test_the_new_ward_reads_its_predecessors_and_the_old_city_office_only_reads(demo, client):
    ba_hang = Unit.objects.get(name="Đảng ủy phường Ba Hàng")
    client.force_login(User.objects.get(username="phoyen"))
    assert client.get(f"/units/{ba_hang.pk}/").status_code == 200
    page = client.get(
        f"/units/{Unit.objects.get(name='Đảng ủy phường Phổ Yên', valid_to=None).pk}/"
    ).content.decode()
    assert "Tiền thân" in page and "Đảng ủy phường Ba Hàng" in page and "30/06/2025" in page
    # a predecessor merged into another successor is not the new ward's
    van_phai = Unit.objects.get(name="Đảng ủy xã Vạn Phái")
    assert client.get(f"/units/{van_phai.pk}/").status_code == 404
    # the city office reads its old tree but changes nothing there
    client.force_login(User.objects.get(username="thanhuy"))
    city = Unit.objects.get(code="TU-PY")
    assert client.get(f"/units/{city.pk}/").status_code == 200
    assert client.get(f"/units/{ba_hang.pk}/").status_code == 200
    ctr = Document.objects.get(code="08-CTr/TU")  # the city's own programme, in its registry
    assert client.get(f"/documents/{ctr.pk}/").status_code == 200
    r = client.post(f"/documents/{ctr.pk}/edit/", {"title": "Đổi tên", "code": "08-CTr/TU"})
    assert r.status_code == 403  # visible to them, not theirs to change any more
    ctr.refresh_from_db()
    assert ctr.title.startswith("Chương trình hành động")


def test_the_seed_report_reads_as_of_its_day_on_todays_demo(demo, client):
    """The 2022 programme's Word report as of the session names the city of that day and its
    72 units; today's report of the same rollout counts the successors instead."""
    import io

    import docx
    from django.urls import reverse

    client.force_login(User.objects.get(username="vanphong"))
    rollout = Rollout.objects.get(document__code="08-CTr/TU")
    city = Unit.objects.get(code="TU-PY")

    def text(**params):
        r = client.get(reverse("rollout:report", args=[rollout.pk]), {"unit": city.pk, **params})
        assert r.status_code == 200, r.content[:200]
        d = docx.Document(io.BytesIO(r.content))
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)

    past = text(as_of="2022-08-11")
    assert "tính đến ngày 11/08/2022" in past and "Thành ủy Phổ Yên" in past
    assert "72/72 đơn vị đã thực hiện" in past
    assert "Đảng ủy phường Ba Hàng" in past and "Đảng ủy phường Vạn Xuân" not in past


def test_the_old_citys_rollouts_are_closed_and_listed_apart(demo, client):
    """The city closed its four 2021–2022 rollouts before it ended: today's dashboard runs only
    the 2026 study, and lists the closed ones apart, each with its as-of page."""
    client.force_login(User.objects.get(username="vanphong"))
    page = client.get("/rollouts/").content.decode()
    cards, closed = page.split('id="closed-rollouts"')
    assert cards.count('rollout-card"') == 1 and "lần thứ XIV" in cards
    for code in ("08-CTr/TU", "03-KH/TW", "0091-KH/TU", "05-CT/TW"):
        rollout = Rollout.objects.get(document__code=code)
        assert rollout.status == "closed" and f"/rollouts/{rollout.pk}/as-of/" in closed


OLD_WARDS = {  # the demo's plan, as written in its module docstring's table (illustrative composition)
    "Đảng ủy phường Phổ Yên": {"Ba Hàng", "Hồng Tiến", "Bãi Bông", "Đắc Sơn"},
    "Đảng ủy phường Vạn Xuân": {"Đồng Tiến", "Tân Hương", "Nam Tiến", "Tiên Phong"},
}


@pytest.mark.parametrize("ward", sorted(OLD_WARDS))
def test_after_the_plan_a_new_ward_reads_its_subtree_and_its_predecessors_only(demo, client, ward):
    """The isolation rule on today's tree, from the personas and the plan written here: a new
    ward's admin lists its committee, its 12 chi bộ (three from each old ward) and the four
    old wards merged into it — nothing of the other new wards; another ward's unit answers 404."""
    from conftest import make_user

    unit = Unit.objects.get(name=ward, valid_to=None)
    client.force_login(make_user(f"iso-{unit.pk}", unit, "admin"))
    names = {i["name"] for i in client.get("/api/v1/units/", {"limit": 200}).json()["items"]}
    old = {f"Đảng ủy phường {w}" for w in OLD_WARDS[ward]}
    assert old <= names and ward in names
    cells = names - old - {ward}
    assert len(cells) == 12 and all(n.startswith("Chi bộ Tổ dân phố số ") for n in cells)
    other = next(w for w in OLD_WARDS if w != ward)
    assert other not in names and not names & {f"Đảng ủy phường {w}" for w in OLD_WARDS[other]}
    other_unit = Unit.objects.get(name=other, valid_to=None)
    assert client.get(f"/api/v1/units/{other_unit.pk}").status_code == 404
    assert client.get(f"/units/{other_unit.pk}/").status_code == 404
