"""A small world on the shared ``tree``: a resolution issued at the root, a rollout of it
owned by the city with a plan step, and a report that speaks of all of it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.intake.services import imported_report_create
from trienkhai.orgs.choices import UnitKind
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.services import rollout_launch

REPORT = """Thứ Hai, 05/6/2023 09:15

Sáng 05/6/2023, Tỉnh ủy An Hòa làm việc với Thị ủy Bình Yên về việc học tập, quán triệt nghị quyết.

Báo cáo tại buổi làm việc, đồng chí Trần Văn Bình, Phó Bí thư Thị ủy Bình Yên cho biết, 100% các chi bộ đã xây dựng kế hoạch thực hiện Nghị quyết 45-NQ/TW.

Thị ủy ban hành Kế hoạch số 12-KH/TU ngày 02/3/2023 về việc thực hiện Nghị quyết 45-NQ/TW của Bộ Chính trị.

Tại buổi làm việc, Thị ủy Bình Yên đề nghị Tỉnh ủy An Hòa sớm có văn bản hướng dẫn việc tuyên truyền trên mạng xã hội.
"""


@pytest.fixture
def world(tree):
    nq = document_register(
        issuing_unit=tree.root,
        code="45-NQ/TW",
        title="Nghị quyết về công tác tuyên truyền",
        issued_on=dt.date(2022, 12, 1),
        acting_user=SYSTEM,
    )
    rollout = rollout_launch(
        document=nq,
        owner_unit=tree.city,
        title="Học tập, quán triệt Nghị quyết 45-NQ/TW",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.PARTY_CELL],
        steps=[{"kind": StepKind.PLAN, "due": dt.date(2023, 4, 30)}],
        starts_on=dt.date(2023, 1, 10),
        acting_user=SYSTEM,
    )
    return SimpleNamespace(nq=nq, rollout=rollout, step=rollout.steps.get())


@pytest.fixture
def report(world, tree, personas):
    return imported_report_create(unit=tree.city, title="Báo cáo thử", text=REPORT, acting_user=personas.own)


# A ward-style opinion report, written for these tests: a general mood, two public worries
# (petrol prices, a pig disease), the committee's own work, and a difficulty section.
OPINION_REPORT = """Báo cáo tình hình tư tưởng tháng 5 năm 2023

Ngày 12/5/2023, Thị ủy Bình Yên tổng hợp tình hình tư tưởng trong cán bộ, đảng viên và nhân dân.

Nhìn chung, cán bộ, đảng viên và nhân dân phấn khởi, tin tưởng vào sự lãnh đạo của Đảng.

Nhiều hộ kinh doanh vận tải lo lắng vì giá xăng dầu tăng ba lần liên tiếp, chi phí chở hàng đội lên.

Một số hộ nuôi lợn băn khoăn vì dịch tả lợn châu Phi xuất hiện trở lại ở xóm bên.

Thị ủy đã chỉ đạo các chi bộ bám sát địa bàn, kịp thời giải quyết những bức xúc của nhân dân.

Khó khăn, vướng mắc
Kinh phí cho hoạt động tuyên truyền còn hạn chế; một số chi bộ sinh hoạt chưa đều.
"""


@pytest.fixture
def opinion_report(tree, personas):
    return imported_report_create(
        unit=tree.city, title="Tình hình tư tưởng tháng 5", text=OPINION_REPORT, acting_user=personas.own
    )
