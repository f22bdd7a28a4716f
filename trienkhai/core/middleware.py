"""Keeps the current request's address for the audit trail."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)


def current_ip() -> str | None:
    return _client_ip.get()


def set_current_ip(ip: str | None) -> contextvars.Token[str | None]:
    return _client_ip.set(ip)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a proxy we
        # trust rewrites it, and the audit trail must not record a forged address.
        token = _client_ip.set(request.META.get("REMOTE_ADDR"))
        from trienkhai.core.audit import request_refusals_end, request_refusals_start

        refusals: contextvars.Token[list[str] | None] | None
        refusals = request_refusals_start()
        try:
            response = self.get_response(request)
            logged = request_refusals_end(refusals)
            refusals = None
            if (
                request.method not in SAFE_METHODS
                and response.status_code in (403, 404)
                and not logged
                and getattr(request, "resolver_match", None) is not None
            ):
                # Refused before any service ran (the view's own scope check, CSRF, a role
                # the user lacks): still an attempt to change something, so it is logged.
                _log_refused_request(request, response.status_code)
            return response
        finally:
            if refusals is not None:
                request_refusals_end(refusals)
            _client_ip.reset(token)


SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _log_refused_request(request: HttpRequest, status: int) -> None:
    from trienkhai.core.audit import refusal_log

    match = request.resolver_match
    assert match is not None  # the caller checked
    name = f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name or match.route)
    user = getattr(request, "user", None)
    refusal_log(
        actor=user,
        action=f"{request.method} {name}",
        reason=f"HTTP {status}: "
        + ("không tìm thấy hoặc ngoài phạm vi" if status == 404 else "không có quyền"),
    )


class LanguageMiddleware:
    """Vietnamese unless the user chose otherwise (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and
    many browsers in Vietnam are set to English: the UI is Vietnamese first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.get("Vary", "")
        if "Cookie" not in patch:
            response["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        translation.deactivate()
        return response


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a signed-in user unless its view is marked ``login_not_required``.

    One rule instead of a decorator on each view, so a new view is private until someone says
    otherwise. Two URL namespaces answer for themselves and are left alone: the API (each
    operation authenticates and answers 401, which a redirect to a sign-in page would hide from
    a script) and the admin (its views send to the admin's own sign-in page).
    """

    SELF_GUARDED = frozenset({"api-v1", "admin"})

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        match = getattr(request, "resolver_match", None)
        if match is not None and self.SELF_GUARDED.intersection(match.namespaces):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
