import datetime as dt

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.emulation.services import campaign_create, practice_create


@pytest.fixture
def campaign(tree):
    """GIVEN the city's 2022 campaign on studying and following Hồ Chí Minh's thought."""
    return campaign_create(
        unit=tree.city,
        title="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2022",
        criteria="Gương mẫu\nSáng tạo",
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2022, 12, 31),
        acting_user=SYSTEM,
    )


@pytest.fixture
def decision(tree):
    return document_register(
        issuing_unit=tree.city,
        code="15-QĐ/TU",
        title="Quyết định khen thưởng",
        issued_on=dt.date(2022, 12, 20),
        acting_user=SYSTEM,
    )


@pytest.fixture
def practice(tree):
    """GIVEN the ward studies resolutions through Zalo groups."""
    return practice_create(
        unit=tree.ward,
        title="Học tập nghị quyết qua nhóm Zalo",
        work_kind="hoc_tap_nghi_quyet",
        description="Chi bộ lập nhóm Zalo, gửi tài liệu và câu hỏi trước buổi sinh hoạt.",
        started_on=dt.date(2021, 9, 1),
        acting_user=SYSTEM,
    )
