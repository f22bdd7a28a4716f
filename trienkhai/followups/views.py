from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trienkhai.core.forms import form_view
from trienkhai.core.lists import (
    BoundList,
    ChoiceFilter,
    Column,
    CustomFilter,
    ListSpec,
    Search,
    UnitFilter,
    label_of,
    or_blank,
)
from trienkhai.core.scoping import covers, refuse
from trienkhai.core.status import TaskState
from trienkhai.followups import selectors, services
from trienkhai.followups.forms import CompleteForm, FollowUpForm, ReopenForm
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get

SOURCES = [
    ("meeting", gettext_lazy("Buổi làm việc")),
    ("oversight", gettext_lazy("Kiểm tra, giám sát")),
    ("proposal", gettext_lazy("Kiến nghị")),
    ("other", gettext_lazy("Giao trực tiếp")),
]


def _other_source(qs: QuerySet[Any], _value: object) -> QuerySet[Any]:
    return qs.filter(Q(source_conclusion=None) & Q(source_recommendation=None) & Q(source_proposal=None))


def _source(qs: QuerySet[Any], value: str) -> QuerySet[Any]:
    if value == "other":
        return _other_source(qs, value)
    return qs.filter(**{f"{selectors.SOURCE_KINDS[value]}__isnull": False})


LIST = ListSpec(
    columns=[
        Column(gettext_lazy("Đơn vị thực hiện"), "unit.name"),
        Column(gettext_lazy("Nội dung công việc"), "title"),
        Column(gettext_lazy("Kết quả cần đạt"), "expected_result"),
        Column(gettext_lazy("Người, bộ phận chịu trách nhiệm"), "accountable"),
        Column(gettext_lazy("Đơn vị giao"), "assigned_by.name", export=or_blank),
        Column(gettext_lazy("Hạn hoàn thành"), "due_on"),
        Column(gettext_lazy("Ngày hoàn thành"), "done_on"),
        Column(gettext_lazy("Tình trạng"), "state_db", export=label_of(TaskState.choices)),
        Column(gettext_lazy("Kết quả thực hiện"), "result_note"),
    ],
    search=Search(),
    filters=[
        ChoiceFilter("state", TaskState.choices, lookup="state_db", label=gettext_lazy("Tình trạng")),
        CustomFilter(
            "source",
            apply_to=_source,
            clean_value=lambda v: v if v in selectors.SOURCE_KINDS or v == "other" else None,
            label=gettext_lazy("Nguồn"),
            choices=SOURCES,
        ),
        UnitFilter("unit", resolve=lambda request, pk: unit_get(viewer=request.user, pk=pk)),
    ],
    export_name="viec-can-theo-doi",
    sheet_title="Việc cần theo dõi",
)


def _search(request: HttpRequest) -> BoundList:
    return LIST.bind(request, selectors.followup_search(viewer=request.user))


def followup_list(request: HttpRequest) -> HttpResponse:
    bl = _search(request)
    return render(
        request,
        "followups/list.html",
        {
            **bl.context(),
            "unit": bl.picked.get("unit"),
            "counts": selectors.followup_state_counts(queryset=bl.queryset),
            "can_add": Unit.objects.restrict(request.user, "change").exists(),
        },
    )


def followup_export(request: HttpRequest) -> HttpResponse:
    return _search(request).export(request.GET.get("format", ""))


def followup_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.followup_get(viewer=request.user, pk=pk)
    can_report = covers(request.user, item.unit, "change") or covers(request.user, item.assigned_by, "change")
    return render(
        request,
        "followups/detail.html",
        {
            "item": item,
            "can_report": can_report and item.done_on is None,
            "can_reopen": item.done_on is not None
            and covers(request.user, item.assigned_by or item.unit, "change"),
            "complete_form": CompleteForm(initial={"done_on": timezone.localdate()}),
            "reopen_form": ReopenForm(),
        },
    )


def followup_create(request: HttpRequest) -> HttpResponse:
    units = list(Unit.objects.restrict(request.user, "change").filter(valid_to__isnull=True)[:500])
    if not units:
        refuse(request.user, "change")
    form = FollowUpForm(request.POST or None, units=units)

    def save(data: dict[str, Any]) -> Any:
        assigned_by = unit_get(viewer=request.user, pk=data.pop("assigned_by"), action="change")
        unit = unit_get(viewer=request.user, pk=data.pop("unit"), action="change")
        return services.followup_create(unit=unit, assigned_by=assigned_by, acting_user=request.user, **data)

    return form_view(
        request,
        form,
        save=save,
        success=lambda item: _("Đã giao việc cho %(u)s.") % {"u": item.unit.name},
        redirect_to=lambda item: reverse("followups:detail", kwargs={"pk": item.pk}),
        template="followups/form.html",
        context={"title": _("Giao việc cần theo dõi")},
    )


@require_POST
def followup_complete(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.followup_get(viewer=request.user, pk=pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.followup_complete(followup=item, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ghi nhận hoàn thành."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Hãy ghi ngày và kết quả thực hiện."))
    return redirect("followups:detail", pk=item.pk)


@require_POST
def followup_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.followup_get(viewer=request.user, pk=pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.followup_reopen(
                followup=item, reason=form.cleaned_data["reason"], acting_user=request.user
            )
            messages.success(request, _("Đã mở lại việc."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Hãy ghi lý do mở lại."))
    return redirect("followups:detail", pk=item.pk)
