"""The 500 page: rendered from the template alone, so it shows even when the database is down.

Django's own handler renders 500.html with an empty context; this one adds the site's name
(the layout's title and brand) and, should the template itself fail, still answers in
Vietnamese. It never touches the request, the session or the database: the error being
reported may be theirs. The 400, 403 and 404 pages are Django's handlers with the project's
templates (they may use the request: the user's menu and the language switch).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

SITE_NAME = "Triển khai"


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponseServerError:
    try:
        body = loader.get_template("500.html").render({"SITE_NAME": SITE_NAME})
    except Exception:  # the page of last resort must not fail in turn
        title = _("Lỗi hệ thống")
        body = (
            f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>{title} · {SITE_NAME}</title>'
            f"<h1>{title}</h1><p>{_('Hệ thống gặp lỗi khi xử lý yêu cầu. Hãy thử lại sau ít phút.')}</p></html>"
        )
    return HttpResponseServerError(body)
