"""The session's demo snapshot: a copy is the demo as ``call_command("demo")`` builds it, and
building the snapshot leaves the test database as the migrations left it."""

from __future__ import annotations

import io

from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit
from trienkhai.orgs.services import unit_create


def table_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.managed}


def test_building_the_snapshot_leaves_the_database_clean(demo_snapshot, db):
    assert "TU-PY" in demo_snapshot
    assert not Unit.objects.exists()


def test_a_copy_holds_what_the_demo_command_builds_and_new_rows_get_new_ids(demo_copy, db):
    with transaction.atomic():
        call_command("demo", no_serve=True, stdout=io.StringIO())
        fresh = table_counts()
        fresh_py = Unit.objects.get(code="TU-TN")
        fresh_py = (fresh_py.name, fresh_py.path, fresh_py.current_children().count())
        transaction.set_rollback(True)
    assert not Unit.objects.exists()
    demo_copy()
    assert table_counts() == fresh
    py = Unit.objects.get(code="TU-TN")
    assert (py.name, py.path, py.current_children().count()) == fresh_py
    # The copy's rows keep their ids; the next row the services create must not collide.
    new = unit_create(
        parent=py, name="Chi bộ thử", kind=UnitKind.PARTY_CELL, illustrative=True, acting_user=SYSTEM
    )
    assert new.pk > max(Unit.objects.exclude(pk=new.pk).values_list("pk", flat=True))
