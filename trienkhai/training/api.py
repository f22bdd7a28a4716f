from __future__ import annotations

import datetime as dt
import json

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from trienkhai.api.pagination import paginated
from trienkhai.api.types import Id, Year
from trienkhai.documents.selectors import document_get
from trienkhai.orgs.selectors import unit_get
from trienkhai.training import selectors, services
from trienkhai.training.models import Enrolment

router = Router(tags=["training"])


class PersonOut(Schema):
    id: int
    full_name: str
    unit_id: int
    title: str
    category: str
    contact: str
    illustrative: bool


class PositionOut(Schema):
    unit_id: int
    title: str
    category: str
    started_on: dt.date
    ended_on: dt.date | None


class PersonDetailOut(PersonOut):
    positions: list[PositionOut]
    completed_course_ids: list[int]

    @staticmethod
    def resolve_positions(obj) -> list:
        return list(obj.positions.all())

    @staticmethod
    def resolve_completed_course_ids(obj, context) -> list[int]:
        user = context["request"].user
        return [
            e.course_id
            for e in selectors.person_enrolments(viewer=user, person=obj)
            if e.status == "completed"
        ]


class PersonIn(Schema):
    unit_id: Id
    full_name: str
    category: str
    title: str = ""
    started_on: dt.date | None = None
    contact: str = ""


class CourseSessionOut(Schema):
    id: int
    index: int
    on: dt.date
    topic: str


class CourseOut(Schema):
    id: int
    organiser_id: int
    reach_id: int
    title: str
    audiences: list[str]
    starts_on: dt.date
    ends_on: dt.date
    form: str
    venue: str
    link: str
    syllabus: str
    source_proposal_id: int | None
    illustrative: bool


class CourseDetailOut(CourseOut):
    sessions: list[CourseSessionOut]
    material_ids: list[int]

    @staticmethod
    def resolve_sessions(obj) -> list:
        return list(obj.sessions.all())

    @staticmethod
    def resolve_material_ids(obj) -> list[int]:
        return list(obj.materials.values_list("pk", flat=True))


class CourseSessionIn(Schema):
    on: dt.date
    topic: str = ""


class CourseIn(Schema):
    organiser_id: Id
    title: str
    audiences: list[str]
    starts_on: dt.date
    ends_on: dt.date
    form: str
    venue: str = ""
    link: str = ""
    syllabus: str = ""
    sessions: list[CourseSessionIn] | None = None
    material_ids: list[Id] = []


class EnrolmentOut(Schema):
    id: int
    course_id: int
    person_id: int
    person_name: str
    unit_id: int
    status: str
    completed_on: dt.date | None
    result_note: str
    attendance: dict[str, bool]

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_attendance(obj) -> dict[str, bool]:
        return {str(a.session_id): a.present for a in obj.attendance.all()}


class NominateIn(Schema):
    person_id: Id
    unit_id: Id | None = None


class AttendanceMarkIn(Schema):
    person_id: Id
    present: bool


class AttendanceIn(Schema):
    marks: list[AttendanceMarkIn]


class TrainingCompleteIn(Schema):
    completed: bool = True
    on: dt.date | None = None
    note: str = ""


class TrainingCategoryOut(Schema):
    category: str
    label: str
    staff: int
    trained: int


class TrainingUnitFigureOut(Schema):
    unit_id: int
    name: str
    staff: int
    trained: int


class TrainingFiguresOut(Schema):
    unit_id: int
    year: int
    staff: int
    trained: int
    categories: list[TrainingCategoryOut]
    children: list[TrainingUnitFigureOut]
    units_with_staff: int
    units_without_count: int
    units_without: list[TrainingUnitFigureOut]

    @staticmethod
    def resolve_unit_id(obj) -> int:
        return obj.unit.pk


@router.get("/people", response=list[PersonOut], summary="Cán bộ trong phạm vi")
@paginated
def list_people(request: HttpRequest, q: str = "", category: str = ""):
    return selectors.person_search(viewer=request.user, q=q, category=category)


@router.get("/people/{person_id}", response=PersonDetailOut)
def get_person(request: HttpRequest, person_id: Id):
    return selectors.person_get(viewer=request.user, pk=person_id)


@router.post("/people", response={201: PersonOut}, summary="Thêm cán bộ (không nhận thông tin cá nhân)")
def create_person(request: HttpRequest, payload: PersonIn):
    # Keys beyond the schema (birth date, ID number …) are refused by name, not dropped.
    try:
        sent = json.loads(request.body or b"{}")
    except ValueError:
        sent = {}
    services.refuse_personal_fields(k for k in sent if k not in PersonIn.model_fields)
    data = payload.dict()
    unit = unit_get(viewer=request.user, pk=data.pop("unit_id"), action="change")
    return Status(201, services.person_create(unit=unit, acting_user=request.user, **data))


@router.get("/courses", response=list[CourseOut], summary="Lớp bồi dưỡng, tập huấn trong phạm vi")
@paginated
def list_courses(
    request: HttpRequest, q: str = "", form: str = "", audience: str = "", year: Year | None = None
):
    return selectors.course_search(viewer=request.user, q=q, form=form, audience=audience, year=year)


@router.get("/courses/{course_id}", response=CourseDetailOut)
def get_course(request: HttpRequest, course_id: Id):
    return selectors.course_get(viewer=request.user, pk=course_id)


@router.post("/courses", response={201: CourseDetailOut}, summary="Mở lớp")
def create_course(request: HttpRequest, payload: CourseIn):
    organiser = unit_get(viewer=request.user, pk=payload.organiser_id, action="change")
    materials = [document_get(viewer=request.user, pk=pk) for pk in payload.material_ids]
    data = payload.dict(exclude={"organiser_id", "material_ids", "sessions"})
    sessions = [s.dict() for s in payload.sessions] if payload.sessions is not None else None
    return Status(
        201,
        services.course_create(
            organiser=organiser, materials=materials, sessions=sessions, acting_user=request.user, **data
        ),
    )


@router.get("/courses/{course_id}/enrolments", response=list[EnrolmentOut], summary="Học viên và điểm danh")
def list_enrolments(request: HttpRequest, course_id: Id):
    course = selectors.course_get(viewer=request.user, pk=course_id)
    return [r.enrolment for r in selectors.course_roster(viewer=request.user, course=course).rows]


def _enrolment(request: HttpRequest, course_id: int, enrolment_id: int) -> Enrolment:
    course = selectors.course_get(viewer=request.user, pk=course_id)
    for r in selectors.course_roster(viewer=request.user, course=course).rows:
        if r.enrolment.pk == enrolment_id:
            return r.enrolment
    raise Http404


@router.get("/courses/{course_id}/enrolments/{enrolment_id}", response=EnrolmentOut)
def get_enrolment(request: HttpRequest, course_id: Id, enrolment_id: Id):
    return _enrolment(request, course_id, enrolment_id)


@router.post("/courses/{course_id}/enrolments", response={201: EnrolmentOut}, summary="Cử cán bộ đi học")
def nominate(request: HttpRequest, course_id: Id, payload: NominateIn):
    course = selectors.course_get(viewer=request.user, pk=course_id)
    person = selectors.person_get(viewer=request.user, pk=payload.person_id)
    unit = unit_get(viewer=request.user, pk=payload.unit_id, action="change") if payload.unit_id else None
    return Status(
        201, services.enrolment_nominate(course=course, person=person, unit=unit, acting_user=request.user)
    )


@router.post(
    "/courses/{course_id}/sessions/{session_id}/attendance",
    response={201: dict},
    summary="Điểm danh một buổi (chỉ học viên của lớp)",
)
def attendance(request: HttpRequest, course_id: Id, session_id: Id, payload: AttendanceIn):
    course = selectors.course_get(viewer=request.user, pk=course_id, action="change")
    session = course.sessions.filter(pk=session_id).first()
    if session is None:
        raise Http404
    people = {
        p.pk: p
        for p in selectors.person_search(viewer=request.user).filter(
            pk__in=[m.person_id for m in payload.marks]
        )
    }
    missing = [m.person_id for m in payload.marks if m.person_id not in people]
    if missing:
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError(_("Không có cán bộ mã %(v)s.") % {"v": ", ".join(map(str, missing))})
    n = services.attendance_record(
        session=session,
        marks=[(people[m.person_id], m.present) for m in payload.marks],
        acting_user=request.user,
    )
    return Status(201, {"recorded": n})


@router.post(
    "/courses/{course_id}/enrolments/{enrolment_id}/complete",
    response=EnrolmentOut,
    summary="Ghi kết quả hoàn thành",
)
def complete(request: HttpRequest, course_id: Id, enrolment_id: Id, payload: TrainingCompleteIn):
    selectors.course_get(viewer=request.user, pk=course_id, action="change")
    e = _enrolment(request, course_id, enrolment_id)
    return services.enrolment_complete(enrolment=e, acting_user=request.user, **payload.dict())


@router.get("/figures", response=TrainingFiguresOut, summary="Cán bộ được bồi dưỡng theo nhóm và đơn vị")
def figures(request: HttpRequest, unit_id: Id, year: Year | None = None):
    unit = unit_get(viewer=request.user, pk=unit_id)
    return selectors.training_figures(viewer=request.user, unit=unit, year=year)
