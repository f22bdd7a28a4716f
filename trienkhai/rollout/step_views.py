"""Editing a rollout's steps after the launch: one page, three writes (edit, add, remove).

A module of its own beside ``views.py``: the coverage pages there are about reading and
caching, these are plain forms. Every write is one service call; a refusal renders the page
again with the message where the editor was (status 400).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.forms import errors_onto
from trienkhai.rollout import selectors, services
from trienkhai.rollout.choices import Recurrence
from trienkhai.rollout.forms import StepAddForm, StepEditForm, StepRemoveForm
from trienkhai.rollout.models import Step


def _prefix(step: Step) -> str:
    # Every step's form is on the same page: its own field names and ids.
    return f"s{step.pk}"


def _page(
    request: HttpRequest,
    pk: int,
    *,
    bound: tuple[Any, Any] | None = None,
    remove_errors: dict[int, list[str]] | None = None,
) -> HttpResponse:
    """The edit page; ``bound`` is ``(step pk or "add", form)`` of the form just refused."""
    edit = selectors.steps_edit(viewer=request.user, pk=pk)
    version = edit.rollout.steps_version
    rows = []
    for row in edit.steps:
        s = row.step
        form = (
            bound[1]
            if bound and bound[0] == s.pk
            else StepEditForm(
                prefix=_prefix(s), initial={"title": s.title, "due": s.due, "expected_version": version}
            )
        )
        rows.append(
            {
                "step": s,
                "units_done": row.units_done,
                "form": form,
                "remove_errors": (remove_errors or {}).get(s.pk, []),
            }
        )
    add_form = (
        bound[1]
        if bound and bound[0] == "add"
        else StepAddForm(prefix="add", initial={"expected_version": version})
    )
    failed = bound is not None or bool(remove_errors)
    return render(
        request,
        "rollout/steps.html",
        {
            "rollout": edit.rollout,
            "period": edit.period,
            "rows": rows,
            "add_form": add_form,
            "version": version,
            "recurring": edit.rollout.recurrence != Recurrence.NONE,
            "earlier_periods": edit.earlier_periods,
            "later_periods": edit.later_periods,
            "editable": edit.rollout.status == "active" and edit.period is not None,
        },
        status=400 if failed else 200,
    )


def steps(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, pk)


@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = selectors.rollout_get_for_edit(viewer=request.user, pk=pk)
    form = StepAddForm(request.POST, prefix="add")
    if form.is_valid():
        data = form.cleaned_data
        try:
            step = services.step_add(
                rollout=rollout,
                kind=data["kind"],
                title=data["title"],
                due=data["due"],
                expected_version=data["expected_version"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã thêm yêu cầu “%(s)s”.") % {"s": step.title})
            return redirect("rollout:steps", pk=rollout.pk)
    return _page(request, rollout.pk, bound=("add", form))


@require_POST
def step_edit(request: HttpRequest, step_pk: int) -> HttpResponse:
    step = selectors.step_get_for_edit(viewer=request.user, pk=step_pk)
    form = StepEditForm(request.POST, prefix=_prefix(step), initial={"title": step.title, "due": step.due})
    if form.is_valid():
        data = form.cleaned_data
        if not set(form.changed_data) - {"expected_version"}:
            messages.info(request, _("Không có gì thay đổi."))
            return redirect("rollout:steps", pk=step.rollout_id)
        try:
            step = services.step_update(
                step=step,
                title=data["title"],
                due=data["due"],
                expected_version=data["expected_version"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã lưu yêu cầu “%(s)s”.") % {"s": step.title})
            return redirect("rollout:steps", pk=step.rollout_id)
    return _page(request, step.rollout_id, bound=(step.pk, form))


@require_POST
def step_remove(request: HttpRequest, step_pk: int) -> HttpResponse:
    step = selectors.step_get_for_edit(viewer=request.user, pk=step_pk)
    form = StepRemoveForm(request.POST, prefix=_prefix(step))
    if form.is_valid():
        try:
            services.step_remove(
                step=step, expected_version=form.cleaned_data["expected_version"], acting_user=request.user
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("Đã xóa yêu cầu “%(s)s”.") % {"s": step.title})
            return redirect("rollout:steps", pk=step.rollout_id)
    else:
        problems = [str(e) for errs in form.errors.values() for e in errs]
    return _page(request, step.rollout_id, remove_errors={step.pk: problems})
