"""Scope declared in one place (core.scoping), checked against answers written by hand.

The expected sets below come from the tree and the personas drawn in the root conftest,
never from ``restrict()`` itself:

root (TW)
├── prov (Tỉnh ủy An Hòa)            parent: viewer
│   ├── city (Thị ủy Bình Yên)       own: admin
│   │   └── ward (Đảng ủy phường)    child: editor
│   │       └── cell (Chi bộ)
│   └── sibling (Thành ủy Đông Sơn)  sibling: admin
└── other (Tỉnh ủy Phú Lâm)          other: admin
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.http import Http404

from trienkhai.core.scoping import (
    SYSTEM,
    above_scope,
    above_scope_q,
    covers,
    has_scope,
    require,
    scope_key,
    scope_q,
    scope_roots,
    sees_all,
    top_unit,
)
from trienkhai.documents.models import Document
from trienkhai.documents.services import document_register
from trienkhai.meetings.choices import MeetingForm
from trienkhai.meetings.models import Meeting
from trienkhai.meetings.services import meeting_create
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit
from trienkhai.orgs.services import unit_create
from trienkhai.proposals.models import Proposal
from trienkhai.proposals.services import proposal_send

pytestmark = pytest.mark.django_db
TRIENKHAI = Path(__file__).resolve().parents[2]


def names(qs) -> set[str]:
    return {str(o) for o in qs}


def test_units_each_persona_sees_its_subtree(tree, personas):
    sees = {
        "own": {"city", "ward", "cell"},
        "child": {"ward", "cell"},
        "sibling": {"sibling"},
        "parent": {"prov", "city", "ward", "cell", "sibling"},
        "other": {"other"},
        "superuser": {"root", "prov", "city", "ward", "cell", "sibling", "other"},
    }
    for who, expected in sees.items():
        got = set(Unit.objects.restrict(getattr(personas, who)).values_list("pk", flat=True))
        assert got == {getattr(tree, n).pk for n in expected}, who
    # change: the viewer above changes nothing
    assert not Unit.objects.restrict(personas.parent, "change").exists()


def test_none_acts_on_nothing_and_system_on_everything(tree):
    assert not Unit.objects.restrict(None).exists()
    assert Unit.objects.restrict(SYSTEM, "admin").count() == 7
    assert not covers(None, tree.cell)
    assert covers(SYSTEM, tree.other)
    with pytest.raises(Http404):
        require(None, tree.cell)
    # A service called with acting_user=None used to skip every check; now it is refused.
    with pytest.raises(Http404):
        unit_create(parent=tree.cell, name="Chi bộ ma", kind=UnitKind.PARTY_CELL, acting_user=None)
    assert not Unit.objects.filter(name="Chi bộ ma").exists()


def test_covers_is_at_or_above(tree, personas):
    child = personas.child
    assert covers(child, tree.ward) and covers(child, tree.cell)
    assert not covers(child, tree.city) and not covers(child, tree.sibling)
    assert covers(personas.parent, tree.cell, "view") and not covers(personas.parent, tree.cell, "change")
    assert not covers(child, None)
    require(child, tree.city, tree.cell)  # one of them is enough
    with pytest.raises(Http404):
        require(child, tree.city, tree.sibling)


def test_ancestor_paths_are_the_units_above(tree):
    assert tree.cell.ancestor_paths() == [tree.root.path, tree.prov.path, tree.city.path, tree.ward.path]
    assert tree.city.ancestor_paths(include_self=True) == [tree.root.path, tree.prov.path, tree.city.path]
    assert tree.root.ancestor_paths() == []
    assert tree.ward.parent_path == tree.city.path and tree.root.parent_path == ""


def test_tree_relations_between_two_units(tree):
    assert tree.cell.is_within(tree.city) and tree.city.is_within(tree.city)
    assert tree.cell.is_within(tree.city, strict=True) and not tree.city.is_within(tree.city, strict=True)
    assert not tree.city.is_within(tree.cell) and not tree.sibling.is_within(tree.city)
    assert tree.sibling.is_sibling_of(tree.city) and tree.city.is_sibling_of(tree.city)
    assert not tree.ward.is_sibling_of(tree.city) and not tree.other.is_sibling_of(tree.city)
    assert not tree.root.is_sibling_of(tree.root)  # a root has no siblings
    assert tree.cell.path[: tree.city.child_path_len] == tree.ward.path
    assert tree.ward.path[: tree.city.child_path_len] == tree.ward.path


def test_the_named_questions_of_a_users_scope(tree, personas):
    assert has_scope(personas.child) and has_scope(personas.superuser) and has_scope(SYSTEM)
    assert has_scope(personas.parent, "view") and not has_scope(personas.parent, "change")
    assert not has_scope(None, "view")
    assert sees_all(personas.superuser) and sees_all(SYSTEM)
    assert not sees_all(personas.own) and not sees_all(None)
    assert set(scope_roots(personas.parent)) == {tree.prov}
    assert not scope_roots(personas.parent, "change").exists()
    assert list(scope_roots(personas.superuser)) == [tree.root]
    assert top_unit(personas.own) == tree.city and top_unit(personas.superuser) == tree.root
    assert top_unit(None) is None
    assert scope_key(personas.child) == (tree.ward.path,) and scope_key(personas.superuser) is None
    assert scope_key(None) == ()
    # At or under, at or above the user's units, as conditions for a larger query.
    assert set(Unit.objects.filter(scope_q(personas.own, "admin"))) == {tree.city, tree.ward, tree.cell}
    assert not Unit.objects.filter(scope_q(personas.parent, "change")).exists()
    assert Unit.objects.filter(scope_q(personas.superuser)).count() == 7
    above = Unit.objects.filter(above_scope_q(personas.child, "change", include_self=False))
    assert set(above) == {tree.root, tree.prov, tree.city}
    assert set(Unit.objects.filter(above_scope_q(personas.child, "change"))) == {
        tree.root,
        tree.prov,
        tree.city,
        tree.ward,
    }
    assert above_scope(personas.child, tree.city.path) and above_scope(personas.child, tree.ward.path)
    assert not above_scope(personas.child, tree.cell.path) and not above_scope(
        personas.child, tree.sibling.path
    )
    assert not above_scope(personas.parent, tree.root.path)  # a viewer changes nothing


@pytest.fixture
def proposal(tree):
    return proposal_send(
        sender=tree.ward,
        addressee=tree.prov,
        category="kinh_phi",
        title="Kinh phí in tài liệu",
        content="Đề nghị hỗ trợ.",
        acting_user=SYSTEM,
    )


def test_chain_scope_sender_side_and_addressee_side(tree, personas, proposal):
    seen_by = {
        "own": True,
        "child": True,
        "parent": True,
        "superuser": True,
        "sibling": False,
        "other": False,
    }
    for who, expected in seen_by.items():
        assert (
            Proposal.objects.restrict(getattr(personas, who)).filter(pk=proposal.pk).exists() == expected
        ), who
    # One side of the chain: the city sees it as sent from under it, not as received.
    assert Proposal.objects.restrict_by(personas.own, "sender").filter(pk=proposal.pk).exists()
    assert not Proposal.objects.restrict_by(personas.own, "addressee").exists()
    assert Proposal.objects.restrict_by(personas.child, "sender").filter(pk=proposal.pk).exists()
    assert not Proposal.objects.restrict_by(personas.child, "addressee", "department").exists()
    assert Proposal.objects.restrict_by(personas.parent, "addressee").filter(pk=proposal.pk).exists()
    with pytest.raises(ValueError):
        Proposal.objects.restrict_by(personas.child, "title")


def test_read_from_above_comes_down_read_only(tree, personas):
    doc = document_register(
        issuing_unit=tree.prov, code="7-KH/TU", title="Kế hoạch của tỉnh", acting_user=SYSTEM
    )
    seen_by = {"own": True, "child": True, "sibling": True, "parent": True, "other": False}
    for who, expected in seen_by.items():
        assert Document.objects.restrict(getattr(personas, who)).filter(pk=doc.pk).exists() == expected, who
    # Coming down is for reading: nobody below changes the province's document.
    for who in ("own", "child", "sibling"):
        assert not Document.objects.restrict(getattr(personas, who), "change").filter(pk=doc.pk).exists(), who


def test_many_to_many_scope_once_per_row(tree, personas):
    m = meeting_create(
        host=tree.sibling,
        title="Làm việc với phường",
        date=dt.date(2026, 3, 2),
        form=MeetingForm.IN_PERSON,
        visiting_units=[tree.ward, tree.cell],
        acting_user=SYSTEM,
    )
    seen_by = {"own": True, "child": True, "sibling": True, "parent": True, "other": False}
    for who, expected in seen_by.items():
        rows = list(Meeting.objects.restrict(getattr(personas, who)).filter(pk=m.pk))
        assert len(rows) == (1 if expected else 0), who  # two visiting units, still one row


def test_scope_is_decided_in_core_scoping_only():
    """One ``restrict`` body; no second primitive; no ancestor paths cut by hand."""
    sources = [p for p in TRIENKHAI.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    restricts = [p for p in sources if re.search(r"def restrict\(", p.read_text())]
    assert [p.relative_to(TRIENKHAI).as_posix() for p in restricts] == ["core/scoping.py"]
    hand_made = re.compile(r"unit_within|ChainScopedQuerySet|path\[:i\] for i in range|path\[: ?-")
    offenders = [
        p.relative_to(TRIENKHAI).as_posix()
        for p in sources
        if p.name != "scoping.py" and p.relative_to(TRIENKHAI).as_posix() != "orgs/models.py"
        if hand_made.search(p.read_text())
    ]
    assert offenders == []


# Where a hand-written scope or tree relation may still appear, each with its reason. An entry
# that no longer matches anything fails too, so the list only shrinks.
HAND_WRITTEN_ALLOWED = {
    "accounts/middleware.py": "request.path is a URL, not a unit's path",
}


def test_no_scope_or_tree_relation_written_by_hand():
    """``scope_paths()`` is read by core.scoping alone (pages and services ask ``covers``,
    ``require``, ``has_scope``, ``sees_all``, ``scope_roots``, ``top_unit``, ``scope_key``,
    ``scope_q``, ``above_scope_q`` or ``above_scope``), and outside orgs and core a relation
    between two units is a ``Unit`` method (``is_within``, ``is_sibling_of``,
    ``child_path_len``, ``path_len_at``), never a path compared or cut by hand."""
    sources = {
        p.relative_to(TRIENKHAI).as_posix(): p.read_text()
        for p in TRIENKHAI.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
    }
    reads_scope = re.compile(r"\bscope_paths\(")
    assert [f for f, text in sources.items() if f != "core/scoping.py" and reads_scope.search(text)] == []
    by_hand = re.compile(
        r"\.path\.startswith\("  # a.path.startswith(b.path)
        r"|\.startswith\([^)\n]*\.(?:parent_)?path\b"  # p.startswith(u.parent_path)
        r"|\bsteplen\b"  # a path cut into steps
    )
    found = {
        f for f, text in sources.items() if f.split("/")[0] not in ("core", "orgs") and by_hand.search(text)
    }
    assert found - set(HAND_WRITTEN_ALLOWED) == set()
    assert set(HAND_WRITTEN_ALLOWED) - found == set()  # a stale entry: delete it
