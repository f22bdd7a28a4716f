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

from tests.builders import PASSWORD, UserFactory
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.services import unit_create

_SHARED_SCOPES = ("class", "module", "package")


def _shared_homes(item) -> set[str]:
    """Where the module-, class- or package-scoped fixtures a test uses live (built once there)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return set()
    module = item.nodeid.split("::")[0]
    homes = set()
    for name in info.names_closure:
        defs = info.name2fixturedefs.get(name) or ()
        # baseid "" is a plugin's fixture (pytest-django's per-class unittest hook): not ours.
        if defs and defs[-1].scope in _SHARED_SCOPES and defs[-1].baseid:
            # A package fixture is one per folder (its conftest's); the others one per module.
            homes.add((defs[-1].baseid or module) if defs[-1].scope == "package" else module)
    return homes


def _group_shared_fixtures(items) -> None:
    """Tests that share a module-, class- or package-scoped fixture run on one xdist worker.

    Such a fixture is built once per process: split across two workers, the isolation world, the
    write matrix or the crash-safety seed would be built twice. Tests linked through any shared
    fixture get one ``xdist_group`` (honoured by ``--dist loadgroup``, ignored otherwise); every
    other test goes to whichever worker is free. Session fixtures are per worker anyway
    (``demo_snapshot``). See docs/decisions/0077-tests-on-two-cores.md.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    homes = {item.nodeid: _shared_homes(item) for item in items}
    for linked in homes.values():
        ordered = sorted(linked)
        for other in ordered[1:]:
            a, b = sorted((find(ordered[0]), find(other)))
            parent[b] = a  # the smaller name leads: a group's name does not depend on test order
    for item in items:
        if homes[item.nodeid]:
            item.add_marker(pytest.mark.xdist_group(find(next(iter(homes[item.nodeid])))))


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook reads the groups
def pytest_collection_modifyitems(items):
    """Tests sharing a module or package fixture go to one xdist worker (``_xdist_group``).

    Every test that runs outside a rolled-back transaction restores the database as it found it.

    A transactional test (``transactional_db``, ``live_server`` or ``django_db(transaction=True)``)
    ends with a flush; without serialized rollback Django then recreates the content types, and the
    next test that does ask for serialized rollback loads them a second time and fails with
    "UNIQUE constraint failed: django_content_type" (27 errors in CI, depending on test order).
    Making all of them serialized removes the order dependence.
    """
    _group_shared_fixtures(items)
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


def write_axe_report(target: str, parts: list[dict]) -> None:
    """The journeys' axe report (TRIENKHAI_AXE_REPORT) from one process's findings or each worker's.

    Two workers may both check a page: its counts are the same, a rule counts it once.
    """
    import json
    from pathlib import Path

    pages: dict[str, dict] = {}
    rules: dict[str, set[str]] = {}
    failing: dict[str, None] = {}
    for part in parts:
        for size, seen in part["pages"].items():
            pages.setdefault(size, {}).update(seen)
        for rule, where in part["rules"].items():
            rules.setdefault(rule, set()).update(where)
        failing.update(dict.fromkeys(part["failing"]))
    report = {"pages": pages, "rules": {r: len(w) for r, w in rules.items()}, "failing": list(failing)}
    Path(target).write_text(json.dumps(report, indent=1, ensure_ascii=False, sort_keys=True))


_AXE_PARTS: list[dict] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist's controller: a worker finished; keep what its journeys' axe runs found."""
    part = getattr(node, "workeroutput", {}).get("axe")
    if part:
        _AXE_PARTS.append(part)


def pytest_sessionfinish(session, exitstatus):
    import os

    target = os.environ.get("TRIENKHAI_AXE_REPORT")
    if target and _AXE_PARTS:
        write_axe_report(target, _AXE_PARTS)


@pytest.fixture(scope="session", autouse=True)
def _media_root_of_this_process(tmp_path_factory):
    """Uploaded files go to a folder of this pytest process (each xdist worker has its own).

    Every worker's test database hands out the same ids, so two workers would otherwise write and
    delete the same ``var/media/<app>/<id>/`` files. Tests that set ``settings.MEDIA_ROOT``
    themselves still do (their override sits on top of this one).
    """
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


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


@pytest.fixture(scope="session")
def demo_2022_snapshot(django_db_setup, django_db_blocker):
    """The demo without its 1/7/2025 reorganisation (``demo --before-reform``): Thành ủy Phổ Yên
    with its 18 wards, as the seed describes them. For tests about a tree with a city level
    (a ward's "Thành ủy", the isolation matrix before the plan), built only where one asks."""
    import io

    from django.core.management import call_command
    from django.db import connection, transaction

    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("demo", no_serve=True, before_reform=True, stdout=io.StringIO())
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
def demo_2022(db, demo_2022_snapshot):
    """The demo before its 1/7/2025 reorganisation, copied from the session's snapshot."""
    load_demo(demo_2022_snapshot)


@pytest.fixture
def demo_copy(demo_snapshot):
    """A loader for tests that manage their own transaction (live server, package worlds)."""

    def load() -> None:
        from django.core.management import call_command

        # The snapshot holds every row the migrations made. A transactional test that ran before
        # in this process flushed the database, after which post_migrate and the serialized
        # rollback made some of them again under other ids (content types, permissions, topics):
        # empty the tables, so the snapshot's rows go back as they were built.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        load_demo(demo_snapshot)

    return load


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
    """A user signing in with PASSWORD, with ``role`` at ``unit`` (tests/builders.UserFactory)."""
    return UserFactory(username=username, password=PASSWORD, unit=unit, role=role, **extra)


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
