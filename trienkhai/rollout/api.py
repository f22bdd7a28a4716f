from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Count, Id, Small
from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.documents.selectors import document_get
from trienkhai.orgs.models import Unit
from trienkhai.rollout import selectors, services
from trienkhai.rollout.models import Step

router = Router(tags=["rollouts"])


class StepOut(Schema):
    id: int
    kind: str
    title: str
    due: dt.date
    period_id: int


class PeriodOut(Schema):
    id: int
    index: int
    label: str
    starts_on: dt.date
    ends_on: dt.date | None


class RolloutOut(Schema):
    id: int
    title: str
    purpose: str
    status: str
    recurrence: str
    document_id: int
    owner_unit_id: int
    scope_kinds: list[str]
    scope_depth: int | None
    starts_on: dt.date
    ends_on: dt.date | None


class HandoverOut(Schema):
    """The rollout passed from ``from_unit_id`` (ended) to ``to_unit_id`` on ``date``."""

    from_unit_id: int
    to_unit_id: int
    date: dt.date


class RolloutDetailOut(RolloutOut):
    periods: list[PeriodOut]
    steps: list[StepOut]
    steps_version: int  # send it back as ``expected_steps_version`` to edit the steps
    handovers: list[HandoverOut]

    @staticmethod
    def resolve_handovers(obj) -> list:
        return list(obj.handovers.order_by("date", "id"))

    @staticmethod
    def resolve_periods(obj) -> list:
        return list(obj.periods.all())

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.steps.all())


class StepIn(Schema):
    kind: str
    title: str = ""
    due: dt.date


class LaunchIn(Schema):
    document_id: Id
    owner_unit_id: Id
    title: str = ""
    purpose: str
    scope_kinds: list[str]
    scope_depth: Small | None = None
    recurrence: str = "none"
    starts_on: dt.date
    ends_on: dt.date | None = None
    steps: list[StepIn]


class StepCoverageOut(Schema):
    step_id: int
    title: str
    due: dt.date
    in_scope: int
    done_on_time: int
    done_late: int
    open: int
    overdue: int
    done_pct: float
    members_present: int
    members_on_roll: int
    attendance_pct: float | None
    masses: int
    reach: int


class ChildCoverageOut(Schema):
    unit_id: int
    unit_name: str
    steps: list[StepCoverageOut]


class CoverageOut(Schema):
    rollout_id: int
    unit_id: int
    period_id: int | None
    steps: list[StepCoverageOut]
    children: list[ChildCoverageOut]


class RecordIn(Schema):
    done_on: dt.date
    expected_version: Count | None = None
    note: str = ""
    plan_code: str = ""
    plan_title: str = ""
    form: str = ""
    platform: str = ""
    members_present: Count | None = None
    members_on_roll: Count | None = None
    masses: Count | None = None
    channels: list[str] = []
    reach: Count | None = None
    outcome: str = ""


class RecordOut(Schema):
    id: int
    step_id: int
    unit_id: int
    version: int
    is_current: bool
    done_on: dt.date
    plan_document_id: int | None
    form: str
    platform: str
    members_present: int | None
    members_on_roll: int | None
    masses: int | None
    channels: list[str]
    reach: int | None
    outcome: str
    note: str


def _cov(s) -> dict:
    return {
        "step_id": s.step.pk,
        "title": s.step.title,
        "due": s.step.due,
        "in_scope": s.in_scope,
        "done_on_time": s.done_on_time,
        "done_late": s.done_late,
        "open": s.open,
        "overdue": s.overdue,
        "done_pct": s.done_pct,
        "members_present": s.members_present,
        "members_on_roll": s.members_on_roll,
        "attendance_pct": s.attendance_pct,
        "masses": s.masses,
        "reach": s.reach,
    }


def _step(request: HttpRequest, step_id: int) -> Step:
    return selectors.step_get(viewer=request.user, pk=step_id)


@router.get("/", response=list[RolloutOut], summary="Các đợt triển khai trong phạm vi")
@paginated
def list_rollouts(request: HttpRequest, status: str = ""):
    return selectors.rollouts_visible(viewer=request.user, status=status or None)


@router.post("/", response={201: RolloutDetailOut}, summary="Phát động đợt triển khai")
def launch(request: HttpRequest, payload: LaunchIn):
    data = payload.dict()
    rollout = services.rollout_launch(
        document=document_get(viewer=request.user, pk=data.pop("document_id")),
        owner_unit=get_scoped_or_404(Unit.objects, request.user, "change", pk=data.pop("owner_unit_id")),
        acting_user=request.user,
        **data,
    )
    return Status(201, rollout)


@router.get("/{rollout_id}", response=RolloutDetailOut, summary="Một đợt triển khai, các kỳ và yêu cầu")
def get_rollout(request: HttpRequest, rollout_id: Id):
    return selectors.rollout_get(viewer=request.user, pk=rollout_id)


@router.get(
    "/{rollout_id}/coverage", response=CoverageOut, summary="Kết quả tổng hợp của một đơn vị và cấp dưới"
)
def coverage(request: HttpRequest, rollout_id: Id, unit: Id | None = None, period: Id | None = None):
    rollout = selectors.rollout_get(viewer=request.user, pk=rollout_id)
    unit_obj: Unit = get_scoped_or_404(Unit.objects, request.user, "view", pk=unit or rollout.owner_unit_id)
    period_obj = None
    if period is not None:
        period_obj = rollout.periods.filter(pk=period).first()
        if period_obj is None:
            raise Http404
    cov = selectors.coverage_for(rollout=rollout, unit=unit_obj, viewer=request.user, period=period_obj)
    return {
        "rollout_id": rollout.pk,
        "unit_id": unit_obj.pk,
        "period_id": cov.period.pk if cov.period else None,
        "steps": [_cov(s) for s in cov.steps],
        "children": [
            {"unit_id": c.unit.pk, "unit_name": c.unit.name, "steps": [_cov(s) for s in c.steps]}
            for c in cov.children
        ],
    }


class AsOfCellOut(Schema):
    step_id: int
    done: int
    in_scope: int
    done_pct: float | None


class AsOfChildOut(Schema):
    unit_id: int
    unit_name: str
    steps: list[AsOfCellOut]


class AsOfCoverageOut(Schema):
    rollout_id: int
    unit_id: int
    date: dt.date
    unit_name: str
    existed: bool
    launched: bool
    steps: list[AsOfCellOut]
    children: list[AsOfChildOut]


@router.get(
    "/{rollout_id}/coverage/as-of",
    response=AsOfCoverageOut,
    summary="Kết quả tổng hợp tại một ngày (cơ cấu, tên gọi và số liệu hôm đó)",
)
def coverage_as_of(request: HttpRequest, rollout_id: Id, date: dt.date | None = None, unit: Id | None = None):
    """``date`` defaults to today; the tree and the records are those of that day."""
    from django.utils import timezone

    date = date or timezone.localdate()
    rollout = selectors.rollout_get(viewer=request.user, pk=rollout_id)
    unit_obj: Unit = (
        get_scoped_or_404(Unit.objects, request.user, "view", pk=unit)
        if unit is not None
        else selectors.as_of_unit(viewer=request.user, rollout=rollout, date=date)
    )
    cov = selectors.coverage_as_of(viewer=request.user, rollout=rollout, unit=unit_obj, date=date)

    def cells(cs):
        return [
            {"step_id": s.pk, "done": c.done, "in_scope": c.in_scope, "done_pct": c.pct}
            for s, c in zip(cov.steps, cs, strict=True)
        ]

    return {
        "rollout_id": rollout.pk,
        "unit_id": unit_obj.pk,
        "date": cov.date,
        "unit_name": cov.unit_name,
        "existed": cov.existed,
        "launched": cov.launched,
        "steps": cells(cov.totals),
        "children": [{"unit_id": r.unit_id, "unit_name": r.name, "steps": cells(r.cells)} for r in cov.rows],
    }


@router.get(
    "/steps/{step_id}/records", response=list[RecordOut], summary="Kết quả đã ghi nhận của một yêu cầu"
)
@paginated
def records(request: HttpRequest, step_id: Id, current_only: bool = True):
    from trienkhai.rollout.models import StepRecord

    step = _step(request, step_id)
    qs = StepRecord.objects.restrict(request.user).filter(step=step)
    return qs.filter(is_current=True) if current_only else qs


@router.post(
    "/steps/{step_id}/units/{unit_id}/record",
    response={201: RecordOut},
    summary="Ghi nhận (hoặc sửa, với expected_version) kết quả của đơn vị",
)
def submit(request: HttpRequest, step_id: Id, unit_id: Id, payload: RecordIn):
    step = _step(request, step_id)
    unit: Unit = get_scoped_or_404(Unit.objects, request.user, "change", pk=unit_id)
    record = services.step_record_submit(step=step, unit=unit, acting_user=request.user, **payload.dict())
    return Status(201, record)


@router.get("/dashboard/", response=list[RolloutOut], summary="Các đợt đang thực hiện, hạn gần nhất trước")
def dashboard(request: HttpRequest):
    return [row.rollout for row in selectors.dashboard(viewer=request.user)]


# --- editing the steps after the launch (the owner unit's editors; see services.step_update) ---


class StepEditIn(Schema):
    title: str | None = None  # None: keep
    due: dt.date | None = None  # None: keep
    expected_steps_version: Count


class StepAddIn(Schema):
    kind: str
    title: str
    due: dt.date
    expected_steps_version: Count


class StepEditOut(StepOut):
    steps_version: int  # the rollout's, after this change: what the next edit must send

    @staticmethod
    def resolve_steps_version(obj) -> int:
        return obj.rollout.steps_version


class StepsVersionOut(Schema):
    rollout_id: int
    steps_version: int


@router.post(
    "/{rollout_id}/steps",
    response={201: StepEditOut},
    summary="Thêm một yêu cầu vào kỳ đang thực hiện (áp dụng cả cho các kỳ sau)",
)
def step_add(request: HttpRequest, rollout_id: Id, payload: StepAddIn):
    rollout = selectors.rollout_get_for_edit(viewer=request.user, pk=rollout_id)
    step = services.step_add(
        rollout=rollout,
        kind=payload.kind,
        title=payload.title,
        due=payload.due,
        expected_version=payload.expected_steps_version,
        acting_user=request.user,
    )
    return Status(201, step)


@router.patch(
    "/steps/{step_id}",
    response=StepEditOut,
    summary="Sửa nội dung hoặc hạn của một yêu cầu (đổi hạn thì tính lại đúng hạn, quá hạn)",
)
def step_update(request: HttpRequest, step_id: Id, payload: StepEditIn):
    step = selectors.step_get_for_edit(viewer=request.user, pk=step_id)
    return services.step_update(
        step=step,
        title=payload.title,
        due=payload.due,
        expected_version=payload.expected_steps_version,
        acting_user=request.user,
    )


@router.delete(
    "/steps/{step_id}", response=StepsVersionOut, summary="Xóa một yêu cầu chưa đơn vị nào báo cáo"
)
def step_remove(request: HttpRequest, step_id: Id, expected_steps_version: Count):
    step = selectors.step_get_for_edit(viewer=request.user, pk=step_id)
    rollout = services.step_remove(
        step=step, expected_version=expected_steps_version, acting_user=request.user
    )
    return {"rollout_id": rollout.pk, "steps_version": rollout.steps_version}
