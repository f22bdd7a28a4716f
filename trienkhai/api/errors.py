"""The refusals of the API: their bodies, and their place in the OpenAPI document.

Every operation can answer more than its success status: the exception handlers of
``api/v1.py`` turn a refused rule into 400, a missing or out-of-scope object into 404 and bad
input into 422, and ninja answers 401 when neither a token nor a session signs the request in.
ninja documents only the statuses an operation declares in ``response=``, so instead of
repeating the refusals on ~90 routes they are declared here once, for every operation, with
schemas that describe what the handlers return (the API fuzz test checks each body against them).
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic.json_schema import models_json_schema

REF_TEMPLATE = "#/components/schemas/{model}"


class Error(Schema):
    """401 (not signed in), 403 (the role lacks the function, or a browser session without its
    CSRF token), 404 (missing or out of scope)."""

    detail: str


class RuleError(Schema):
    """400: a rule of the services refused the request, messages by field (``__all__`` for the
    request as a whole); a body that cannot be read at all is a single message."""

    detail: dict[str, list[str]] | str


class InputErrorItem(Schema):
    """One invalid parameter, as pydantic reports it (``ctx`` holds the bound that was broken)."""

    type: str
    loc: list[str | int]
    msg: str
    ctx: dict[str, Any] | None = None


class InputError(Schema):
    """422: parameters or body fields of the wrong type or out of bounds, one item each."""

    detail: list[InputErrorItem]


UNSAFE_METHODS = {"post", "put", "patch", "delete"}

# Vietnamese like the rest of the document (summaries, description); the schemas say the shapes.
REFUSALS: dict[int, tuple[str, type[Schema]]] = {
    400: ("Quy tắc nghiệp vụ không cho phép (thông báo theo từng trường)", RuleError),
    401: ("Chưa đăng nhập: thiếu mã truy cập (Bearer) hoặc phiên đăng nhập", Error),
    403: ("Vai trò không cho phép thao tác này, hoặc phiên trên trình duyệt thiếu mã CSRF", Error),
    404: ("Không tồn tại hoặc ngoài phạm vi của người dùng", Error),
    422: ("Tham số hoặc nội dung không hợp lệ (sai kiểu, ngoài giới hạn)", InputError),
}


def refusal_statuses(method: str, operation: dict) -> list[int]:
    """The refusals one operation can answer: 401 and 403 only where it asks for sign-in,
    403 only for writes (the CSRF check of a session)."""
    statuses = [400, 404, 422]
    if operation.get("security"):
        statuses.append(401)
        if method in UNSAFE_METHODS:
            statuses.append(403)
    return sorted(statuses)


def document_refusals(schema: dict, media_type: str) -> dict:
    """Add the refusal schemas to ``components`` and the refusal statuses to every operation
    (a status an operation declares itself is left as it is)."""
    _, top = models_json_schema(
        [(m, "serialization") for m in (Error, RuleError, InputError)], ref_template=REF_TEMPLATE
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in top["$defs"].items():
        if components.setdefault(name, definition) != definition:
            raise RuntimeError(f"An API schema is named {name!r}, as a refusal schema: rename it.")
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in refusal_statuses(method, operation):
                description, model = REFUSALS[status]
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            media_type: {"schema": {"$ref": REF_TEMPLATE.format(model=model.__name__)}}
                        },
                    },
                )
    return schema
