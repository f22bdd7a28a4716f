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

from trienkhai.core.excel import workbook_response
from trienkhai.core.forms import errors_onto, form_view
from trienkhai.core.lists import ChoiceFilter, Column, CustomFilter, ListSpec, Search, YearFilter, or_blank
from trienkhai.core.scoping import covers, refuse
from trienkhai.core.views import stored_file_response
from trienkhai.documents.selectors import document_from_code
from trienkhai.emulation import selectors, services
from trienkhai.emulation.choices import NominationStatus, WorkKind
from trienkhai.emulation.forms import (
    AdoptForm,
    CampaignForm,
    DecideForm,
    FeatureForm,
    NominationForm,
    PracticeForm,
)
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_get
from trienkhai.training.selectors import person_search


def _change_units(user, under: Unit | None = None) -> list[Unit]:
    qs = Unit.objects.restrict(user, "change").filter(valid_to__isnull=True)
    if under is not None:
        qs = qs.filter(path__startswith=under.path)
    return list(qs[:500])


def _document(user, code: str, form=None, next_url: str = ""):
    code = (code or "").strip()
    if not code:
        return None
    return document_from_code(user=user, code=code, field="document_code", form=form, next_url=next_url)


# --- campaigns ----------------------------------------------------------------------------


CAMPAIGNS = ListSpec(
    columns=[
        Column(gettext_lazy("Phong trào"), "title"),
        Column(gettext_lazy("Đơn vị phát động"), "unit.name"),
        Column(gettext_lazy("Từ ngày"), "starts_on"),
        Column(gettext_lazy("Đến ngày"), "ends_on"),
        Column(gettext_lazy("Số đề nghị"), "nominated"),
        Column(gettext_lazy("Được khen thưởng"), "approved"),
    ],
    search=Search(placeholder="hoc tap va lam theo…"),
    filters=[YearFilter("year", "starts_on", until="ends_on")],
    export_name="phong-trao-thi-dua",
    sheet_title="Phong trào",
)


def _campaigns(request: HttpRequest):
    return CAMPAIGNS.bind(request, selectors.campaign_search(viewer=request.user))


def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "emulation/list.html",
        {
            **_campaigns(request).context(),
            "can_create": Unit.objects.restrict(request.user, "change").exists(),
            "top": selectors.practice_search(viewer=request.user, order="adopted")[:5],
        },
    )


def campaign_export(request: HttpRequest) -> HttpResponse:
    return _campaigns(request).export(request.GET.get("format", ""))


def campaign_create(request: HttpRequest) -> HttpResponse:
    units = _change_units(request.user)
    if not units:
        refuse(request.user, "change")
    form = CampaignForm(request.POST or None, units=units)

    def save(d):
        return services.campaign_create(
            unit=unit_get(viewer=request.user, pk=d["unit"], action="change"),
            title=d["title"],
            description=d["description"],
            criteria=d["criteria"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            document=_document(request.user, d["document_code"], form, request.get_full_path()),
            acting_user=request.user,
        )

    return form_view(
        request,
        form,
        save=save,
        success=lambda c: _("Đã phát động phong trào “%(t)s”.") % {"t": c.title},
        redirect_to=lambda c: reverse("emulation:campaign", kwargs={"pk": c.pk}),
        template="emulation/form.html",
        context={"title": _("Phát động phong trào thi đua")},
    )


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = selectors.campaign_get(viewer=request.user, pk=pk)
    status = request.GET.get("status", "")
    units = _change_units(request.user, under=c.unit)
    people = list(
        person_search(viewer=request.user, action="change").filter(unit__path__startswith=c.unit.path)[:300]
    )
    today = timezone.localdate()
    return render(
        request,
        "emulation/campaign.html",
        {
            "c": c,
            "nominations": selectors.nominations_of(viewer=request.user, campaign=c, status=status),
            "status": status,
            "statuses": NominationStatus.choices,
            "can_decide": covers(request.user, c.unit, "change"),
            "nominate_form": NominationForm(
                units=units, people=people, initial={"nominated_on": min(max(today, c.starts_on), c.ends_on)}
            )
            if units
            else None,
            "decide_form": DecideForm(initial={"on": today}),
        },
    )


@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    c = selectors.campaign_get(viewer=request.user, pk=pk)
    units = _change_units(request.user, under=c.unit)
    people = list(
        person_search(viewer=request.user, action="change").filter(unit__path__startswith=c.unit.path)[:300]
    )
    form = NominationForm(request.POST, units=units, people=people)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.nomination_create(
                campaign=c,
                unit=unit_get(viewer=request.user, pk=d["unit"], action="change"),
                kind=d["kind"],
                nominee_unit=next((u for u in units if u.pk == d["nominee_unit"]), None),
                person=next((p for p in people if p.pk == d["person"]), None),
                achievements=d["achievements"],
                nominated_on=d["nominated_on"],
                acting_user=request.user,
            )
            messages.success(request, _("Đã gửi đề nghị."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("emulation:campaign", pk=c.pk)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    n = selectors.nomination_get(viewer=request.user, pk=pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.nomination_decide(
                nomination=n,
                approve=d["approve"],
                on=d["on"],
                document=_document(request.user, d["document_code"]),
                note=d["note"],
                acting_user=request.user,
            )
            messages.success(request, _("Đã ghi kết quả xét."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("emulation:campaign", pk=n.campaign_id)


def nominations_export(request: HttpRequest, pk: int) -> HttpResponse:
    c = selectors.campaign_get(viewer=request.user, pk=pk)
    headers = [
        _("Tập thể, cá nhân"),
        _("Đối tượng"),
        _("Đơn vị đề nghị"),
        _("Ngày đề nghị"),
        _("Thành tích"),
        _("Kết quả xét"),
        _("Ngày quyết định"),
        _("Quyết định"),
    ]
    rows = (
        [
            n.nominee_name,
            n.get_kind_display(),
            n.unit.name,
            n.nominated_on,
            n.achievements,
            n.get_status_display(),
            n.decided_on,
            str(n.decision_document or ""),
        ]
        for n in selectors.nominations_of(viewer=request.user, campaign=c)
    )
    return workbook_response(f"de-nghi-khen-thuong-{c.pk}.xlsx", "Đề nghị", headers, rows)


# --- practices ----------------------------------------------------------------------------


PRACTICES = ListSpec(
    columns=[
        Column(gettext_lazy("Cách làm"), "title"),
        Column(gettext_lazy("Lĩnh vực"), "get_work_kind_display"),
        Column(gettext_lazy("Đơn vị"), "unit.name"),
        Column(gettext_lazy("Kết quả"), "results"),
        Column(gettext_lazy("Được giới thiệu bởi"), "featured_by.name", export=or_blank),
        Column(gettext_lazy("Số đơn vị áp dụng"), "adoption_count"),
    ],
    search=Search(placeholder="zalo, long ghep…"),
    filters=[
        ChoiceFilter("work_kind", WorkKind.choices, label=gettext_lazy("Lĩnh vực")),
        # A checkbox and the order select stay in the template (no "Tất cả" choice to offer).
        CustomFilter(
            "featured",
            apply_to=lambda qs, _v: qs.filter(featured_by__isnull=False),
            clean_value=lambda v: True if v == "1" else None,
        ),
    ],
    ordering={"": ("-featured_on", "-created_at", "-id"), "adopted": ("-adoption_count", "-id")},
    export_name="cach-lam-hay",
    sheet_title="Cách làm hay",
)


def _practices(request: HttpRequest):
    return PRACTICES.bind(request, selectors.practice_search(viewer=request.user))


def practice_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "emulation/practices.html",
        {
            **_practices(request).context(),
            "can_create": Unit.objects.restrict(request.user, "change").exists(),
        },
    )


def practice_export(request: HttpRequest) -> HttpResponse:
    return _practices(request).export(request.GET.get("format", ""))


def practice_create(request: HttpRequest) -> HttpResponse:
    units = _change_units(request.user)
    if not units:
        refuse(request.user, "change")
    form = PracticeForm(request.POST or None, request.FILES or None, units=units)
    similar: list = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = unit_get(viewer=request.user, pk=d["unit"], action="change")
        if not d["save_anyway"]:
            similar = selectors.practice_similar(viewer=request.user, unit=unit, title=d["title"])
    if request.method == "POST" and form.is_valid() and similar:
        # Pointed out before saving: the user opens the existing one or ticks "save anyway".
        form.offer_save_anyway()
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        upload = d.get("file")
        try:
            p = services.practice_create(
                unit=unit_get(viewer=request.user, pk=d["unit"], action="change"),
                title=d["title"],
                work_kind=d["work_kind"],
                description=d["description"],
                results=d["results"],
                started_on=d["started_on"],
                attachments=[(upload, upload.name)] if upload else [],
                acting_user=request.user,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã giới thiệu cách làm “%(t)s”.") % {"t": p.title})
            return redirect("emulation:practice", pk=p.pk)
    return render(
        request,
        "emulation/form.html",
        {"form": form, "title": _("Giới thiệu cách làm hay"), "multipart": True, "similar": similar},
        status=400 if form.errors else 200,
    )


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.practice_get(viewer=request.user, pk=pk)
    today = timezone.localdate()
    # A unit neither introduces nor adopts its own practice: only the committees above it
    # introduce it, only other units adopt it.
    mine = _change_units(request.user)
    feature_units = [u for u in mine if p.unit.is_within(u) and u.pk != p.unit_id]
    adopt_units = [u for u in mine if u.pk != p.unit_id]
    return render(
        request,
        "emulation/practice.html",
        {
            "p": p,
            "adoptions": selectors.practice_adoptions(viewer=request.user, practice=p),
            "attachments": p.attachments.all(),
            "feature_form": FeatureForm(units=feature_units, initial={"on": today})
            if feature_units
            else None,
            "adopt_form": AdoptForm(units=adopt_units, initial={"adopted_on": today})
            if adopt_units
            else None,
        },
    )


@require_POST
def practice_feature(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.practice_get(viewer=request.user, pk=pk)
    form = FeatureForm(request.POST, units=_change_units(request.user))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.practice_feature(
                practice=p,
                by=unit_get(viewer=request.user, pk=d["by"], action="change"),
                on=d["on"],
                note=d["note"],
                acting_user=request.user,
            )
            messages.success(request, _("Đã giới thiệu cách làm đến các đơn vị."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("emulation:practice", pk=p.pk)


@require_POST
def practice_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.practice_get(viewer=request.user, pk=pk)
    form = AdoptForm(request.POST, units=_change_units(request.user))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.adoption_record(
                practice=p,
                unit=unit_get(viewer=request.user, pk=d["unit"], action="change"),
                adopted_on=d["adopted_on"],
                outcome=d["outcome"],
                acting_user=request.user,
            )
            messages.success(request, _("Đã ghi nhân rộng."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("emulation:practice", pk=p.pk)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    att = selectors.practice_attachment_get(viewer=request.user, pk=pk)
    return stored_file_response(att)
