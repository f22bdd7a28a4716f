"""Integers out of range are refused before they reach the database (issue 8, point 5).

Before the bounds, 2**70 as an id, a limit or an offset, or year 99999, ended in a 500
(OverflowError from sqlite3, ValueError from ``datetime.date``).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import DataError

HUGE = 2**70


@pytest.mark.parametrize(
    ("url", "params", "loc", "bound"),
    [
        ("/api/v1/documents/", {"year": 99999}, ["query", "year"], "2100"),
        ("/api/v1/documents/", {"issuer": HUGE}, ["query", "issuer"], str(2**63 - 1)),
        ("/api/v1/documents/", {"issuer": -5}, ["query", "issuer"], "1"),
        ("/api/v1/proposals/", {"offset": HUGE}, ["query", "offset"], "1000000"),
        ("/api/v1/proposals/figures", {"year": -5}, ["query", "year"], "1900"),
        ("/api/v1/training/people", {"limit": HUGE}, ["query", "limit"], "200"),
        ("/api/v1/training/people", {"limit": -5}, ["query", "limit"], "1"),
        ("/api/v1/meetings/", {"year": HUGE}, ["query", "year"], "2100"),
        (f"/api/v1/documents/{HUGE}", {}, ["path", "doc_id"], str(2**63 - 1)),
        ("/api/v1/documents/-5", {}, ["path", "doc_id"], "1"),
        (f"/api/v1/rollouts/steps/{HUGE}/records", {}, ["path", "step_id"], str(2**63 - 1)),
    ],
)
def test_out_of_range_integer_is_422_naming_the_parameter_and_the_bound(
    login, personas, url, params, loc, bound
):
    r = login(personas.own).get(url, params)
    assert r.status_code == 422, r.content
    [error] = r.json()["detail"]
    assert error["loc"] == loc
    assert error["type"] in ("less_than_equal", "greater_than_equal")
    assert bound in error["msg"]


def test_public_list_bounds_limit_and_offset_without_login(client, db):
    assert client.get("/api/v1/portal/articles", {"limit": HUGE}).status_code == 422
    assert client.get("/api/v1/portal/articles", {"offset": -5}).status_code == 422
    assert client.get("/api/v1/portal/articles", {"limit": 200, "offset": 10**6}).status_code == 200


def test_bounds_in_the_body_too(login, personas, tree):
    r = login(personas.own).post(
        "/api/v1/documents/",
        {"issuing_unit_id": HUGE, "title": "KH", "code": "3-KH/TU"},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "payload", "issuing_unit_id"]


@pytest.mark.parametrize(
    ("exc", "language", "message"),
    [
        (OverflowError("Python int too large to convert to SQLite INTEGER"), "vi", "vượt quá giới hạn"),
        (DataError("value too long for type character varying(200)"), "vi", "vượt quá giới hạn"),
        (
            OverflowError("Python int too large to convert to SQLite INTEGER"),
            "en",
            "beyond the allowed limits",
        ),
    ],
)
def test_a_value_the_database_cannot_hold_is_a_400_not_a_500(
    login, personas, client, monkeypatch, exc, language, message
):
    """GIVEN a value that passes the bounds but not the database (a missing bound)
    WHEN the selector's query fails on it
    THEN the client gets a 400 in its language, shaped like every refused rule."""
    from trienkhai.documents import selectors

    def overflow(**kwargs):
        raise exc

    monkeypatch.setattr(selectors, "document_search", overflow)
    c = login(personas.own)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    r = c.get("/api/v1/documents/")
    assert r.status_code == 400
    [text] = r.json()["detail"]["__all__"]
    assert message in text
