"""Rollout pages are cached in pieces: a dashboard card per rollout, a row per child unit,
the page body. What a record changes shows on the very next view, only the pieces it
changed are rendered again, and nobody is served a piece cut for another scope."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_user
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.choices import UnitKind
from trienkhai.rollout.choices import Purpose, RolloutStatus, StepKind
from trienkhai.rollout.models import Rollout
from trienkhai.rollout.services import rollout_launch, step_record_submit
from trienkhai.rollout.tests.conftest import TODAY

CARD = "rollout/_dashboard_card.html"
CHILD_ROW = "rollout/_coverage_child_row.html"
BODY = "rollout/_detail_body.html"


def plan_done(rollout, unit):
    step_record_submit(
        step=rollout.steps.get(kind=StepKind.PLAN),
        unit=unit,
        done_on=dt.date(2022, 1, 20),
        plan_title="KH",
        acting_user=SYSTEM,
        today=TODAY,
    )


def rendered(response, template: str) -> int:
    """How many times the view rendered ``template`` (the test client records each one)."""
    return sum(t.name == template for t in response.templates)


def card_of(html: str, title: str) -> str:
    return next(c for c in html.split('<section class="card rollout-card">') if title in c)


def row_of(html: str, name: str) -> str:
    return next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if name in r)


@pytest.fixture
def city_rollout(tree, resolution, cells):
    """A second rollout, run by the city for its own cells only."""
    return rollout_launch(
        document=resolution,
        owner_unit=tree.city,
        title="Riêng Thị ủy",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.PARTY_CELL],
        starts_on=dt.date(2022, 1, 10),
        steps=[{"kind": StepKind.PLAN, "due": dt.date(2022, 2, 1)}],
        today=TODAY,
        acting_user=SYSTEM,
    )


def test_a_record_changes_its_own_card_at_once_and_no_other(login, personas, rollout, city_rollout, cells):
    """GIVEN the city's dashboard, both cards cached
    WHEN a cell records the plan of the province's rollout
    THEN the next view shows the new count on that card, the other card is unchanged,
    and only the changed card was rendered again."""
    c = login(personas.own)
    first = c.get(reverse("rollout:dashboard"))
    assert rendered(first, CARD) == 2
    assert "0/5" in card_of(first.content.decode(), "Triển khai Nghị quyết 35")
    assert rendered(c.get(reverse("rollout:dashboard")), CARD) == 0  # nothing changed: all cached

    plan_done(rollout, cells[0])

    after = c.get(reverse("rollout:dashboard"))
    html = after.content.decode()
    assert "1/5" in card_of(html, "Triển khai Nghị quyết 35")
    assert "0/4" in card_of(html, "Riêng Thị ủy")
    assert rendered(after, CARD) == 1


def test_a_record_changes_the_rows_of_its_ancestors_at_once(login, personas, rollout, cells, tree):
    """GIVEN the province's coverage page with a row per child city, cached
    WHEN a cell of the first city records its plan
    THEN the next view counts it in the province's total and in that city's row, the
    sibling city's row is unchanged, and only the changed row was rendered again."""
    c = login(personas.parent)
    url = reverse("rollout:detail", args=[rollout.pk]) + f"?unit={tree.prov.pk}"
    first = c.get(url).content.decode()
    assert "0/5" in row_of(first, tree.city.name) and "0/1" in row_of(first, tree.sibling.name)

    plan_done(rollout, cells[1])

    after = c.get(url)
    html = after.content.decode()
    assert "1/6 (16,7%)" in html
    assert "1/5" in row_of(html, tree.city.name)
    assert "0/1" in row_of(html, tree.sibling.name)
    assert rendered(after, CHILD_ROW) == 1
    # Drilling down: the ward's own cells, the one that acted marked done.
    ward = c.get(reverse("rollout:detail", args=[rollout.pk]) + f"?unit={tree.ward.pk}").content.decode()
    assert "state-done" in row_of(ward, cells[1].name)
    assert "state-done" not in row_of(ward, cells[2].name)


def test_a_record_elsewhere_leaves_a_page_as_it_was(login, personas, rollout, cells, tree):
    """GIVEN the sibling city's coverage page
    WHEN a cell of the other city records its plan (a new version of the rollout)
    THEN the sibling's figures are read again, found unchanged, and the page is not
    rendered again; a record of its own cell is counted at once."""
    c = login(personas.parent)
    url = reverse("rollout:detail", args=[rollout.pk]) + f"?unit={tree.sibling.pk}"
    assert rendered(c.get(url), BODY) == 1
    plan_done(rollout, cells[1])
    again = c.get(url)
    assert rendered(again, BODY) == 0 and "0/1 (0,0%)" in again.content.decode()
    plan_done(rollout, cells[4])
    after = c.get(url)
    assert rendered(after, BODY) == 1 and "1/1 (100,0%)" in after.content.decode()


def test_cached_pieces_never_cross_scopes(client, personas, rollout, city_rollout, cells, tree):
    """GIVEN the superuser and the city's admin have seen every page (all pieces cached)
    WHEN the sibling city's admin opens the same pages
    THEN the city's own rollout is nowhere, the province's is counted at the sibling,
    and the city's figures stay out of reach."""
    detail = reverse("rollout:detail", args=[rollout.pk])
    for who in (personas.superuser, personas.own):
        client.force_login(who)
        client.get(reverse("rollout:dashboard"))
        client.get(f"{detail}?unit={tree.prov.pk}")
        client.get(f"{detail}?unit={tree.city.pk}")
        client.get(reverse("rollout:detail", args=[city_rollout.pk]))

    client.force_login(personas.sibling)
    dash = client.get(reverse("rollout:dashboard")).content.decode()
    assert "Riêng Thị ủy" not in dash
    assert "0/1" in card_of(dash, "Triển khai Nghị quyết 35")  # the sibling's one cell
    assert client.get(reverse("rollout:detail", args=[city_rollout.pk])).status_code == 404
    assert client.get(f"{detail}?unit={tree.city.pk}").status_code == 404
    page = client.get(detail).content.decode()
    assert tree.city.name not in page and tree.ward.name not in page


def test_the_close_form_carries_each_users_own_csrf_token(rollout, tree):
    """The page body is shared by everyone with the same scope; the form that closes the
    rollout is not part of it, so its CSRF token is the viewer's own."""
    first, second = (make_user(f"prov-admin-{n}", tree.prov, "admin") for n in (1, 2))
    url = reverse("rollout:detail", args=[rollout.pk])
    a = Client(enforce_csrf_checks=True)
    a.force_login(first)
    a.get(url)  # the body is now cached
    b = Client(enforce_csrf_checks=True)
    b.force_login(second)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', b.get(url).content.decode())[1]
    response = b.post(reverse("rollout:close", args=[rollout.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Rollout.objects.get(pk=rollout.pk).status == RolloutStatus.CLOSED


def test_english_and_vietnamese_pieces_are_kept_apart(login, personas, rollout, cells):
    c = login(personas.own)
    assert "quá hạn" in c.get(reverse("rollout:dashboard")).content.decode()
    c.cookies["django_language"] = "en"
    html = c.get(reverse("rollout:dashboard")).content.decode()
    assert "overdue" in html and "quá hạn" not in card_of(html, "Triển khai Nghị quyết 35")


def test_a_new_period_shows_at_once(login, personas, tree, resolution, cells):
    """The periods are cached under the rollout's version: opening one moves it."""
    from trienkhai.rollout.choices import Recurrence
    from trienkhai.rollout.services import rollout_open_due_periods

    quarterly = rollout_launch(
        document=resolution,
        owner_unit=tree.prov,
        title="Chuyên đề hằng quý",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.PARTY_CELL],
        recurrence=Recurrence.QUARTERLY,
        starts_on=dt.date(2022, 1, 10),
        steps=[{"kind": StepKind.CONFERENCE, "due": dt.date(2022, 2, 10)}],
        today=dt.date(2022, 1, 15),
        acting_user=SYSTEM,
    )
    c = login(personas.own)
    url = reverse("rollout:detail", args=[quarterly.pk])
    assert "Quý I/2022" in c.get(url).content.decode()
    rollout_open_due_periods(today=dt.date(2022, 4, 2))
    page = c.get(url).content.decode()
    assert "Quý II/2022" in page and "Quý I/2022" in page  # the new one shown, the old one listed
