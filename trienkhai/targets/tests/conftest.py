import datetime as dt

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.orgs.choices import UnitKind
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.services import rollout_launch
from trienkhai.targets.services import target_create


@pytest.fixture
def rollout(tree):
    """GIVEN the city launched a plan for its ward and chi bộ on 9/8/2021."""
    doc = document_register(
        issuing_unit=tree.city,
        code="08-CTr/TU",
        title="Chương trình hành động",
        issued_on=dt.date(2021, 8, 9),
        acting_user=SYSTEM,
    )
    return rollout_launch(
        document=doc,
        owner_unit=tree.city,
        title="Học tập Nghị quyết Đại hội XIII",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.WARD_COMMITTEE, UnitKind.PARTY_CELL],
        starts_on=dt.date(2021, 8, 9),
        steps=[{"kind": StepKind.PLAN, "due": dt.date(2021, 9, 30)}],
        today=dt.date(2021, 8, 10),
        acting_user=SYSTEM,
    )


@pytest.fixture
def plan_step(rollout):
    return rollout.steps.get(kind="plan")


@pytest.fixture
def city_target(tree):
    """GIVEN the town's target of becoming a city by 2025."""
    return target_create(
        unit=tree.city,
        title="Xây dựng thị xã trở thành thành phố trực thuộc tỉnh",
        term="2020-2025",
        kind="state",
        target_text="Thành phố trực thuộc tỉnh",
        starts_on=dt.date(2020, 10, 1),
        target_date=dt.date(2025, 1, 1),
        due_precision="year",
        acting_user=SYSTEM,
    )
