"""Issuing bodies outside the tree, terms from congresses, the chain as a tree, the document's rollouts
(issue 13 points 5 and 7, issue 15 point 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.choices import LinkKind
from trienkhai.documents.models import Document, IssuingBody
from trienkhai.documents.selectors import chain_roots, document_chain, document_search
from trienkhai.documents.services import document_link, document_register, issuer_mismatch
from trienkhai.orgs.choices import UnitKind
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.services import rollout_launch


def body(name: str) -> IssuingBody:
    return IssuingBody.objects.get(name=name)


def register(unit, code, issued_on, **kw):
    return document_register(issuing_unit=unit, code=code, issued_on=issued_on, title=f"Văn bản {code}", **kw)


def test_an_outside_body_stays_in_the_registering_units_scope(tree, personas):
    """GIVEN the town registers 57-NQ/TW with its real issuer, Bộ Chính trị
    THEN the town, its ward and the province above see it, the sibling town and another branch do not,
    and only the town may change it."""
    doc = register(
        tree.city,
        "57-NQ/TW",
        dt.date(2024, 12, 22),
        issuing_body=body("Bộ Chính trị"),
        acting_user=personas.own,
    )
    assert doc.issuing_unit == tree.city and doc.issuer_name == "Bộ Chính trị"
    seen_by = {
        p
        for p in ("own", "child", "parent", "sibling", "other")
        if document_search(viewer=getattr(personas, p)).filter(pk=doc.pk).exists()
    }
    assert seen_by == {"own", "child", "parent"}
    assert Document.objects.restrict(personas.child, "change").filter(pk=doc.pk).exists() is False
    assert Document.objects.restrict(personas.own, "change").filter(pk=doc.pk).exists()


def test_an_outside_body_gives_no_right_to_another_registry(tree, personas):
    with pytest.raises(Http404):
        register(
            tree.city,
            "57-NQ/TW",
            dt.date(2024, 12, 22),
            issuing_body=body("Bộ Chính trị"),
            acting_user=personas.sibling,
        )


def test_the_issuer_above_must_be_above_the_registry(tree, personas):
    doc = register(
        tree.city, "17-CTr/TU", dt.date(2025, 2, 20), issuer_unit=tree.prov, acting_user=personas.own
    )
    assert doc.issuing_unit == tree.city and doc.issuer_name == "Tỉnh ủy An Hòa"
    with pytest.raises(ValidationError):
        register(
            tree.ward, "18-CTr/TU", dt.date(2025, 2, 20), issuer_unit=tree.sibling, acting_user=personas.own
        )


@pytest.mark.parametrize(
    ("where", "code", "issued_on", "term"),
    [
        # 113-CTr/TU of 20/02/2025: before the town's 2025 congress, so still 2020-2025 (issue 13.5).
        ("city", "113-CTr/TU", dt.date(2025, 2, 20), "2020-2025"),
        ("city", "114-CTr/TU", dt.date(2025, 11, 3), "2025-2030"),
        ("city", "115-CTr/TU", dt.date(2026, 1, 5), "2025-2030"),
        # A provincial committee holds its congress later (by October).
        ("prov", "200-KH/TU", dt.date(2025, 9, 1), "2020-2025"),
        ("prov", "201-KH/TU", dt.date(2025, 10, 20), "2025-2030"),
        ("prov", "202-KH/TU", dt.date(2020, 8, 1), "2015-2020"),
        # The centre: khóa XIII from the 13th Congress (January 2021) to the 14th (January 2026).
        ("Bộ Chính trị", "57-NQ/TW", dt.date(2024, 12, 22), "khóa XIII"),
        ("Bộ Chính trị", "58-NQ/TW", dt.date(2021, 1, 10), "khóa XII"),
        ("Ban Bí thư", "01-CT/TW", dt.date(2026, 3, 1), "khóa XIV"),
        ("root", "02-KL/TW", dt.date(2021, 6, 1), "khóa XIII"),
        # The state numbers per calendar year.
        ("Chính phủ", "30/2020/NĐ-CP", dt.date(2020, 3, 5), "2020"),
        ("Thủ tướng Chính phủ", "12/CT-TTg", dt.date(2025, 2, 20), "2025"),
    ],
)
def test_the_term_comes_from_the_issuers_congress(tree, where, code, issued_on, term):
    if hasattr(tree, where):
        doc = register(getattr(tree, where), code, issued_on, acting_user=SYSTEM)
    else:
        doc = register(tree.city, code, issued_on, issuing_body=body(where), acting_user=SYSTEM)
    assert doc.term == term


def test_the_same_number_in_two_terms_is_two_documents(tree):
    register(tree.city, "113-CTr/TU", dt.date(2025, 2, 20), acting_user=SYSTEM)
    register(tree.city, "113-CTr/TU", dt.date(2025, 12, 1), acting_user=SYSTEM)
    with pytest.raises(ValidationError):
        register(tree.city, "113-CTr/TU", dt.date(2025, 3, 1), acting_user=SYSTEM)


@pytest.mark.parametrize(
    ("code", "issuer", "warned", "proposed"),
    [
        ("57-NQ/TW", "city", True, "Bộ Chính trị"),  # '/TW' is the centre's, not the town's
        ("57-NQ/TW", "Bộ Chính trị", False, ""),
        ("05-TB/VPTW", "Bộ Chính trị", True, "Văn phòng Trung ương Đảng"),
        ("30/2020/NĐ-CP", "city", True, "Chính phủ"),
        ("08-CTr/TU", "city", False, ""),
        ("12-KH/ĐU", "ward", False, ""),
        ("12-KH/TU", "ward", True, ""),
    ],
)
def test_a_code_that_does_not_fit_its_issuer_is_warned_about(tree, code, issuer, warned, proposed):
    kw = {"issuing_body": body(issuer)} if not hasattr(tree, issuer) else {}
    unit = getattr(tree, issuer) if hasattr(tree, issuer) else tree.city
    doc = register(unit, code, dt.date(2024, 12, 22), acting_user=SYSTEM, **kw)
    warning = issuer_mismatch(doc)
    assert bool(warning) is warned
    assert proposed in warning


def test_the_form_offers_outside_bodies_and_the_committees_above_not_the_siblings(login, personas):
    page = login(personas.own).get(reverse("documents:create")).content.decode()
    for name in (
        "Bộ Chính trị",
        "Văn phòng Trung ương Đảng",
        "Chính phủ",
        "Tỉnh ủy An Hòa",
        "Đảng ủy phường Cẩm Thủy",
    ):
        assert name in page
    assert "Thành ủy Đông Sơn" not in page


def test_registering_with_an_outside_body_through_the_form(login, personas, tree):
    c = login(personas.own)
    bct = body("Bộ Chính trị")
    r = c.post(
        reverse("documents:create"),
        {
            "code": "57-NQ/TW",
            "issuing_unit": f"b:{bct.pk}",
            "registry_unit": tree.city.pk,
            "issued_on": "2024-12-22",
            "title": "Về đột phá phát triển khoa học",
        },
        follow=True,
    )
    doc = Document.objects.get(code="57-NQ/TW")
    assert (doc.issuing_unit, doc.issuing_body, doc.term) == (tree.city, bct, "khóa XIII")
    page = r.content.decode()
    assert "Bộ Chính trị" in page and "Trong sổ văn bản của" in page


def test_a_units_own_document_goes_to_its_own_registry(login, personas, tree):
    login(personas.own).post(
        reverse("documents:create"),
        {
            "code": "12-KH/ĐU",
            "issuing_unit": f"u:{tree.ward.pk}",
            "registry_unit": tree.city.pk,
            "title": "Kế hoạch",
        },
    )
    doc = Document.objects.get(code="12-KH/ĐU")
    assert (doc.issuing_unit, doc.issuing_body, doc.issuer_unit) == (tree.ward, None, None)


def test_the_form_refuses_a_sibling_as_the_issuer_above(login, personas, tree):
    r = login(personas.own).post(
        reverse("documents:create"),
        {"code": "9-KH/TU", "issuing_unit": f"a:{tree.sibling.pk}", "title": "Kế hoạch"},
    )
    assert r.status_code == 400 and not Document.objects.filter(code="9-KH/TU").exists()


def test_the_chain_is_a_tree(tree, docs, personas):
    """GIVEN the town's two plans implement 35-NQ/TW and the ward's plan implements the first
    THEN below 35-NQ/TW hang the two plans side by side, the ward's plan under the first."""
    kh2 = register(tree.city, "0092-KH/TU", dt.date(2019, 6, 1), acting_user=SYSTEM)
    document_link(source=kh2, target=docs.nq, kind=LinkKind.IMPLEMENTS, acting_user=SYSTEM)
    down = chain_roots(document_chain(viewer=personas.own, document=docs.nq)["down"])
    assert [s.document for s in down] == [docs.kh, kh2]
    assert [s.document for s in down[0].children] == [docs.ward_plan]
    assert down[1].children == []
    up = chain_roots(document_chain(viewer=personas.own, document=docs.ward_plan)["up"])
    assert [s.document for s in up] == [docs.kh] and [s.document for s in up[0].children] == [docs.nq]


def test_the_document_page_draws_the_tree_and_links_its_rollouts(login, personas, tree, docs):
    mine = rollout_launch(
        document=docs.nq,
        owner_unit=tree.city,
        title="Quán triệt 35-NQ/TW ở thị xã",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.WARD_COMMITTEE],
        steps=[{"kind": StepKind.PLAN, "due": dt.date(2030, 1, 1)}],
        starts_on=dt.date(2019, 1, 1),
        acting_user=SYSTEM,
    )
    rollout_launch(
        document=docs.nq,
        owner_unit=tree.sibling,
        title="Quán triệt 35-NQ/TW ở Đông Sơn",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.WARD_COMMITTEE],
        steps=[{"kind": StepKind.PLAN, "due": dt.date(2030, 1, 1)}],
        starts_on=dt.date(2019, 1, 1),
        acting_user=SYSTEM,
    )
    rollout_launch(
        document=docs.kh,
        owner_unit=tree.city,
        title="Triển khai kế hoạch 0091",
        purpose=Purpose.IMPLEMENT,
        scope_kinds=[UnitKind.WARD_COMMITTEE],
        steps=[{"kind": StepKind.PLAN, "due": dt.date(2030, 1, 1)}],
        starts_on=dt.date(2019, 1, 1),
        acting_user=SYSTEM,
    )
    page = login(personas.own).get(reverse("documents:detail", args=[docs.nq.pk])).content.decode()
    assert reverse("rollout:detail", args=[mine.pk]) in page
    assert "Quán triệt 35-NQ/TW ở Đông Sơn" not in page  # the sibling's: not the town's to see
    assert "Triển khai kế hoạch 0091" not in page  # another document's
    assert 'id="chain-down"' in page and 'class="arrow"' not in page
    down = page[page.index('id="chain-down"') :]
    # The ward's plan sits inside the town plan's item, one list deeper.
    assert down.index("0091-KH/TU") < down.index("<ul>") < down.index("12-KH/ĐU")
