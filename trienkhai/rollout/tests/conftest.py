import datetime as dt

import pytest

from tests.builders import DocumentFactory, RolloutFactory, UnitFactory
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.services import member_count_set

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
    made += [UnitFactory(parent=tree.ward, name=f"Chi bộ Tổ dân phố số {n}") for n in (2, 3, 4)]
    made.append(UnitFactory(parent=tree.sibling, name="Chi bộ Cơ quan"))
    for i, c in enumerate(made):
        member_count_set(unit=c, as_of=dt.date(2021, 12, 31), members=20 + i, acting_user=SYSTEM)
    return made


@pytest.fixture
def resolution(tree):
    return DocumentFactory(issuing_unit=tree.root, code="35-NQ/TW", title="Nghị quyết 35")


@pytest.fixture
def rollout(tree, cells, resolution):
    """Launched by the province to its ward committees and cells: plan (1 Feb 2022), conference
    (1 Mar), dissemination (30 Sep), from 10 Jan 2022 (the builder's defaults)."""
    return RolloutFactory(
        document=resolution, owner_unit=tree.prov, title="Triển khai Nghị quyết 35", today=TODAY
    )
