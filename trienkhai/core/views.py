"""Small helpers shared by the apps' views."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

if TYPE_CHECKING:
    from trienkhai.core.models import StoredFile


def paginate(request: HttpRequest, queryset, per_page: int | None = None, count: int | None = None):
    """A page of ``queryset``; ``count``, when the caller already knows it, saves the COUNT query."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached_property
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, urlencode([(k, v) for k in params for v in params.getlist(k)])


def stored_file_response(stored: StoredFile) -> FileResponse:
    """The download of an attachment the caller's selector has already let the viewer see."""
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )


HOME_TODO_ITEMS = 6


def home(request: HttpRequest) -> HttpResponse:
    from trienkhai.accounts.selectors import roles_of
    from trienkhai.documents.selectors import document_search
    from trienkhai.orgs.selectors import unit_roots
    from trienkhai.rollout.selectors import todo_for

    # The steps the user's own units still owe, each linking straight to its record form: a
    # ward's user on a phone reaches the form in one tap and records in the second.
    owed = [item for item in todo_for(viewer=request.user) if item.record is None]
    return render(
        request,
        "core/home.html",
        {
            "roots": unit_roots(viewer=request.user)[:20],
            "roles": roles_of(user=request.user),
            "recent_documents": document_search(viewer=request.user)[:8],
            "notifications": request.user.notifications.filter(read_at__isnull=True)[:10],
            "panels": _panels(request),
            "owed": owed[:HOME_TODO_ITEMS],
            "owed_more": max(len(owed) - HOME_TODO_ITEMS, 0),
        },
    )


def _panels(request: HttpRequest) -> list[tuple[str, object]]:
    """The committee's page: training, recognition and targets for the viewer's unit."""
    from trienkhai.emulation.selectors import recognition_panel
    from trienkhai.rollout.selectors import dashboard_unit
    from trienkhai.targets.selectors import targets_panel
    from trienkhai.training.selectors import training_panel

    unit = dashboard_unit(viewer=request.user)
    if unit is None:
        return []
    return [
        ("training/_panel.html", training_panel(viewer=request.user, unit=unit)),
        ("emulation/_panel.html", recognition_panel(viewer=request.user, unit=unit)),
        ("targets/_panel.html", targets_panel(viewer=request.user, unit=unit)),
    ]


def about(request: HttpRequest) -> HttpResponse:
    """What the system is; also the benchmarks' baseline: a signed-in page with no query of its own."""
    return render(request, "core/about.html")


@login_not_required
@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Browsers post Content-Security-Policy violations here (the enforced policy's report-uri): logged, not stored."""
    import logging

    logging.getLogger("trienkhai.csp").warning(
        "CSP report: %s", request.body[:2000].decode("utf-8", "replace")
    )
    return HttpResponse(status=204)
