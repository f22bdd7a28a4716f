"""Phổ Yên's rollouts with illustrative records: the Đại hội XIII plan at 100% (as the seed
reports), realistic gaps elsewhere. Dates and counts are illustrative and flagged."""

from __future__ import annotations

import datetime as dt
import hashlib

from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.choices import UnitKind
from trienkhai.rollout.choices import Channel, Purpose, Recurrence, StepKind
from trienkhai.rollout.models import Rollout
from trienkhai.rollout.services import rollout_launch, step_record_submit, units_in_scope

SCOPE: list[str] = [UnitKind.WARD_COMMITTEE, UnitKind.COMMUNE_COMMITTEE, UnitKind.PARTY_CELL]


def _h(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _record(step, unit, *, share_done: int, late_share: int, today: dt.date) -> None:
    """Record ``step`` for ``unit`` with a deterministic chance; some late, some missing."""
    roll = _h(step.title, step.due, unit.name) % 100
    if roll >= share_done:
        return
    start = max(step.rollout.starts_on, step.period.starts_on)
    late = roll < late_share
    span = max((step.due - start).days, 1)
    done_on = (
        step.due + dt.timedelta(days=1 + roll % 20) if late else start + dt.timedelta(days=roll * span // 100)
    )
    done_on = min(done_on, today)
    kwargs: dict = {}
    if step.kind == StepKind.PLAN:
        kwargs["plan_title"] = (
            f"Kế hoạch của {unit.name} thực hiện {step.rollout.document.code or 'nghị quyết'}"
        )
    elif step.kind == StepKind.CONFERENCE:
        form = ["truc_tiep", "truc_tiep", "truc_tiep", "ket_hop", "truc_tuyen"][roll % 5]
        mc = unit.member_counts.order_by("-as_of").first()
        members = mc.members if mc else 30
        kwargs.update(
            form=form,
            platform="" if form == "truc_tiep" else ("zoom" if roll % 2 else "teams"),
            members_present=members - (roll % 4),
            members_on_roll=members,
            masses=(roll % 7) * 6,
        )
    elif step.kind == StepKind.DISSEMINATION:
        options = [
            Channel.PRINT,
            Channel.ZALO,
            Channel.FACEBOOK,
            Channel.LOUDSPEAKER,
            Channel.INTEGRATED,
            Channel.SELF_STUDY,
            Channel.WEBSITE,
        ]
        kwargs.update(
            channels=sorted({options[roll % 7], options[(roll // 7) % 7], Channel.ZALO}), reach=120 + roll * 9
        )
    else:
        kwargs["outcome"] = "Đã tổ chức và báo cáo đầy đủ theo hướng dẫn (minh họa)."
    step_record_submit(
        step=step, unit=unit, done_on=done_on, acting_user=SYSTEM, illustrative=True, today=today, **kwargs
    )


def _fill(rollout: Rollout, plan: dict[str, tuple[int, int]], today: dt.date) -> None:
    for step in rollout.steps.select_related("period", "rollout", "rollout__document"):
        share, late = plan.get(step.kind, (0, 0))
        if step.period.starts_on > today:
            continue
        for unit in units_in_scope(rollout=rollout, step=step).order_by("path"):
            _record(step, unit, share_done=share, late_share=late, today=today)


def load(context: dict) -> None:
    if Rollout.objects.filter(
        title__startswith="Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII"
    ).exists():
        return
    units, docs = context["units"], context["documents"]
    py = units["TU-PY"]
    today = dt.date.today()
    d = dt.date

    r1 = rollout_launch(
        document=docs["08-CTr/TU"],
        owner_unit=py,
        purpose=Purpose.STUDY,
        scope_kinds=SCOPE,
        illustrative=True,
        title="Nghiên cứu, học tập, quán triệt Nghị quyết Đại hội XIII của Đảng (Chương trình hành động 08-CTr/TU)",
        starts_on=d(2021, 8, 9),
        today=today,
        acting_user=SYSTEM,
        steps=[
            {"kind": StepKind.PLAN, "due": d(2021, 9, 30)},
            {"kind": StepKind.CONFERENCE, "due": d(2021, 10, 31)},
            {"kind": StepKind.DISSEMINATION, "due": d(2021, 12, 31)},
            {"kind": StepKind.REPORT, "due": d(2022, 6, 30)},
        ],
    )
    # The seed: 100% built plans and held the study conferences.
    _fill(
        r1,
        {
            StepKind.PLAN: (100, 0),
            StepKind.CONFERENCE: (100, 4),
            StepKind.DISSEMINATION: (100, 10),
            StepKind.REPORT: (92, 15),
        },
        today,
    )

    r2 = rollout_launch(
        document=docs["03-KH/TW"],
        owner_unit=py,
        purpose=Purpose.IMPLEMENT,
        scope_kinds=SCOPE,
        illustrative=True,
        title="Đợt sinh hoạt chính trị về xây dựng, chỉnh đốn Đảng theo Kết luận 21-KL/TW và Quy định 37-QĐ/TW",
        starts_on=d(2021, 12, 1),
        today=today,
        acting_user=SYSTEM,
        steps=[
            {"kind": StepKind.PLAN, "due": d(2021, 12, 31)},
            {"kind": StepKind.CONFERENCE, "due": d(2022, 2, 28)},
            {"kind": StepKind.REVIEW, "due": d(2022, 4, 30)},
            {"kind": StepKind.REPORT, "due": d(2022, 6, 30)},
        ],
    )
    _fill(
        r2,
        {
            StepKind.PLAN: (97, 8),
            StepKind.CONFERENCE: (94, 12),
            StepKind.REVIEW: (86, 20),
            StepKind.REPORT: (78, 25),
        },
        today,
    )

    r3 = rollout_launch(
        document=docs["0091-KH/TU"],
        owner_unit=py,
        purpose=Purpose.PROPAGANDA,
        scope_kinds=SCOPE,
        illustrative=True,
        title="Phổ biến, quán triệt Nghị quyết 35-NQ/TW và Kế hoạch 0091-KH/TU",
        starts_on=d(2022, 1, 10),
        today=today,
        acting_user=SYSTEM,
        steps=[
            {"kind": StepKind.CONFERENCE, "due": d(2022, 3, 31)},
            {"kind": StepKind.DISSEMINATION, "due": d(2022, 5, 31)},
            {"kind": StepKind.REPORT, "due": d(2022, 7, 31)},
        ],
    )
    # The seed: 100% of committees disseminated 35-NQ/TW and 0091-KH/TU.
    _fill(
        r3,
        {StepKind.CONFERENCE: (96, 10), StepKind.DISSEMINATION: (100, 6), StepKind.REPORT: (81, 18)},
        today,
    )

    r4 = rollout_launch(
        document=docs["05-CT/TW"],
        owner_unit=py,
        purpose=Purpose.THEMATIC,
        scope_kinds=SCOPE,
        illustrative=True,
        title="Học tập chuyên đề năm 2022 về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
        "(Chỉ thị 05-CT/TW, Kết luận 01-KL/TW)",
        starts_on=d(2022, 1, 1),
        ends_on=d(2022, 12, 31),
        recurrence=Recurrence.QUARTERLY,
        today=today,
        acting_user=SYSTEM,
        steps=[{"kind": StepKind.CONFERENCE, "title": "Sinh hoạt chuyên đề của quý", "due": d(2022, 3, 25)}],
    )
    _fill(r4, {StepKind.CONFERENCE: (90, 10)}, today)
