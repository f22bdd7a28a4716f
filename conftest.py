"""Shared fixtures: a small tree and the personas every permission test uses.

root (TW)
├── prov (Tỉnh ủy A)               ← persona "parent"
│   ├── city (Thành ủy B)          ← persona "own"
│   │   └── ward (Đảng ủy phường C) ← persona "child"
│   │       └── cell (Chi bộ D)
│   └── sibling (Thành ủy E)       ← persona "sibling"
└── other (Tỉnh ủy F)              ← persona "other" (another branch)
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from trienkhai.accounts.services import role_grant, user_create
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.services import unit_create

PASSWORD = "a-long-test-password"


def pytest_collection_modifyitems(items):
    """Every test that runs outside a rolled-back transaction restores the database as it found it.

    A transactional test (``transactional_db``, ``live_server`` or ``django_db(transaction=True)``)
    ends with a flush; without serialized rollback Django then recreates the content types, and the
    next test that does ask for serialized rollback loads them a second time and fails with
    "UNIQUE constraint failed: django_content_type" (27 errors in CI, depending on test order).
    Making all of them serialized removes the order dependence.
    """
    for item in items:
        names = getattr(item, "fixturenames", ())
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in names or "live_server" in names
        if marker is not None:
            transactional = transactional or marker.kwargs.get("transaction", False)
        if not transactional:
            continue
        kwargs = dict(marker.kwargs) if marker is not None else {}
        if kwargs.get("serialized_rollback"):
            continue
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The Phổ Yên demo, built once per test session (per xdist worker) and kept as serialized rows.

    ``call_command("demo")`` takes seconds; loading its rows back takes a fraction of that. It is
    built in a transaction that is rolled back, so the database stays as the migrations left it.
    See docs/decisions/0065-demo-once-per-session.md.
    """
    import io

    from django.core.management import call_command
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("demo", no_serve=True, stdout=io.StringIO())
            data = connection.creation.serialize_db_to_string()
            transaction.set_rollback(True)
    return data


def load_demo(snapshot: str) -> None:
    """Put the demo's rows into the current test database (inside the caller's transaction)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    connection.creation.deserialize_db_from_string(snapshot)
    # Rows came with their ids: sequences (PostgreSQL) must start after them.
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@pytest.fixture
def demo(db, demo_snapshot):
    """The demo, as ``call_command("demo")`` leaves it, copied from the session's snapshot."""
    load_demo(demo_snapshot)


@pytest.fixture
def demo_copy(demo_snapshot):
    """A loader for tests that manage their own transaction (live server, package worlds)."""
    return lambda: load_demo(demo_snapshot)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: ids are reused between tests, cached pages must not be."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    c = unit_create
    root = c(parent=None, name="Trung ương", kind=UnitKind.CENTRAL_COMMITTEE, code="T-TW", acting_user=SYSTEM)
    prov = c(
        parent=root,
        name="Tỉnh ủy An Hòa",
        kind=UnitKind.PROVINCIAL_COMMITTEE,
        code="T-PROV",
        valid_from=dt.date(2010, 1, 1),
        acting_user=SYSTEM,
    )
    city = c(
        parent=prov,
        name="Thị ủy Bình Yên",
        kind=UnitKind.TOWN_COMMITTEE,
        code="T-CITY",
        valid_from=dt.date(2015, 5, 15),
        acting_user=SYSTEM,
    )
    ward = c(
        parent=city,
        name="Đảng ủy phường Cẩm Thủy",
        kind=UnitKind.WARD_COMMITTEE,
        code="T-WARD",
        acting_user=SYSTEM,
    )
    cell = c(
        parent=ward,
        name="Chi bộ Tổ dân phố số 1",
        kind=UnitKind.PARTY_CELL,
        code="T-CELL",
        illustrative=True,
        acting_user=SYSTEM,
    )
    sibling = c(
        parent=prov, name="Thành ủy Đông Sơn", kind=UnitKind.CITY_COMMITTEE, code="T-SIB", acting_user=SYSTEM
    )
    other = c(
        parent=root,
        name="Tỉnh ủy Phú Lâm",
        kind=UnitKind.PROVINCIAL_COMMITTEE,
        code="T-OTHER",
        acting_user=SYSTEM,
    )
    return SimpleNamespace(
        root=root, prov=prov, city=city, ward=ward, cell=cell, sibling=sibling, other=other
    )


def make_user(username: str, unit=None, role: str = "editor", **extra):
    user = user_create(username=username, password=PASSWORD, acting_user=SYSTEM, **extra)
    if unit is not None:
        role_grant(user=user, unit=unit, role=role, acting_user=SYSTEM)
    return user


@pytest.fixture
def personas(tree):
    return SimpleNamespace(
        own=make_user("own", tree.city, "admin"),
        child=make_user("child", tree.ward, "editor"),
        sibling=make_user("sibling", tree.sibling, "admin"),
        parent=make_user("parent", tree.prov, "viewer"),
        other=make_user("other", tree.other, "admin"),
        superuser=make_user("root", None, is_superuser=True),
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
