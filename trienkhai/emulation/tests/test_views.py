import datetime as dt

import pytest
from django.urls import reverse

from trienkhai.core.scoping import SYSTEM
from trienkhai.emulation.models import Adoption, Nomination
from trienkhai.emulation.services import practice_feature


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("child", 200), ("parent", 200), ("sibling", 404), ("other", 404)]
)
def test_campaign_scope(login, personas, campaign, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("emulation:campaign", args=[campaign.pk])).status_code
        == status
    )


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("child", 200), ("parent", 200), ("sibling", 404), ("other", 404)]
)
def test_practice_scope(login, personas, practice, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("emulation:practice", args=[practice.pk])).status_code
        == status
    )


def test_nominate_outside_period_via_page(login, personas, campaign, tree):
    r = login(personas.child).post(
        reverse("emulation:nominate", args=[campaign.pk]),
        {
            "unit": tree.ward.pk,
            "kind": "collective",
            "nominee_unit": tree.cell.pk,
            "achievements": "Tốt",
            "nominated_on": "2023-03-01",
        },
        follow=True,
    )
    assert "ngoài thời gian của phong trào" in r.content.decode() and not Nomination.objects.exists()


def test_decide_via_page_links_decision(login, personas, campaign, tree, decision):
    login(personas.child).post(
        reverse("emulation:nominate", args=[campaign.pk]),
        {
            "unit": tree.ward.pk,
            "kind": "collective",
            "nominee_unit": tree.cell.pk,
            "achievements": "Tốt",
            "nominated_on": "2022-10-01",
        },
    )
    n = Nomination.objects.get()
    c = login(personas.own)
    c.post(
        reverse("emulation:decide", args=[n.pk]),
        {"approve": "1", "on": "2022-12-20", "document_code": "15-QĐ/TU"},
    )
    n.refresh_from_db()
    assert n.status == "approved" and n.decision_document == decision
    assert "15-QĐ/TU" in c.get(reverse("emulation:campaign", args=[campaign.pk])).content.decode()


def test_practice_list_count_and_adopt_own_refused(login, personas, practice, tree):
    practice_feature(practice=practice, by=tree.city, on=dt.date(2022, 2, 1), acting_user=SYSTEM)
    c = login(personas.child)
    r = c.post(
        reverse("emulation:adopt", args=[practice.pk]),
        {"unit": tree.ward.pk, "adopted_on": "2022-03-01"},
        follow=True,
    )
    assert "chính mình" in r.content.decode() and not Adoption.objects.exists()
    c = login(personas.own)
    c.post(reverse("emulation:adopt", args=[practice.pk]), {"unit": tree.cell.pk, "adopted_on": "2022-03-01"})
    page = c.get(reverse("emulation:practices"), {"q": "zalo", "order": "adopted"}).content.decode()
    assert practice.title in page and "<strong>1</strong>" in page


def test_panel_template(personas, tree, campaign, practice):
    from django.template.loader import render_to_string

    from trienkhai.emulation.selectors import recognition_panel

    html = render_to_string(
        "emulation/_panel.html", {"panel": recognition_panel(viewer=personas.own, unit=tree.city)}
    )
    assert "đề nghị chờ xét" in html


def test_campaign_nominations_table_stacks_on_a_phone(login, personas, campaign, tree):
    """The nominations table becomes cards below 600 px: class "stack" and a label on every cell."""
    login(personas.child).post(
        reverse("emulation:nominate", args=[campaign.pk]),
        {
            "unit": tree.ward.pk,
            "kind": "collective",
            "nominee_unit": tree.cell.pk,
            "achievements": "Tốt",
            "nominated_on": "2022-10-01",
        },
    )
    page = login(personas.own).get(reverse("emulation:campaign", args=[campaign.pk])).content.decode()
    table = page[page.index('<table class="stack">') :]
    table = table[: table.index("</table>")]
    row = table[table.index("<tbody>") :]
    assert row.count("<td data-label=") == 3
