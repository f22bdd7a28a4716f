"""Today's work on today's tree: studying the Resolution of the 14th National Party Congress
(January 2026), launched by the province to the new ward and commune committees and their chi bộ,
with partial figures (issue 15.5).

Facts: the 14th Congress (January 2026, khóa XIV) and that its resolution is studied down to the
chi bộ. Illustrative and flagged: the province's plan number and date, the step deadlines and every
record.
"""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.demo import accounts
from trienkhai.demo.rollout import SCOPE, _fill
from trienkhai.documents import services as documents
from trienkhai.documents.choices import DocKind, LinkKind
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.models import Rollout
from trienkhai.rollout.services import rollout_launch

TITLE = "Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
PLAN_CODE = "15-KH/TU"  # illustrative


def load(context: dict) -> None:
    accounts.load_current()
    if Rollout.objects.filter(title=TITLE).exists():
        return
    units = context["units"]
    tw, province = units["TW"], units["TU-TN"]
    congress = documents.document_register(
        issuing_unit=tw,
        title="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        kind=DocKind.NGHI_QUYET,
        issued_on=dt.date(2026, 1, 23),
        term="khóa XIV",
        acting_user=SYSTEM,
    )
    plan = documents.document_register(
        issuing_unit=province,
        code=PLAN_CODE,
        kind=DocKind.KE_HOACH,
        issued_on=dt.date(2026, 2, 10),
        term="2025-2030",
        title="Kế hoạch của Ban Thường vụ Tỉnh ủy tổ chức nghiên cứu, học tập, quán triệt và tuyên truyền "
        "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        summary="Số hiệu, ngày ban hành: minh họa.",
        acting_user=SYSTEM,
    )
    documents.document_link(source=plan, target=congress, kind=LinkKind.IMPLEMENTS, acting_user=SYSTEM)
    context["documents"]["DH-XIV"] = congress
    context["documents"][PLAN_CODE] = plan
    d = dt.date
    today = dt.date.today()
    rollout = rollout_launch(
        document=plan,
        owner_unit=province,
        purpose=Purpose.STUDY,
        scope_kinds=SCOPE,
        illustrative=True,
        title=TITLE,
        starts_on=d(2026, 2, 10),
        today=today,
        acting_user=SYSTEM,
        steps=[
            {"kind": StepKind.PLAN, "due": d(2026, 3, 31)},
            {"kind": StepKind.CONFERENCE, "due": d(2026, 4, 30)},
            {"kind": StepKind.DISSEMINATION, "due": d(2026, 6, 30)},
            {"kind": StepKind.REPORT, "due": d(2026, 12, 31)},
        ],
    )
    # Partial: most plans built, three in four conferences held, half the dissemination
    # reported, the year-end report only begun.
    _fill(
        rollout,
        {
            StepKind.PLAN: (93, 12),
            StepKind.CONFERENCE: (76, 15),
            StepKind.DISSEMINATION: (52, 20),
            StepKind.REPORT: (18, 0),
        },
        today,
    )
