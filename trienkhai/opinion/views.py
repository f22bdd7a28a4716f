from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.forms import errors_onto
from trienkhai.core.params import parse_digits
from trienkhai.core.partydoc import docx_response
from trienkhai.core.scoping import covers, refuse, sees_all
from trienkhai.core.views import paginate
from trienkhai.opinion import selectors, services
from trienkhai.opinion.choices import Mood, PeriodKind
from trienkhai.opinion.forms import IssueFormSet, ReportForm, SynthesisForm, TopicFormSet
from trienkhai.opinion.models import PressingIssue
from trienkhai.opinion.reports import synthesis_docx
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_roots
from trienkhai.proposals.services import proposal_from_issue


def report_list(request: HttpRequest) -> HttpResponse:
    f = {k: request.GET.get(k, "").strip() for k in ("q", "period_kind", "year", "mood", "topic")}
    qs = selectors.report_search(
        viewer=request.user,
        q=f["q"],
        period_kind=f["period_kind"],
        year=parse_digits(f["year"]),
        mood=f["mood"],
        topic=f["topic"],
    )
    page, query = paginate(request, qs)
    return render(
        request,
        "opinion/list.html",
        {
            "page": page,
            "query": query,
            "f": f,
            "kinds": PeriodKind.choices,
            "moods": Mood.choices,
            "topics": selectors.topics_active(),
            "can_add": Unit.objects.restrict(request.user, "change").exists(),
        },
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(viewer=request.user, pk=pk)
    return render(
        request,
        "opinion/detail.html",
        {
            "r": report,
            "topics": report.topics.select_related("topic"),
            "issues": report.issues.select_related("topic", "proposal"),
            "can_propose": covers(request.user, report.unit, "change") and report.unit.depth > 1,
        },
    )


def _rows(formset) -> list[dict]:
    """Filled rows only: an untouched extra row has empty cleaned_data."""
    return [dict(fs.cleaned_data) for fs in formset.forms if fs.cleaned_data]


def report_create(request: HttpRequest) -> HttpResponse:
    units = list(Unit.objects.restrict(request.user, "change").filter(valid_to__isnull=True)[:500])
    if not units:
        refuse(request.user, "change")
    topics = list(selectors.topics_active())
    today = timezone.localdate()
    data = request.POST or None
    form = ReportForm(data, units=units, initial={"year": today.year, "period_kind": PeriodKind.QUARTER})
    topic_fs = TopicFormSet(data, prefix="t", form_kwargs={"topics": topics})
    issue_fs = IssueFormSet(data, prefix="i", form_kwargs={"topics": topics})
    if request.method == "POST" and form.is_valid() and topic_fs.is_valid() and issue_fs.is_valid():
        d = form.cleaned_data
        unit = next(u for u in units if u.pk == d["unit"])
        try:
            report = services.report_submit(
                unit=unit,
                period_kind=d["period_kind"],
                year=d["year"],
                period_no=d["period_no"],
                report_date=d["report_date"],
                mood=d["mood"],
                overview=d["overview"],
                sources=d["sources"],
                topics=[r for r in _rows(topic_fs) if r.get("topic")],
                issues=[r for r in _rows(issue_fs) if r.get("description") or r.get("proposed_solution")],
                acting_user=request.user,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Đã gửi báo cáo %(p)s.") % {"p": report.period_label})
            return redirect("opinion:detail", pk=report.pk)
    return render(
        request,
        "opinion/form.html",
        {"form": form, "topic_fs": topic_fs, "issue_fs": issue_fs},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def issue_to_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(viewer=request.user, pk=pk)
    issue_pk = parse_digits(request.POST.get("issue", ""))
    issue = (
        PressingIssue.objects.filter(report=report, pk=issue_pk).select_related("report__unit").first()
        if issue_pk is not None
        else None
    )
    if issue is None:
        raise Http404
    try:
        p = proposal_from_issue(issue=issue, acting_user=request.user)
        messages.success(request, _("Đã gửi kiến nghị đến %(u)s.") % {"u": p.addressee.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("opinion:detail", pk=report.pk)


def _synthesis(request: HttpRequest):
    roots = list(unit_roots(viewer=request.user))
    units = roots
    if not sees_all(request.user):
        # the viewer's units and the units directly under them; ended ones too, for the
        # periods they reported in (a synthesis of 2022 for a city dissolved in 2025)
        units = list(
            Unit.objects.restrict(request.user)
            .filter(depth__lte=max([r.depth for r in roots] or [0]) + 1)
            .order_by(F("valid_to").desc(nulls_first=True), "path")[:300]
        )
    today = timezone.localdate()
    initial = {
        "unit": roots[0].pk if roots else None,
        "period_kind": PeriodKind.QUARTER,
        "year": today.year,
        "period_no": (today.month - 1) // 3 + 1,
    }
    form = SynthesisForm(request.GET or None, units=units, initial=initial)
    synthesis = None
    if form.is_valid():
        d = form.cleaned_data
        unit = next((u for u in units if u.pk == d["unit"]), None)
        if unit is None:
            raise Http404
        synthesis = selectors.opinion_synthesis(
            viewer=request.user,
            unit=unit,
            period_kind=d["period_kind"],
            year=d["year"],
            period_no=d["period_no"],
        )
    return form, synthesis


def synthesis_view(request: HttpRequest) -> HttpResponse:
    form, synthesis = _synthesis(request)
    return render(
        request,
        "opinion/synthesis.html",
        {"form": form, "s": synthesis, "query": request.GET.urlencode()},
        status=400 if form.errors else 200,
    )


def synthesis_download(request: HttpRequest) -> HttpResponseBase:
    form, synthesis = _synthesis(request)
    if synthesis is None:
        raise Http404
    data = synthesis_docx(
        synthesis,
        number=request.GET.get("number", "")[:40],
        place=request.GET.get("place", "")[:60],
        signer=request.GET.get("signer", "")[:100],
    )
    name = f"bao-cao-tong-hop-du-luan-{synthesis.period_kind}-{synthesis.period_no}-{synthesis.year}.docx"
    return docx_response(data, name)
