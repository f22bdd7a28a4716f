from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trienkhai.core.excel import workbook_response
from trienkhai.core.forms import form_view
from trienkhai.core.scoping import covers, refuse
from trienkhai.core.status import TaskState
from trienkhai.core.views import paginate
from trienkhai.followups import selectors, services
from trienkhai.followups.forms import CompleteForm, FollowUpForm, ReopenForm
from trienkhai.followups.models import FollowUp
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get

SOURCES = [
    ("meeting", gettext_lazy("Buổi làm việc")),
    ("oversight", gettext_lazy("Kiểm tra, giám sát")),
    ("proposal", gettext_lazy("Kiến nghị")),
    ("other", gettext_lazy("Giao trực tiếp")),
]


def _search(request: HttpRequest) -> tuple[dict[str, str], Unit | None, QuerySet[FollowUp]]:
    f = {k: request.GET.get(k, "").strip() for k in ("q", "state", "source", "unit", "below")}
    unit = unit_get(viewer=request.user, pk=f["unit"]) if f["unit"].isdigit() else None
    qs = selectors.followup_search(
        viewer=request.user,
        unit=unit,
        include_below=f["below"] == "1",
        q=f["q"],
        state=f["state"],
        source=f["source"],
    )
    return f, unit, qs


def followup_list(request: HttpRequest) -> HttpResponse:
    f, unit, qs = _search(request)
    page, query = paginate(request, qs)
    return render(
        request,
        "followups/list.html",
        {
            "page": page,
            "query": query,
            "f": f,
            "unit": unit,
            "counts": selectors.followup_state_counts(queryset=qs),
            "states": TaskState.choices,
            "sources": SOURCES,
            "can_add": Unit.objects.restrict(request.user, "change").exists(),
        },
    )


def followup_export(request: HttpRequest) -> HttpResponse:
    _f, _unit, qs = _search(request)
    headers = [
        _("Đơn vị thực hiện"),
        _("Nội dung công việc"),
        _("Kết quả cần đạt"),
        _("Người, bộ phận chịu trách nhiệm"),
        _("Đơn vị giao"),
        _("Hạn hoàn thành"),
        _("Ngày hoàn thành"),
        _("Tình trạng"),
        _("Kết quả thực hiện"),
    ]
    labels = dict(TaskState.choices)
    rows = (
        [
            x.unit.name,
            x.title,
            x.expected_result,
            x.accountable,
            x.assigned_by.name if x.assigned_by else "",
            x.due_on,
            x.done_on,
            str(labels[x.state_db]),  # type: ignore[attr-defined]  # annotated by followup_search()
            x.result_note,
        ]
        for x in qs.iterator(chunk_size=500)
    )
    return workbook_response("viec-can-theo-doi.xlsx", "Việc cần theo dõi", headers, rows)


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

    def save(data: dict[str, Any]) -> FollowUp:
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
