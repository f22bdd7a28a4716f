"""Writes of people, positions, courses, nominations, attendance and completion.

Who may do what:
- editors at a unit (or above it) add people there and move them;
- editors at the organiser (or above) create courses, record attendance and completion;
- editors at a unit inside the organiser's subtree nominate people of their own subtree.
Each function is atomic and writes exactly one audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.scoping import get_scoped_or_404, require
from trienkhai.documents.selectors import document_get
from trienkhai.orgs.models import Unit
from trienkhai.textmine.normalize import clean_text, fold
from trienkhai.training.choices import CourseForm, EnrolmentStatus, RoleCategory
from trienkhai.training.models import Attendance, Course, Enrolment, Person, Position, Session

if TYPE_CHECKING:
    from trienkhai.documents.models import Document

#: What is stored about a person. Anything else (birth date, ID numbers, home address,
#: ethnicity, religion …) is refused by name: this is not a member dossier.
PERSON_FIELDS = ("full_name", "unit", "title", "category", "started_on", "contact")
MAX_SESSIONS = 60


def _fmt(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


def refuse_personal_fields(extra: Iterable[str]) -> None:
    names = sorted(k for k in extra if k not in PERSON_FIELDS)
    if names:
        raise ValidationError(
            _(
                "Hệ thống chỉ lưu họ tên, đơn vị, chức vụ, thời gian công tác và liên hệ công vụ của cán bộ; "
                "không nhận thông tin “%(f)s”."
            )
            % {"f": ", ".join(names)}
        )


def _category(value: str) -> str:
    if value not in RoleCategory.values:
        raise ValidationError({"category": _("Nhóm cán bộ không hợp lệ.")})
    return value


def _not_future(on: dt.date, field: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: _("Ngày ở tương lai.")})


# --- people -----------------------------------------------------------------------------


@service
def person_create(
    *,
    unit: Unit,
    full_name: str,
    category: str,
    title: str = "",
    started_on: dt.date | None = None,
    contact: str = "",
    illustrative: bool = False,
    acting_user: Any,
    **extra: Any,
) -> Person:
    refuse_personal_fields(extra)
    require(acting_user, unit)
    full_name = clean_text(full_name or "")
    if not full_name:
        raise ValidationError({"full_name": _("Hãy ghi họ và tên.")})
    category = _category(category)
    title = clean_text(title or "") or str(RoleCategory(category).label)
    started_on = started_on or timezone.localdate()
    _not_future(started_on, "started_on")
    if unit.valid_to is not None and unit.valid_to <= started_on:
        raise ValidationError({"unit": _("Đơn vị “%(u)s” đã kết thúc hoạt động.") % {"u": unit.name}})
    person = Person(
        full_name=full_name[:120],
        unit=unit,
        title=title[:200],
        category=category,
        contact=clean_text(contact or "")[:200],
        illustrative=illustrative,
        name_folded=fold(full_name),
    )
    person.full_clean(exclude=["unit"])
    person.save()
    Position.objects.create(
        person=person, unit=unit, title=person.title, category=category, started_on=started_on
    )
    audit_log(
        actor=acting_user,
        action="training.person_create",
        obj=person,
        unit=unit,
        changes={"unit": unit, "title": person.title, "category": category, "started_on": started_on},
    )
    return person


@service
def person_move(
    *,
    person: Person,
    unit: Unit,
    title: str,
    category: str,
    started_on: dt.date,
    acting_user: Any,
) -> Position:
    """A new position: the current one ends the day before ``started_on``."""
    qs = Person.objects.select_for_update()
    p = get_scoped_or_404(qs, acting_user, "change", pk=person.pk)
    require(acting_user, unit)
    category = _category(category)
    title = clean_text(title or "")
    if not title:
        raise ValidationError({"title": _("Hãy ghi chức vụ.")})
    _not_future(started_on, "started_on")
    current = p.positions.filter(ended_on__isnull=True).first()
    if current is not None:
        if started_on <= current.started_on:
            raise ValidationError(
                {
                    "started_on": _("Vị trí mới phải bắt đầu sau ngày %(d)s (vị trí hiện tại bắt đầu).")
                    % {"d": _fmt(current.started_on)}
                }
            )
        current.ended_on = started_on - dt.timedelta(days=1)
        current.save(update_fields=["ended_on"])
    position = Position.objects.create(
        person=p, unit=unit, title=title[:200], category=category, started_on=started_on
    )
    before = (p.unit, p.title, p.category)
    p.unit, p.title, p.category = unit, position.title, category
    p.save(update_fields=["unit", "title", "category"])
    audit_log(
        actor=acting_user,
        action="training.person_move",
        obj=p,
        unit=unit,
        changes={
            "unit": [str(before[0]), unit.name],
            "title": [before[1], p.title],
            "category": [before[2], category],
            "started_on": started_on,
        },
    )
    return position


@service
def person_update(*, person: Person, acting_user: Any, **fields: Any) -> Person:
    """Correct the name or the official contact; anything else is refused."""
    extra = [k for k in fields if k not in ("full_name", "contact")]
    if extra:
        raise ValidationError(
            _("Chỉ sửa được họ tên và liên hệ công vụ; không nhận “%(f)s”.") % {"f": ", ".join(extra)}
        )
    qs = Person.objects.select_for_update()
    p = get_scoped_or_404(qs, acting_user, "change", pk=person.pk)
    before = {"full_name": p.full_name, "contact": p.contact}
    if "full_name" in fields:
        name = clean_text(fields["full_name"] or "")
        if not name:
            raise ValidationError({"full_name": _("Hãy ghi họ và tên.")})
        p.full_name, p.name_folded = name[:120], fold(name)
    if "contact" in fields:
        p.contact = clean_text(fields["contact"] or "")[:200]
    p.save(update_fields=["full_name", "name_folded", "contact"])
    after = {"full_name": p.full_name, "contact": p.contact}
    audit_log(
        actor=acting_user,
        action="training.person_update",
        obj=p,
        unit=p.unit,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    return p


# --- courses ------------------------------------------------------------------------------


def _course_search_text(c: Course) -> str:
    return fold(" ".join([c.title, c.venue, c.syllabus, c.organiser.name, *c.audience_labels()]))


def _check_course(
    *, starts_on: dt.date, ends_on: dt.date, form: str, audiences: Sequence[str], venue: str, link: str
) -> None:
    errors: dict[str, list[str]] = {}
    if ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("Ngày bế giảng trước ngày khai giảng."))
    if form not in CourseForm.values:
        errors.setdefault("form", []).append(_("Hình thức không hợp lệ."))
    if not audiences:
        errors.setdefault("audiences", []).append(_("Hãy chọn ít nhất một đối tượng."))
    bad = [a for a in audiences if a not in RoleCategory.values]
    if bad:
        errors.setdefault("audiences", []).append(_("Đối tượng không hợp lệ: %(v)s.") % {"v": ", ".join(bad)})
    if form == CourseForm.ONLINE and not (link or venue):
        errors.setdefault("link", []).append(_("Lớp trực tuyến cần đường dẫn hoặc nền tảng học."))
    if errors:
        raise ValidationError(errors)


@service
def course_create(
    *,
    organiser: Unit,
    title: str,
    audiences: Sequence[str],
    starts_on: dt.date,
    ends_on: dt.date,
    form: str,
    venue: str = "",
    link: str = "",
    syllabus: str = "",
    materials: Sequence[Document] = (),
    sessions: Sequence[dict[str, Any]] | None = None,
    source_proposal: Any = None,
    illustrative: bool = False,
    acting_user: Any,
) -> Course:
    """A course; ``sessions`` as ``[{"on": date, "topic": str}]`` (default: one per day, at most 10)."""
    require(acting_user, organiser)
    title = clean_text(title or "")
    if not title:
        raise ValidationError({"title": _("Hãy ghi tên lớp.")})
    audiences = list(dict.fromkeys(audiences or []))
    venue, link = clean_text(venue or ""), (link or "").strip()
    _check_course(
        starts_on=starts_on, ends_on=ends_on, form=form, audiences=audiences, venue=venue, link=link
    )
    if sessions is None:
        days = min((ends_on - starts_on).days + 1, 10)
        sessions = [{"on": starts_on + dt.timedelta(days=i), "topic": ""} for i in range(days)]
    if not sessions or len(sessions) > MAX_SESSIONS:
        raise ValidationError({"sessions": _("Lớp cần từ 1 đến %(n)s buổi học.") % {"n": MAX_SESSIONS}})
    for s in sessions:
        if not (starts_on <= s["on"] <= ends_on):
            raise ValidationError(
                {
                    "sessions": _("Buổi học ngày %(d)s nằm ngoài thời gian của lớp (%(a)s – %(b)s).")
                    % {"d": _fmt(s["on"]), "a": _fmt(starts_on), "b": _fmt(ends_on)}
                }
            )
    for doc in materials:
        document_get(viewer=acting_user, pk=doc.pk)
    course = Course(
        organiser=organiser,
        reach=course_reach(organiser),
        title=title[:300],
        audiences=audiences,
        starts_on=starts_on,
        ends_on=ends_on,
        form=form,
        venue=venue[:300],
        link=link[:300],
        syllabus=clean_text(syllabus or "", multiline=True),
        source_proposal=source_proposal,
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    course.search_folded = _course_search_text(course)
    course.full_clean(exclude=["organiser", "reach", "source_proposal", "created_by"])
    course.save()
    if materials:
        course.materials.set(materials)
    for i, s in enumerate(sorted(sessions, key=lambda s: s["on"]), start=1):
        Session.objects.create(
            course=course, index=i, on=s["on"], topic=clean_text(s.get("topic") or "")[:300]
        )
    audit_log(
        actor=acting_user,
        action="training.course_create",
        obj=course,
        unit=organiser,
        changes={
            "title": course.title,
            "audiences": audiences,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "form": form,
            "sessions": len(sessions),
            "materials": [str(d) for d in materials],
            "source_proposal": str(source_proposal) if source_proposal else None,
        },
    )
    return course


#: What an edit may change; the organiser, the sessions' attendance and the results stay.
COURSE_EDIT_FIELDS = ("title", "audiences", "starts_on", "ends_on", "form", "venue", "link", "syllabus")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _require_not_cancelled(c: Course) -> None:
    if c.cancelled_on is not None:
        raise ValidationError(
            _("Lớp “%(t)s” đã bị hủy ngày %(d)s.") % {"t": c.title, "d": _fmt(c.cancelled_on)}
        )


def _tell_nominating_units(c: Course, *, key: str, text: str) -> int:
    """A notice to the editors and administrators of every unit that nominated someone."""
    from django.urls import reverse

    from trienkhai.accounts.models import Role
    from trienkhai.core.notify import notify, subject_line

    units = Enrolment.objects.filter(course=c).values("unit_id")
    url = reverse("training:course", args=[c.pk])
    sent = 0
    roles = Role.objects.filter(unit__in=units, role__in=("editor", "admin"), user__is_active=True)
    for role in roles.select_related("user").order_by("pk"):
        sent += notify(
            user=role.user,
            key=f"{key}:{role.unit_id}"[:120],
            text=text,
            url=url,
            email_subject=subject_line("[Triển khai] " + text),
        )
    return sent


@service
def course_update(*, course: Course, acting_user: Any, **fields: Any) -> Course:
    """Correct a course (title, audiences, dates, form, venue, link, syllabus). Sessions that
    fall outside new dates are dropped when nobody's attendance is on them, refused otherwise.
    The units that nominated people are told what changed."""
    extra = sorted(k for k in fields if k not in COURSE_EDIT_FIELDS)
    if extra:
        raise ValidationError(_("Không sửa được “%(f)s” của lớp.") % {"f": ", ".join(extra)})
    c = _locked_course(course, acting_user, "change")
    _require_not_cancelled(c)
    before = {k: getattr(c, k) for k in COURSE_EDIT_FIELDS}
    new = {**before, **fields}
    new["title"] = clean_text(new["title"] or "")
    if not new["title"]:
        raise ValidationError({"title": _("Hãy ghi tên lớp.")})
    new["audiences"] = list(dict.fromkeys(new["audiences"] or []))
    new["venue"], new["link"] = clean_text(new["venue"] or ""), (new["link"] or "").strip()
    new["syllabus"] = clean_text(new["syllabus"] or "", multiline=True)
    _check_course(
        starts_on=new["starts_on"],
        ends_on=new["ends_on"],
        form=new["form"],
        audiences=new["audiences"],
        venue=new["venue"],
        link=new["link"],
    )
    outside = c.sessions.exclude(on__range=(new["starts_on"], new["ends_on"]))
    marked = outside.filter(attendance__isnull=False).distinct().order_by("index").first()
    if marked is not None:
        raise ValidationError(
            {
                "starts_on": _(
                    "Buổi %(i)s (%(d)s) đã có điểm danh và nằm ngoài thời gian mới của lớp (%(a)s – %(b)s)."
                )
                % {
                    "i": marked.index,
                    "d": _fmt(marked.on),
                    "a": _fmt(new["starts_on"]),
                    "b": _fmt(new["ends_on"]),
                }
            }
        )
    dropped = [s.on for s in outside]
    outside.delete()
    kept = list(c.sessions.order_by("on", "index"))
    if not kept:
        days = min((new["ends_on"] - new["starts_on"]).days + 1, 10)
        kept = [
            Session.objects.create(course=c, index=1000 + i, on=new["starts_on"] + dt.timedelta(days=i))
            for i in range(days)
        ]
    # Renumber in date order (two passes: the index is unique per course).
    for i, s in enumerate(kept, start=1):
        Session.objects.filter(pk=s.pk).update(index=10000 + i)
    for i, s in enumerate(kept, start=1):
        Session.objects.filter(pk=s.pk).update(index=i)
    for k in COURSE_EDIT_FIELDS:
        setattr(c, k, new[k][:300] if k in ("title", "venue", "link") else new[k])
    c.search_folded = _course_search_text(c)
    c.full_clean(exclude=["organiser", "reach", "source_proposal", "created_by"])
    c.save(update_fields=[*COURSE_EDIT_FIELDS, "search_folded"])
    changes: dict[str, Any] = {
        k: [_plain(before[k]), _plain(getattr(c, k))]
        for k in COURSE_EDIT_FIELDS
        if before[k] != getattr(c, k)
    }
    if dropped:
        changes["sessions_dropped"] = [d.isoformat() for d in dropped]
    audit_log(actor=acting_user, action="training.course_update", obj=c, unit=c.organiser, changes=changes)
    if changes:
        text = _("Lớp “%(t)s” (%(o)s) đã thay đổi: nay học từ %(a)s đến %(b)s, %(f)s%(v)s.") % {
            "t": c.title,
            "o": c.organiser.name,
            "a": _fmt(c.starts_on),
            "b": _fmt(c.ends_on),
            "f": c.get_form_display(),
            "v": f", {c.venue}" if c.venue else "",
        }
        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        _tell_nominating_units(c, key=f"course-update:{c.pk}:{stamp}", text=text)
    return c


@service
def course_cancel(*, course: Course, reason: str, acting_user: Any, on: dt.date | None = None) -> Course:
    """Cancel a course that has no results yet; the units that nominated people are told."""
    c = _locked_course(course, acting_user, "change")
    _require_not_cancelled(c)
    reason = clean_text(reason or "", multiline=True)
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do hủy lớp.")})
    if Enrolment.objects.filter(course=c, status=EnrolmentStatus.COMPLETED).exists():
        raise ValidationError(_("Lớp đã có học viên hoàn thành: không hủy được."))
    on = on or timezone.localdate()
    c.cancelled_on, c.cancel_reason = on, reason
    c.save(update_fields=["cancelled_on", "cancel_reason"])
    told = _tell_nominating_units(
        c,
        key=f"course-cancel:{c.pk}",
        text=_("Lớp “%(t)s” (%(o)s, khai giảng %(s)s) đã bị hủy: %(r)s")
        % {"t": c.title, "o": c.organiser.name, "s": _fmt(c.starts_on), "r": reason},
    )
    audit_log(
        actor=acting_user,
        action="training.course_cancel",
        obj=c,
        unit=c.organiser,
        changes={"cancelled_on": on, "reason": reason, "notices": told},
    )
    return c


def course_reach(organiser: Unit) -> Unit:
    """Whose people a course trains: the organiser's subtree, or its committee's when the
    organiser is a staff body of that committee (the same rule proposals use)."""
    from trienkhai.proposals.choices import STAFF_KINDS

    if organiser.kind in STAFF_KINDS and organiser.depth > 1:
        return Unit.objects.get(path=organiser.parent_path)
    return organiser


AUDIENCE_HINTS = [
    ("ban chi dao 35", RoleCategory.BCD35),
    ("bcd 35", RoleCategory.BCD35),
    ("to thu ky", RoleCategory.SECRETARIAT),
    ("cong tac vien", RoleCategory.COLLABORATOR),
    ("bao cao vien", RoleCategory.REPORTER),
    ("tuyen truyen mieng", RoleCategory.ORAL),
    ("tuyen truyen vien", RoleCategory.ORAL),
    ("tuyen giao o co so", RoleCategory.GRASSROOTS),
    ("tuyen giao co so", RoleCategory.GRASSROOTS),
]


def audiences_from_text(text: str) -> list[str]:
    """The audiences a proposal's text names ("… thành viên Ban chỉ đạo 35, Tổ Thư ký …")."""
    key = fold(text or "").replace("chi dao35", "chi dao 35")
    found = [cat for hint, cat in AUDIENCE_HINTS if hint in key]
    return list(dict.fromkeys(found)) or [RoleCategory.PROPAGANDA]


@service
def course_schedule_for_proposal(
    *, proposal: Any, acting_user: Any, answer_on: dt.date | None = None, **course_fields: Any
) -> Course:
    """Answer a training proposal by scheduling a course: the course is created and the
    proposal answered through the proposals app's own service, in one transaction (two
    changes, two audit events; if the answer is refused, the course is not kept)."""
    from trienkhai.proposals.choices import ProposalCategory, ProposalStatus
    from trienkhai.proposals.services import proposal_answer

    if proposal.category != ProposalCategory.TRAINING:
        raise ValidationError(_("Chỉ kiến nghị về đào tạo, bồi dưỡng mới trả lời bằng việc mở lớp."))
    if proposal.status in (ProposalStatus.CLOSED, ProposalStatus.DECLINED):
        raise ValidationError(_("Kiến nghị đã đóng hoặc đã trả lời không tiếp thu."))
    with transaction.atomic():
        course = course_create(source_proposal=proposal, acting_user=acting_user, **course_fields)
        text = _("Đã lên lịch lớp “%(t)s” do %(u)s tổ chức từ %(a)s đến %(b)s.") % {
            "t": course.title,
            "u": course.organiser.name,
            "a": _fmt(course.starts_on),
            "b": _fmt(course.ends_on),
        }
        proposal_answer(proposal=proposal, text=text, on=answer_on, acting_user=acting_user)
    return course


# --- nominations, attendance, completion ------------------------------------------------


def _locked_course(course: Course, acting_user: Any, action: str) -> Course:
    qs = Course.objects.select_for_update(of=("self",)).select_related("organiser")
    return get_scoped_or_404(qs, acting_user, action, pk=course.pk)


@service
def enrolment_nominate(
    *, course: Course, person: Person, unit: Unit | None = None, acting_user: Any
) -> Enrolment:
    """``unit`` (default: the person's unit) nominates one of its people to the course."""
    c = _locked_course(course, acting_user, "view")
    c = Course.objects.select_related("organiser", "reach").get(pk=c.pk)
    _require_not_cancelled(c)
    person = Person.objects.select_related("unit").get(pk=person.pk)
    unit = unit or person.unit
    require(acting_user, unit)
    get_scoped_or_404(Person.objects, acting_user, "view", pk=person.pk)
    if not unit.is_within(c.reach):
        raise ValidationError(
            _("Lớp do %(o)s tổ chức cho %(r)s; “%(u)s” không thuộc phạm vi cử học viên.")
            % {"o": c.organiser.name, "r": c.reach.name, "u": unit.name}
        )
    if not person.unit.is_within(unit):
        raise ValidationError(
            _("“%(p)s” không công tác tại %(u)s hoặc đơn vị trực thuộc.")
            % {"p": person.full_name, "u": unit.name}
        )
    if c.audiences and person.category not in c.audiences:
        raise ValidationError(
            _("“%(p)s” (%(cat)s) không thuộc đối tượng của lớp (%(aud)s).")
            % {
                "p": person.full_name,
                "cat": person.get_category_display(),
                "aud": ", ".join(c.audience_labels()),
            }
        )
    if Enrolment.objects.filter(course=c, person=person).exists():
        raise ValidationError(_("“%(p)s” đã có trong danh sách học viên.") % {"p": person.full_name})
    e = Enrolment.objects.create(course=c, person=person, unit=unit)
    audit_log(
        actor=acting_user,
        action="training.nominate",
        obj=e,
        unit=unit,
        changes={"course": c.title, "person": person.full_name, "category": person.category},
    )
    return e


@service
def attendance_record(
    *,
    session: Session,
    marks: Sequence[tuple[Person, bool]],
    acting_user: Any,
    source: str = "",
) -> int:
    """The organiser's sheet for one session: (person, present) for enrolled people only.
    One change, one audit event, whatever the number of rows."""
    session = Session.objects.select_related("course").get(pk=session.pk)
    c = _locked_course(session.course, acting_user, "change")
    _require_not_cancelled(c)
    enrolled = {e.person_id: e for e in Enrolment.objects.filter(course=c).select_related("person")}
    errors = []
    for person, _present in marks:
        if person.pk not in enrolled:
            errors.append(_("“%(p)s” không có trong danh sách học viên của lớp.") % {"p": person.full_name})
    if errors:
        raise ValidationError(errors)
    if not marks:
        raise ValidationError(_("Chưa có ai trong bảng điểm danh."))
    if session.on > timezone.localdate():
        raise ValidationError(_("Buổi học ngày %(d)s chưa diễn ra.") % {"d": _fmt(session.on)})
    present = 0
    for person, is_present in marks:
        Attendance.objects.update_or_create(
            enrolment=enrolled[person.pk], session=session, defaults={"present": bool(is_present)}
        )
        present += bool(is_present)
    audit_log(
        actor=acting_user,
        action="training.attendance",
        obj=session,
        object_type="training.session",
        unit=c.organiser,
        changes={
            "course": c.title,
            "session": session.index,
            "rows": len(marks),
            "present": present,
            "source": source or None,
        },
    )
    return len(marks)


@service
def enrolment_complete(
    *,
    enrolment: Enrolment,
    completed: bool = True,
    on: dt.date | None = None,
    note: str = "",
    acting_user: Any,
) -> Enrolment:
    e = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "person")
        .get(pk=enrolment.pk)
    )
    c = _locked_course(e.course, acting_user, "change")
    _require_not_cancelled(c)
    if c.starts_on > timezone.localdate():
        raise ValidationError(
            _("Lớp khai giảng ngày %(s)s: chưa ghi được kết quả trước ngày đó.") % {"s": _fmt(c.starts_on)}
        )
    on = on or min(c.ends_on, timezone.localdate())
    if on < c.starts_on:
        raise ValidationError(
            {
                "completed_on": _("Ngày hoàn thành (%(d)s) trước ngày khai giảng lớp (%(s)s).")
                % {"d": _fmt(on), "s": _fmt(c.starts_on)}
            }
        )
    _not_future(on, "completed_on")
    before = e.status
    e.status = EnrolmentStatus.COMPLETED if completed else EnrolmentStatus.NOT_COMPLETED
    e.completed_on = on if completed else None
    e.result_note = clean_text(note or "")[:300]
    e.save(update_fields=["status", "completed_on", "result_note"])
    audit_log(
        actor=acting_user,
        action="training.complete",
        obj=e,
        unit=c.organiser,
        changes={"status": [before, e.status], "completed_on": e.completed_on, "note": e.result_note},
    )
    return e


def positions_pass_to_successor(*, old: Unit, new: Unit, date: dt.date, acting_user: Any) -> int:
    """Staff positions still held at ``old`` when it ends on ``date`` continue at ``new``: the
    position at ``old`` closes the day before (history stays with the old unit) and the same
    title and category open at ``new`` from ``date``. Called inside the reorganisation's
    transaction (the ``unit_succeeded`` signal)."""
    moved = 0
    for current in Position.objects.select_related("person").filter(unit=old, ended_on__isnull=True):
        if current.started_on >= date:
            # Began on the change day itself: there is no history at the old unit to keep.
            current.unit = new
            current.save(update_fields=["unit"])
        else:
            current.ended_on = date - dt.timedelta(days=1)
            current.save(update_fields=["ended_on"])
            Position.objects.create(
                person=current.person,
                unit=new,
                title=current.title,
                category=current.category,
                started_on=date,
            )
        moved += 1
    # A person is scoped by the unit of their current position.
    people = Person.objects.filter(unit=old, positions__unit=new, positions__ended_on__isnull=True)
    people.update(unit=new)
    if moved:
        audit_log(
            actor=acting_user,
            action="training.positions_succeeded",
            obj=new,
            unit=new,
            changes={"from": old.name, "positions": moved, "date": date.isoformat()},
        )
    return moved
