import datetime as dt

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.meetings.services import conclusion_add, meeting_create, participant_add, raised_proposal_add


@pytest.fixture
def meeting(tree):
    """GIVEN the province's delegation worked with the city on 11/8/2022."""
    m = meeting_create(
        host=tree.city,
        title="Làm việc với đoàn công tác của Tỉnh ủy",
        date=dt.date(2022, 8, 11),
        form="truc_tiep",
        place="Trụ sở Thành ủy",
        visiting_units=[tree.prov],
        acting_user=SYSTEM,
    )
    participant_add(
        meeting=m,
        name="Nguyễn Văn A",
        position="Phó Bí thư thường trực",
        unit=tree.city,
        side="host",
        role="bao_cao",
        acting_user=SYSTEM,
    )
    conclusion_add(
        meeting=m, text="Tiếp tục tăng cường kiểm tra, giám sát", unit=tree.ward, acting_user=SYSTEM
    )
    raised_proposal_add(
        meeting=m,
        text="Đề nghị mở lớp tập huấn cho cộng tác viên",
        sender=tree.city,
        addressee=tree.prov,
        acting_user=SYSTEM,
    )
    return m
