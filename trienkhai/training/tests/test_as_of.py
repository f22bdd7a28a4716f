"""Training figures of a past year are read on the tree and the staff positions of that year's
last day: a later reorganisation leaves them as they were (issue 15.3); this year's follow
today's tree.

The world (conftest): the city's BCĐ 35 member (at the city), a collaborator at the ward, a
reporter at the ward's chi bộ, one at the sibling city. The city's course of 9/2022: the city's
member and the ward's collaborator enrolled, the collaborator completed it on 13/9/2022.
On 1/7/2025 the ward merges into a new ward under the province (its chi bộ moves with it,
the collaborator's position passes to the new ward) and the city is dissolved, the province its
successor (the BCĐ member's position passes to the province).
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs import plans
from trienkhai.orgs.models import Unit
from trienkhai.training import selectors, services
from trienkhai.training.models import Person

from .conftest import START

pytestmark = pytest.mark.django_db
JULY = dt.date(2025, 7, 1)


def picture(fig):
    return (
        (fig.staff, fig.trained),
        {c.category: (c.staff, c.trained) for c in fig.categories if c.staff},
        {c.name: (c.staff, c.trained) for c in fig.children},
        sorted(u.name for u in fig.units_without),
        fig.units_with_staff,
    )


def apply_the_plan(tree) -> Unit:
    admin = make_user("provadmin", tree.prov, "admin")
    rows = [
        {
            "line": 2,
            "unit": "T-WARD",
            "op": "gộp",
            "target": "Đảng ủy phường Mới",
            "kind": "Đảng ủy phường",
            "parent": "T-PROV",
        },
        {"line": 3, "unit": "T-CITY", "op": "giải thể", "target": "T-PROV"},
    ]
    plan, checked = plans.plan_create(root=tree.prov, date=JULY, rows=rows, acting_user=admin)
    assert checked.ok, checked.conflicts
    plans.plan_apply(plan=plan, acting_user=admin)
    return Unit.objects.get(name="Đảng ủy phường Mới")


def test_a_past_year_is_read_on_its_tree_and_positions(tree, people, enrolled, personas):
    services.enrolment_complete(enrolment=enrolled.ward, on=START + dt.timedelta(days=1), acting_user=SYSTEM)
    city_2022 = (
        (3, 1),
        {"bcd35": (1, 0), "cong_tac_vien": (1, 1), "tuyen_truyen_mieng": (1, 0)},
        {"Đảng ủy phường Cẩm Thủy": (2, 1)},  # the collaborator (trained) and the chi bộ's reporter
        sorted(["Thị ủy Bình Yên", "Chi bộ Tổ dân phố số 1"]),  # staff, nobody trained
        3,
    )
    province_2022 = (
        (4, 1),
        {"bcd35": (1, 0), "cong_tac_vien": (1, 1), "tuyen_truyen_mieng": (1, 0), "bao_cao_vien": (1, 0)},
        {"Thị ủy Bình Yên": (3, 1), "Thành ủy Đông Sơn": (1, 0)},
        sorted(["Thị ủy Bình Yên", "Chi bộ Tổ dân phố số 1", "Thành ủy Đông Sơn"]),
        4,
    )
    viewer = personas.parent  # the province's viewer: reads the whole of both trees
    assert picture(selectors.training_figures(viewer=viewer, unit=tree.city, year=2022)) == city_2022
    assert picture(selectors.training_figures(viewer=viewer, unit=tree.prov, year=2022)) == province_2022
    new_ward = apply_the_plan(tree)
    # Today the people stand where their positions passed: nobody is at the city any more.
    assert Person.objects.get(pk=people.city.pk).unit_id == tree.prov.pk
    assert Person.objects.get(pk=people.ward.pk).unit_id == new_ward.pk
    city = Unit.objects.get(pk=tree.city.pk)
    assert picture(selectors.training_figures(viewer=viewer, unit=city, year=2022)) == city_2022
    assert picture(selectors.training_figures(viewer=viewer, unit=tree.prov, year=2022)) == province_2022
    # This year: today's tree. A province course of 2026, completed by the collaborator.
    course = services.course_create(
        organiser=tree.prov,
        title="Lớp bồi dưỡng cộng tác viên 2026",
        audiences=["cong_tac_vien"],
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 3),
        form="truc_tiep",
        acting_user=SYSTEM,
    )
    e = services.enrolment_nominate(
        course=course, person=Person.objects.get(pk=people.ward.pk), acting_user=SYSTEM
    )
    services.enrolment_complete(enrolment=e, on=dt.date(2026, 3, 3), acting_user=SYSTEM)
    today = selectors.training_figures(viewer=viewer, unit=tree.prov, year=2026)
    assert picture(today) == (
        (4, 1),
        {"bcd35": (1, 0), "cong_tac_vien": (1, 1), "tuyen_truyen_mieng": (1, 0), "bao_cao_vien": (1, 0)},
        # the new ward: the collaborator and the chi bộ's reporter; the BCĐ member at the province
        {"Đảng ủy phường Mới": (2, 1), "Thành ủy Đông Sơn": (1, 0)},
        sorted(["Tỉnh ủy An Hòa", "Chi bộ Tổ dân phố số 1", "Thành ủy Đông Sơn"]),
        4,
    )
    assert picture(selectors.training_figures(viewer=viewer, unit=city, year=2026))[0] == (0, 0)


def test_a_unit_that_ended_is_read_on_its_last_day(tree, people, enrolled, personas):
    """The ward merged on 1/7/2025: its 2025 figures are those of 30/6/2025 (its collaborator
    and the chi bộ's reporter), not of 31/12/2025 when it no longer existed."""
    new_ward = apply_the_plan(tree)
    ward = Unit.objects.get(pk=tree.ward.pk)
    assert selectors.figures_day(unit=ward, year=2025, today=dt.date(2026, 12, 7)) == dt.date(2025, 6, 30)
    fig = selectors.training_figures(viewer=personas.parent, unit=ward, year=2025)
    assert (fig.staff, fig.units_with_staff) == (2, 2)
    # The new ward did not exist in 2024.
    assert selectors.training_figures(viewer=personas.parent, unit=new_ward, year=2024).staff == 0


def test_the_report_section_of_a_past_year_lists_that_years_courses(tree, enrolled, personas):
    from trienkhai.core.partydoc import Table

    apply_the_plan(tree)
    city = Unit.objects.get(pk=tree.city.pk)
    body = selectors.report_sections(viewer=personas.parent, unit=city, year=2022)[0].body
    assert "tổ chức 1 lớp" in body[0] and "0/3 cán bộ" in body[0]
    tables = [b for b in body if isinstance(b, Table)]
    assert tables[0].rows[0][1] == "Tập huấn nghiệp vụ cho thành viên BCĐ 35 và cộng tác viên"
