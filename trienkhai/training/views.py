from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trienkhai.core.excel import workbook_response
from trienkhai.core.forms import form_view
from trienkhai.core.importing import ImportFailed
from trienkhai.core.lists import ChoiceFilter, Column, CustomFilter, ListSpec, Search, YearFilter
from trienkhai.core.params import parse_digits
from trienkhai.core.scoping import covers, refuse
from trienkhai.core.views import paginate
from trienkhai.documents.selectors import document_search, documents_from_codes
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get
from trienkhai.rollout.selectors import dashboard_unit
from trienkhai.textmine.normalize import clean_text
from trienkhai.training import importers, selectors, services
from trienkhai.training.choices import CourseForm, EnrolmentStatus, RoleCategory
from trienkhai.training.forms import (
    CancelForm,
    CompleteForm,
    CourseCreateForm,
    CourseEditForm,
    ImportForm,
    MoveForm,
    NominateForm,
    PersonForm,
)


def _change_units(user) -> list[Unit]:
    return list(Unit.objects.restrict(user, "change").filter(valid_to__isnull=True)[:500])


def _year(value: str) -> int | None:
    year = parse_digits(value)
    return year if year is not None and 1900 < year < 2200 else None


# --- courses ------------------------------------------------------------------------------

COURSES = ListSpec(
    columns=[
        Column(gettext_lazy("Tên lớp"), "title"),
        Column(gettext_lazy("Đơn vị tổ chức"), "organiser.name"),
        Column(gettext_lazy("Đối tượng"), lambda c: ", ".join(c.audience_labels())),
        Column(gettext_lazy("Hình thức"), "get_form_display"),
        Column(gettext_lazy("Khai giảng"), "starts_on"),
        Column(gettext_lazy("Bế giảng"), "ends_on"),
        Column(gettext_lazy("Địa điểm"), lambda c: c.venue or c.link),
        Column(gettext_lazy("Học viên"), "enrolled"),
        Column(gettext_lazy("Hoàn thành"), "completed"),
    ],
    search=Search(placeholder="bcd 35, cong tac vien…"),
    filters=[
        # JSON containment differs between engines; the audience code is a plain token.
        CustomFilter(
            "audience",
            apply_to=lambda qs, v: qs.filter(audiences__icontains=f'"{v}"'),
            clean_value=lambda v: v if v in RoleCategory.values else None,
            label=gettext_lazy("Đối tượng"),
            choices=RoleCategory.choices,
        ),
        ChoiceFilter("form", CourseForm.choices, label=gettext_lazy("Hình thức")),
        YearFilter("year", "starts_on"),
    ],
    export_name="lop-boi-duong",
    sheet_title="Lớp bồi dưỡng",
)


def _course_filters(request: HttpRequest):
    return COURSES.bind(request, selectors.course_search(viewer=request.user))


def course_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/list.html",
        {
            **_course_filters(request).context(),
            "can_create": Unit.objects.restrict(request.user, "change").exists(),
            "open_proposals": selectors.training_proposals(viewer=request.user).count(),
        },
    )


def course_export(request: HttpRequest) -> HttpResponse:
    return _course_filters(request).export(request.GET.get("format", ""))


def _parse_sessions(text: str) -> list[dict] | None:
    lines = [ln.strip() for ln in (text or "").splitlines() if ln.strip()]
    if not lines:
        return None
    out = []
    for ln in lines:
        head, _sep, topic = ln.partition(" ")
        try:
            on = dt.datetime.strptime(head, "%d/%m/%Y").date()
        except ValueError:
            raise ValidationError(
                {"sessions": _("Dòng “%(l)s”: ngày phải ở dạng dd/mm/yyyy.") % {"l": ln}}
            ) from None
        out.append({"on": on, "topic": topic.strip(" -–:")})
    return out


def _course_fields(request: HttpRequest, data: dict, form=None) -> dict:
    return {
        "organiser": unit_get(viewer=request.user, pk=data["organiser"], action="change"),
        "title": data["title"],
        "audiences": data["audiences"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "form": data["form"],
        "venue": data["venue"],
        "link": data["link"],
        "syllabus": data["syllabus"],
        "sessions": _parse_sessions(data["sessions"]),
        "materials": documents_from_codes(
            user=request.user,
            text=data["materials"],
            field="materials",
            form=form,
            next_url=request.get_full_path(),
        ),
    }


def course_create(request: HttpRequest) -> HttpResponse:
    units = _change_units(request.user)
    if not units:
        refuse(request.user, "change")
    form = CourseCreateForm(request.POST or None, units=units)
    return form_view(
        request,
        form,
        save=lambda d: services.course_create(acting_user=request.user, **_course_fields(request, d, form)),
        success=lambda course: _("Đã tạo lớp “%(t)s”.") % {"t": course.title},
        redirect_to=lambda course: _back(course.pk),
        template="training/form.html",
        context={"title": _("Mở lớp bồi dưỡng, tập huấn")},
    )


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(viewer=request.user, pk=pk)
    roster = selectors.course_roster(viewer=request.user, course=course)
    is_organiser = covers(request.user, course.organiser, "change")
    cancelled = course.cancelled_on is not None
    people = [] if cancelled else list(selectors.nominable_people(viewer=request.user, course=course)[:300])
    today = timezone.localdate()
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "roster": roster,
            "materials": document_search(viewer=request.user).filter(pk__in=course.materials.values("pk")),
            "is_organiser": is_organiser and not cancelled,
            "cancelled": cancelled,
            # Results are recorded once the course has started, never for a cancelled one.
            "can_complete": is_organiser and not cancelled and course.starts_on <= today,
            "can_cancel": is_organiser
            and not cancelled
            and not any(r.enrolment.status == EnrolmentStatus.COMPLETED for r in roster.rows),
            "cancel_form": CancelForm(),
            "nominate_form": NominateForm(people=people) if people else None,
            "complete_form": CompleteForm(initial={"on": min(course.ends_on, today)}),
            "import_form": ImportForm(),
            "today": today,
        },
    )


def _back(course_pk: int) -> HttpResponse:
    return redirect("training:course", pk=course_pk)


def _int_or_none(value: str) -> int | None:
    return parse_digits(value)


def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(viewer=request.user, pk=pk, action="change")
    if course.cancelled_on is not None:
        messages.error(request, _("Lớp đã bị hủy: không sửa được."))
        return _back(course.pk)
    initial = {k: getattr(course, k) for k in services.COURSE_EDIT_FIELDS}
    form = CourseEditForm(request.POST or None, initial=initial)
    return form_view(
        request,
        form,
        save=lambda d: services.course_update(course=course, acting_user=request.user, **d),
        success=lambda updated: (
            _("Đã sửa lớp “%(t)s”; các đơn vị đã cử học viên được thông báo.") % {"t": updated.title}
        ),
        redirect_to=lambda updated: _back(updated.pk),
        template="training/form.html",
        context={"title": _("Sửa lớp “%(t)s”") % {"t": course.title}, "course": course},
    )


@require_POST
def course_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(viewer=request.user, pk=pk, action="change")
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.course_cancel(
                course=course, reason=form.cleaned_data["reason"], acting_user=request.user
            )
            messages.success(
                request,
                _("Đã hủy lớp “%(t)s”; các đơn vị đã cử học viên được thông báo.") % {"t": course.title},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Hãy ghi lý do hủy lớp."))
    return _back(course.pk)


@require_POST
def course_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(viewer=request.user, pk=pk)
    people = selectors.nominable_people(viewer=request.user, course=course)
    form = NominateForm(request.POST, people=people[:300])
    if form.is_valid():
        person = selectors.person_get(viewer=request.user, pk=form.cleaned_data["person"], action="change")
        try:
            services.enrolment_nominate(course=course, person=person, acting_user=request.user)
            messages.success(request, _("Đã cử %(p)s đi học.") % {"p": person.full_name})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Hãy chọn cán bộ trong danh sách."))
    return _back(course.pk)


@require_POST
def course_attendance(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    course = selectors.course_get(viewer=request.user, pk=pk, action="change")
    session = course.sessions.filter(pk=session_pk).first()
    if session is None:
        raise Http404
    roster = selectors.course_roster(viewer=request.user, course=course)
    on_roster = {r.enrolment.pk for r in roster.rows}
    strangers = [
        key.removeprefix("present_")
        for key in request.POST
        if key.startswith("present_") and _int_or_none(key.removeprefix("present_")) not in on_roster
    ]
    if strangers:
        # A mark for someone not enrolled is refused by name, and nothing of the sheet is kept.
        named = {
            str(e.pk): e.person.full_name
            for e in selectors.enrolments_visible(
                viewer=request.user, pks=[_int_or_none(k) for k in strangers]
            )
        }
        who = ", ".join(
            f"“{named[k]}”" if k in named else _("mã học viên “%(k)s”") % {"k": k} for k in strangers
        )
        messages.error(
            request,
            _("%(who)s không có trong danh sách học viên của lớp: chưa ghi điểm danh buổi %(i)s.")
            % {"who": who, "i": session.index},
        )
        return _back(course.pk)
    marks = [(r.enrolment.person, request.POST.get(f"present_{r.enrolment.pk}") == "1") for r in roster.rows]
    try:
        n = services.attendance_record(session=session, marks=marks, acting_user=request.user)
        messages.success(
            request, _("Đã ghi điểm danh buổi %(i)s: %(n)s học viên.") % {"i": session.index, "n": n}
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(course.pk)


@require_POST
def enrolment_complete(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    course = selectors.course_get(viewer=request.user, pk=pk, action="change")
    roster = selectors.course_roster(viewer=request.user, course=course)
    enrolment = next((r.enrolment for r in roster.rows if r.enrolment.pk == enrolment_pk), None)
    if enrolment is None:
        raise Http404
    form = CompleteForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.enrolment_complete(
                enrolment=enrolment,
                completed=d["completed"],
                on=d["on"],
                note=d["note"],
                acting_user=request.user,
            )
            messages.success(request, _("Đã ghi kết quả của %(p)s.") % {"p": enrolment.person.full_name})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return _back(course.pk)


def _import(request: HttpRequest, pk: int, action: str, run) -> HttpResponse:
    course = selectors.course_get(viewer=request.user, pk=pk, action=action)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn tệp Excel."))
        return _back(course.pk)
    upload = form.cleaned_data["file"]
    try:
        n = run(course=course, upload=upload, filename=upload.name, acting_user=request.user)
    except ImportFailed as exc:
        return render(
            request, "training/import_errors.html", {"course": course, "errors": exc.row_errors}, status=400
        )
    except ValidationError as exc:
        return render(
            request,
            "training/import_errors.html",
            {"course": course, "errors": [(1, m) for m in exc.messages]},
            status=400,
        )
    messages.success(request, _("Đã nhập %(n)s dòng từ %(f)s.") % {"n": n, "f": upload.name})
    return _back(course.pk)


@require_POST
def participants_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(request, pk, "view", importers.participants_import)


@require_POST
def attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(request, pk, "change", importers.attendance_import)


def participants_template(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(viewer=request.user, pk=pk)
    return workbook_response(
        "mau-hoc-vien.xlsx",
        "Học viên",
        [label for _k, label in importers.PARTICIPANT_COLUMNS],
        importers.participants_template(course=course),
    )


def attendance_template(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(viewer=request.user, pk=pk, action="change")
    return workbook_response(
        "mau-diem-danh.xlsx",
        "Điểm danh",
        importers.attendance_headers(course=course),
        importers.attendance_template(course=course, viewer=request.user),
    )


def participants_export(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(viewer=request.user, pk=pk)
    roster = selectors.course_roster(viewer=request.user, course=course)
    headers = [_("Mã cán bộ"), _("Họ và tên"), _("Chức vụ"), _("Nhóm cán bộ"), _("Đơn vị"), _("Đơn vị cử")]
    headers += [_("Buổi %(n)s (%(d)s)") % {"n": s.index, "d": f"{s.on:%d/%m/%Y}"} for s in roster.sessions]
    headers += [_("Số buổi có mặt"), _("Kết quả"), _("Ngày hoàn thành")]
    mark = {True: "x", False: _("vắng"), None: ""}
    rows = (
        [
            r.person.pk,
            r.person.full_name,
            r.person.title,
            r.person.get_category_display(),
            r.person.unit.name,
            r.enrolment.unit.name,
        ]
        + [mark[r.marks[s.pk]] for s in roster.sessions]
        + [r.present, r.enrolment.get_status_display(), r.enrolment.completed_on]
        for r in roster.rows
    )
    return workbook_response(f"hoc-vien-lop-{course.pk}.xlsx", "Học viên", headers, rows)


# --- from a proposal ----------------------------------------------------------------------


def proposal_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.training_proposals(viewer=request.user))
    return render(request, "training/proposals.html", {"page": page, "query": query})


def course_from_proposal(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    """ "Answer by scheduling a course": a course form filled from the proposal; one click
    creates the course and answers the proposal."""
    from trienkhai.proposals.selectors import proposal_get

    proposal = proposal_get(viewer=request.user, pk=proposal_pk, action="change")
    if not (
        covers(request.user, proposal.addressee, "change")
        or covers(request.user, proposal.department, "change")
    ):
        # Only the unit the request was sent to answers it; its sender sees the same 404.
        proposal_get(viewer=request.user, pk=-1)
    units = _change_units(request.user)
    start = timezone.localdate() + dt.timedelta(days=30)
    initial = {
        "organiser": (proposal.department or proposal.addressee).pk,
        "title": clean_text(
            _("Lớp bồi dưỡng, tập huấn theo kiến nghị của %(u)s") % {"u": proposal.sender.name}
        ),
        "audiences": services.audiences_from_text(proposal.content),
        "starts_on": start,
        "ends_on": start + dt.timedelta(days=1),
        "form": CourseForm.HYBRID,
        "syllabus": proposal.content,
    }
    form = CourseCreateForm(request.POST or None, units=units, initial=initial)
    return form_view(
        request,
        form,
        save=lambda d: services.course_schedule_for_proposal(
            proposal=proposal, acting_user=request.user, **_course_fields(request, d, form)
        ),
        success=_("Đã mở lớp và trả lời kiến nghị “%(p)s”.") % {"p": proposal.title},
        redirect_to=lambda course: _back(course.pk),
        template="training/form.html",
        context={"title": _("Trả lời kiến nghị bằng việc mở lớp"), "proposal": proposal},
    )


# --- people -------------------------------------------------------------------------------


PEOPLE = ListSpec(
    columns=[
        Column(gettext_lazy("Mã cán bộ"), "pk"),
        Column(gettext_lazy("Họ và tên"), "full_name"),
        Column(gettext_lazy("Chức vụ"), "title"),
        Column(gettext_lazy("Nhóm cán bộ"), "get_category_display"),
        Column(gettext_lazy("Đơn vị"), "unit.name"),
        Column(gettext_lazy("Liên hệ công vụ"), "contact"),
    ],
    # A person's name is kept folded in its own column.
    search=Search(field="name_folded", label=gettext_lazy("Họ tên"), placeholder="nguyen van…"),
    filters=[ChoiceFilter("category", RoleCategory.choices, label=gettext_lazy("Nhóm cán bộ"))],
    export_name="can-bo",
    sheet_title="Cán bộ",
)


def _people(request: HttpRequest):
    return PEOPLE.bind(request, selectors.person_search(viewer=request.user))


def person_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/people.html",
        {
            **_people(request).context(),
            "can_create": Unit.objects.restrict(request.user, "change").exists(),
        },
    )


def person_export(request: HttpRequest) -> HttpResponse:
    return _people(request).export(request.GET.get("format", ""))


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(viewer=request.user, pk=pk)
    enrolments = selectors.person_enrolments(viewer=request.user, person=person)
    can_change = covers(request.user, person.unit, "change")
    return render(
        request,
        "training/person.html",
        {
            "person": person,
            "positions": selectors.person_positions(viewer=request.user, person=person),
            "completed": [e for e in enrolments if e.status == EnrolmentStatus.COMPLETED],
            "other": [e for e in enrolments if e.status != EnrolmentStatus.COMPLETED],
            "can_change": can_change,
            "move_form": MoveForm(units=_change_units(request.user), initial={"category": person.category})
            if can_change
            else None,
        },
    )


def person_create(request: HttpRequest) -> HttpResponse:
    units = _change_units(request.user)
    if not units:
        refuse(request.user, "change")
    form = PersonForm(request.POST or None, units=units, initial={"started_on": timezone.localdate()})

    def save(d):
        return services.person_create(
            unit=unit_get(viewer=request.user, pk=d["unit"], action="change"),
            full_name=d["full_name"],
            title=d["title"],
            category=d["category"],
            started_on=d["started_on"],
            contact=d["contact"],
            acting_user=request.user,
        )

    return form_view(
        request,
        form,
        save=save,
        success=lambda person: _("Đã thêm %(p)s.") % {"p": person.full_name},
        redirect_to=lambda person: reverse("training:person", kwargs={"pk": person.pk}),
        template="training/form.html",
        context={"title": _("Thêm cán bộ")},
    )


@require_POST
def person_move(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(viewer=request.user, pk=pk, action="change")
    form = MoveForm(request.POST, units=_change_units(request.user))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.person_move(
                person=person,
                unit=unit_get(viewer=request.user, pk=d["unit"], action="change"),
                title=d["title"],
                category=d["category"],
                started_on=d["started_on"],
                acting_user=request.user,
            )
            messages.success(request, _("Đã ghi vị trí công tác mới."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("training:person", pk=person.pk)


# --- figures ------------------------------------------------------------------------------


def figures(request: HttpRequest) -> HttpResponse:
    unit_id = parse_digits(request.GET.get("unit", ""))
    unit = (
        unit_get(viewer=request.user, pk=unit_id)
        if unit_id is not None
        else dashboard_unit(viewer=request.user)
    )
    if unit is None:
        raise Http404
    year = _year(request.GET.get("year", "")) or timezone.localdate().year
    fig = selectors.training_figures(viewer=request.user, unit=unit, year=year)
    return render(
        request,
        "training/figures.html",
        {"fig": fig, "unit": unit, "year": year, "years": range(timezone.localdate().year, 2017, -1)},
    )
