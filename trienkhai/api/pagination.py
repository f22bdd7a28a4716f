"""The one pagination of the API: ninja's limit/offset with both numbers bounded.

ninja's ``LimitOffsetPagination`` leaves ``limit`` and ``offset`` unbounded above: a huge
offset overflows the database's 64-bit ``LIMIT``/``OFFSET`` (a 500), a huge limit asks for the
whole table. Here a page holds at most ``LIMIT_MAX`` rows and starts at most ``OFFSET_MAX``
rows in; anything outside is a 422 naming the parameter, and the OpenAPI document says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import get_type_hints

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate

LIMIT_DEFAULT = 100
LIMIT_MAX = 200
OFFSET_MAX = 10**6


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX)
        offset: int = Field(0, ge=0, le=OFFSET_MAX)

    def __init__(self, **kwargs):
        super().__init__(max_limit=LIMIT_MAX, **kwargs)


def paginated(func: Callable) -> Callable:
    """``@paginate(Pagination)`` for a view of a module with ``from __future__ import annotations``.

    ninja reads the parameters through the wrapper ``paginate`` returns and evaluates their
    annotations (strings, under the future import) in the wrapper's globals, those of
    ``ninja.pagination``, where ``Id`` or ``Year`` are unknown: it would leave them as
    forward references and fail to build the OpenAPI document. They are resolved here first,
    in the view's own module."""
    func.__annotations__ = get_type_hints(func, include_extras=True)
    return paginate(Pagination)(func)
