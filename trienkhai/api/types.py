"""Bounded integers for the API's parameters and bodies, defined once and used by every app's ``api.py``.

An unbounded ``int`` lets a client send 2**70 or year 99999: the number then reaches the
database driver (SQLite stores at most a signed 64-bit integer, PostgreSQL refuses it in an
``integer`` column) or ``datetime.date`` and the request ends in a 500. With these types the
bounds are checked by ninja before the handler runs (a 422 naming the parameter) and are
published in the OpenAPI document (``minimum`` / ``maximum``), so clients and fuzzers see them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from trienkhai.core.params import ID_MAX

YEAR_MIN, YEAR_MAX = 1900, 2100
"""The years the records can be about (the oldest documents cited, long-range targets)."""

COUNT_MAX = 2**31 - 1
"""A head count or a version number: Django's ``PositiveIntegerField`` holds up to 2**31 - 1 everywhere."""

SMALL_MAX = 32767
"""Django's ``PositiveSmallIntegerField`` (a period number, a depth in the tree)."""

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]
Small = Annotated[int, Field(ge=0, le=SMALL_MAX)]
