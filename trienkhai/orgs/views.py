from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.excel import workbook_response
from trienkhai.core.forms import errors_onto
from trienkhai.core.importing import ImportFailed
from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import covers
from trienkhai.core.views import paginate
from trienkhai.documents.selectors import document_from_code, document_search
from trienkhai.orgs import plans, selectors, services
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.forms import (
    REORG_FORMS,
    AsOfForm,
    MemberCountForm,
    PlanForm,
    PlanRowFormSet,
    UnitCreateForm,
    UnitImportForm,
    UnitRenameForm,
)
from trienkhai.orgs.importers import TEMPLATE_HEADERS, units_import
from trienkhai.orgs.models import Unit


def unit_tree(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    include_ended = request.GET.get("ended") == "1"
    context = {"q": q, "kind": kind, "kinds": UnitKind.choices, "ended": include_ended}
    if q or kind:
        results = selectors.unit_search(viewer=request.user, q=q, kind=kind, include_ended=include_ended)
        page, query = paginate(request, results)
        context.update(page=page, query=query)
    else:
        context["roots"] = selectors.unit_roots(viewer=request.user)
    return render(request, "orgs/tree.html", context)


def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx fragment: the children of one node, loaded when it is opened."""
    unit = selectors.unit_get(viewer=request.user, pk=pk)
    children = selectors.unit_children(
        viewer=request.user, unit=unit, include_ended=request.GET.get("ended") == "1"
    )
    return render(request, "orgs/_children.html", {"children": children})


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(viewer=request.user, pk=pk)
    history = selectors.unit_history(viewer=request.user, unit=unit)
    # ?as_of=YYYY-MM-DD: the unit's name, kind, parent, members and children of that day.
    as_of_value = request.GET.get("as_of", "").strip()
    then, as_of_error = None, ""
    if as_of_value:
        form = AsOfForm({"date": as_of_value})
        if form.is_valid():
            then = selectors.unit_as_of(viewer=request.user, unit=unit, date=form.cleaned_data["date"])
        else:
            as_of_error = _("Ngày xem không hợp lệ: hãy nhập theo dạng ngày/tháng/năm.")
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "then": then,
            "as_of_value": as_of_value,
            "as_of_error": as_of_error,
            "unit": unit,
            "breadcrumb": selectors.unit_ancestors_visible(viewer=request.user, unit=unit),
            "children": selectors.unit_children(viewer=request.user, unit=unit, include_ended=True),
            "history": history,
            "documents": document_search(viewer=request.user, issuer=unit.pk)[:10],
            "can_change": covers(request.user, unit, "change"),
            "can_admin": covers(request.user, unit, "admin"),
            "can_reorganise": _can_reorganise(request.user, unit),
            "reorg_ops": REORG_FORMS,
            "rename_form": UnitRenameForm(
                initial={"new_name": unit.name, "new_kind": unit.kind, "date": timezone.localdate()}
            ),
            "member_form": MemberCountForm(initial={"as_of": timezone.localdate()}),
            "child_form": UnitCreateForm(),
        },
    )


def _can_reorganise(user, unit: Unit) -> bool:
    parent = unit.parent_unit() if unit.depth > 1 else None
    if parent is None:
        return bool(user.is_superuser)
    return covers(user, parent, "admin")


def unit_as_of(request: HttpRequest) -> HttpResponse:
    # Bound only once a date is asked for: a link from a unit's page (?root=…) opens the empty
    # form, not "this field is required" before anything was typed.
    form = AsOfForm(request.GET if "date" in request.GET else None)
    tree = None
    root = None
    if request.GET.get("root"):
        root = selectors.unit_get(viewer=request.user, pk=request.GET["root"])
    if form.is_valid():
        tree = selectors.tree_as_of(viewer=request.user, date=form.cleaned_data["date"], root=root)
    return render(request, "orgs/as_of.html", {"form": form, "tree": tree, "root": root})


@require_POST
def unit_add_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = selectors.unit_get(viewer=request.user, pk=pk, action="change")
    form = UnitCreateForm(request.POST)
    if form.is_valid():
        try:
            child = services.unit_create(parent=parent, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã tạo đơn vị “%(name)s”.") % {"name": child.name})
            return redirect("orgs:detail", pk=child.pk)
    return render(
        request,
        "orgs/form_errors.html",
        {"form": form, "unit": parent, "title": _("Thêm đơn vị trực thuộc")},
        status=400,
    )


@require_POST
def unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(viewer=request.user, pk=pk, action="change")
    form = UnitRenameForm(request.POST)
    if form.is_valid():
        try:
            services.unit_rename(unit=unit, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận thay đổi."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(
        request,
        "orgs/form_errors.html",
        {"form": form, "unit": unit, "title": _("Đổi tên, nâng cấp")},
        status=400,
    )


@require_POST
def unit_members(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(viewer=request.user, pk=pk, action="change")
    form = MemberCountForm(request.POST)
    if form.is_valid():
        try:
            services.member_count_set(unit=unit, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã ghi số đảng viên."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(
        request, "orgs/form_errors.html", {"form": form, "unit": unit, "title": _("Số đảng viên")}, status=400
    )


def unit_import(request: HttpRequest, pk: int) -> HttpResponse:
    root = selectors.unit_get(viewer=request.user, pk=pk, action="change")
    form = UnitImportForm(request.POST or None, request.FILES or None)
    row_errors: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = units_import(upload=upload, filename=upload.name, root=root, acting_user=request.user)
        except ImportFailed as exc:
            row_errors = exc.row_errors
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã tạo %(n)s đơn vị.") % {"n": len(result.created)})
            return redirect("orgs:detail", pk=root.pk)
    status = 400 if (row_errors or form.errors) else 200
    return render(
        request, "orgs/import.html", {"form": form, "unit": root, "row_errors": row_errors}, status=status
    )


def unit_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    root = selectors.unit_get(viewer=request.user, pk=pk, action="change")
    example = [["Chi bộ Khu dân cư số 1", str(UnitKind.PARTY_CELL.label), root.name, "", 35]]
    return workbook_response("mau-nhap-don-vi.xlsx", "Đơn vị", TEMPLATE_HEADERS, example)


def unit_export(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(viewer=request.user, pk=pk)
    units = selectors.unit_subtree(viewer=request.user, unit=unit)
    by_path = {u.path: u for u in units}
    rows = []
    for u in units:
        parent = by_path.get(u.parent_path)
        rows.append(
            [
                u.name,
                u.get_kind_display(),
                parent.name if parent else "",
                u.code or "",
                u.valid_from,
                u.valid_to,
                _("minh họa") if u.illustrative else "",
            ]
        )
    headers = [*TEMPLATE_HEADERS[:4], _("Thành lập"), _("Kết thúc"), _("Ghi chú")]
    return workbook_response("don-vi.xlsx", "Đơn vị", headers, rows)


def unit_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit trail of a unit's subtree, for its administrators."""
    unit = selectors.unit_get(viewer=request.user, pk=pk, action="admin")
    events = AuditEvent.objects.restrict(request.user, "admin").filter(unit__path__startswith=unit.path)
    events = events.select_related("unit")
    page, query = paginate(request, events, per_page=50)
    return render(request, "orgs/audit.html", {"unit": unit, "page": page, "query": query})


# --- Reorganisation (issue 15.1, decision 0067) ------------------------------------------------


def _decided_above(user, unit: Unit) -> None:
    """The pages of a reorganisation open for an admin of the unit above (404 / 403 otherwise)."""
    parent = unit.parent_unit()
    if parent is None:
        if not user.is_superuser:
            raise PermissionDenied(_("Chỉ quản trị hệ thống mới được thay đổi đơn vị gốc."))
        return
    selectors.unit_get(viewer=user, pk=parent.pk, action="admin")


def _reorg_units(user, unit: Unit, *, parents: bool):
    """Units the admin may pick: peers of ``unit`` or, for a parent, units one or two levels up
    (districts ended on 1/7/2025 and wards went straight to the province)."""
    units = Unit.objects.restrict(user, "admin").filter(valid_to__isnull=True)
    if parents:
        units = units.filter(depth__in=(unit.depth - 1, unit.depth - 2)).exclude(path__startswith=unit.path)
    else:
        units = units.filter(depth=unit.depth).exclude(pk=unit.pk)
    return units.order_by("path")


def _reorg_perform(op: str, unit: Unit, data: dict, doc, user):
    common = {
        "date": data["date"],
        "basis": data.get("basis", ""),
        "basis_document": doc,
        "acting_user": user,
    }
    note = data.get("note", "")
    if op == "move":
        return services.unit_move(unit=unit, new_parent=data["new_parent"], note=note, **common)
    if op == "merge":
        new_target = None
        if not data.get("target"):
            new_target = {
                "name": data["new_name"],
                "kind": data.get("new_kind") or unit.kind,
                "parent": data.get("new_target_parent"),
            }
        return services.unit_merge(
            sources=[unit, *data["others"]],
            target=data.get("target"),
            new_target=new_target,
            note=note,
            **common,
        )
    if op == "split":
        return services.unit_split(
            source=unit, parts=data["parts"], dissolve_source=data["dissolve_source"], **common
        )
    if op == "dissolve":
        return services.unit_dissolve(unit=unit, successor=data.get("successor"), note=note, **common)
    if op == "reestablish":
        return services.unit_reestablish(unit=unit, new_parent=data.get("new_parent"), note=note, **common)
    return services.unit_rename(
        unit=unit,
        new_name=data["new_name"],
        new_kind=data["new_kind"],
        note=note,
        decided_above=True,
        **common,
    )


def _basis_document(request: HttpRequest, form: Any) -> Any:
    """The registered decision typed as ``basis_code`` (None when the field is empty); no exact
    match refuses the field and offers candidates on the form."""
    code = form.cleaned_data.get("basis_code")
    if not code:
        return None
    return document_from_code(
        user=request.user, code=code, field="basis_code", form=form, next_url=request.path
    )


def unit_reorganise(request: HttpRequest, pk: int, op: str) -> HttpResponse:
    """One form per kind of change; the service validates and explains, nothing is written on error."""
    if op not in REORG_FORMS:
        raise Http404
    unit = selectors.unit_get(viewer=request.user, pk=pk)
    _decided_above(request.user, unit)
    form_class, title = REORG_FORMS[op]
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if op == "rename":
        initial.update(new_name=unit.name, new_kind=unit.kind)
    form = form_class(
        request.POST or None,
        unit=unit,
        units=_reorg_units(request.user, unit, parents=False),
        parents=_reorg_units(request.user, unit, parents=True),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            doc = _basis_document(request, form)
            _reorg_perform(op, unit, data, doc, request.user)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request, _("Đã ghi nhận: %(what)s — %(name)s.") % {"what": title, "name": unit.name}
            )
            return redirect("orgs:detail", pk=unit.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "orgs/reorganise.html",
        {"form": form, "unit": unit, "title": title, "op": op, "ops": REORG_FORMS},
        status=status,
    )


# --- A reorganisation plan (issue 15.1): many changes at one date, previewed, then applied -----


def _plan_rows_from(form: PlanForm, formset: Any) -> list[dict]:
    upload = form.cleaned_data.get("file")
    if upload:
        return plans.rows_from_sheet(upload, upload.name)
    rows = []
    for i, f in enumerate(formset.forms, start=1):
        data = {k: (f.cleaned_data.get(k) or "") for k in plans.COLUMNS} if f.is_valid() else {}
        if any(data.values()):
            rows.append({"line": i, **data})
    if not rows:
        raise ValidationError({"file": _("Hãy tải lên tệp kế hoạch hoặc nhập ít nhất một dòng ở bảng.")})
    return rows


def plan_new(request: HttpRequest, pk: int) -> HttpResponse:
    root = selectors.unit_get(viewer=request.user, pk=pk, action="admin")
    form = PlanForm(request.POST or None, request.FILES or None, initial={"date": timezone.localdate()})
    formset = PlanRowFormSet(request.POST or None, prefix="rows")
    conflicts: list = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            doc = _basis_document(request, form)
            rows = _plan_rows_from(form, formset)
            plan, checked = plans.plan_create(
                root=root,
                date=data["date"],
                rows=rows,
                basis=data.get("basis", ""),
                basis_document=doc,
                source=data["file"].name if data.get("file") else _("nhập trên màn hình"),
                acting_user=request.user,
            )
        except ImportFailed as exc:
            conflicts = exc.row_errors
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            if plan is not None:
                return redirect("orgs:plan", plan_pk=plan.pk)
            conflicts = checked.conflicts
    status = 400 if (conflicts or form.errors or formset.total_error_count()) else 200
    units = selectors.unit_subtree(viewer=request.user, unit=root).filter(valid_to__isnull=True)
    return render(
        request,
        "orgs/plan_new.html",
        {"form": form, "formset": formset, "unit": root, "conflicts": conflicts, "units": units[:3000]},
        status=status,
    )


def plan_template(request: HttpRequest, pk: int) -> HttpResponse:
    root = selectors.unit_get(viewer=request.user, pk=pk, action="admin")
    example = [
        ["Đảng ủy phường A", "gộp", "Đảng ủy phường Mới", str(UnitKind.WARD_COMMITTEE.label), root.name],
        ["Đảng ủy phường B", "gộp", "Đảng ủy phường Mới", str(UnitKind.WARD_COMMITTEE.label), root.name],
        ["Chi bộ C", "chuyển", "Đảng ủy phường Mới", "", ""],
        ["Đảng ủy xã D", "đổi tên", "Đảng ủy phường D", str(UnitKind.WARD_COMMITTEE.label), ""],
        ["Thành ủy E", "giải thể", "", "", ""],
        ["Đảng ủy xã G", "tách", "Đảng ủy xã G1", str(UnitKind.COMMUNE_COMMITTEE.label), root.name],
        ["Đảng ủy xã G", "tách", "Đảng ủy xã G2", str(UnitKind.COMMUNE_COMMITTEE.label), root.name],
        ["Chi bộ thôn H", "chuyển", "Đảng ủy xã G2", "", ""],
    ]
    return workbook_response("mau-ke-hoach-sap-xep.xlsx", "Kế hoạch", plans.TEMPLATE_HEADERS, example)


def _plan_context(request: HttpRequest, plan: Any) -> dict:
    checked = plans.check_plan(root=plan.root, date=plan.date, rows=plan.rows, acting_user=request.user)
    return {
        "plan": plan,
        "unit": plan.root,
        "checked": checked,
        "changes": checked.changes(),
        "open_work": plans.open_work(checked.units()) if plan.status == plan.Status.DRAFT else [],
        "before": plan.date - dt.timedelta(days=1),
    }


def plan_detail(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = selectors.plan_get(viewer=request.user, pk=plan_pk)
    return render(request, "orgs/plan.html", _plan_context(request, plan))


@require_POST
def plan_apply(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = selectors.plan_get(viewer=request.user, pk=plan_pk)
    try:
        events = plans.plan_apply(
            plan=plan, acting_user=request.user, carry_roles=request.POST.get("carry_roles") == "1"
        )
    except ImportFailed as exc:
        context = _plan_context(request, plan)
        context["apply_errors"] = exc.row_errors
        return render(request, "orgs/plan.html", context, status=400)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("orgs:plan", plan_pk=plan.pk)
    messages.success(
        request,
        _("Đã áp dụng kế hoạch: %(n)s thay đổi, hiệu lực từ %(date)s.")
        % {"n": len(events), "date": f"{plan.date:%d/%m/%Y}"},
    )
    return redirect("orgs:plan", plan_pk=plan.pk)
