from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.core.scoping import SYSTEM
from trienkhai.followups.models import FollowUp
from trienkhai.followups.services import followup_create


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("child", 200), ("parent", 200), ("sibling", 404), ("other", 404)]
)
def test_detail_scope(login, personas, task, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("followups:detail", args=[task.pk])).status_code == status
    )


def test_list_shows_unit_page_and_counts(login, personas, task, tree):
    page = login(personas.own).get(reverse("followups:list"), {"unit": tree.ward.pk}).content.decode()
    assert task.title in page and "Quá hạn, chưa hoàn thành" in page
    assert task.title not in login(personas.sibling).get(reverse("followups:list")).content.decode()
    assert login(personas.sibling).get(reverse("followups:list"), {"unit": tree.ward.pk}).status_code == 404


def test_complete_via_form(login, personas, task):
    c = login(personas.child)
    r = c.post(
        reverse("followups:complete", args=[task.pk]), {"done_on": "2022-06-20", "result_note": "Xong"}
    )
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.done_on == dt.date(2022, 6, 20)


def test_create_form(login, personas, tree):
    c = login(personas.own)
    r = c.post(
        reverse("followups:create"),
        {"assigned_by": tree.city.pk, "unit": tree.sibling.pk, "title": "X", "due_on": "2030-01-01"},
    )
    assert r.status_code == 400 and not FollowUp.objects.exists()
    r = c.post(
        reverse("followups:create"),
        {"assigned_by": tree.city.pk, "unit": tree.ward.pk, "title": "Viết báo cáo", "due_on": "2030-01-01"},
    )
    assert r.status_code == 302 and FollowUp.objects.get().unit == tree.ward


def test_export_neutralises_formulas(login, personas, tree):
    followup_create(
        unit=tree.ward, assigned_by=tree.city, title="=1+1", due_on=dt.date(2030, 1, 1), acting_user=SYSTEM
    )
    r = login(personas.own).get(reverse("followups:export"))
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [row[1] for row in ws.iter_rows(min_row=2, values_only=True)] == ["'=1+1"]
