import datetime as dt

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.followups.services import followup_create


@pytest.fixture
def task(tree):
    """GIVEN the city gave its ward a task due 30/6/2022."""
    return followup_create(
        unit=tree.ward,
        assigned_by=tree.city,
        title="Tổ chức hội nghị quán triệt Nghị quyết 35",
        expected_result="100% chi bộ quán triệt",
        accountable="Bí thư Đảng ủy phường",
        due_on=dt.date(2022, 6, 30),
        acting_user=SYSTEM,
    )
