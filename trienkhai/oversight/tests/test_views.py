from __future__ import annotations

import pytest
from django.urls import reverse

from trienkhai.followups.models import FollowUp
from trienkhai.oversight.models import Inspection


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("child", 200), ("parent", 200), ("sibling", 404), ("other", 404)]
)
def test_detail_scope(login, personas, inspection, who, status):
    # the ward is the subject: it sees its own inspection
    assert (
        login(getattr(personas, who)).get(reverse("oversight:detail", args=[inspection.pk])).status_code
        == status
    )


def test_list_search(login, personas, inspection):
    page = login(personas.own).get(reverse("oversight:list"), {"q": "nghi quyet 35"}).content.decode()
    assert inspection.title in page and "Kế hoạch kiểm tra, giám sát năm 2022" in page
    assert inspection.title not in login(personas.sibling).get(reverse("oversight:list")).content.decode()


def test_conclude_form_and_one_click(login, personas, inspection, tree):
    c = login(personas.own)
    r = c.post(
        reverse("oversight:conclude", args=[inspection.pk]),
        {
            "findings": "Tốt",
            "conclusion": "Đạt yêu cầu",
            "concluded_on": "2022-09-20",
            "r-TOTAL_FORMS": 1,
            "r-INITIAL_FORMS": 0,
            "r-0-text": "Bổ sung kế hoạch",
            "r-0-unit": tree.ward.pk,
            "r-0-due_on": "2022-12-31",
        },
    )
    assert r.status_code == 302
    rec = Inspection.objects.get().recommendations.get()
    c.post(reverse("oversight:to_followup", args=[inspection.pk, rec.pk]))
    assert FollowUp.objects.get().unit == tree.ward


def test_create_form(login, personas, tree):
    from trienkhai.documents.services import document_register

    document_register(issuing_unit=tree.root, code="35-NQ/TW", title="NQ 35", acting_user=None)
    c = login(personas.own)
    data = {
        "conducting_unit": tree.city.pk,
        "kind": "giam_sat",
        "mode": "chuyen_de",
        "title": "Giám sát 35",
        "subject_units": [tree.ward.pk],
        "document_codes": "35-NQ/TW",
        "start_on": "2022-10-01",
    }
    assert c.post(reverse("oversight:create"), {**data, "document_codes": "99-XX/YY"}).status_code == 400
    r = c.post(reverse("oversight:create"), data)
    assert r.status_code == 302 and Inspection.objects.get().documents.get().code == "35-NQ/TW"
