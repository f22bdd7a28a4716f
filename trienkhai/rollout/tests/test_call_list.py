"""The call list ("who is behind") and the coverage table's own row (issue 13, point 4).

The tree, written here (the ``tree`` fixture's city and ward, and more units with contacts):

    Thị ủy Bình Yên (owner) ─┬─ Đảng ủy phường Cẩm Thủy (no contact) ─┬─ Chi bộ Tổ dân phố số 1   plan done
                             │                                         └─ Chi bộ Tổ dân phố số 2   0987 333 444
                             ├─ Đảng ủy phường Đồng Tiến 0208 3863 111 ─┬─ Chi bộ Tổ dân phố số 1   plan done
                             │                                          └─ Chi bộ Tổ dân phố số 3   two numbers
                             └─ Chi bộ Cơ quan Thị ủy (a chi bộ right under the city) +84 208 3863 100

The plan's deadline passed 30 days ago, the conference's is 20 days ahead; wards and chi bộ are
in scope (7 units).
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from types import SimpleNamespace

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.services import unit_create
from trienkhai.rollout import selectors
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.services import rollout_launch, step_record_submit

pytestmark = pytest.mark.django_db

PLAN = "Xây dựng kế hoạch, chương trình hành động"
CONFERENCE = "Tổ chức hội nghị nghiên cứu, học tập, quán triệt"
CITY, CAM, DONG = "Thị ủy Bình Yên", "Đảng ủy phường Cẩm Thủy", "Đảng ủy phường Đồng Tiến"
CB1, CB2, CB3, CQ = (
    "Chi bộ Tổ dân phố số 1",
    "Chi bộ Tổ dân phố số 2",
    "Chi bộ Tổ dân phố số 3",
    "Chi bộ Cơ quan Thị ủy",
)


@pytest.fixture
def world(tree, resolution):
    today = timezone.localdate()

    def c(parent, name, kind=UnitKind.PARTY_CELL, **kw):
        return unit_create(parent=parent, name=name, kind=kind, acting_user=SYSTEM, **kw)

    cam2 = c(tree.ward, CB2, contact="Bí thư: 0987 333 444")
    dong = c(tree.city, DONG, UnitKind.WARD_COMMITTEE, contact="0208 3863 111")
    dong1 = c(dong, CB1, contact="0912.345.678")
    dong3 = c(dong, CB3, contact="0987-555-666 (bí thư), 0208 3863 222 (phó bí thư)")
    coquan = c(tree.city, CQ, contact="+84 208 3863 100")
    rollout = rollout_launch(
        document=resolution,
        owner_unit=tree.city,
        title="Học tập Nghị quyết 35",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.WARD_COMMITTEE, UnitKind.PARTY_CELL],
        starts_on=today - dt.timedelta(days=50),
        steps=[
            {"kind": StepKind.PLAN, "due": today - dt.timedelta(days=30)},
            {"kind": StepKind.CONFERENCE, "due": today + dt.timedelta(days=20)},
        ],
        acting_user=SYSTEM,
    )
    plan, conference = rollout.periods.get().steps.order_by("due")
    for unit in (tree.cell, dong1):
        step_record_submit(
            step=plan, unit=unit, done_on=today - dt.timedelta(days=35), plan_title="KH", acting_user=SYSTEM
        )
    return SimpleNamespace(
        rollout=rollout, plan=plan, conference=conference, cam2=cam2, dong=dong, dong3=dong3, coquan=coquan
    )


def shape(call_list):
    """A call list as (step title, [(group heading, heading itself behind, [units under it])])."""
    return [
        (c.step.title, [(g.unit.name, g.behind, [u.name for u in g.units]) for g in c.groups])
        for c in call_list
    ]


def call_list_at(unit, viewer, rollout):
    cov = selectors.coverage_for(rollout=rollout, unit=unit, viewer=viewer, with_children=False)
    return selectors.call_list(coverages=cov.steps, unit=unit, viewer=viewer)


def test_chi_bo_are_listed_under_their_ward_and_a_ward_behind_is_named(world, tree, personas):
    """GIVEN two wards each with a "Chi bộ Tổ dân phố số 1", both wards behind on the plan
    WHEN the city reads its call list
    THEN each step has its own list, each chi bộ sits under its own ward, a ward that is itself
    behind is marked so, and the chi bộ right under the city sits under the city."""
    assert shape(call_list_at(tree.city, personas.own, world.rollout)) == [
        (PLAN, [(CITY, False, [CQ]), (CAM, True, [CB2]), (DONG, True, [CB3])]),
        (CONFERENCE, [(CITY, False, [CQ]), (CAM, True, [CB1, CB2]), (DONG, True, [CB1, CB3])]),
    ]


def test_a_ward_and_a_chi_bo_read_their_own_call_list(world, tree, personas):
    assert shape(call_list_at(tree.ward, personas.child, world.rollout)) == [
        (PLAN, [(CAM, True, [CB2])]),
        (CONFERENCE, [(CAM, True, [CB1, CB2])]),
    ]
    # A chi bộ's page: itself, not under a ward its viewer may not see.
    assert shape(call_list_at(world.cam2, personas.child, world.rollout)) == [
        (PLAN, [(CB2, True, [])]),
        (CONFERENCE, [(CB2, True, [])]),
    ]


def page(client, rollout, unit, **params):
    response = client.get(reverse("rollout:detail", args=[rollout.pk]), {"unit": unit.pk, **params})
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def C(name: str) -> str:
    """An XPath condition: the element has the class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def text(el) -> str:
    return " ".join(el.text_content().split())


def test_the_call_list_page_heads_each_box_with_its_step_and_links_every_number(login, world, tree, personas):
    """GIVEN the city's call list page
    THEN each box is headed by its step's name, each ward heads its chi bộ with its own
    contact, and every phone number is a tel: link (a unit without one says so)."""
    doc = page(login(personas.own), world.rollout, tree.city, missing=1)
    boxes = doc.xpath(f"//section[{C('call-step')}]")
    assert [text(b.xpath(".//h3")[0]) for b in boxes] == [PLAN, CONFERENCE]
    plan = boxes[0]
    groups = [
        (text(g.xpath(".//h4/a")[0]), [text(li.xpath(".//a")[0]) for li in g.xpath(".//li")])
        for g in plan.xpath(f".//*[{C('call-group')}]")
    ]
    assert groups == [(CITY, [CQ]), (CAM, [CB2]), (DONG, [CB3])]
    assert {a.get("href") for a in plan.xpath(".//a[starts-with(@href, 'tel:')]")} == {
        "tel:+842083863100",  # the city's chi bộ
        "tel:0987333444",
        "tel:02083863111",  # Đồng Tiến, itself behind
        "tel:0987555666",
        "tel:02083863222",
    }
    cam = plan.xpath(f".//*[{C('call-group')}]")[1]
    assert "chưa có số liên hệ" in text(cam.xpath(f".//*[{C('call-contact')}]")[0])
    assert "chính đơn vị này chưa thực hiện" in text(cam.xpath(".//h4")[0])
    assert "5 đơn vị quá hạn" in text(plan)  # the two wards, their số 2 and số 3, the city's chi bộ


def test_a_viewer_below_sees_only_its_own_subtree_in_the_call_list(login, world, tree, personas):
    doc = page(login(personas.child), world.rollout, tree.ward, missing=1)
    shown = text(doc.xpath("//main")[0])
    assert CAM in shown and CB2 in shown
    assert DONG not in shown and CQ not in shown and "0208 3863 111" not in shown


def test_the_export_has_a_call_list_sheet_with_ward_unit_step_and_numbers(login, world, tree, personas):
    """GIVEN the city's Excel export
    THEN besides the counts it has a call list: a row per unit behind on each step still to do,
    with its ward, its contact and its numbers, in tree order; every column has a width."""
    c = login(personas.own)
    response = c.get(reverse("rollout:export", args=[world.rollout.pk]), {"unit": tree.city.pk})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Kết quả", "Danh sách gọi"]
    sheet = book["Danh sách gọi"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Yêu cầu",
        "Hạn",
        "Tình trạng",
        "Thuộc",
        "Đơn vị",
        "Loại hình",
        "Liên hệ",
        "Số điện thoại",
    )
    plan_rows = [(r[2], r[3], r[4], r[7]) for r in rows[1:] if r[0] == PLAN]
    assert plan_rows == [
        ("quá hạn", CITY, CQ, "'+84 208 3863 100"),  # a cell starting with + is escaped (core.excel)
        ("quá hạn", CAM, CAM, None),  # no contact on file
        ("quá hạn", CAM, CB2, "0987 333 444"),
        ("quá hạn", DONG, DONG, "0208 3863 111"),
        ("quá hạn", DONG, CB3, "0987-555-666, 0208 3863 222"),
    ]
    assert {r[1].date() for r in rows[1:] if r[0] == PLAN} == {world.plan.due}
    assert len([r for r in rows[1:] if r[0] == CONFERENCE]) == 7  # nobody has held it yet
    assert {r[2] for r in rows[1:] if r[0] == CONFERENCE} == {"trong hạn"}
    for ws in book.worksheets:
        for i in range(1, ws.max_column + 1):
            dim = ws.column_dimensions[ws.cell(row=1, column=i).column_letter]
            assert dim.customWidth and dim.width >= 12, (ws.title, i)
    assert sheet.column_dimensions["E"].width >= 30 and book["Kết quả"].column_dimensions["A"].width >= 30


def by_unit_rows(doc):
    table = doc.xpath(f"//table[{C('by-unit')}]")[0]
    return [tr for tr in table.xpath(".//tr") if tr.xpath("./td")]


def test_the_wards_own_row_is_in_its_coverage_table(login, world, tree, personas):
    """GIVEN the ward Cẩm Thủy, in scope itself, with two chi bộ (plan: 1/3 done)
    WHEN its coverage page is read
    THEN its table lists three rows: its own (overdue on the plan, a link to its record) and
    its two chi bộ's."""
    doc = page(login(personas.own), world.rollout, tree.ward)
    assert "1/3 (33,3%)" in text(doc)
    rows = by_unit_rows(doc)
    assert [text(r.xpath("./td")[0]) for r in rows] == [f"{CAM} (chính đơn vị này)", f"{CB1} minh họa", CB2]
    own = rows[0]
    assert "own-row" in own.get("class")
    plan_cell = own.xpath("./td")[1]
    assert text(plan_cell) == "quá hạn"
    assert plan_cell.xpath(".//a")[0].get("href") == reverse(
        "rollout:record", args=[world.plan.pk, tree.ward.pk]
    )
    assert text(own.xpath("./td")[2]) == "chưa"  # the conference: still open


def test_a_unit_not_in_scope_itself_has_no_own_row(login, world, tree, personas):
    doc = page(login(personas.own), world.rollout, tree.city)
    assert [text(r.xpath("./td")[0]) for r in by_unit_rows(doc)] == [CAM, DONG, CQ]
    assert not doc.xpath(f"//tr[{C('own-row')}]")


def test_the_export_lists_the_wards_own_row(login, world, tree, personas):
    c = login(personas.own)
    response = c.get(reverse("rollout:export", args=[world.rollout.pk]), {"unit": tree.ward.pk})
    rows = list(load_workbook(io.BytesIO(response.content))["Kết quả"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [f"{CAM} (tổng)", f"{CAM} (chính đơn vị này)", CB1, CB2]
    assert rows[2][1:3] == (0, 1)  # its own plan: not done, in scope
    assert rows[1][1:3] == (1, 3)


def test_the_dashboard_shows_each_percentage_beside_its_own_step(login, world, personas):
    """GIVEN the city's dashboard (plan 2/7 done, conference 0/7)
    THEN each step is one item holding its name, its percentage and its count, so at phone
    width a percentage cannot wrap beside the next step's name."""
    doc = lxml.html.fromstring(login(personas.own).get(reverse("rollout:dashboard")).content.decode())
    items = doc.xpath(f"//*[{C('rollout-card')}]//*[{C('stepgrid')}]/li")
    assert [
        (text(li.xpath(f"./*[{C('step-title')}]")[0]), text(li.xpath(f"./*[{C('step-figures')}]")[0]))
        for li in items
    ] == [(PLAN, "28,6% 2/7"), (CONFERENCE, "0,0% 0/7")]


def test_the_dashboard_lists_the_nearest_deadline_first(login, tree, resolution, personas):
    """GIVEN three rollouts of the city: one due in 40 days (launched last), one due in 10 days,
    one whose every unit has done everything
    THEN the one due in 10 days comes first and shows that date, the finished one comes last."""
    today = timezone.localdate()

    def launch(title, due, starts_ago):
        return rollout_launch(
            document=resolution,
            owner_unit=tree.city,
            title=title,
            purpose=Purpose.STUDY,
            scope_kinds=[UnitKind.PARTY_CELL],
            starts_on=today - dt.timedelta(days=starts_ago),
            steps=[{"kind": StepKind.PLAN, "due": due}],
            acting_user=SYSTEM,
        )

    launch("Đợt hạn 10 ngày", today + dt.timedelta(days=10), 20)
    done = launch("Đợt đã xong", today + dt.timedelta(days=60), 5)
    step_record_submit(
        step=done.periods.get().steps.get(),
        unit=tree.cell,
        done_on=today,
        plan_title="KH",
        acting_user=SYSTEM,
    )
    launch("Đợt hạn 40 ngày", today + dt.timedelta(days=40), 1)
    doc = lxml.html.fromstring(login(personas.own).get(reverse("rollout:dashboard")).content.decode())
    cards = doc.xpath(f"//*[{C('rollout-card')}]")
    assert [text(card.xpath(".//h2/a")[0]) for card in cards] == [
        "Đợt hạn 10 ngày",
        "Đợt hạn 40 ngày",
        "Đợt đã xong",
    ]
    assert f"hạn gần nhất {(today + dt.timedelta(days=10)):%d/%m/%Y}" in text(cards[0])


@pytest.fixture
def registry(tree):
    """Thirty near-identical plans of the city and the one to launch."""
    from trienkhai.documents.services import document_register

    for i in range(30):
        document_register(
            issuing_unit=tree.city,
            code=f"{100 + i}-KH/TU",
            title=f"Kế hoạch thực hiện Nghị quyết của Tỉnh ủy, đợt {i}",
            issued_on=dt.date(2024, 1, 1) + dt.timedelta(days=i),
            acting_user=SYSTEM,
        )
    return document_register(
        issuing_unit=tree.city,
        code="0091-KH/TU",
        title="Kế hoạch tuyên truyền về phát triển văn hóa đọc",
        issued_on=dt.date(2023, 6, 1),
        acting_user=SYSTEM,
    )


def document_options(client, **params):
    response = client.get(reverse("rollout:launch"), params)
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.content.decode())
    select = doc.xpath("//select[@name='document']")[0]
    return [(o.get("value"), text(o), o.get("selected") is not None) for o in select.xpath(".//option")]


@pytest.mark.parametrize(
    "q",
    [
        "van hoa",  # no diacritics
        unicodedata.normalize("NFD", "văn hóa đọc"),  # decomposed, as some keyboards send it
        "văn hoá",  # old-style tone mark
        "91 kh tu",  # the code, spaced and short of its zeros
    ],
)
def test_the_launch_form_finds_its_document_by_code_or_title(login, personas, registry, q):
    """GIVEN a registry of thirty near-identical plans and the one to launch
    WHEN the launch page is searched by part of its title or code, however typed
    THEN the document list holds that one document, chosen already."""
    c = login(personas.own)
    assert len(document_options(c)) == 31
    assert document_options(c, q=q) == [
        (
            str(registry.pk),
            "Kế hoạch 0091-KH/TU (01/06/2023) — Kế hoạch tuyên truyền về phát triển văn hóa đọc",
            True,
        )
    ]


def test_a_search_without_match_says_so_and_launching_keeps_the_search(login, personas, registry, tree):
    c = login(personas.own)
    response = c.get(reverse("rollout:launch"), {"q": "không có gì"})
    assert "0 văn bản khớp “không có gì”" in response.content.decode()
    # The posted choice is checked against the searched list: the search stays in the URL.
    data = {
        "document": registry.pk,
        "owner_unit": tree.city.pk,
        "title": "Tuyên truyền văn hóa đọc",
        "purpose": Purpose.STUDY,
        "scope_kinds": [UnitKind.PARTY_CELL],
        "recurrence": "none",
        "starts_on": "2026-01-05",
        "step_0_on": "on",
        "step_0_due": "2026-02-05",
    }
    response = c.post(reverse("rollout:launch") + "?q=van+hoa", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_call_list_and_its_export_speak_english_when_asked(login, world, tree, personas):
    """GIVEN a city user who switched the interface to English
    THEN the call list's heading, deadlines and the export's sheet and column names are English."""
    from django.utils import translation

    c = login(personas.own)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    doc = page(c, world.rollout, tree.city, missing=1)
    shown = text(doc.xpath("//main")[0])
    assert "Đơn vị chưa thực hiện" not in shown and "Hạn" not in shown
    assert doc.xpath("//h2[@id='call-list']")[0].text_content().strip() == "Units that have not done it yet"
    response = c.get(reverse("rollout:export", args=[world.rollout.pk]), {"unit": tree.city.pk})
    book = load_workbook(io.BytesIO(response.content))
    with translation.override("en"):
        assert book.sheetnames == [translation.gettext("Kết quả"), translation.gettext("Danh sách gọi")]
    assert all(name.isascii() for name in book.sheetnames), book.sheetnames
    header = next(book.worksheets[1].iter_rows(values_only=True))
    assert all(cell.isascii() for cell in header), header
