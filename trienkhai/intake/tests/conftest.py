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


# A ward's own report, one paragraph a line, as a ward writes one: it names the committees above
# it by their kind ("Thành ủy", "Ban Thường vụ Thành ủy") and cites a resolution of the centre
# that the ward cannot register (its registry is the centre's). Written for these tests.
WARD_REPORT = """Ngày 14/3/2025, Đảng ủy phường Ba Hàng tổ chức hội nghị học tập, quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị cho toàn thể cán bộ, đảng viên.
Đảng ủy phường ban hành Kế hoạch số 15-KH/ĐU ngày 20/02/2025 về việc thực hiện Nghị quyết số 57-NQ/TW.
Đảng ủy phường đề nghị Thành ủy quan tâm hỗ trợ kinh phí mua sắm thiết bị trình chiếu cho các chi bộ tổ dân phố.
Đề nghị Ban Thường vụ Thành ủy và Ban Tuyên giáo Thành ủy mở lớp tập huấn kỹ năng số cho bí thư chi bộ.
Đề nghị Ban Tổ chức Thành ủy hướng dẫn việc chuyển sinh hoạt đảng trên môi trường số.
Đề nghị Thành ủy Sông Công chia sẻ cách làm hay trong tuyên truyền trên mạng xã hội.
"""


@pytest.fixture
def opinion_report(tree, personas):
    return imported_report_create(
        unit=tree.city, title="Tình hình tư tưởng tháng 5", text=OPINION_REPORT, acting_user=personas.own
    )


# A ward's own report, written for these tests: the conference on the resolution with its
# attendance, the dissemination with its channels and materials, and figures with no place.
FIGURES_REPORT = """Báo cáo kết quả học tập, quán triệt nghị quyết của Đảng ủy phường

Ngày 20/6/2023, Đảng ủy phường Cẩm Thủy tổ chức hội nghị học tập, quán triệt Nghị quyết 45-NQ/TW.
Hội nghị có 43/45 đảng viên tham dự, đạt 95,6%.

Sau hội nghị, phường lập 12 nhóm Zalo, phát 500 cuốn tài liệu, tuyên truyền đến 2.350 lượt quần chúng.

Thu nhập bình quân của người dân tăng 7,5% so với cùng kỳ; phường tiếp nhận 76 ý kiến góp ý.
"""


@pytest.fixture
def ward_world(world, tree):
    """A rollout of 45-NQ/TW owed by the wards, with a conference and a dissemination step."""
    rollout = rollout_launch(
        document=world.nq,
        owner_unit=tree.city,
        title="Quán triệt, tuyên truyền Nghị quyết 45-NQ/TW",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.WARD_COMMITTEE],
        steps=[
            {"kind": StepKind.CONFERENCE, "due": dt.date(2023, 7, 31)},
            {"kind": StepKind.DISSEMINATION, "due": dt.date(2023, 9, 30)},
        ],
        starts_on=dt.date(2023, 5, 1),
        acting_user=SYSTEM,
    )
    steps = {s.kind: s for s in rollout.steps.all()}
    return SimpleNamespace(
        rollout=rollout, conference=steps[StepKind.CONFERENCE], dissemination=steps[StepKind.DISSEMINATION]
    )


@pytest.fixture
def ward_report(demo_2022):
    """``WARD_REPORT`` filed under Đảng ủy phường Ba Hàng of the demo by its editor ("phuong").

    The report is of March 2025, when the ward still stood under Thành ủy Phổ Yên: its "Thành ủy"
    is that city, so it is read on the demo before the 1/7/2025 reorganisation."""
    from trienkhai.accounts.models import User
    from trienkhai.orgs.models import Unit

    user = User.objects.get(username="phuong")
    ward = Unit.objects.get(name="Đảng ủy phường Ba Hàng")
    city = Unit.objects.get(code="TU-PY")
    report = imported_report_create(unit=ward, title="Báo cáo của phường", text=WARD_REPORT, acting_user=user)
    return SimpleNamespace(
        report=report,
        user=user,
        ward=ward,
        city=city,
        propaganda=Unit.objects.get(code="BTGTU-PY"),
    )


@pytest.fixture
def figures_report(ward_world, tree, personas):
    return imported_report_create(
        unit=tree.ward, title="Báo cáo của phường", text=FIGURES_REPORT, acting_user=personas.child
    )


@pytest.fixture
def ward_and_city_viewer(ward_report):
    """An editor of the ward who also reads the city's records (a viewer role at Thành ủy Phổ
    Yên): the city's registry is offered on the review page, but writing there is refused with
    a 403 by the document service, not the 404 of a unit out of sight."""
    from conftest import make_user
    from trienkhai.accounts.services import role_grant

    user = make_user("phuong-doc-thanh-uy", ward_report.ward, "editor")
    role_grant(user=user, unit=ward_report.city, role="viewer", acting_user=SYSTEM)
    return user
