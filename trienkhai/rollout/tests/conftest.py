import datetime as dt

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.services import member_count_set, unit_create
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.services import rollout_launch

TODAY = dt.date(2022, 8, 1)


def tally_snapshot(step):
    """A step's tallies and day rows as stored: what a recount (``tally_rebuild``) must leave
    as it finds them."""
    from trienkhai.rollout.models import StepDayTally, StepTally

    return sorted(
        StepTally.objects.filter(step=step).values_list(
            "unit_id",
            "in_scope",
            "done_on_time",
            "done_late",
            "members_present",
            "members_on_roll",
            "masses",
            "reach",
        )
    ), sorted(StepDayTally.objects.filter(step=step).exclude(done=0).values_list("unit_id", "day", "done"))


@pytest.fixture
def cells(tree):
    """Three more chi bộ: the ward has four cells, the sibling city has one."""
    made = [tree.cell]
    for n in (2, 3, 4):
        made.append(
            unit_create(
                parent=tree.ward,
                name=f"Chi bộ Tổ dân phố số {n}",
                kind=UnitKind.PARTY_CELL,
                acting_user=SYSTEM,
            )
        )
    made.append(
        unit_create(parent=tree.sibling, name="Chi bộ Cơ quan", kind=UnitKind.PARTY_CELL, acting_user=SYSTEM)
    )
    for i, c in enumerate(made):
        member_count_set(unit=c, as_of=dt.date(2021, 12, 31), members=20 + i, acting_user=SYSTEM)
    return made


@pytest.fixture
def resolution(tree):
    return document_register(
        issuing_unit=tree.root,
        code="35-NQ/TW",
        title="Nghị quyết 35",
        issued_on=dt.date(2018, 10, 22),
        acting_user=SYSTEM,
    )


@pytest.fixture
def rollout(tree, cells, resolution):
    """Launched by the province to its ward committees and cells."""
    return rollout_launch(
        document=resolution,
        owner_unit=tree.prov,
        title="Triển khai Nghị quyết 35",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.WARD_COMMITTEE, UnitKind.PARTY_CELL],
        starts_on=dt.date(2022, 1, 10),
        steps=[
            {"kind": StepKind.PLAN, "due": dt.date(2022, 2, 1)},
            {"kind": StepKind.CONFERENCE, "due": dt.date(2022, 3, 1)},
            {"kind": StepKind.DISSEMINATION, "due": dt.date(2022, 9, 30)},
        ],
        today=TODAY,
        acting_user=SYSTEM,
    )
