"""Issue 15.4: read scope = the subtree under one's roles ∪ the subtrees of the units merged
into them; write scope follows today's tree. Decided once in ``core.scoping``.

The tree, drawn here (root conftest + one more ward), before 1/7/2025:

prov (Tỉnh ủy An Hòa)
├── city (Thị ủy Bình Yên)
│   ├── W1 (Đảng ủy phường Cẩm Thủy)   w1: admin
│   │   └── cell (Chi bộ Tổ dân phố số 1)
│   └── W2 (Đảng ủy phường Trung Thành) w2: editor
└── sibling (Thành ủy Đông Sơn)          sib: admin

On 1/7/2025 W1 and W2 merge into N (Đảng ủy phường Phổ Yên Mới) under prov; the city is
dissolved. After it: new: admin at N. The expected sets are written by hand from this drawing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from trienkhai.core.scoping import SYSTEM, covers
from trienkhai.followups.models import FollowUp
from trienkhai.followups.services import followup_complete, followup_create
from trienkhai.meetings.choices import MeetingForm
from trienkhai.meetings.models import Meeting
from trienkhai.meetings.services import meeting_create
from trienkhai.orgs import plans
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit
from trienkhai.orgs.services import unit_create
from trienkhai.proposals.models import Proposal
from trienkhai.proposals.services import proposal_answer, proposal_send

pytestmark = pytest.mark.django_db
JULY = dt.date(2025, 7, 1)
NEW = "Đảng ủy phường Phổ Yên Mới"


def titles(qs) -> set[str]:
    return {x.title for x in qs}


@pytest.fixture
def world(tree):
    w2 = unit_create(
        parent=tree.city,
        name="Đảng ủy phường Trung Thành",
        kind=UnitKind.WARD_COMMITTEE,
        code="T-WARD2",
        acting_user=SYSTEM,
    )
    answered = proposal_send(
        sender=tree.ward,
        addressee=tree.city,
        category="kinh_phi",
        title="P-W1-đã trả lời",
        content="Hỗ trợ.",
        acting_user=SYSTEM,
    )
    proposal_answer(proposal=answered, text="Đã cấp.", acting_user=SYSTEM)
    proposal_send(
        sender=w2,
        addressee=tree.city,
        category="kinh_phi",
        title="P-W2-chờ",
        content="Hỗ trợ.",
        acting_user=SYSTEM,
    )
    proposal_send(
        sender=tree.sibling,
        addressee=tree.prov,
        category="kinh_phi",
        title="P-sib",
        content="Hỗ trợ.",
        acting_user=SYSTEM,
    )
    done = followup_create(
        unit=tree.ward,
        assigned_by=tree.city,
        title="F-W1-xong",
        due_on=dt.date(2024, 9, 1),
        acting_user=SYSTEM,
    )
    followup_complete(
        followup=done, done_on=dt.date(2024, 8, 1), result_note="Đã rà soát.", acting_user=SYSTEM
    )
    meeting_create(
        host=tree.ward, title="M-W1", date=dt.date(2024, 5, 2), form=MeetingForm.IN_PERSON, acting_user=SYSTEM
    )
    meeting_create(
        host=tree.sibling,
        title="M-sib",
        date=dt.date(2024, 5, 3),
        form=MeetingForm.IN_PERSON,
        acting_user=SYSTEM,
    )
    return {
        "w1": make_user("w1", tree.ward, "admin"),
        "w2": make_user("w2", w2, "editor"),
        "sib": make_user("sib", tree.sibling, "admin"),
    }


def apply_plan(tree):
    admin = make_user("provadmin", tree.prov, "admin")
    rows = [
        {
            "line": 2,
            "unit": "T-WARD",
            "op": "gộp",
            "target": NEW,
            "kind": "Đảng ủy phường",
            "parent": "T-PROV",
        },
        {
            "line": 3,
            "unit": "T-WARD2",
            "op": "gộp",
            "target": NEW,
            "kind": "Đảng ủy phường",
            "parent": "T-PROV",
        },
        {"line": 4, "unit": "T-CITY", "op": "giải thể"},
    ]
    plan, checked = plans.plan_create(root=tree.prov, date=JULY, rows=rows, acting_user=admin)
    assert checked.ok, checked.conflicts
    plans.plan_apply(plan=plan, acting_user=admin)
    return Unit.objects.get(name=NEW)


def fresh(user):
    user.__dict__.pop("_scope_role_rows", None)  # a new request
    return user


def test_before_the_plan_each_ward_reads_its_own(tree, world):
    w1, w2, sib = world["w1"], world["w2"], world["sib"]
    assert titles(Proposal.objects.restrict(w1)) == {"P-W1-đã trả lời"}
    assert titles(Proposal.objects.restrict(w2)) == {"P-W2-chờ"}
    assert titles(Proposal.objects.restrict(sib)) == {"P-sib"}
    assert titles(Meeting.objects.restrict(w1)) == {"M-W1"}
    assert titles(Meeting.objects.restrict(w2)) == set()


def test_after_the_plan_the_new_ward_reads_its_predecessors_and_changes_only_its_own(tree, world):
    n = apply_plan(tree)
    new = make_user("new", n, "admin")
    w1, w2, sib = (fresh(world[k]) for k in ("w1", "w2", "sib"))
    # Read: its own (the waiting proposal passed to it) and W1's, W2's history.
    assert titles(Proposal.objects.restrict(new)) == {"P-W1-đã trả lời", "P-W2-chờ"}
    assert titles(FollowUp.objects.restrict(new)) == {"F-W1-xong"}
    assert titles(Meeting.objects.restrict(new)) == {"M-W1"}
    assert {u.name for u in Unit.objects.restrict(new)} == {
        NEW,
        "Chi bộ Tổ dân phố số 1",
        "Đảng ủy phường Cẩm Thủy",
        "Đảng ủy phường Trung Thành",
    }
    # Write: today's tree only.
    assert titles(Proposal.objects.restrict(new, "change")) == {"P-W2-chờ"}
    assert titles(FollowUp.objects.restrict(new, "change")) == set()
    assert titles(Meeting.objects.restrict(new, "change")) == set()
    w1_unit = Unit.objects.get(code="T-WARD")
    assert covers(new, w1_unit, "view") and not covers(new, w1_unit, "change")
    # The old ward's admin, kept: reads its history, changes nothing (its unit has ended).
    assert titles(Proposal.objects.restrict(w1)) == {"P-W1-đã trả lời"}
    assert titles(Proposal.objects.restrict(w1, "change")) == set()
    assert not covers(w1, w1_unit, "change")
    assert titles(Proposal.objects.restrict(w2)) == set()  # its waiting proposal went to N
    # Outsiders unchanged; the sibling reads none of the merged wards' history.
    assert titles(Proposal.objects.restrict(sib)) == {"P-sib"}
    assert titles(Meeting.objects.restrict(sib)) == {"M-sib"}


def test_pages_read_but_do_not_change_a_predecessors_record(tree, world, client):
    n = apply_plan(tree)
    new = make_user("new", n, "admin")
    answered = Proposal.objects.get(title="P-W1-đã trả lời")
    client.force_login(new)
    assert client.get(f"/proposals/{answered.pk}/").status_code == 200
    # Pages that start from "the user's own unit" start from N, not from a predecessor.
    from trienkhai.rollout.selectors import dashboard_unit

    assert dashboard_unit(viewer=fresh(new)) == n
    assert client.get("/rollouts/").status_code == 200
    client.force_login(world["sib"])
    assert client.get(f"/proposals/{answered.pk}/").status_code == 404
