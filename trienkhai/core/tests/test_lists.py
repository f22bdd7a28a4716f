"""ListSpec: one declaration gives a list's search, filters, ordering, page and export (issue 14 point 6).

The rows are follow-ups of the test tree; every expected answer below is written by hand
from the rows this file creates.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.http import Http404
from django.template.loader import render_to_string
from django.test import RequestFactory
from openpyxl import load_workbook

from trienkhai.core.lists import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    ListSpec,
    Search,
    UnitFilter,
    YearFilter,
    label_of,
    or_blank,
)
from trienkhai.core.scoping import SYSTEM
from trienkhai.core.status import TaskState
from trienkhai.followups.selectors import followup_search
from trienkhai.followups.services import followup_create
from trienkhai.orgs.selectors import unit_get

PAST, FUTURE = dt.date(2020, 3, 1), dt.date(2090, 1, 1)

SPEC = ListSpec(
    columns=[
        Column("Nội dung", "title"),
        Column("Đơn vị", "unit.name"),
        Column("Đơn vị giao", "assigned_by.name", export=or_blank),
        Column("Hạn", "due_on"),
        Column("Tình trạng", "state_db", export=label_of(TaskState.choices)),
    ],
    search=Search(),
    filters=[
        ChoiceFilter("state", TaskState.choices, lookup="state_db", label="Tình trạng"),
        UnitFilter("unit", resolve=lambda request, pk: unit_get(viewer=request.user, pk=pk)),
        DateRangeFilter("due", "due_on", label="Hạn"),
    ],
    ordering={"": ("due_on", "id"), "late": ("-due_on", "-id")},
    page_size=2,
    export_name="viec",
    sheet_title="Việc",
)


@pytest.fixture
def rows(tree):
    def add(unit, title, due, by=None):
        return followup_create(unit=unit, title=title, due_on=due, assigned_by=by, acting_user=SYSTEM)

    add(tree.city, "Tổ chức hội nghị quán triệt Nghị quyết 35", dt.date(2020, 1, 10))
    add(tree.ward, "Hội nghị sơ kết công tác tuyên giáo", dt.date(2020, 2, 10), by=tree.city)
    add(tree.cell, "Họp chi bộ chuyên đề hội nghị", dt.date(2020, 2, 20), by=tree.ward)
    add(tree.ward, "Kiểm tra đảng viên", dt.date(2020, 2, 25))
    add(tree.ward, "Hội nghị tổng kết năm", FUTURE)
    add(tree.sibling, "Hội nghị ở Đông Sơn", dt.date(2020, 1, 5))


def bind(user, **params):
    request = RequestFactory().get("/list/", params)
    request.user = user
    return SPEC.bind(request, followup_search(viewer=user))


def titles(objects):
    return [o.title for o in objects]


def test_search_ignores_diacritics_and_stays_in_the_callers_scope(personas, rows):
    # "hoi nghi" without marks finds "hội nghị" and "Hội nghị"; Đông Sơn's row is outside the city's scope.
    assert titles(bind(personas.own, q="hoi nghi").queryset) == [
        "Tổ chức hội nghị quán triệt Nghị quyết 35",
        "Hội nghị sơ kết công tác tuyên giáo",
        "Họp chi bộ chuyên đề hội nghị",
        "Hội nghị tổng kết năm",
    ]
    assert titles(bind(personas.own, q="HỘI  NGHỊ  tong").queryset) == ["Hội nghị tổng kết năm"]
    assert titles(bind(personas.sibling, q="hoi nghi").queryset) == ["Hội nghị ở Đông Sơn"]
    # "dong son" finds "Đông Sơn": đ folds to d.
    assert titles(bind(personas.superuser, q="dong son").queryset) == ["Hội nghị ở Đông Sơn"]


def test_filter_search_and_page_two(personas, rows, tree):
    bl = bind(personas.own, q="hoi nghi", state="overdue", unit=str(tree.city.pk), below="1", page="2")
    page, query = bl.page()
    # Overdue "hội nghị" rows under the city, by due date: 10/01, 10/02 on page 1; 20/02 on page 2.
    assert page.number == 2 and page.paginator.count == 3
    assert titles(page.object_list) == ["Họp chi bộ chuyên đề hội nghị"]
    assert query == f"q=hoi+nghi&state=overdue&unit={tree.city.pk}&below=1"
    assert bl.filtered and bl.picked["unit"] == tree.city
    # Without "below" the unit filter keeps the unit's own rows only.
    assert titles(bind(personas.own, q="hoi nghi", unit=str(tree.ward.pk)).queryset) == [
        "Hội nghị sơ kết công tác tuyên giáo",
        "Hội nghị tổng kết năm",
    ]


def test_declared_values_only(personas, rows):
    # An undeclared state or order is ignored, not an error and not passed to the database.
    assert bind(personas.own, state="nonsense").queryset.count() == 5
    assert titles(bind(personas.own, order="late").queryset)[0] == "Hội nghị tổng kết năm"
    assert (
        titles(bind(personas.own, order="title; drop").queryset)[0]
        == "Tổ chức hội nghị quán triệt Nghị quyết 35"
    )
    assert not bind(personas.own).filtered


def test_unit_outside_scope_is_404(personas, rows, tree):
    with pytest.raises(Http404):
        bind(personas.sibling, unit=str(tree.ward.pk))


def test_date_range_and_a_bad_date(personas, rows):
    assert titles(bind(personas.own, due_from="2020-02-01", due_to="2020-02-20").queryset) == [
        "Hội nghị sơ kết công tác tuyên giáo",
        "Họp chi bộ chuyên đề hội nghị",
    ]
    bl = bind(personas.own, due_from="20/02/2020")
    assert bl.queryset.count() == 5
    assert bl.errors == ["Ngày “20/02/2020” không hợp lệ: ghi theo dạng năm-tháng-ngày."]


def test_export_has_exactly_the_filtered_rows(personas, rows):
    response = bind(personas.own, q="hoi nghi", state="overdue", page="2").export()
    assert response["Content-Disposition"] == 'attachment; filename="viec.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.title == "Việc"
    got = [[c.value for c in r] for r in ws.iter_rows()]
    assert got == [
        ["Nội dung", "Đơn vị", "Đơn vị giao", "Hạn", "Tình trạng"],
        [
            "Tổ chức hội nghị quán triệt Nghị quyết 35",
            "Thị ủy Bình Yên",
            None,
            dt.datetime(2020, 1, 10),
            "Quá hạn, chưa hoàn thành",
        ],
        [
            "Hội nghị sơ kết công tác tuyên giáo",
            "Đảng ủy phường Cẩm Thủy",
            "Thị ủy Bình Yên",
            dt.datetime(2020, 2, 10),
            "Quá hạn, chưa hoàn thành",
        ],
        [
            "Họp chi bộ chuyên đề hội nghị",
            "Chi bộ Tổ dân phố số 1",
            "Đảng ủy phường Cẩm Thủy",
            dt.datetime(2020, 2, 20),
            "Quá hạn, chưa hoàn thành",
        ],
    ]


def test_csv_export(personas, rows):
    response = bind(personas.own, q="kiem tra").export("csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8") == (
        "\ufeffNội dung,Đơn vị,Đơn vị giao,Hạn,Tình trạng\r\n"
        'Kiểm tra đảng viên,Đảng ủy phường Cẩm Thủy,,2020-02-25,"Quá hạn, chưa hoàn thành"\r\n'
    )


def test_controls_render_in_the_shared_include(personas, rows):
    bl = bind(personas.own, q="hội", state="open", due_from="bad")
    html = render_to_string("_list_filters.html", bl.context())
    assert '<input type="search" name="q" value="hội">' in html
    assert '<option value="open" selected>Đang thực hiện, trong hạn</option>' in html
    assert '<option value="overdue" >Quá hạn, chưa hoàn thành</option>' in html
    assert '<input type="date" name="due_to" value="">' in html
    assert "Ngày “bad” không hợp lệ" in html


def test_year_filter_and_a_year_no_calendar_has(personas, rows):
    spec = ListSpec(filters=[YearFilter("year", "due_on")])
    request = RequestFactory().get("/list/", {"year": "2090"})
    request.user = personas.own
    assert titles(spec.bind(request, followup_search(viewer=personas.own)).queryset) == [
        "Hội nghị tổng kết năm"
    ]
    request = RequestFactory().get("/list/", {"year": "99999"})
    request.user = personas.own
    assert list(spec.bind(request, followup_search(viewer=personas.own)).queryset) == []
