from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trienkhai.core.forms import errors_onto
from trienkhai.core.lists import Column, IdFilter, ListSpec, Search, ValueFilter, YearFilter
from trienkhai.core.scoping import covers, get_scoped_or_404, has_scope, refuse
from trienkhai.core.views import stored_file_response
from trienkhai.documents import selectors, services
from trienkhai.documents.choices import DocKind
from trienkhai.documents.forms import AttachmentForm, DocumentForm, LinkForm
from trienkhai.documents.models import Document, DocumentLink, IssuingBody
from trienkhai.documents.selectors import document_from_code
from trienkhai.orgs.models import Unit
from trienkhai.rollout.selectors import rollouts_visible


def _issuers(request: HttpRequest):
    return Unit.objects.filter(pk__in=Document.objects.restrict(request.user).values("issuing_unit"))


LIST = ListSpec(
    columns=[
        Column(gettext_lazy("Số hiệu"), "code"),
        Column(gettext_lazy("Loại văn bản"), "get_kind_display"),
        Column(gettext_lazy("Đơn vị ban hành"), "issuing_unit.name"),
        Column(gettext_lazy("Ngày ban hành"), "issued_on"),
        Column(gettext_lazy("Nhiệm kỳ / năm"), "term"),
        Column(gettext_lazy("Trích yếu"), "title"),
        Column(gettext_lazy("Tóm tắt"), "summary"),
    ],
    search=Search(
        label=gettext_lazy("Số hiệu hoặc từ khóa"),
        placeholder="0091-KH/TU, nghi quyet 35…",
        also=selectors.code_condition,
    ),
    filters=[
        ValueFilter("kind", label=gettext_lazy("Loại"), options=DocKind.choices),
        IdFilter("issuer", lookup="issuing_unit_id", label=gettext_lazy("Đơn vị ban hành"), options=_issuers),
        YearFilter("year", "issued_on"),
        ValueFilter(
            "term",
            label=gettext_lazy("Nhiệm kỳ / năm"),
            options=lambda request: [(t, t) for t in selectors.document_terms(viewer=request.user)],
        ),
    ],
    export_name="van-ban",
    sheet_title="Văn bản",
)


def _search(request: HttpRequest):
    return LIST.bind(request, selectors.document_search(viewer=request.user))


def document_list(request: HttpRequest) -> HttpResponse:
    bl = _search(request)
    # Only the columns the list shows (the export below still reads whole rows).
    listed = bl.queryset.only("code", "kind", "issued_on", "title", "issuing_unit__name")
    return render(
        request,
        "documents/list.html",
        {
            **bl.context(listed),
            "can_add": has_scope(request.user, "change"),  # a role to change: no query
        },
    )


def document_export(request: HttpRequest) -> HttpResponse:
    return _search(request).export(request.GET.get("format", ""))


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(viewer=request.user, pk=pk)
    can_change = covers(request.user, doc.issuing_unit, "change")
    chain = selectors.document_chain(viewer=request.user, document=doc)
    return render(
        request,
        "documents/detail.html",
        {
            "doc": doc,
            "chain": chain,
            "chain_up": selectors.chain_roots(chain["up"]),
            "chain_down": selectors.chain_roots(chain["down"]),
            "rollouts": rollouts_visible(viewer=request.user).filter(document=doc).order_by("-id")[:50],
            "mismatch": services.issuer_mismatch(doc),
            "attachments": doc.attachments.all(),
            "can_change": can_change,
            "link_form": LinkForm(),
            "attach_form": AttachmentForm(),
            "links_out": DocumentLink.objects.filter(
                source=doc, target__in=Document.objects.restrict(request.user)
            ).select_related("target"),
        },
    )


def _units_for_edit(user):
    return Unit.objects.restrict(user, "change").filter(valid_to__isnull=True)[:500]


def _units_above(units) -> list[Unit]:
    """The committees above the user's own units: their documents are registered by the unit below."""
    own = {u.pk for u in units}
    paths = {a for u in units for a in u.ancestor_paths()}
    above = Unit.objects.filter(path__in=paths, valid_to__isnull=True).exclude(pk__in=own)
    return list(above.order_by("depth", "name"))


def _issuer_kwargs(choice: str, above, bodies) -> dict:
    # The form accepted only listed choices, so the pk is one of these.
    kind, _sep, pk = choice.partition(":")
    if kind == "b":
        return {"issuing_body": next(b for b in bodies if str(b.pk) == pk)}
    if kind == "a":
        return {"issuer_unit": next(u for u in above if str(u.pk) == pk)}
    return {}


def _warn_mismatch(request: HttpRequest, doc: Document) -> None:
    warning = services.issuer_mismatch(doc)
    if warning:
        messages.warning(request, warning)


def document_create(request: HttpRequest) -> HttpResponse:
    units = list(_units_for_edit(request.user))
    if not units:
        refuse(request.user, "change")
    # Reached from a form where a number was typed that the registry lacks:
    # the number comes prefilled and, once registered, the user goes back.
    initial = {"code": request.GET.get("code", "")[:80]}
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    above = _units_above(units)
    bodies = list(IssuingBody.objects.all())
    names = {b.name for b in bodies}
    above = [u for u in above if u.name not in names]  # the tree's own "Ban Chấp hành Trung ương"
    form = DocumentForm(request.POST or None, units=units, above=above, bodies=bodies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choice = data.pop("issuing_unit")
        registry_pk = data.pop("registry_unit", None) or units[0].pk
        if choice.startswith("u:"):
            registry_pk = int(choice[2:])  # the unit's own document lives in its own registry
        unit: Unit = get_scoped_or_404(Unit.objects, request.user, "change", pk=registry_pk)
        issuer = _issuer_kwargs(choice, above, bodies)
        try:
            doc = services.document_register(issuing_unit=unit, acting_user=request.user, **issuer, **data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã đăng ký %(doc)s.") % {"doc": doc})
            _warn_mismatch(request, doc)
            return redirect(next_url) if next_url else redirect("documents:detail", pk=doc.pk)
    return render(
        request,
        "documents/form.html",
        {"form": form, "title": _("Đăng ký văn bản"), "next": next_url},
        status=400 if form.errors else 200,
    )


def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(viewer=request.user, pk=pk, action="change")
    # The issuer is not changed here: it is shown as the single choice.
    if doc.issuing_body_id:
        current, form_kw = f"b:{doc.issuing_body_id}", {"bodies": [doc.issuing_body]}
    elif doc.issuer_unit_id:
        current, form_kw = f"a:{doc.issuer_unit_id}", {"above": [doc.issuer_unit]}
    else:
        current, form_kw = f"u:{doc.issuing_unit_id}", {"units": [doc.issuing_unit]}
    initial = {
        "code": doc.code_raw,
        "kind": doc.kind,
        "issuing_unit": current,
        "issued_on": doc.issued_on,
        "term": doc.term,
        "title": doc.title,
        "summary": doc.summary,
    }
    form = DocumentForm(request.POST or None, initial=initial, **form_kw)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data.pop("issuing_unit")
        data.pop("registry_unit", None)
        try:
            services.document_update(document=doc, acting_user=request.user, **data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            doc.refresh_from_db()
            _warn_mismatch(request, doc)
            return redirect("documents:detail", pk=doc.pk)
    return render(
        request,
        "documents/form.html",
        {"form": form, "title": _("Sửa văn bản"), "doc": doc},
        status=400 if form.errors else 200,
    )


@require_POST
def document_link(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(viewer=request.user, pk=pk, action="change")
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            target = document_from_code(
                user=request.user, code=form.cleaned_data["target_code"], field="target_code", exclude=doc
            )
            services.document_link(
                source=doc, target=target, kind=form.cleaned_data["kind"], acting_user=request.user
            )
            messages.success(request, _("Đã liên kết với %(t)s.") % {"t": target})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Thông tin liên kết chưa hợp lệ."))
    return redirect("documents:detail", pk=doc.pk)


@require_POST
def document_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    doc = selectors.document_get(viewer=request.user, pk=pk, action="change")
    link = get_scoped_link(doc, link_pk)
    services.document_unlink(link=link, acting_user=request.user)
    messages.success(request, _("Đã bỏ liên kết."))
    return redirect("documents:detail", pk=doc.pk)


def get_scoped_link(doc: Document, link_pk: int) -> DocumentLink:
    from django.http import Http404

    try:
        return DocumentLink.objects.select_related("source", "target").get(pk=link_pk, source=doc)
    except DocumentLink.DoesNotExist:
        raise Http404 from None


@require_POST
def document_attach(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.document_get(viewer=request.user, pk=pk, action="change")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attachment_add(document=doc, upload=upload, name=upload.name, acting_user=request.user)
            messages.success(request, _("Đã đính kèm “%(n)s”.") % {"n": upload.name})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Hãy chọn một tệp."))
    return redirect("documents:detail", pk=doc.pk)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    att = selectors.attachment_get(viewer=request.user, pk=pk)
    return stored_file_response(att)
