from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trienkhai.core.forms import form_view
from trienkhai.core.lists import ChoiceFilter, Column, ListSpec, Search, YearFilter
from trienkhai.core.scoping import covers, refuse
from trienkhai.documents.selectors import document_search, documents_from_codes
from trienkhai.followups.selectors import followup_search
from trienkhai.meetings import selectors, services
from trienkhai.meetings.choices import MeetingForm, MeetingKind
from trienkhai.meetings.forms import ConclusionForm, MeetingCreateForm, ParticipantForm, RaisedProposalForm
from trienkhai.meetings.models import Conclusion, Meeting, RaisedProposal
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get
from trienkhai.proposals.selectors import addressee_candidates
from trienkhai.proposals.services import higher_units

LIST = ListSpec(
    columns=[
        Column(gettext_lazy("Ngày"), "date"),
        Column(gettext_lazy("Buổi làm việc"), "title"),
        Column(gettext_lazy("Loại"), "get_kind_display"),
        Column(gettext_lazy("Hình thức"), "get_form_display"),
        Column(gettext_lazy("Nền tảng trực tuyến"), "platform"),
        Column(gettext_lazy("Địa điểm"), "place"),
        Column(gettext_lazy("Chủ trì"), "host.name"),
        Column(gettext_lazy("Đoàn"), lambda m: ", ".join(u.name for u in m.visiting_units.all())),
        Column(gettext_lazy("Nội dung chính"), "summary"),
    ],
    search=Search(placeholder="pho yen, tuyen giao…"),
    filters=[
        ChoiceFilter("kind", MeetingKind.choices, label=gettext_lazy("Loại")),
        ChoiceFilter("form", MeetingForm.choices, label=gettext_lazy("Hình thức")),
        YearFilter("year", "date"),
    ],
    export_name="buoi-lam-viec",
    sheet_title="Buổi làm việc",
)


def _search(request: HttpRequest):
    return LIST.bind(request, selectors.meeting_search(viewer=request.user))


def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/list.html",
        {
            **_search(request).context(),
            "can_add": Unit.objects.restrict(request.user, "change").exists(),
        },
    )


def meeting_export(request: HttpRequest) -> HttpResponse:
    return _search(request).export(request.GET.get("format", ""))


def _meeting_units(m: Meeting) -> list[Unit]:
    units = [m.host, *m.visiting_units.all()]
    seen = {u.pk for u in units}
    units += [u for u in higher_units(sender=m.host, on=m.date) if u.pk not in seen]
    return units


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = selectors.meeting_get(viewer=request.user, pk=pk)
    can_edit = covers(request.user, m.host, "change")
    units = _meeting_units(m) if can_edit else []
    visible_docs = set(
        document_search(viewer=request.user)
        .filter(pk__in=m.documents.values("pk"))
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "meetings/detail.html",
        {
            "m": m,
            "visiting": m.visiting_units.all(),
            "documents": m.documents.all(),
            "visible_docs": visible_docs,
            "participants": m.participants.select_related("unit"),
            # Each conclusion carries only the follow-ups the viewer may open.
            "conclusions": m.conclusions.select_related("unit").prefetch_related(
                Prefetch("followups", queryset=followup_search(viewer=request.user))
            ),
            "raised": m.raised_proposals.select_related("sender", "addressee", "proposal"),
            "can_edit": can_edit,
            "participant_form": ParticipantForm(units=units),
            "conclusion_form": ConclusionForm(units=_conclusion_units(m, request.user) if can_edit else []),
            "raised_form": RaisedProposalForm(units=units, initial={"sender": m.host_id}),
        },
    )


def meeting_create(request: HttpRequest) -> HttpResponse:
    hosts = list(Unit.objects.restrict(request.user, "change").filter(valid_to__isnull=True)[:500])
    if not hosts:
        refuse(request.user, "change")
    visitors = addressee_candidates(viewer=request.user)
    form = MeetingCreateForm(request.POST or None, hosts=hosts, visitors=visitors)

    def save(data):
        host = unit_get(viewer=request.user, pk=data.pop("host"), action="change")
        visiting = list(Unit.objects.filter(pk__in=data.pop("visiting_units")))
        docs = documents_from_codes(
            user=request.user,
            text=data.pop("document_codes"),
            field="document_codes",
            form=form,
            next_url=request.get_full_path(),
        )
        return services.meeting_create(
            host=host, visiting_units=visiting, documents=docs, acting_user=request.user, **data
        )

    return form_view(
        request,
        form,
        save=save,
        success=_("Đã ghi buổi làm việc."),
        redirect_to=lambda m: reverse("meetings:detail", kwargs={"pk": m.pk}),
        template="meetings/form.html",
        context={"title": _("Ghi buổi làm việc, hội nghị")},
    )


def _conclusion_units(m: Meeting, user) -> list[Unit]:
    """A conclusion may go to the meeting's units and to any unit in the user's subtree."""
    units = _meeting_units(m)
    seen = {u.pk for u in units}
    below = Unit.objects.restrict(user, "change").filter(valid_to__isnull=True).order_by("path")[:500]
    return units + [u for u in below if u.pk not in seen]


def _post(request: HttpRequest, pk: int, form_class, call, done: str, units_for=None) -> HttpResponse:
    m = selectors.meeting_get(viewer=request.user, pk=pk)
    units = units_for(m, request.user) if units_for else _meeting_units(m)
    by_pk = {u.pk: u for u in units}
    form = form_class(request.POST, units=units)
    if form.is_valid():
        try:
            call(m, form.cleaned_data, by_pk)
            messages.success(request, done)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("meetings:detail", pk=m.pk)


@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    def call(m, d, units):
        services.participant_add(
            meeting=m,
            name=d["name"],
            position=d["position"],
            unit=units.get(d["unit"]),
            side=d["side"],
            role=d["role"],
            acting_user=request.user,
        )

    return _post(request, pk, ParticipantForm, call, _("Đã thêm thành phần tham dự."))


@require_POST
def conclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    def call(m, d, units):
        services.conclusion_add(
            meeting=m, text=d["text"], unit=units.get(d["unit"]), due_on=d["due_on"], acting_user=request.user
        )

    return _post(request, pk, ConclusionForm, call, _("Đã thêm kết luận."), units_for=_conclusion_units)


@require_POST
def raised_add(request: HttpRequest, pk: int) -> HttpResponse:
    def call(m, d, units):
        services.raised_proposal_add(
            meeting=m,
            text=d["text"],
            sender=units[d["sender"]],
            addressee=units[d["addressee"]],
            acting_user=request.user,
        )

    return _post(request, pk, RaisedProposalForm, call, _("Đã thêm kiến nghị."))


@require_POST
def conclusion_to_followup(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    m = selectors.meeting_get(viewer=request.user, pk=pk)
    conclusion = Conclusion.objects.filter(meeting=m, pk=item_pk).select_related("meeting", "unit").first()
    if conclusion is None:
        raise Http404
    try:
        f = services.conclusion_to_followup(conclusion=conclusion, acting_user=request.user)
        messages.success(request, _("Đã giao việc cho %(u)s.") % {"u": f.unit.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("meetings:detail", pk=m.pk)


@require_POST
def raised_to_proposal(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    m = selectors.meeting_get(viewer=request.user, pk=pk)
    item = (
        RaisedProposal.objects.filter(meeting=m, pk=item_pk)
        .select_related("meeting", "sender", "addressee")
        .first()
    )
    if item is None:
        raise Http404
    try:
        p = services.raised_to_proposal(item=item, acting_user=request.user)
        messages.success(request, _("Đã gửi kiến nghị đến %(u)s.") % {"u": p.addressee.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Http404:
        messages.error(request, _("Bạn không có quyền gửi kiến nghị thay đơn vị này."))
    return redirect("meetings:detail", pk=m.pk)
