from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trienkhai.core.forms import errors_onto
from trienkhai.core.scoping import covers, refuse
from trienkhai.core.views import paginate
from trienkhai.documents.selectors import issuing_bodies
from trienkhai.intake import selectors, services
from trienkhai.intake.choices import Finding
from trienkhai.intake.forms import FORMSETS, ImportForm, MeetingItemForm, OpinionMoodForm
from trienkhai.intake.selectors import Findings
from trienkhai.opinion.selectors import topics_active
from trienkhai.orgs.selectors import unit_get, units_visible
from trienkhai.rollout.selectors import steps_visible


def report_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.report_list(viewer=request.user))
    can_add = units_visible(viewer=request.user, action="change").exists()
    return render(request, "intake/list.html", {"page": page, "query": query, "can_add": can_add})


def report_create(request: HttpRequest) -> HttpResponse:
    units = list(
        units_visible(viewer=request.user, action="change")
        .filter(valid_to__isnull=True)
        .order_by("path")[:500]
    )
    if not units:
        refuse(request.user, "change")
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = unit_get(viewer=request.user, pk=data["unit"], action="change")
        upload = data.get("file")
        try:
            if upload is not None:
                # Read one byte past the cap: the service refuses what is too big.
                raw = upload.read(request_limit() + 1)
                report = services.imported_report_create(
                    unit=unit, title=data["title"], data=raw, file_name=upload.name, acting_user=request.user
                )
            else:
                report = services.imported_report_create(
                    unit=unit, title=data["title"], text=data["text"], acting_user=request.user
                )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã lưu báo cáo; hãy xem lại các đề xuất rồi xác nhận."))
            return redirect("intake:review", pk=report.pk)
    return render(request, "intake/form.html", {"form": form}, status=400 if form.errors else 200)


def request_limit() -> int:
    from django.conf import settings

    return settings.MAX_IMPORT_BYTES


def _initial(item: dict) -> dict:
    return {"selected": item["selected"], "key": item["key"], **item["fields"]}


def _step_choices(viewer: Any) -> list[tuple[Any, str]]:
    steps = (
        steps_visible(viewer=viewer)
        .select_related("rollout", "period")
        .order_by("-rollout__starts_on", "period__index", "order")[:300]
    )
    return [("", "—")] + [(s.pk, f"{s.rollout.title} — {s.title} ({s.period})") for s in steps]


def _formsets(request: HttpRequest, f: Findings, data: Any = None) -> tuple[dict, MeetingItemForm | None]:
    unit_choices = [(u.pk, u.name) for u in f.unit_choices]
    extra = {
        "step": _step_choices(request.user),
        "topics": [(t.slug, t.name) for t in topics_active()],
        "issuing_body": [("", "—")] + [(b.pk, b.name) for b in issuing_bodies()],
    }
    out = {}
    for name, fs_class in FORMSETS.items():
        items = getattr(f, name)
        fs = fs_class(
            data,
            initial=[_initial(i) for i in items],
            prefix=name,
            form_kwargs={"unit_choices": unit_choices, "extra_choices": extra},
        )
        for form, item in zip(fs.forms, items, strict=False):
            form.item = item
            if name == "records":
                form.for_kind(item["step_kind"])  # type: ignore[attr-defined]  # a StepRecordItemForm
        out[name] = fs
    meeting_form = None
    if f.meeting:
        meeting_form = MeetingItemForm(
            data, initial=_initial(f.meeting), prefix="meeting", unit_choices=unit_choices
        )
        meeting_form.item = f.meeting
    return out, meeting_form


def _opinion_form(f: Findings, data: Any = None) -> OpinionMoodForm | None:
    if not f.concerns or f.opinion is None:
        return None
    return OpinionMoodForm(data, initial={"mood": f.opinion["mood"]}, prefix="opinion")


def _selections(formsets: dict, meeting_form: MeetingItemForm | None) -> dict:
    sel: dict[str, Any] = {}
    for name, fs in formsets.items():
        sel[name] = [s for s in (form.selection() for form in fs.forms) if s is not None]
    sel["meeting"] = meeting_form.selection() if meeting_form is not None else None
    return sel


def _new_edit(post: Any, f: Findings) -> tuple[dict | None, str]:
    """The change the reviewer asked for with this post (another kind for an item, or an item
    added from a span of the text), or why it cannot be made."""
    kinds = selectors.EDIT_KINDS
    if "retype" in post:
        key = post.get("retype", "")
        kind = post.get(f"as-{key}", "")
        if kind not in kinds:
            return None, _("Hãy chọn loại bản ghi mới.")
        return {"key": key, "as": kind}, ""
    kind = post.get("add_as", "")
    if kind not in kinds:
        return None, _("Hãy chọn loại bản ghi cho đoạn đã chọn.")
    quote = post.get("add_text", "")
    if not quote.strip():
        return None, _("Hãy chọn (bôi đen) hoặc dán một đoạn của văn bản.")
    span = selectors.span_of(f.text, quote, post.get("add_start"), post.get("add_end"))
    if span is None:
        return None, _("Không tìm thấy đoạn này trong văn bản đã đọc.")
    return {"span": list(span), "as": kind}, ""


def _carry(formsets: dict, meeting_form: Any, opinion_form: Any, f: Findings) -> None:
    """The ticks and corrections of the post just made, onto the items of ``f`` (the findings
    with the new change): a change of kind keeps every other correction."""
    items = f.by_key()
    forms = [form for fs in formsets.values() for form in fs.forms]
    if meeting_form is not None:
        forms.append(meeting_form)
    for form in forms:
        if not form.is_valid():
            continue
        item = items.get(form.cleaned_data.get("key"))
        if item is None:
            continue
        item["selected"] = bool(form.cleaned_data.get("selected"))
        item["fields"].update({k: v for k, v in form.cleaned_data.items() if k not in ("selected", "key")})
    if opinion_form is not None and opinion_form.is_valid() and f.opinion is not None:
        if opinion_form.cleaned_data.get("mood"):
            f.opinion["mood"] = opinion_form.cleaned_data["mood"]


def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(viewer=request.user, pk=pk)
    can_confirm = covers(request.user, report.unit, "change")
    edits = selectors.parse_edits(request.POST.get("edits", "")) if request.method == "POST" else []
    f = selectors.report_findings(report=report, viewer=request.user, edits=edits)
    failed_key = failed_message = ""
    status = 200
    if request.method == "POST":
        if not can_confirm:
            refuse(request.user, "change")
        formsets, meeting_form = _formsets(request, f, request.POST)
        opinion_form = _opinion_form(f, request.POST)
        valid = (
            all(fs.is_valid() for fs in formsets.values())
            and (meeting_form is None or meeting_form.is_valid())
            and (opinion_form is None or opinion_form.is_valid())
        )
        if "retype" in request.POST or "add" in request.POST:
            edit, why = _new_edit(request.POST, f)
            if edit is None:
                messages.error(request, why)
                status = 400
            else:
                edits = [*edits, edit]
                f = selectors.report_findings(report=report, viewer=request.user, edits=edits)
                _carry(formsets, meeting_form, opinion_form, f)
                formsets, meeting_form = _formsets(request, f)
                opinion_form = _opinion_form(f)
        elif valid:
            selections = _selections(formsets, meeting_form)
            if opinion_form is not None and opinion_form.cleaned_data.get("mood"):
                selections["opinion"] = {"mood": opinion_form.cleaned_data["mood"]}
            try:
                result = services.imported_report_confirm(
                    report=report, selections=selections, acting_user=request.user, edits=edits
                )
            except services.ImportItemError as exc:
                # Nothing was created; the bound forms show back every edit and tick.
                failed_key, failed_message = exc.item_key, " ".join(exc.messages)
                messages.error(request, failed_message)
                status = 400
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 400
            else:
                messages.success(
                    request,
                    _("Đã xác nhận: tạo mới %(c)s bản ghi, nhận diện %(r)s bản ghi đã có.")
                    % {"c": result["created"], "r": result["recognised"]},
                )
                return redirect("intake:review", pk=report.pk)
        else:
            messages.error(request, _("Có trường chưa hợp lệ; hãy sửa các mục được đánh dấu."))
            status = 400
    else:
        formsets, meeting_form = _formsets(request, f)
        opinion_form = _opinion_form(f)
    return render(
        request,
        "intake/review.html",
        {
            "report": report,
            "f": f,
            "highlighted": selectors.highlight(f.text, f),
            "formsets": formsets,
            "meeting_form": meeting_form,
            "opinion_form": opinion_form,
            "can_confirm": can_confirm,
            "failed_key": failed_key,
            "failed_message": failed_message,
            "edits_json": json.dumps(edits),
            "edit_kinds": selectors.edit_kind_choices(),
            "retypable": (Finding.PROPOSAL.value, Finding.CONCERN.value),
            "provenance": selectors.provenance_rows(viewer=request.user, report=report),
            "facts": selectors.report_facts(viewer=request.user, report=report),
        },
        status=status,
    )
