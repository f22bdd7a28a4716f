from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.excel import workbook_response
from trienkhai.core.forms import errors_onto, form_view
from trienkhai.core.importing import ImportFailed
from trienkhai.core.scoping import covers, get_scoped_or_404, has_scope, refuse, scope_key
from trienkhai.core.views import stored_file_response
from trienkhai.documents.selectors import document_get
from trienkhai.orgs.models import Unit
from trienkhai.rollout import fragments, selectors, services
from trienkhai.rollout.choices import RolloutStatus
from trienkhai.rollout.forms import ImportForm, LaunchForm, RecordForm
from trienkhai.rollout.importers import columns, records_import, template_rows
from trienkhai.rollout.models import Step
from trienkhai.textmine.normalize import clean_text


def _step(request: HttpRequest, pk: int) -> Step:
    """A step of a rollout the viewer sees; otherwise 404."""
    return selectors.step_get(viewer=request.user, pk=pk)


CLOSED_SHOWN = 30


def dashboard(request: HttpRequest) -> HttpResponse:
    unit: Unit | None
    if request.GET.get("unit"):
        unit = selectors.unit_get(viewer=request.user, pk=request.GET["unit"])
    else:
        unit = selectors.dashboard_unit(viewer=request.user)
    return render(
        request,
        "rollout/dashboard.html",
        {
            "rows_html": fragments.dashboard_cards(request, unit) if unit is not None else "",
            "unit": unit,
            "today": timezone.localdate(),
            "can_launch": has_scope(request.user, "change"),
            # the ended ones stay readable (their coverage, as of any day, and their report)
            "closed": list(
                selectors.rollouts_visible(viewer=request.user, status=RolloutStatus.CLOSED).order_by(
                    "-starts_on", "-pk"
                )[:CLOSED_SHOWN]
            ),
        },
    )


def todo(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rollout/todo.html",
        {"items": selectors.todo_for(viewer=request.user), "today": timezone.localdate()},
    )


def launch(request: HttpRequest) -> HttpResponse:
    units = list(Unit.objects.restrict(request.user, "change").filter(valid_to__isnull=True)[:300])
    if not units:
        refuse(request.user, "change")
    # The document search (a GET form above the launch form, no script): the list it narrows
    # is also what the posted choice is checked against, so the form keeps its ?q=.
    q = clean_text(request.GET.get("q", ""))[:200]
    documents = selectors.launch_documents(viewer=request.user, q=q)
    initial: dict[str, Any] = {"starts_on": timezone.localdate()}
    if request.GET.get("document"):
        initial["document"] = request.GET["document"]
    elif q and len(documents) == 1:
        initial["document"] = documents[0].pk
    form = LaunchForm(request.POST or None, documents=documents, units=units, initial=initial)

    def save(data):
        return services.rollout_launch(
            document=document_get(viewer=request.user, pk=data["document"]),
            owner_unit=get_scoped_or_404(Unit.objects, request.user, "change", pk=data["owner_unit"]),
            title=data["title"],
            purpose=data["purpose"],
            scope_kinds=data["scope_kinds"],
            scope_depth=data["scope_depth"],
            recurrence=data["recurrence"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            steps=form.steps(),
            acting_user=request.user,
        )

    return form_view(
        request,
        form,
        save=save,
        success=lambda rollout: _("Đã phát động “%(t)s”.") % {"t": rollout.title},
        redirect_to=lambda rollout: reverse("rollout:detail", kwargs={"pk": rollout.pk}),
        template="rollout/launch.html",
        context={"q": q, "documents_found": len(documents), "documents_limit": selectors.LAUNCH_DOCUMENTS},
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = selectors.rollout_head(viewer=request.user, pk=pk)
    unit: Unit | None
    if request.GET.get("unit"):
        unit = selectors.unit_get(viewer=request.user, pk=request.GET["unit"])
    else:
        unit = selectors.dashboard_unit(viewer=request.user)
        if unit is not None and rollout.owner_unit.is_within(unit, strict=True):
            unit = rollout.owner_unit  # a viewer above the owner starts at the owner
    if unit is None:
        raise Http404
    period_param = request.GET.get("period", "")
    missing_param = bool(request.GET.get("missing"))
    can_change = covers(request.user, rollout.owner_unit, "change")
    today = timezone.localdate()
    doc = rollout.document
    # Everything the page shows depends on these; the rollout's version moves with every
    # record, so a cached rendering is never stale.
    page = (
        rollout.pk,
        rollout.created_at,
        rollout.title,
        rollout.status,
        rollout.illustrative,
        rollout.purpose,
        rollout.starts_on,
        rollout.owner_unit.name,
        (doc.pk, doc.kind, doc.code, doc.title),
        unit.pk,
        unit.name,
        unit.numchild,
        period_param,
        missing_param,
        today.toordinal(),
        scope_key(request.user) or ("*",),
        can_change,
    )
    key = fragments.cache_key(page, rollout.version)

    def build() -> tuple[dict, tuple]:
        periods = selectors.rollout_periods(rollout)
        period = selectors.current_of(periods, today)
        if period_param:
            period = next((p for p in periods if str(p.pk) == period_param), None)
            if period is None:
                raise Http404
        cov = selectors.coverage_for(
            rollout=rollout,
            unit=unit,
            viewer=request.user,
            period=period,
            today=today,
            with_children=False,
            with_series=True,
        )
        steps = [s.step for s in cov.steps]
        children = (
            selectors.children_tallies(unit=unit, viewer=request.user, steps=steps)
            if steps and unit.numchild
            else []
        )
        context = {
            "rollout": rollout,
            "cov": cov,
            "periods": periods,
            "unit": unit,
            "breadcrumb": selectors.breadcrumb(viewer=request.user, unit=unit),
            # "Who is behind", with their contacts: asked for, or on a unit with nothing below.
            "call_list": selectors.call_list(coverages=cov.steps, unit=unit, viewer=request.user)
            if unit.numchild == 0 or missing_param
            else None,
            "overdue_step": next((s.step for s in cov.steps if s.overdue), None),
            "can_change": can_change,
            "chart": _chart(cov),
            "children_html": fragments.children_html(cov, children, today) if children else "",
            "successions": selectors.successions(rollout=rollout, unit=unit),
            "handovers": selectors.handovers(rollout=rollout),
        }
        return context, fragments.detail_content(page, context)

    body = fragments.detail_body(key, build)
    return render(
        request,
        "rollout/detail.html",
        {"rollout": rollout, "body_html": body, "unit": unit, "can_change": can_change},
    )


def _chart(cov) -> list[dict]:
    """Completion over time as SVG polylines (no JavaScript, no CDN)."""
    series = []
    all_days = [d for pts in cov.series.values() for d, _n in pts]
    if not all_days:
        return []
    start = min([cov.rollout.starts_on, *all_days])
    # The axis ends at the last due date or record, not today: an old rollout stays readable.
    end = max([*all_days, *[s.step.due for s in cov.steps]]) + dt.timedelta(days=7)
    span = max((end - start).days, 1)
    colours = ["#b3121a", "#1a4f9c", "#1f7a3a", "#b26a00", "#6b3fa0", "#444"]
    for i, s in enumerate(cov.steps):
        pts = cov.series.get(s.step.pk, [])
        total = max(s.in_scope, 1)
        coords = [(0.0, 100.0)]
        for day, n in pts:
            x = 600.0 * (day - start).days / span
            coords.append((x, coords[-1][1]))
            coords.append((x, 100.0 - 100.0 * n / total))
        coords.append(
            (600.0 * (min(timezone.localdate(), end) - start).days / span, coords[-1][1])
        )  # flat to the end
        due_x = 600.0 * (s.step.due - start).days / span
        series.append(
            {
                "label": s.step.title,
                "colour": colours[i % len(colours)],
                "due_x": round(due_x, 1),
                "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in coords),
                "pct": s.done_pct,
            }
        )
    return [{"series": series, "start": start, "end": end}]


def record(request: HttpRequest, step_pk: int, unit_pk: int) -> HttpResponse:
    step = _step(request, step_pk)
    unit: Unit = get_scoped_or_404(Unit.objects, request.user, "view", pk=unit_pk)
    history = selectors.record_history(viewer=request.user, step=step, unit=unit)
    current = history[0] if history else None
    can_change = covers(request.user, unit, "change")
    initial: dict[str, Any] = {"done_on": timezone.localdate()}
    if current:
        initial = {
            f: getattr(current, f)
            for f in (
                "done_on",
                "form",
                "platform",
                "members_present",
                "members_on_roll",
                "masses",
                "channels",
                "reach",
                "outcome",
                "note",
            )
        }
        initial["expected_version"] = current.version
        if current.plan_document:
            initial.update(plan_code=current.plan_document.code_raw, plan_title=current.plan_document.title)
    form = RecordForm(request.POST or None, request.FILES or None, kind=step.kind, initial=initial)
    if request.method == "POST" and not can_change:
        refuse(request.user, "change")

    def save(cleaned):
        data = dict(cleaned)
        files = data.pop("files", None) or []
        expected = data.pop("expected_version", None)
        return services.step_record_submit(
            step=step,
            unit=unit,
            acting_user=request.user,
            expected_version=expected,
            files=[(f, f.name) for f in files],
            **data,
        )

    return form_view(
        request,
        form,
        save=save,
        success=_("Đã ghi nhận kết quả của %(u)s.") % {"u": unit.name},
        redirect_to=lambda _record: reverse(
            "rollout:record", kwargs={"step_pk": step.pk, "unit_pk": unit.pk}
        ),
        template="rollout/record.html",
        context={
            "step": step,
            "unit": unit,
            "history": history,
            "current": current,
            "can_change": can_change,
            "today": timezone.localdate(),
        },
    )


def record_attachment(request: HttpRequest, pk: int) -> FileResponse:
    return stored_file_response(selectors.record_attachment_get(viewer=request.user, pk=pk))


def import_records(request: HttpRequest, step_pk: int) -> HttpResponse:
    step = _step(request, step_pk)
    if not Unit.objects.restrict(request.user, "change").exists():
        refuse(request.user, "change")
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            n = records_import(step=step, upload=upload, filename=upload.name, acting_user=request.user)
        except ImportFailed as exc:
            row_errors = exc.row_errors
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã nhập %(n)s kết quả.") % {"n": n})
            return redirect("rollout:detail", pk=step.rollout_id)
    return render(
        request,
        "rollout/import.html",
        {"form": form, "step": step, "row_errors": row_errors},
        status=400 if (row_errors or form.errors) else 200,
    )


def import_template(request: HttpRequest, step_pk: int) -> HttpResponse:
    step = _step(request, step_pk)
    headers = [label for _key, label in columns(step.kind)]
    return workbook_response(
        f"mau-ket-qua-{step.pk}.xlsx", "Kết quả", headers, template_rows(step=step, viewer=request.user)
    )


def export_coverage(request: HttpRequest, pk: int) -> HttpResponse:
    from trienkhai.rollout.exports import coverage_workbook

    rollout = selectors.rollout_get(viewer=request.user, pk=pk)
    unit: Unit = get_scoped_or_404(
        Unit.objects, request.user, "view", pk=request.GET.get("unit") or rollout.owner_unit_id
    )
    response = HttpResponse(
        coverage_workbook(rollout=rollout, unit=unit, viewer=request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-phu-{rollout.pk}.xlsx"'
    return response


def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from trienkhai.rollout.reports import coverage_report

    rollout = selectors.rollout_get(viewer=request.user, pk=pk)
    # ?as_of=YYYY-MM-DD: the report as of that day (its tree, names and records).
    as_of = None
    if request.GET.get("as_of"):
        from trienkhai.orgs.forms import AsOfForm

        form = AsOfForm({"date": request.GET["as_of"]})
        if not form.is_valid():
            return HttpResponse(
                _("Ngày xem không hợp lệ: hãy nhập theo dạng năm-tháng-ngày (YYYY-MM-DD)."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        as_of = form.cleaned_data["date"]
    unit: Unit = (
        get_scoped_or_404(Unit.objects, request.user, "view", pk=request.GET["unit"])
        if request.GET.get("unit")
        # The owner of that day when looking back, so a handover since leaves the past as it was.
        else selectors.as_of_unit(viewer=request.user, rollout=rollout, date=as_of)
        if as_of
        else get_scoped_or_404(Unit.objects, request.user, "view", pk=rollout.owner_unit_id)
    )
    data = coverage_report(rollout=rollout, unit=unit, viewer=request.user, as_of=as_of)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-trien-khai-{rollout.pk}.docx"'
    return response


def close(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        raise Http404
    rollout = selectors.rollout_get(viewer=request.user, pk=pk)
    try:
        services.rollout_close(rollout=rollout, acting_user=request.user)
        messages.success(request, _("Đã kết thúc đợt triển khai."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("rollout:detail", pk=rollout.pk)


def periodic_report(request: HttpRequest) -> HttpResponse:
    """The periodic report for the viewer's unit: rollouts, training, recognition, targets."""
    from trienkhai.rollout.reports import periodic_report as build

    unit = selectors.dashboard_unit(viewer=request.user)
    if request.GET.get("unit"):
        unit = get_scoped_or_404(Unit.objects, request.user, "view", pk=request.GET["unit"])
    if unit is None:
        raise Http404
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    response = HttpResponse(
        build(unit=unit, viewer=request.user, year=year),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-dinh-ky-{year}.docx"'
    return response


def as_of(request: HttpRequest, pk: int) -> HttpResponse:
    """The coverage as it stood on a date: that day's tree, names and records (issue 15.3)."""
    from trienkhai.orgs.forms import AsOfForm

    rollout = selectors.rollout_head(viewer=request.user, pk=pk)
    form = AsOfForm(request.GET if "date" in request.GET else None)
    valid = form.is_bound and form.is_valid()
    unit = (
        selectors.unit_get(viewer=request.user, pk=request.GET["unit"])
        if request.GET.get("unit")
        else selectors.as_of_unit(
            viewer=request.user, rollout=rollout, date=form.cleaned_data["date"] if valid else None
        )
    )
    cov = None
    if valid:
        cov = selectors.coverage_as_of(
            viewer=request.user, rollout=rollout, unit=unit, date=form.cleaned_data["date"]
        )
    return render(
        request,
        "rollout/as_of.html",
        {
            "rollout": rollout,
            "unit": unit,
            "form": form,
            "cov": cov,
            "steps_totals": list(zip(cov.steps, cov.totals, strict=True)) if cov else [],
            "handovers": selectors.handovers(rollout=rollout),
            "unit_asked": bool(request.GET.get("unit")),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
