import datetime as dt
import io

import pytest

from conftest import make_user
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.services import unit_create
from trienkhai.proposals.services import proposal_send


@pytest.fixture
def board(tree):
    """The province's propaganda board: a staff body of the province committee."""
    return unit_create(
        parent=tree.prov,
        name="Ban Tuyên giáo Tỉnh ủy",
        kind=UnitKind.PARTY_BOARD,
        code="T-BTG",
        acting_user=SYSTEM,
    )


@pytest.fixture
def prov_editor(tree):
    return make_user("provedit", tree.prov, "editor")


@pytest.fixture
def proposal(tree, personas):
    """GIVEN the city asked the province for more training on 11/8/2022."""
    return proposal_send(
        sender=tree.city,
        addressee=tree.prov,
        category="dao_tao",
        title="Mở thêm lớp tập huấn cho thành viên Ban Chỉ đạo 35",
        content="Đề nghị tiếp tục mở các lớp tập huấn, bồi dưỡng cho thành viên Ban Chỉ đạo 35.",
        sent_on=dt.date(2022, 8, 11),
        due_on=dt.date(2022, 10, 11),
        acting_user=personas.own,
    )


def pdf() -> io.BytesIO:
    return io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
