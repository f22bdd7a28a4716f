from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.excel import workbook_response
from trienkhai.core.forms import form_view
from trienkhai.core.scoping import covers, refuse
from trienkhai.core.views import paginate
from trienkhai.documents.selectors import document_from_code
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get
from trienkhai.rollout.selectors import rollouts_visible
from trienkhai.targets import progress, selectors, services
from trienkhai.targets.choices import TargetKind, TargetStatus
from trienkhai.targets.forms import MeasurementForm, TargetForm
from trienkhai.targets.models import Target

FILTERS = ("q", "term", "kind", "status")


def _filtered(
    request: HttpRequest,
) -> tuple[dict[str, str], QuerySet[Target], list[selectors.TargetRow] | None]:
    f = {k: request.GET.get(k, "").strip() for k in FILTERS}
    qs = selectors.target_search(viewer=request.user, q=f["q"], term=f["term"], kind=f["kind"])
    rows = None
    if f["status"] in TargetStatus.values:
        # The status is computed: filter the computed rows (a unit's targets are few).
        rows = [
            r
            for r in selectors.target_rows(viewer=request.user, targets=qs[:2000])
            if r.progress.status == f["status"]
        ]
    return f, qs, rows


def target_list(request: HttpRequest) -> HttpResponse:
    f, qs, rows = _filtered(request)
    page, query = paginate(request, rows if rows is not None else qs)
    page_rows = rows_for_page = list(page.object_list)
    if rows is None:
        rows_for_page = selectors.target_rows(viewer=request.user, targets=page_rows)
    return render(
        request,
        "targets/list.html",
        {
            "page": page,
            "rows": rows_for_page,
            "query": query,
            "f": f,
            "terms": selectors.target_terms(viewer=request.user),
            "kinds": TargetKind.choices,
            "statuses": TargetStatus.choices,
            "can_create": Unit.objects.restrict(request.user, "change").exists(),
        },
    )


def target_export(request: HttpRequest) -> HttpResponse:
    _f, qs, rows = _filtered(request)
    rows = rows if rows is not None else selectors.target_rows(viewer=request.user, targets=qs[:5000])
    headers = [
        _("Mục tiêu, chỉ tiêu"),
        _("Đơn vị"),
        _("Nhiệm kỳ"),
        _("Đầu kỳ"),
        _("Phải đạt"),
        _("Từ ngày"),
        _("Thời hạn"),
        _("Kết quả hiện tại"),
        _("Ngày đạt"),
        _("Tình trạng"),
        _("Nguồn số liệu"),
    ]
    out = []
    for r in rows:
        t, p = r.target, r.progress
        out.append(
            [
                t.title,
                t.unit.name,
                t.term,
                t.baseline,
                selectors.target_goal_text(t),
                t.starts_on,
                t.target_date.year if t.due_precision == "year" else t.target_date,
                selectors.target_actual_text(t, p),
                p.achieved_on,
                p.status_label,
                _("Hệ thống đếm từ đợt triển khai") if t.counted else _("Nhập kết quả đo"),
            ]
        )
    return workbook_response("chi-tieu.xlsx", "Chỉ tiêu", headers, out)


def _chart(target: Target, p: progress.Progress, today: dt.date) -> dict[str, Any] | None:
    """Numbers for an inline SVG line chart (no user text goes into the drawing)."""
    if target.kind != TargetKind.NUMBER or not p.series:
        return None
    start = target.starts_on
    end = max(target.target_date, min(today, max(d for d, _v in p.series)))
    span = max((end - start).days, 1)
    top = max([float(v) for _d, v in p.series] + [float(target.target_value or 0), 1.0])
    w, h = 600, 180

    def xy(d: dt.date, v: Decimal | float) -> str:
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
            and rollouts_visible(viewer=request.user).filter(pk=t.step.rollout_id).exists(),  # type: ignore[union-attr]  # step_id checked
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

    def save(d: dict[str, Any]) -> Target:
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
