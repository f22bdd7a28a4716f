"""Small helpers shared by the apps' views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Page, Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

if TYPE_CHECKING:
    from trienkhai.core.models import StoredFile


def paginate(
    request: HttpRequest, queryset: Any, per_page: int | None = None, count: int | None = None
) -> tuple[Page[Any], str]:
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
