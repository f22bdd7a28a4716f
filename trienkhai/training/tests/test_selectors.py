import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.training import selectors, services

from .conftest import START


def test_figures_by_category_children_and_units_without(tree, people, enrolled, personas):
    """GIVEN two of three staff of the city's subtree enrolled, one completed in 2022."""
    services.enrolment_complete(enrolment=enrolled.ward, on=START + dt.timedelta(days=1), acting_user=SYSTEM)
    fig = selectors.training_figures(viewer=personas.own, unit=tree.city, year=2022)
    by = {c.category: (c.staff, c.trained) for c in fig.categories}
    assert by["bcd35"] == (1, 0) and by["cong_tac_vien"] == (1, 1) and by["tuyen_truyen_mieng"] == (1, 0)
    assert (fig.staff, fig.trained) == (3, 1)
    assert [(c.name, c.staff, c.trained) for c in fig.children] == [(tree.ward.name, 2, 1)]
    # The city (its BCĐ member) and the cell have staff and nobody trained.
    assert {u.name for u in fig.units_without} == {tree.city.name, tree.cell.name}
    assert selectors.training_figures(viewer=personas.own, unit=tree.city, year=2021).trained == 0


def test_figures_scope(tree, people, personas):
    import pytest
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.training_figures(viewer=personas.sibling, unit=tree.city, year=2022)
    fig = selectors.training_figures(viewer=personas.parent, unit=tree.prov, year=2022)
    assert fig.staff == 4


def test_roster_nominating_unit_sees_only_its_people(course, enrolled, personas):
    assert len(selectors.course_roster(viewer=personas.own, course=course).rows) == 2
    rows = selectors.course_roster(viewer=personas.child, course=course).rows
    assert [r.person.full_name for r in rows] == ["Trần Thị Bình"]


def test_person_enrolments_and_panel(tree, enrolled, people, personas):
    services.enrolment_complete(enrolment=enrolled.city, on=START, acting_user=SYSTEM)
    assert [e.course_id for e in selectors.person_enrolments(viewer=personas.own, person=people.city)] == [
        enrolled.city.course_id
    ]
    panel = selectors.training_panel(viewer=personas.own, unit=tree.city, today=dt.date(2022, 9, 1))
    assert panel.courses == 1 and panel.trained == 1 and panel.staff == 3 and len(panel.upcoming) == 1


def test_report_sections(tree, enrolled, personas):
    from trienkhai.core.partydoc import PartyDocHeader, Signature, build_party_report

    sections = selectors.report_sections(viewer=personas.own, unit=tree.city, year=2022)
    assert sections[0].title.startswith("Công tác bồi dưỡng")
    data = build_party_report(
        header=PartyDocHeader("ĐẢNG BỘ TỈNH", "THÀNH ỦY", "1-BC/TU", "Bình Yên", dt.date(2022, 12, 1)),
        sections=sections,
        signature=Signature(),
        recipients=["Lưu"],
    )
    assert data[:2] == b"PK"
