"""Phổ Yên's targets for the 2020–2025 term: becoming a city of Thái Nguyên province (the
plan said 2025; it happened on 10/4/2022, three years ahead — a fact of the seed and of
the public record) and the resolution's figure of 100% of units having built plans,
linked to the rollout that counts it. The term's start date is illustrative."""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.rollout.models import Rollout
from trienkhai.targets import services
from trienkhai.targets.models import Target

CITY = "Xây dựng thị xã Phổ Yên trở thành thành phố trực thuộc tỉnh Thái Nguyên"
PLANS = "100% chi bộ, đảng bộ trực thuộc xây dựng kế hoạch thực hiện Nghị quyết Đại hội XIII"


def load(context: dict) -> None:
    units, docs = context["units"], context["documents"]
    py = units["TU-PY"]
    if not Target.objects.filter(title=CITY).exists():
        t = services.target_create(
            unit=py,
            title=CITY,
            term="2020-2025",
            kind="state",
            target_text="Thị xã Phổ Yên là thành phố trực thuộc tỉnh Thái Nguyên",
            description="Nhiệm vụ trọng tâm, xuyên suốt của nhiệm kỳ; kế hoạch: đến năm 2025. "
            "Ngày bắt đầu theo dõi (1/10/2020) là minh họa.",
            starts_on=dt.date(2020, 10, 1),
            target_date=dt.date(2025, 12, 31),
            due_precision="year",
            source_document=docs["08-CTr/TU"],
            acting_user=SYSTEM,
        )
        services.measurement_add(
            target=t,
            on=dt.date(2022, 4, 10),
            reached=True,
            note="Thị xã Phổ Yên trở thành thành phố trực thuộc tỉnh Thái Nguyên từ ngày 10/4/2022.",
            acting_user=SYSTEM,
        )
    if not Target.objects.filter(title=PLANS).exists():
        rollout = Rollout.objects.filter(
            owner_unit=py, title__startswith="Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII"
        ).first()
        if rollout is None:
            return
        step = rollout.steps.filter(kind="plan").order_by("period__index").first()
        assert step is not None  # the demo rollout has a plan step
        services.target_create(
            unit=py,
            title=PLANS,
            term="2020-2025",
            kind="number",
            baseline=0,
            target_value=100,
            description="Số liệu do hệ thống đếm từ kết quả các đơn vị ghi trong đợt triển khai (kết quả là "
            "dữ liệu minh họa của bản demo).",
            starts_on=rollout.starts_on,
            target_date=step.due,
            source_document=docs["08-CTr/TU"],
            step=step,
            illustrative=True,
            acting_user=SYSTEM,
        )
