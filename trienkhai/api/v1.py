from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from trienkhai.api.auth import ActiveSessionAuth, TokenAuth
from trienkhai.api.errors import document_refusals

logger = logging.getLogger(__name__)


class Api(NinjaAPI):
    """The NinjaAPI whose OpenAPI document also lists the refusals every operation can answer."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_refusals(schema, self.renderer.media_type)


api = Api(
    title="Triển khai API",
    version="1",
    urls_namespace="api-v1",
    # A bearer token first: a script with a token needs no CSRF token; a browser session does.
    auth=[TokenAuth(), ActiveSessionAuth()],
    description="Đơn vị, văn bản và các đợt triển khai. Phạm vi dữ liệu theo vai trò của người dùng; "
    "ngoài phạm vi và không tồn tại đều trả 404.",
)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied):
    """The object is visible to the user, the function is not part of the role."""
    return api.create_response(request, {"detail": str(exc) or _("Không có quyền.")}, status=403)


@api.exception_handler(NinjaValidationError)
def _bad_input(request: HttpRequest, exc: NinjaValidationError):
    return api.create_response(request, {"detail": exc.errors}, status=422)


def _out_of_range(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
    """A safety net: the parameters are bounded (``api/types.py``), but a value the database
    or its driver cannot hold (OverflowError from sqlite3 on an integer beyond 64 bits,
    DataError from PostgreSQL: a number out of range, a text too long) is the client's
    mistake, not a server error. Logged, since it means a bound is missing."""
    logger.warning(
        "API %s %s: a value out of range reached the database: %s", request.method, request.path, exc
    )
    message = _("Một giá trị trong yêu cầu vượt quá giới hạn cho phép (quá lớn hoặc quá dài).")
    return api.create_response(request, {"detail": {"__all__": [message]}}, status=400)


api.add_exception_handler(OverflowError, _out_of_range)
api.add_exception_handler(DataError, _out_of_range)


def _register() -> None:
    """Each project app with an ``api.py`` exposing ``router`` is mounted at its ``api_prefix``."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for config in apps.get_app_configs():
        prefix = getattr(config, "api_prefix", None)
        if not prefix or not config.name.startswith("trienkhai.") or find_spec(f"{config.name}.api") is None:
            continue
        api.add_router(prefix, import_module(f"{config.name}.api").router)


_register()
