import datetime as dt

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.oversight.services import inspection_create, plan_create


@pytest.fixture
def inspection(tree):
    """GIVEN the city inspects how its ward carried out 35-NQ/TW."""
    nq = document_register(issuing_unit=tree.root, code="35-NQ/TW", title="Nghị quyết 35", acting_user=SYSTEM)
    plan = plan_create(
        unit=tree.city, year=2022, title="Kế hoạch kiểm tra, giám sát năm 2022", acting_user=SYSTEM
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
        acting_user=SYSTEM,
    )


@pytest.fixture
def shared_inspection(tree):
    """GIVEN the city inspects two of its wards at once and asks each for something of its own:
    "Bổ sung kế hoạch" of the ward (Cẩm Thủy), "Sửa quy chế" of its sibling commune (Hòa An),
    both turned into follow-ups. Returns (inspection, the sibling commune, an editor there)."""
    from trienkhai.accounts.services import role_grant, user_create
    from trienkhai.orgs.choices import UnitKind
    from trienkhai.orgs.services import unit_create
    from trienkhai.oversight.services import inspection_conclude, recommendation_to_followup

    commune = unit_create(
        parent=tree.city, name="Đảng ủy xã Hòa An", kind=UnitKind.COMMUNE_COMMITTEE, acting_user=SYSTEM
    )
    insp = inspection_create(
        conducting_unit=tree.city,
        kind="kiem_tra",
        mode="chuyen_de",
        title="Kiểm tra hai đơn vị",
        start_on=dt.date(2023, 3, 1),
        subject_units=[tree.ward, commune],
        acting_user=SYSTEM,
    )
    inspection_conclude(
        inspection=insp,
        findings="Cơ bản tốt",
        conclusion="Đạt yêu cầu",
        concluded_on=dt.date(2023, 3, 20),
        recommendations=[
            {"text": "Bổ sung kế hoạch của phường", "unit": tree.ward, "due_on": dt.date(2023, 6, 30)},
            {"text": "Sửa quy chế của xã", "unit": commune, "due_on": dt.date(2023, 7, 31)},
        ],
        acting_user=SYSTEM,
    )
    for rec in insp.recommendations.all():
        recommendation_to_followup(recommendation=rec, acting_user=SYSTEM)
    neighbour = user_create(username="neighbour", password="a-long-test-password", acting_user=SYSTEM)
    role_grant(user=neighbour, unit=commune, role="editor", acting_user=SYSTEM)
    return insp, commune, neighbour
