"""Issue 18 point 1: a document number typed into a form matches exactly.

The registry written here: Nghị quyết 35-NQ/TW (central committee) and the city's
plan 0091-KH/TU whose summary quotes "35-NQ/TW"; a search for "35-NQ/TW" finds
both, so the old "one search hit or refuse" rule refused 35-NQ/TW everywhere.
The sibling city's 07-KH/TU is outside the city's scope.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.models import Document
from trienkhai.documents.selectors import document_by_code, document_search
from trienkhai.documents.services import document_register


@pytest.fixture
def reg(tree):
    r = document_register
    nq = r(
        issuing_unit=tree.root,
        code="35-NQ/TW",
        issued_on=dt.date(2018, 10, 22),
        title="Nghị quyết về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
        acting_user=SYSTEM,
    )
    kh = r(
        issuing_unit=tree.city,
        code="0091-KH/TU",
        issued_on=dt.date(2019, 3, 1),
        title="Kế hoạch thực hiện nghị quyết của Bộ Chính trị",
        summary="Thực hiện Nghị quyết 35-NQ/TW của Bộ Chính trị.",
        acting_user=SYSTEM,
    )
    sib = r(
        issuing_unit=tree.sibling,
        code="07-KH/TU",
        issued_on=dt.date(2019, 5, 1),
        title="Kế hoạch riêng của Thành ủy Đông Sơn",
        acting_user=SYSTEM,
    )
    return SimpleNamespace(nq=nq, kh=kh, sib=sib)


def test_search_finds_two_for_the_resolution(personas, reg):
    # The situation of the issue: the search is not the way to pick a typed number.
    assert set(document_search(viewer=personas.own, q="35-NQ/TW")) == {reg.nq, reg.kh}


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("35-NQ/TW", "nq"),
        ("35 - nq/tw", "nq"),
        ("0091-KH/TU", "kh"),
        ("91-KH/TU", "kh"),
        ("35-NQ", None),  # a prefix is not the number
        ("07-KH/TU", None),  # the sibling's plan: outside the city's scope
        ("99-XX/YY", None),
        ("Nghị quyết", None),
        ("", None),
    ],
)
def test_document_by_code_is_exact_and_scoped(personas, reg, typed, expected):
    got = document_by_code(user=personas.own, code=typed)
    assert got == (getattr(reg, expected) if expected else None)


def test_document_by_code_two_with_the_same_number_is_none(personas, reg, tree):
    # 35-NQ/TW of another term issued by the province: the user has to pick.
    document_register(
        issuing_unit=tree.prov, code="35-NQ/TW", term="2015-2020", title="Trùng số", acting_user=SYSTEM
    )
    assert document_by_code(user=personas.own, code="35-NQ/TW") is None
    assert document_by_code(user=personas.sibling, code="07-KH/TU") == reg.sib


# --- the seven places where a number is typed ------------------------------------------------


def _course(c, tree, codes):
    from trienkhai.training.models import Course

    r = c.post(
        reverse("training:create"),
        {
            "organiser": tree.city.pk,
            "title": "Lớp báo cáo viên",
            "audiences": ["bao_cao_vien"],
            "starts_on": "2022-10-01",
            "ends_on": "2022-10-02",
            "form": "truc_tiep",
            "materials": codes,
        },
    )
    course = Course.objects.first()
    return r, (list(course.materials.all()) if course else None)


def _campaign(c, tree, code):
    from trienkhai.emulation.models import Campaign

    r = c.post(
        reverse("emulation:create"),
        {
            "unit": tree.city.pk,
            "title": "Phong trào 2022",
            "starts_on": "2022-01-01",
            "ends_on": "2022-12-31",
            "document_code": code,
        },
    )
    camp = Campaign.objects.first()
    return r, ([camp.document] if camp and camp.document else None)


def _decision(c, tree, code):
    from trienkhai.emulation.services import campaign_create, nomination_create

    camp = campaign_create(
        unit=tree.city,
        title="Phong trào",
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2022, 12, 31),
        acting_user=SYSTEM,
    )
    n = nomination_create(
        campaign=camp,
        unit=tree.ward,
        kind="collective",
        nominee_unit=tree.cell,
        achievements="Tốt",
        nominated_on=dt.date(2022, 10, 1),
        acting_user=SYSTEM,
    )
    r = c.post(
        reverse("emulation:decide", args=[n.pk]),
        {"approve": "1", "on": "2022-12-20", "document_code": code},
        follow=True,
    )
    n.refresh_from_db()
    return r, ([n.decision_document] if n.decision_document else None)


def _target(c, tree, code):
    from trienkhai.targets.models import Target

    r = c.post(
        reverse("targets:create"),
        {
            "unit": tree.city.pk,
            "term": "2020-2025",
            "title": "100% chi bộ học tập nghị quyết",
            "kind": "number",
            "target_value": "100",
            "starts_on": "2022-01-01",
            "target_date": "2022-12-31",
            "due_precision": "day",
            "document_code": code,
        },
    )
    t = Target.objects.first()
    return r, ([t.source_document] if t and t.source_document else None)


def _answer(c, tree, code):
    from trienkhai.proposals.services import proposal_send

    p = proposal_send(
        sender=tree.ward,
        addressee=tree.city,
        category="dao_tao",
        title="Mở lớp",
        content="Đề nghị mở lớp.",
        sent_on=dt.date(2022, 8, 11),
        acting_user=SYSTEM,
    )
    r = c.post(
        reverse("proposals:answer", args=[p.pk]),
        {"on": "2022-09-01", "text": "Đã trả lời", "document_code": code},
        follow=True,
    )
    p.refresh_from_db()
    return r, ([p.answer_document] if p.answer_document else None)


def _meeting(c, tree, codes):
    from trienkhai.meetings.models import Meeting

    r = c.post(
        reverse("meetings:create"),
        {
            "kind": "lam_viec",
            "title": "Làm việc với phường",
            "date": "2022-05-05",
            "form": "truc_tiep",
            "venue": "Hội trường",
            "host": tree.city.pk,
            "visiting_units": [tree.ward.pk],
            "document_codes": codes,
        },
    )
    m = Meeting.objects.first()
    return r, (list(m.documents.all()) if m else None)


def _inspection(c, tree, codes):
    from trienkhai.oversight.models import Inspection

    r = c.post(
        reverse("oversight:create"),
        {
            "conducting_unit": tree.city.pk,
            "kind": "giam_sat",
            "mode": "chuyen_de",
            "title": "Giám sát 35",
            "subject_units": [tree.ward.pk],
            "document_codes": codes,
            "start_on": "2022-10-01",
        },
    )
    i = Inspection.objects.first()
    return r, (list(i.documents.all()) if i else None)


def _link(c, tree, code):
    from trienkhai.documents.models import DocumentLink

    source = document_register(
        issuing_unit=tree.city, code="5-CTr/TU", title="Chương trình", acting_user=SYSTEM
    )
    r = c.post(
        reverse("documents:link", args=[source.pk]), {"target_code": code, "kind": "implements"}, follow=True
    )
    return r, ([link.target for link in DocumentLink.objects.filter(source=source)] or None)


PLACES = {
    "materials": _course,
    "campaign": _campaign,
    "decision": _decision,
    "target": _target,
    "answer": _answer,
    "meeting": _meeting,
    "inspection": _inspection,
    "link": _link,
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_the_exact_number_wins_everywhere(login, personas, reg, tree, place):
    """GIVEN the registry above WHEN the city types 35-NQ/TW THEN that resolution is linked."""
    r, linked = PLACES[place](login(personas.own), tree, "35-NQ/TW")
    assert linked == [reg.nq], r.content.decode()[:3000]


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_number_outside_the_scope_is_refused_everywhere(login, personas, reg, tree, place):
    r, linked = PLACES[place](login(personas.own), tree, "07-KH/TU")
    assert linked is None
    assert "07-KH/TU" in r.content.decode()


def test_materials_list_keeps_the_order_and_mixes_forms(login, personas, reg, tree):
    r, linked = _course(login(personas.own), tree, "91-KH/TU, 35 - NQ/TW")
    assert r.status_code == 302 and set(linked) == {reg.kh, reg.nq}


def test_no_exact_match_offers_the_matches_and_registering(login, personas, reg, tree):
    """GIVEN a course whose materials are typed "0091-KH/TU, 35-NQ" (a prefix, no exact number)
    THEN the form is refused, offers 35-NQ/TW and 0091-KH/TU to pick, each pick carrying the whole
    list with "35-NQ" replaced, and a link to register 35-NQ with the number and the way back;
    WHEN the user picks 35-NQ/TW THEN the course is saved with both documents."""
    c = login(personas.own)
    r, linked = _course(c, tree, "0091-KH/TU, 35-NQ")
    html = r.content.decode()
    assert r.status_code == 400 and linked is None
    assert 'type="radio" name="materials" value="0091-KH/TU, 35-NQ/TW"' in html
    assert 'type="radio" name="materials" value="0091-KH/TU, 0091-KH/TU"' in html
    assert "07-KH/TU" not in html
    assert "/documents/new/?code=35-NQ&amp;next=%2Ftraining%2Fnew%2F" in html
    # The radio comes after the text box: the browser sends both, the picked one last.
    r = c.post(
        reverse("training:create"),
        {
            "organiser": tree.city.pk,
            "title": "Lớp báo cáo viên",
            "audiences": ["bao_cao_vien"],
            "starts_on": "2022-10-01",
            "ends_on": "2022-10-02",
            "form": "truc_tiep",
            "materials": ["0091-KH/TU, 35-NQ", "0091-KH/TU, 35-NQ/TW"],
        },
    )
    from trienkhai.training.models import Course

    assert r.status_code == 302 and set(Course.objects.get().materials.all()) == {reg.kh, reg.nq}


def test_nothing_found_offers_registering_only(login, personas, reg, tree):
    r, _linked = _target(login(personas.own), tree, "36-NQ/TW")
    html = r.content.decode()
    assert r.status_code == 400 and 'type="radio"' not in html
    assert "/documents/new/?code=36-NQ%2FTW&amp;next=%2Ftargets%2Fnew%2F" in html


def test_registering_from_the_form_prefills_and_goes_back(login, personas, tree):
    c = login(personas.own)
    page = c.get(reverse("documents:create"), {"code": "36-NQ/TW", "next": "/targets/new/"}).content.decode()
    assert 'value="36-NQ/TW"' in page and 'name="next" value="/targets/new/"' in page
    data = {"code": "36-NQ/TW", "issuing_unit": tree.city.pk, "title": "Nghị quyết 36", "kind": "nghi_quyet"}
    r = c.post(reverse("documents:create"), {**data, "next": "/targets/new/"})
    assert r.status_code == 302 and r.url == "/targets/new/"
    assert Document.objects.get().code == "36-NQ/TW"
    r = c.post(reverse("documents:create"), {**data, "code": "37-NQ/TW", "next": "https://evil.example/"})
    assert r.status_code == 302 and r.url == reverse(
        "documents:detail", args=[Document.objects.get(code="37-NQ/TW").pk]
    )
