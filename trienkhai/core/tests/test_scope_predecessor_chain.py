"""Read scope follows predecessors of predecessors: a unit merged in 2025 into one that was
itself merged later is read from the last successor, however long the chain. Write scope
stays with today's tree. Decided once, in ``core.scoping``.

The tree, drawn here (root conftest + four more units); every expected set below is written
by hand from this drawing:

prov (Tỉnh ủy An Hòa)
├── city (Thị ủy Bình Yên)
│   ├── W0 (Đảng ủy phường Hòa Bình)    from 2020; merged into W1 on 1/1/2023   meeting M-W0
│   ├── W1 (Đảng ủy phường Cẩm Thủy)    merged into N on 1/7/2025              meeting M-W1
│   │   └── cell (Chi bộ Tổ dân phố số 1)  passes to N, then to M
│   └── D (Đảng ủy phường Tân Lập)      dissolved on 1/7/2025, successor N     meeting M-D
├── N (Đảng ủy phường Phổ Yên)          new on 1/7/2025; merged into M on 1/3/2026  meeting M-N
├── M (Đảng ủy phường Trung Tâm)        new on 1/3/2026                         meeting M-M
└── sibling (Thành ủy Đông Sơn)                                                 meeting M-sib

Personas: m (admin at M), n (admin at N, kept after N ended), sib (admin at sibling).
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from trienkhai.core.scoping import SYSTEM, covers
from trienkhai.meetings.choices import MeetingForm
from trienkhai.meetings.models import Meeting
from trienkhai.meetings.services import meeting_create
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit
from trienkhai.orgs.services import unit_create, unit_dissolve, unit_merge

pytestmark = pytest.mark.django_db


def meeting(host, title, date):
    meeting_create(host=host, title=title, date=date, form=MeetingForm.IN_PERSON, acting_user=SYSTEM)


def ward(parent, name, since):
    return unit_create(
        parent=parent, name=name, kind=UnitKind.WARD_COMMITTEE, valid_from=since, acting_user=SYSTEM
    )


@pytest.fixture
def chain(tree):
    w0 = ward(tree.city, "Đảng ủy phường Hòa Bình", dt.date(2020, 1, 1))
    d = ward(tree.city, "Đảng ủy phường Tân Lập", dt.date(2020, 1, 1))
    meeting(w0, "M-W0", dt.date(2022, 4, 1))
    meeting(tree.ward, "M-W1", dt.date(2024, 5, 2))
    meeting(d, "M-D", dt.date(2024, 6, 3))
    meeting(tree.sibling, "M-sib", dt.date(2024, 6, 4))
    unit_merge(sources=[w0], target=tree.ward, date=dt.date(2023, 1, 1), acting_user=SYSTEM)
    july = dt.date(2025, 7, 1)
    (merged,) = unit_merge(
        sources=[tree.ward],
        new_target={"name": "Đảng ủy phường Phổ Yên", "kind": UnitKind.WARD_COMMITTEE, "parent": tree.prov},
        date=july,
        acting_user=SYSTEM,
    )
    n = Unit.objects.get(pk=merged.related_unit_id)
    unit_dissolve(unit=d, successor=n, date=july, acting_user=SYSTEM)
    meeting(n, "M-N", dt.date(2025, 9, 10))
    march = dt.date(2026, 3, 1)
    (merged,) = unit_merge(
        sources=[Unit.objects.get(pk=n.pk)],
        new_target={"name": "Đảng ủy phường Trung Tâm", "kind": UnitKind.WARD_COMMITTEE, "parent": tree.prov},
        date=march,
        acting_user=SYSTEM,
    )
    m = Unit.objects.get(pk=merged.related_unit_id)
    meeting(m, "M-M", dt.date(2026, 5, 4))
    return {
        "units": {"W0": w0, "W1": tree.ward, "D": d, "N": n, "M": m, "cell": tree.cell},
        "m": make_user("m", m, "admin"),
        "n": make_user("n", n, "admin"),
        "sib": make_user("sib", tree.sibling, "admin"),
    }


def titles(qs) -> set[str]:
    return {x.title for x in qs}


def test_the_last_successor_reads_the_whole_chain_and_changes_only_its_own(chain):
    m = chain["m"]
    assert titles(Meeting.objects.restrict(m)) == {"M-M", "M-N", "M-W1", "M-W0", "M-D"}
    assert titles(Meeting.objects.restrict(m, "change")) == {"M-M"}
    assert {u.name for u in Unit.objects.restrict(m)} == {
        "Đảng ủy phường Trung Tâm",
        "Đảng ủy phường Phổ Yên",
        "Đảng ủy phường Cẩm Thủy",
        "Đảng ủy phường Hòa Bình",
        "Đảng ủy phường Tân Lập",
        "Chi bộ Tổ dân phố số 1",
    }
    units = {k: Unit.objects.get(pk=u.pk) for k, u in chain["units"].items()}  # paths of today
    for old in ("W0", "W1", "D", "N"):
        assert covers(m, units[old], "view") and not covers(m, units[old], "change"), old
    assert covers(m, units["cell"], "change")  # it passed under M: today's tree


def test_a_role_kept_at_an_ended_link_reads_what_came_before_it_and_nothing_after(chain):
    n = chain["n"]
    assert titles(Meeting.objects.restrict(n)) == {"M-N", "M-W1", "M-W0", "M-D"}
    assert titles(Meeting.objects.restrict(n, "change")) == set()


def test_outside_the_chain_nothing_more_is_read(chain):
    assert titles(Meeting.objects.restrict(chain["sib"])) == {"M-sib"}
