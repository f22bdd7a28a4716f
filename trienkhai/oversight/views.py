from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trienkhai.core.forms import form_view
from trienkhai.core.lists import ChoiceFilter, Column, IdFilter, ListSpec, Search, YearFilter
from trienkhai.core.scoping import covers, refuse
from trienkhai.documents.selectors import document_search, documents_from_codes
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get
from trienkhai.oversight import selectors, services
from trienkhai.oversight.choices import InspectionKind, InspectionMode
from trienkhai.oversight.forms import ConcludeForm, InspectionForm, PlanForm, RecommendationFormSet


def _change_units(user) -> list[Unit]:
    return list(Unit.objects.restrict(user, "change").filter(valid_to__isnull=True)[:500])


def _recommendation_units(subjects: list[Unit], user) -> list[Unit]:
    """The subjects first, then any unit in the user's subtree (a ward below an inspected city)."""
    seen = {u.pk for u in subjects}
    return subjects + [u for u in _change_units(user) if u.pk not in seen]


LIST = ListSpec(
    columns=[
        Column(gettext_lazy("Từ ngày"), "start_on"),
        Column(gettext_lazy("Đến ngày"), "end_on"),
        Column(gettext_lazy("Cuộc kiểm tra, giám sát"), "title"),
        Column(gettext_lazy("Loại"), "get_kind_display"),
        Column(gettext_lazy("Hình thức"), "get_mode_display"),
        Column(gettext_lazy("Đơn vị tiến hành"), "conducting_unit.name"),
        Column(gettext_lazy("Đối tượng"), lambda i: ", ".join(u.name for u in i.subject_units.all())),
        Column(gettext_lazy("Nội dung"), "subject_matter"),
        Column(gettext_lazy("Ngày kết luận"), "concluded_on"),
        Column(gettext_lazy("Kết luận"), "conclusion"),
    ],
    search=Search(placeholder="35-NQ/TW, nghi quyet…"),
    filters=[
        ChoiceFilter("kind", InspectionKind.choices, label=gettext_lazy("Loại")),
        ChoiceFilter("mode", InspectionMode.choices, label=gettext_lazy("Hình thức")),
        YearFilter("year", "start_on"),
        IdFilter("plan"),  # no control: the plans are links above the list
    ],
    export_name="kiem-tra-giam-sat",
    sheet_title="Kiểm tra, giám sát",
)


def _search(request: HttpRequest):
    return LIST.bind(request, selectors.inspection_search(viewer=request.user))


def oversight_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "oversight/list.html",
        {
            **_search(request).context(),
            "plans": selectors.plan_list(viewer=request.user)[:50],
            "can_add": Unit.objects.restrict(request.user, "change").exists(),
        },
    )


def oversight_export(request: HttpRequest) -> HttpResponse:
    return _search(request).export(request.GET.get("format", ""))


def plan_create(request: HttpRequest) -> HttpResponse:
    units = _change_units(request.user)
    if not units:
        refuse(request.user, "change")
    form = PlanForm(request.POST or None, units=units, initial={"year": timezone.localdate().year})

    def save(d):
        unit = unit_get(viewer=request.user, pk=d.pop("unit"), action="change")
        return services.plan_create(unit=unit, acting_user=request.user, **d)

    return form_view(
        request,
        form,
        save=save,
        success=_("Đã lập kế hoạch."),
        redirect_to=lambda plan: f"{_list_url()}?plan={plan.pk}",
        template="oversight/form.html",
        context={"title": _("Lập kế hoạch kiểm tra, giám sát năm")},
    )


def _list_url() -> str:
    from django.urls import reverse

    return reverse("oversight:list")


def inspection_create(request: HttpRequest) -> HttpResponse:
    units = _change_units(request.user)
    if not units:
        refuse(request.user, "change")
    subjects = list(
        Unit.objects.restrict(request.user, "change").filter(valid_to__isnull=True, depth__gt=1)[:500]
    )
    form = InspectionForm(request.POST or None, units=units, subjects=subjects)

    def save(d):
        unit = unit_get(viewer=request.user, pk=d.pop("conducting_unit"), action="change")
        chosen = list(Unit.objects.filter(pk__in=d.pop("subject_units")))
        docs = documents_from_codes(
            user=request.user,
            text=d.pop("document_codes"),
            field="document_codes",
            form=form,
            next_url=request.get_full_path(),
        )
        plan = selectors.plan_list(viewer=request.user).filter(unit=unit, year=d["start_on"].year).first()
        return services.inspection_create(
            conducting_unit=unit,
            subject_units=chosen,
            documents=docs,
            plan=plan,
            acting_user=request.user,
            **d,
        )

    return form_view(
        request,
        form,
        save=save,
        success=_("Đã ghi cuộc kiểm tra, giám sát."),
        redirect_to=lambda insp: reverse("oversight:detail", kwargs={"pk": insp.pk}),
        template="oversight/form.html",
        context={"title": _("Ghi cuộc kiểm tra, giám sát")},
    )


def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    insp = selectors.inspection_get(viewer=request.user, pk=pk)
    can_edit = covers(request.user, insp.conducting_unit, "change")
    subjects = list(insp.subject_units.all())
    visible_docs = set(
        document_search(viewer=request.user)
        .filter(pk__in=insp.documents.values("pk"))
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "oversight/detail.html",
        {
            "i": insp,
            "subjects": subjects,
            "documents": insp.documents.all(),
            "visible_docs": visible_docs,
            "recommendations": selectors.recommendations_of(viewer=request.user, inspection=insp),
            "can_edit": can_edit,
            "conclude_form": ConcludeForm(initial={"concluded_on": timezone.localdate()}),
            "rec_fs": RecommendationFormSet(
                prefix="r",
                form_kwargs={"units": _recommendation_units(subjects, request.user) if can_edit else []},
            ),
        },
    )


@require_POST
def inspection_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    insp = selectors.inspection_get(viewer=request.user, pk=pk)
    subjects = {u.pk: u for u in _recommendation_units(list(insp.subject_units.all()), request.user)}
    form = ConcludeForm(request.POST)
    rec_fs = RecommendationFormSet(request.POST, prefix="r", form_kwargs={"units": subjects.values()})
    if form.is_valid() and rec_fs.is_valid():
        recs = [
            {
                "text": r.cleaned_data["text"],
                "unit": subjects.get(r.cleaned_data["unit"]),
                "due_on": r.cleaned_data["due_on"],
            }
            for r in rec_fs.forms
            if r.cleaned_data and r.cleaned_data.get("text")
        ]
        try:
            services.inspection_conclude(
                inspection=insp, recommendations=recs, acting_user=request.user, **form.cleaned_data
            )
            messages.success(request, _("Đã ghi kết luận."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Hãy ghi kết luận và ngày kết luận."))
    return redirect("oversight:detail", pk=insp.pk)


@require_POST
def recommendation_to_followup(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    insp = selectors.inspection_get(viewer=request.user, pk=pk)
    rec = selectors.recommendation_get(viewer=request.user, inspection=insp, pk=item_pk)
    try:
        f = services.recommendation_to_followup(recommendation=rec, acting_user=request.user)
        messages.success(request, _("Đã giao việc cho %(u)s.") % {"u": f.unit.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("oversight:detail", pk=insp.pk)
