"""A unit's user reaches its own record form in two taps from the home page: the home page's
"Việc cần làm" links straight to the record form of each step the user's unit still owes."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from trienkhai.core.scoping import SYSTEM
from trienkhai.rollout.choices import StepKind
from trienkhai.rollout.models import Step
from trienkhai.rollout.services import step_record_submit


def _owed_links(page: str) -> set[str]:
    section = re.search(r'<section class="card" id="owed">(.*?)</section>', page, re.S)
    return set(re.findall(r'href="([^"]+)"', section.group(1))) if section else set()


def test_home_lists_each_open_step_of_the_users_unit_with_its_record_form(login, personas, rollout, tree):
    # The oracle: the rollout reaches ward committees and cells; the ward's editor changes the
    # ward only, so it owes each of the rollout's three steps once, for the ward.
    steps = {s.kind: s for s in Step.objects.filter(rollout=rollout)}
    assert set(steps) == {StepKind.PLAN, StepKind.CONFERENCE, StepKind.DISSEMINATION}
    expected = {f"/rollouts/steps/{s.pk}/units/{tree.ward.pk}/" for s in steps.values()}
    client = login(personas.child)
    page = client.get("/").content.decode()
    assert _owed_links(page) == expected
    # The second tap: the record form itself.
    form = client.get(next(iter(expected)))
    assert form.status_code == 200 and "<form" in form.content.decode()

    # A step recorded is no longer owed.
    step_record_submit(
        step=steps[StepKind.PLAN],
        unit=tree.ward,
        done_on=dt.date(2022, 1, 20),
        plan_title="KH",
        acting_user=SYSTEM,
        today=dt.date(2022, 8, 1),
    )
    page = client.get("/").content.decode()
    assert _owed_links(page) == expected - {
        f"/rollouts/steps/{steps[StepKind.PLAN].pk}/units/{tree.ward.pk}/"
    }


def test_home_shows_no_owed_steps_to_a_user_whose_units_owe_none(login, personas, rollout):
    # The other branch's admin: the province's rollout does not reach it.
    assert _owed_links(login(personas.other).get("/").content.decode()) == set()
    assert 'id="owed"' not in login(personas.other).get(reverse("home")).content.decode()
