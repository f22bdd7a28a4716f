"""Journey: a reader at another branch (Tỉnh ủy Bắc Giang) types the address of each object the
other journeys touch — pages, downloads and API — and gets 404 for every one."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from trienkhai.core.scoping import SYSTEM

pytestmark = pytest.mark.browser


@pytest.fixture
def objects(world):
    from trienkhai.opinion.services import report_submit
    from trienkhai.proposals.services import proposal_send

    proposal = proposal_send(
        sender=world.units.ba_hang,
        addressee=world.units.py,
        category="kinh_phi",
        title="Đề nghị bổ sung tài liệu học tập",
        content="Các chi bộ còn thiếu tài liệu.",
        acting_user=SYSTEM,
    )
    report = report_submit(
        unit=world.units.ba_hang,
        period_kind="quarter",
        year=world.today.year,
        period_no=4,
        mood="on_dinh",
        overview="Tình hình ổn định.",
        acting_user=SYSTEM,
    )
    return proposal, report


def test_a_reader_at_another_branch_gets_404_for_every_object(journey, world, objects):
    proposal, report = objects
    r, u, plan = world.rollout, world.units, world.plan
    record = plan.records.get(unit=u.cb1)
    pages = [
        reverse("documents:detail", args=[world.resolution.pk]),
        reverse("rollout:detail", args=[r.pk]),
        reverse("rollout:detail", args=[r.pk]) + f"?unit={u.ba_hang.pk}",
        reverse("rollout:export", args=[r.pk]),
        reverse("rollout:report", args=[r.pk]),
        reverse("rollout:record", args=[plan.pk, u.cb1.pk]),
        reverse("rollout:record", args=[world.conference.pk, u.ba_hang.pk]),
        reverse("orgs:detail", args=[u.ba_hang.pk]),
        reverse("orgs:detail", args=[u.cb1.pk]),
        reverse("proposals:detail", args=[proposal.pk]),
        reverse("opinion:detail", args=[report.pk]),
    ]
    api = [
        f"/api/v1/documents/{world.resolution.pk}",
        f"/api/v1/documents/{world.resolution.pk}/links",
        f"/api/v1/rollouts/{r.pk}",
        f"/api/v1/rollouts/{r.pk}/coverage",
        f"/api/v1/rollouts/steps/{plan.pk}/records",
        f"/api/v1/units/{u.ba_hang.pk}",
        f"/api/v1/proposals/{proposal.pk}",
        f"/api/v1/opinion/reports/{report.pk}",
    ]
    assert record.pk  # the record page above shows a real record to those who may see it

    j = journey
    j.log_in("bacgiang")
    answered = {}
    with j.expecting(404):
        for path in pages + api:
            j.get(path)
            answered[path] = j.status_of(path)
            if path in api:
                assert json.loads(j.text("body")) == {"detail": "Không tìm thấy."}, path
            for name in ("Ba Hàng", "Tổ dân phố số 1", "05-KH/TU", "tài liệu học tập"):
                assert name not in j.text("body"), f"{path} shows {name!r}"
    assert {p: s for p, s in answered.items() if s != 404} == {}
    j.done()
