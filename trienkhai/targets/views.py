from __future__ import annotations

import datetime as dt
from typing import Any

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
from trienkhai.core.lists import (
    BoundList,
    ChoiceFilter,
    Column,
    ComputedFilter,
    ListSpec,
    Search,
    ValueFilter,
)
from trienkhai.core.scoping import covers, refuse
from trienkhai.documents.selectors import document_from_code
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get
from trienkhai.rollout.selectors import rollouts_visible
from trienkhai.targets import progress, selectors, services
from trienkhai.targets.choices import TargetKind, TargetStatus
from trienkhai.targets.forms import MeasurementForm, TargetForm
from trienkhai.targets.models import Target

LIST = ListSpec(
    columns=[
        Column(gettext_lazy("Mục tiêu, chỉ tiêu"), "target.title"),
        Column(gettext_lazy("Đơn vị"), "target.unit.name"),
        Column(gettext_lazy("Nhiệm kỳ"), "target.term"),
        Column(gettext_lazy("Đầu kỳ"), "target.baseline"),
        Column(gettext_lazy("Phải đạt"), lambda r: selectors.target_goal_text(r.target)),
        Column(gettext_lazy("Từ ngày"), "target.starts_on"),
        Column(
            gettext_lazy("Thời hạn"),
            lambda r: r.target.target_date.year if r.target.due_precision == "year" else r.target.target_date,
        ),
        Column(
            gettext_lazy("Kết quả hiện tại"), lambda r: selectors.target_actual_text(r.target, r.progress)
        ),
        Column(gettext_lazy("Ngày đạt"), "progress.achieved_on"),
        Column(gettext_lazy("Tình trạng"), "progress.status_label"),
        Column(
            gettext_lazy("Nguồn số liệu"),
            lambda r: _("Hệ thống đếm từ đợt triển khai") if r.target.counted else _("Nhập kết quả đo"),
        ),
    ],
    search=Search(placeholder="thanh pho, ke hoach…"),
    filters=[
        ValueFilter(
            "term",
            label=gettext_lazy("Nhiệm kỳ"),
            options=lambda request: [(t, t) for t in selectors.target_terms(viewer=request.user)],
        ),
        ChoiceFilter("kind", TargetKind.choices, label=gettext_lazy("Loại")),
        # The status is computed: the view filters the computed rows (a unit's targets are few).
        ComputedFilter(
            "status",
            TargetStatus.choices,
            keep=lambda r, v: r.progress.status == v,
            label=gettext_lazy("Tình trạng"),
        ),
    ],
    export_name="chi-tieu",
    sheet_title="Chỉ tiêu",
)


def _filtered(request: HttpRequest) -> tuple[BoundList, list[Any] | None]:
    bl = LIST.bind(request, selectors.target_search(viewer=request.user))
    rows = None
    if bl.computing:
        rows = bl.keep(selectors.target_rows(viewer=request.user, targets=bl.queryset[:2000]))
    return bl, rows


def target_list(request: HttpRequest) -> HttpResponse:
    bl, rows = _filtered(request)
    context = bl.context(rows)
    page_rows = rows_for_page = list(context["page"].object_list)
    if rows is None:
        rows_for_page = selectors.target_rows(viewer=request.user, targets=page_rows)
    return render(
        request,
        "targets/list.html",
        {
            **context,
            "rows": rows_for_page,
            "can_create": Unit.objects.restrict(request.user, "change").exists(),
        },
    )


def target_export(request: HttpRequest) -> HttpResponse:
    bl, rows = _filtered(request)
    rows = (
        rows if rows is not None else selectors.target_rows(viewer=request.user, targets=bl.queryset[:5000])
    )
    return bl.export(request.GET.get("format", ""), objects=rows)


def _chart(target: Target, p: progress.Progress, today: dt.date) -> dict[str, Any] | None:
    """Numbers for an inline SVG line chart (no user text goes into the drawing)."""
    if target.kind != TargetKind.NUMBER or not p.series:
        return None
    start = target.starts_on
    end = max(target.target_date, min(today, max(d for d, _v in p.series)))
    span = max((end - start).days, 1)
    top = max([float(v) for _d, v in p.series] + [float(target.target_value or 0), 1.0])
    w, h = 600, 180

    def xy(d: dt.date, v: Any) -> str:
        x = 10 + (w - 20) * max(0, (d - start).days) / span
        y = h - 10 - (h - 20) * float(v) / top
        return f"{x:.1f},{y:.1f}"

    goal_y = h - 10 - (h - 20) * float(target.target_value or 0) / top
    due_x = 10 + (w - 20) * (target.target_date - start).days / span
    return {
        "w": w,
        "h": h,
        "points": " ".join(xy(d, v) for d, v in p.series),
        "goal_y": f"{goal_y:.1f}",
        "due_x": f"{due_x:.1f}",
    }


def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    t = selectors.target_get(viewer=request.user, pk=pk)
    today = timezone.localdate()
    p = selectors.progress_for(viewer=request.user, target=t, today=today)
    can_change = covers(request.user, t.unit, "change") and not t.counted
    return render(
        request,
        "targets/detail.html",
        {
            "t": t,
            "p": p,
            "goal": selectors.target_goal_text(t),
            "actual": selectors.target_actual_text(t, p),
            "chart": _chart(t, p, today),
            "measurements": t.measurements.all().order_by("-on", "-id"),
            "form": MeasurementForm(initial={"on": today}) if can_change else None,
            "rollout_visible": t.step_id is not None
            and t.step is not None
            and rollouts_visible(viewer=request.user).filter(pk=t.step.rollout_id).exists(),
            "rule": progress.__doc__,
        },
    )


@require_POST
def measurement_add(request: HttpRequest, pk: int) -> HttpResponse:
    t = selectors.target_get(viewer=request.user, pk=pk, action="change")
    form = MeasurementForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.measurement_add(
                target=t,
                on=d["on"],
                value=d["value"],
                reached=d["reached"],
                note=d["note"],
                acting_user=request.user,
            )
            messages.success(request, _("Đã ghi kết quả."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("targets:detail", pk=t.pk)


def target_create(request: HttpRequest) -> HttpResponse:
    units = list(Unit.objects.restrict(request.user, "change").filter(valid_to__isnull=True)[:500])
    if not units:
        refuse(request.user, "change")
    steps = list(selectors.steps_linkable(viewer=request.user)[:300])
    form = TargetForm(request.POST or None, units=units, steps=steps)

    def save(d: dict[str, Any]) -> Any:
        doc = None
        if d["document_code"].strip():
            doc = document_from_code(
                user=request.user,
                code=d["document_code"],
                field="document_code",
                form=form,
                next_url=request.get_full_path(),
            )
        step = next((s for s in steps if s.pk == d["step"]), None)
        return services.target_create(
            unit=unit_get(viewer=request.user, pk=d["unit"], action="change"),
            title=d["title"],
            term=d["term"],
            kind=d["kind"],
            description=d["description"],
            value_unit=d["value_unit"],
            baseline=d["baseline"],
            target_value=d["target_value"],
            target_text=d["target_text"],
            starts_on=d["starts_on"],
            target_date=d["target_date"],
            due_precision=d["due_precision"],
            source_document=doc,
            step=step,
            counted_measure=d["counted_measure"],
            acting_user=request.user,
        )

    return form_view(
        request,
        form,
        save=save,
        success=_("Đã thêm chỉ tiêu."),
        redirect_to=lambda t: reverse("targets:detail", kwargs={"pk": t.pk}),
        template="targets/form.html",
        context={"title": _("Thêm mục tiêu, chỉ tiêu")},
    )
