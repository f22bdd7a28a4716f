import datetime as dt
from types import SimpleNamespace

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.training.services import course_create, enrolment_nominate, person_create

START = dt.date(2022, 9, 12)


@pytest.fixture
def people(tree):
    """GIVEN a BCĐ 35 member at the city, a collaborator at the ward, a reporter at the sibling city."""
    p = person_create
    return SimpleNamespace(
        city=p(
            unit=tree.city,
            full_name="Nguyễn Văn An",
            category="bcd35",
            title="Ủy viên BCĐ 35",
            started_on=dt.date(2021, 1, 1),
            acting_user=SYSTEM,
        ),
        ward=p(
            unit=tree.ward,
            full_name="Trần Thị Bình",
            category="cong_tac_vien",
            started_on=dt.date(2021, 1, 1),
            acting_user=SYSTEM,
        ),
        cell=p(
            unit=tree.cell,
            full_name="Lê Văn Cường",
            category="tuyen_truyen_mieng",
            started_on=dt.date(2021, 1, 1),
            acting_user=SYSTEM,
        ),
        sibling=p(
            unit=tree.sibling,
            full_name="Phạm Văn Dũng",
            category="bao_cao_vien",
            started_on=dt.date(2021, 1, 1),
            acting_user=SYSTEM,
        ),
    )


@pytest.fixture
def course(tree):
    """GIVEN the city runs a two-day course for BCĐ 35 members and collaborators in 9/2022."""
    return course_create(
        organiser=tree.city,
        title="Tập huấn nghiệp vụ cho thành viên BCĐ 35 và cộng tác viên",
        audiences=["bcd35", "cong_tac_vien", "tuyen_truyen_mieng"],
        starts_on=START,
        ends_on=START + dt.timedelta(days=1),
        form="ket_hop",
        venue="Hội trường Thành ủy",
        acting_user=SYSTEM,
    )


@pytest.fixture
def enrolled(course, people):
    return SimpleNamespace(
        city=enrolment_nominate(course=course, person=people.city, acting_user=SYSTEM),
        ward=enrolment_nominate(course=course, person=people.ward, acting_user=SYSTEM),
    )
