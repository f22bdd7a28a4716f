import datetime as dt

import pytest

from trienkhai.documents.services import document_register
from trienkhai.oversight.services import inspection_create, plan_create


@pytest.fixture
def inspection(tree):
    """GIVEN the city inspects how its ward carried out 35-NQ/TW."""
    nq = document_register(issuing_unit=tree.root, code="35-NQ/TW", title="Nghị quyết 35", acting_user=None)
    plan = plan_create(
        unit=tree.city, year=2022, title="Kế hoạch kiểm tra, giám sát năm 2022", acting_user=None
    )
    return inspection_create(
        conducting_unit=tree.city,
        kind="kiem_tra",
        mode="chuyen_de",
        title="Kiểm tra việc thực hiện Nghị quyết 35-NQ/TW",
        start_on=dt.date(2022, 9, 5),
        end_on=dt.date(2022, 9, 9),
        subject_units=[tree.ward],
        documents=[nq],
        plan=plan,
        team="Trưởng đoàn — Trưởng ban Tuyên giáo",
        acting_user=None,
    )
