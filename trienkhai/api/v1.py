from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from trienkhai.api.auth import ActiveSessionAuth, TokenAuth

api = NinjaAPI(
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
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)


@api.exception_handler(NinjaValidationError)
def _bad_input(request: HttpRequest, exc: NinjaValidationError):
    return api.create_response(request, {"detail": exc.errors}, status=422)


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
