import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.core.scoping import SYSTEM
from trienkhai.targets.models import Target
from trienkhai.targets.services import measurement_add


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("parent", 200), ("child", 404), ("sibling", 404), ("other", 404)]
)
def test_detail_scope(login, personas, city_target, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("targets:detail", args=[city_target.pk])).status_code
        == status
    )


def test_detail_states_years_ahead_and_list_filters(login, personas, city_target):
    measurement_add(target=city_target, on=dt.date(2022, 4, 10), reached=True, acting_user=SYSTEM)
    c = login(personas.own)
    page = c.get(reverse("targets:detail", args=[city_target.pk])).content.decode()
    assert "Đạt trước 3 năm so với kế hoạch" in page
    assert (
        city_target.title
        in c.get(reverse("targets:list"), {"q": "thanh pho", "status": "achieved_early"}).content.decode()
    )
    assert city_target.title not in c.get(reverse("targets:list"), {"status": "missed"}).content.decode()
    rows = list(
        load_workbook(io.BytesIO(c.get(reverse("targets:export")).content)).active.iter_rows(values_only=True)
    )
    assert rows[1][0] == city_target.title and rows[1][9] == "Đã đạt, trước hoặc đúng hạn"


def test_create_form_refuses_end_before_start(login, personas, tree):
    r = login(personas.own).post(
        reverse("targets:create"),
        {
            "unit": tree.city.pk,
            "term": "2020-2025",
            "title": "X",
            "kind": "number",
            "target_value": "5",
            "starts_on": "2022-01-01",
            "target_date": "2021-01-01",
            "due_precision": "day",
        },
    )
    assert r.status_code == 400 and "trước ngày bắt đầu" in r.content.decode() and not Target.objects.exists()


def test_counted_target_page(login, personas, tree, plan_step):
    r = login(personas.own).post(
        reverse("targets:create"),
        {
            "unit": tree.city.pk,
            "term": "2020-2025",
            "title": "100% xây dựng kế hoạch",
            "kind": "number",
            "target_value": "100",
            "starts_on": "2021-08-09",
            "target_date": "2021-09-30",
            "due_precision": "day",
            "step": plan_step.pk,
            "counted_measure": "done_pct",
        },
    )
    assert r.status_code == 302
    page = login(personas.own).get(r.url).content.decode()
    assert "Số liệu do hệ thống đếm" in page and "0/2 đơn vị đã thực hiện" in page


def test_panel_template(personas, tree, city_target):
    from django.template.loader import render_to_string

    from trienkhai.targets.selectors import targets_panel

    html = render_to_string(
        "targets/_panel.html", {"panel": targets_panel(viewer=personas.own, unit=tree.city)}
    )
    assert city_target.title in html


@pytest.mark.parametrize(
    "starts_on,target_date,term",
    [
        ("2026-01-05", "2030-06-30", "2025-2030"),  # set after the 2025 congress
        ("2021-03-01", "2025-12-31", "2020-2025"),
        ("2025-01-01", "2025-12-31", "2025-2030"),  # 2025 opens the new term
        ("2024-01-01", "2027-12-31", "2024-2027"),  # runs past its term: the years of the dates
    ],
)
def test_term_defaults_from_the_dates(login, personas, tree, starts_on, target_date, term):
    """Issue 18.5: GIVEN a target typed without a term WHEN it is saved THEN its term comes from
    its dates, not from a fixed 2020-2025; the empty form does not offer 2020-2025 either."""
    c = login(personas.own)
    assert 'value="2020-2025"' not in c.get(reverse("targets:create")).content.decode()
    r = c.post(
        reverse("targets:create"),
        {
            "unit": tree.city.pk,
            "title": "100% chi bộ học tập nghị quyết",
            "kind": "number",
            "target_value": "100",
            "starts_on": starts_on,
            "target_date": target_date,
            "due_precision": "day",
        },
    )
    assert r.status_code == 302 and Target.objects.get().term == term


def test_a_typed_term_is_kept(login, personas, tree):
    r = login(personas.own).post(
        reverse("targets:create"),
        {
            "unit": tree.city.pk,
            "term": "2026",
            "title": "Chỉ tiêu năm",
            "kind": "number",
            "target_value": "5",
            "starts_on": "2026-01-01",
            "target_date": "2026-12-31",
            "due_precision": "day",
        },
    )
    assert r.status_code == 302 and Target.objects.get().term == "2026"
