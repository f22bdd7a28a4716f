"""Follow-up results for the demo (ILLUSTRATIVE): one recommendation carried out on time,
and a task the city gave Ba Hàng directly, done on time. The others stay open (and, years
later, overdue) so the four states all show."""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.followups import services
from trienkhai.followups.models import FollowUp
from trienkhai.orgs.models import Unit

DIRECT = "Tổng hợp, báo cáo nhanh tình hình dư luận về giá xăng dầu trên địa bàn phường"


def load(context: dict) -> None:
    city = context["units"]["TU-PY"]
    if FollowUp.objects.filter(title=DIRECT).exists():
        return
    ward = Unit.objects.get(name="Đảng ủy phường Ba Hàng", path__startswith=city.path)
    direct = services.followup_create(
        unit=ward,
        assigned_by=city,
        title=DIRECT,
        expected_result="Báo cáo nhanh gửi Ban Tuyên giáo Thành ủy",
        accountable="Văn phòng Đảng ủy phường",
        due_on=dt.date(2022, 6, 30),
        illustrative=True,
        assigned_on=dt.date(2022, 6, 15),
        acting_user=SYSTEM,
    )
    services.followup_complete(
        followup=direct,
        done_on=dt.date(2022, 6, 27),
        result_note="Đã gửi báo cáo nhanh (minh họa).",
        acting_user=SYSTEM,
    )
    from_inspection = FollowUp.objects.filter(source_recommendation__isnull=False, unit=ward).first()
    if from_inspection is not None and from_inspection.done_on is None:
        services.followup_complete(
            followup=from_inspection,
            done_on=dt.date(2023, 1, 10),
            result_note="Đã kiện toàn cộng tác viên ở các chi bộ (minh họa).",
            acting_user=SYSTEM,
        )
