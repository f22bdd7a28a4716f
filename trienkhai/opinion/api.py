from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id, Small, Year
from trienkhai.opinion import selectors, services
from trienkhai.opinion.models import PressingIssue
from trienkhai.orgs.selectors import unit_get
from trienkhai.proposals.api import ProposalOut
from trienkhai.proposals.services import proposal_from_issue

router = Router(tags=["opinion"])


class TopicOut(Schema):
    id: int
    slug: str
    name: str


class ReportTopicOut(Schema):
    topic_slug: str
    topic_name: str
    mood: str
    spread: str
    trend: str
    summary: str

    @staticmethod
    def resolve_topic_slug(obj) -> str:
        return obj.topic.slug

    @staticmethod
    def resolve_topic_name(obj) -> str:
        return obj.topic.name


class IssueOut(Schema):
    id: int
    topic_id: int | None
    description: str
    proposed_solution: str
    proposal_id: int | None

    @staticmethod
    def resolve_proposal_id(obj) -> int | None:
        p = getattr(obj, "proposal", None)
        return p.pk if p is not None else None


class ReportOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    period_kind: str
    year: int
    period_no: int | None
    period_label: str
    report_date: dt.date
    mood: str
    overview: str
    sources: list[str]
    illustrative: bool

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name


class ReportDetailOut(ReportOut):
    topics: list[ReportTopicOut]
    issues: list[IssueOut]

    @staticmethod
    def resolve_topics(obj) -> list:
        return list(obj.topics.select_related("topic"))

    @staticmethod
    def resolve_issues(obj) -> list:
        return list(obj.issues.select_related("proposal"))


class TopicIn(Schema):
    topic: str
    mood: str
    spread: str
    trend: str
    summary: str = ""


class IssueIn(Schema):
    description: str
    proposed_solution: str = ""
    topic: str | None = None


class ReportIn(Schema):
    unit_id: Id
    period_kind: str
    year: Year
    period_no: Small | None = None
    report_date: dt.date | None = None
    mood: str
    overview: str = ""
    sources: list[str] = []
    topics: list[TopicIn] = []
    issues: list[IssueIn] = []


class MoodOut(Schema):
    mood: str
    label: str
    count: int
    pct: int


class TopicRankOut(Schema):
    topic_id: int
    name: str
    units: int
    prev_units: int
    troubled_reports: int
    is_new: bool
    is_rising: bool


class UnitRefOut(Schema):
    id: int
    name: str


class SynthesisOut(Schema):
    unit_id: int
    label: str
    previous_label: str
    reports: int
    children_total: int
    quick_reports: int
    illustrative: bool
    moods: list[MoodOut]
    topics: list[TopicRankOut]
    missing: list[UnitRefOut]
    issues: list[IssueOut]
    issues_total: int

    @staticmethod
    def resolve_unit_id(obj) -> int:
        return obj.unit.pk


@router.get("/topics", response=list[TopicOut], summary="Danh mục chủ đề dư luận")
def topics(request: HttpRequest):
    return list(selectors.topics_active())


@router.get("/reports", response=list[ReportOut], summary="Báo cáo tình hình tư tưởng, dư luận xã hội")
@paginated
def list_reports(
    request: HttpRequest,
    period_kind: str = "",
    year: Year | None = None,
    period_no: Small | None = None,
    mood: str = "",
    topic: str = "",
    unit: Id | None = None,
):
    u = unit_get(viewer=request.user, pk=unit) if unit else None
    return selectors.report_search(
        viewer=request.user,
        period_kind=period_kind,
        year=year,
        period_no=period_no,
        mood=mood,
        topic=topic,
        unit=u,
    )


@router.get("/reports/{report_id}", response=ReportDetailOut)
def get_report(request: HttpRequest, report_id: Id):
    return selectors.report_get(viewer=request.user, pk=report_id)


@router.post("/reports", response={201: ReportDetailOut}, summary="Gửi báo cáo (chỉ số liệu tổng hợp)")
def submit(request: HttpRequest, payload: ReportIn):
    unit = unit_get(viewer=request.user, pk=payload.unit_id, action="change")
    data = payload.dict(exclude={"unit_id"})
    return Status(201, services.report_submit(unit=unit, acting_user=request.user, **data))


@router.post(
    "/reports/{report_id}/issues/{issue_id}/propose",
    response={201: ProposalOut},
    summary="Vấn đề bức xúc → kiến nghị",
)
def propose(request: HttpRequest, report_id: Id, issue_id: Id):
    report = selectors.report_get(viewer=request.user, pk=report_id)
    issue = PressingIssue.objects.filter(report=report, pk=issue_id).select_related("report__unit").first()
    if issue is None:
        raise Http404
    return Status(201, proposal_from_issue(issue=issue, acting_user=request.user))


@router.get(
    "/synthesis", response=SynthesisOut, summary="Tổng hợp theo kỳ cho một đơn vị và các đơn vị trực thuộc"
)
def synthesis(request: HttpRequest, unit: Id, period_kind: str, year: Year, period_no: Small):
    from django.core.exceptions import ValidationError

    if period_kind not in ("month", "quarter") or not 1 <= period_no <= (12 if period_kind == "month" else 4):
        raise ValidationError({"period_no": "Kỳ tổng hợp không hợp lệ (tháng 1–12 hoặc quý 1–4)."})
    u = unit_get(viewer=request.user, pk=unit)
    return selectors.opinion_synthesis(
        viewer=request.user, unit=u, period_kind=period_kind, year=year, period_no=period_no
    )
