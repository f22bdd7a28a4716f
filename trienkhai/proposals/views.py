from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from trienkhai.core.forms import form_view
from trienkhai.core.lists import ChoiceFilter, Column, IdFilter, ListSpec, Search, YearFilter, label_of
from trienkhai.core.scoping import covers, has_scope, refuse
from trienkhai.core.status import TaskState
from trienkhai.core.views import stored_file_response
from trienkhai.documents.selectors import document_from_code, document_search
from trienkhai.followups.selectors import followup_search
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get
from trienkhai.proposals import selectors, services
from trienkhai.proposals.choices import AWAITING, ProposalCategory, ProposalStatus
from trienkhai.proposals.forms import AnswerForm, AssignForm, AttachForm, DeclineForm, NoteForm, ProposalForm

LIST_FIELDS = (
    "title",
    "category",
    "status",
    "illustrative",
    "sent_on",
    "due_on",
    "escalated_to_id",
    "sender__name",
    "addressee__name",
    "department__name",
)


LIST = ListSpec(
    columns=[
        Column(gettext_lazy("Ngày gửi"), "sent_on"),
        Column(gettext_lazy("Đơn vị kiến nghị"), "sender.name"),
        Column(gettext_lazy("Gửi đến"), "addressee.name"),
        Column(gettext_lazy("Lĩnh vực"), "get_category_display"),
        Column(gettext_lazy("Tóm tắt"), "title"),
        Column(gettext_lazy("Nội dung kiến nghị"), "content"),
        Column(gettext_lazy("Trạng thái"), "get_status_display"),
        Column(gettext_lazy("Hạn trả lời"), "due_on"),
        Column(gettext_lazy("Ngày trả lời"), "responded_on"),
        Column(gettext_lazy("Tình trạng"), "state_db", export=label_of(TaskState.choices)),
        Column(gettext_lazy("Nội dung trả lời"), lambda p: p.answer_text or p.decline_reason),
    ],
    search=Search(placeholder="tap huan, che do…"),
    filters=[
        ChoiceFilter("status", ProposalStatus.choices, label=gettext_lazy("Trạng thái")),
        ChoiceFilter("state", TaskState.choices, lookup="state_db", label=gettext_lazy("Tình trạng hạn")),
        ChoiceFilter("category", ProposalCategory.choices, label=gettext_lazy("Lĩnh vực")),
        IdFilter("addressee", label=gettext_lazy("Gửi đến")),
        IdFilter("sender", label=gettext_lazy("Đơn vị gửi")),
        YearFilter("year", "sent_on"),
    ],
    export_name="kien-nghi",
    sheet_title="Kiến nghị",
)


def _search(request: HttpRequest, box: str):
    return LIST.bind(request, selectors.proposal_search(viewer=request.user, box=box))


def _box(request: HttpRequest, box: str) -> HttpResponse:
    bl = _search(request, box)
    # One query over the whole box gives the filters' units, and — when nothing is
    # filtered, the usual case — the figures and the count too.
    summary = selectors.proposal_box_summary(queryset=selectors.proposal_search(viewer=request.user, box=box))
    # Only the columns the list shows: compiling 60 columns of four tables costs more than the query.
    listed = bl.queryset.only(*LIST_FIELDS)
    return render(
        request,
        "proposals/list.html",
        {
            **bl.context(
                listed,
                count=None if bl.filtered else summary.total,
                options={"addressee": summary.addressees, "sender": summary.senders},
            ),
            "box": box,
            "figures": selectors.proposal_figures(queryset=bl.queryset) if bl.filtered else summary.figures,
            "can_send": has_scope(request.user, "change"),  # a role to change: no query
        },
    )


def proposal_inbox(request: HttpRequest) -> HttpResponse:
    return _box(request, "inbox")


def proposal_outbox(request: HttpRequest) -> HttpResponse:
    return _box(request, "outbox")


def proposal_export(request: HttpRequest) -> HttpResponse:
    box = request.GET.get("box", "")
    return _search(request, box if box in selectors.BOXES else "").export(request.GET.get("format", ""))


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.proposal_get(viewer=request.user, pk=pk)
    today = timezone.localdate()
    addressee_side = covers(request.user, p.addressee, "change")
    department_side = covers(request.user, p.department, "change")
    is_open = p.status != ProposalStatus.CLOSED
    can_assign = addressee_side and p.status in AWAITING
    answer_doc_visible = (
        p.answer_document_id is not None
        and document_search(viewer=request.user).filter(pk=p.answer_document_id).exists()
    )
    return render(
        request,
        "proposals/detail.html",
        {
            "p": p,
            "events": p.events.select_related("unit"),
            "attachments": p.attachments.all(),
            # Only the follow-ups the viewer may open (a task given to another unit is not listed).
            "followups": followup_search(viewer=request.user).filter(source_proposal=p),
            "answer_doc_visible": answer_doc_visible,
            "can_attach": is_open and covers(request.user, p.sender, "change"),
            "can_ack": addressee_side and p.status == ProposalStatus.SENT,
            "can_assign": can_assign,
            "can_answer": is_open
            and (addressee_side or department_side)
            and p.status != ProposalStatus.DECLINED,
            "can_decline": (addressee_side or department_side) and p.status in AWAITING,
            "can_close": addressee_side and p.status in (ProposalStatus.ANSWERED, ProposalStatus.DECLINED),
            "note_form": NoteForm(initial={"on": today}),
            # The departments are a query: only for those who may assign.
            "assign_form": AssignForm(
                initial={"on": today}, departments=services.department_choices(addressee=p.addressee)[:200]
            )
            if can_assign
            else None,
            "answer_form": AnswerForm(initial={"on": today, "text": p.answer_text}),
            "decline_form": DeclineForm(initial={"on": today}),
            "attach_form": AttachForm(),
        },
    )


def proposal_create(request: HttpRequest) -> HttpResponse:
    senders = list(Unit.objects.restrict(request.user, "change").filter(valid_to__isnull=True)[:500])
    if not senders:
        refuse(request.user, "change")
    addressees, superior = selectors.addressee_choices(viewer=request.user, senders=senders)
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        senders=senders,
        addressees=addressees,
        initial={"sender": senders[0].pk, "addressee": superior},
    )

    def save(data):
        sender = unit_get(viewer=request.user, pk=data["sender"], action="change")
        # Only a unit above the sender resolves; anything else gets the service's message.
        addressee = services.higher_units(sender=sender).filter(pk=data["addressee"]).first()
        if addressee is None:
            raise ValidationError(
                {"addressee": _("Chỉ gửi kiến nghị lên cấp trên của “%(s)s”.") % {"s": sender.name}}
            )
        upload = data.get("file")
        return services.proposal_send(
            sender=sender,
            addressee=addressee,
            category=data["category"],
            title=data["title"],
            content=data["content"],
            due_on=data["due_on"],
            attachments=[(upload, upload.name)] if upload else [],
            acting_user=request.user,
        )

    return form_view(
        request,
        form,
        save=save,
        success=lambda p: _("Đã gửi kiến nghị đến %(u)s.") % {"u": p.addressee.name},
        redirect_to=lambda p: reverse("proposals:detail", kwargs={"pk": p.pk}),
        template="proposals/form.html",
        context={"title": _("Gửi kiến nghị, đề xuất")},
    )


def _act(request: HttpRequest, pk: int, form_class, call, done: str) -> HttpResponse:
    p = selectors.proposal_get(viewer=request.user, pk=pk)
    form = form_class(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            call(p, form.cleaned_data)
            messages.success(request, done)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("proposals:detail", pk=p.pk)


@require_POST
def proposal_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        NoteForm,
        lambda p, d: services.proposal_acknowledge(
            proposal=p, on=d["on"], note=d["note"], acting_user=request.user
        ),
        _("Đã tiếp nhận kiến nghị."),
    )


@require_POST
def proposal_assign(request: HttpRequest, pk: int) -> HttpResponse:
    def call(p, d):
        department = (
            services.department_choices(addressee=p.addressee, on=d["on"]).filter(pk=d["department"]).first()
        )
        if department is None:
            raise ValidationError(_("Không tìm thấy bộ phận."))
        services.proposal_assign(
            proposal=p, department=department, on=d["on"], note=d["note"], acting_user=request.user
        )

    p = selectors.proposal_get(viewer=request.user, pk=pk)
    form = AssignForm(request.POST, departments=services.department_choices(addressee=p.addressee)[:200])
    if form.is_valid():
        try:
            call(p, form.cleaned_data)
            messages.success(request, _("Đã giao xử lý."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Hãy chọn bộ phận được giao."))
    return redirect("proposals:detail", pk=p.pk)


@require_POST
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    def call(p, d):
        document = None
        code = d["document_code"].strip()
        if code:
            document = document_from_code(user=request.user, code=code, field="document_code")
        services.proposal_answer(
            proposal=p, text=d["text"], document=document, on=d["on"], acting_user=request.user
        )

    return _act(request, pk, AnswerForm, call, _("Đã ghi trả lời."))


@require_POST
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        DeclineForm,
        lambda p, d: services.proposal_decline(
            proposal=p, reason=d["reason"], on=d["on"], acting_user=request.user
        ),
        _("Đã ghi lý do không tiếp thu."),
    )


@require_POST
def proposal_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        NoteForm,
        lambda p, d: services.proposal_close(
            proposal=p, on=d["on"], note=d["note"], acting_user=request.user
        ),
        _("Đã đóng kiến nghị."),
    )


@require_POST
def proposal_attach(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        AttachForm,
        lambda p, d: services.proposal_attach(
            proposal=p, upload=d["file"], name=d["file"].name, acting_user=request.user
        ),
        _("Đã đính kèm tệp."),
    )


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    att = selectors.attachment_get(viewer=request.user, pk=pk)
    return stored_file_response(att)
