"""The Excel import counts its records into the tallies in bulk (one UPDATE, one upsert),
not by recounting the step: the counts must still be exactly a recount's."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.rollout.choices import StepKind
from trienkhai.rollout.importers import columns, records_import
from trienkhai.rollout.models import StepRecord, StepTally
from trienkhai.rollout.services import step_record_submit, tally_rebuild
from trienkhai.rollout.tests.conftest import TODAY
from trienkhai.rollout.tests.conftest import tally_snapshot as snapshot


def sheet(kind: str, rows: list[list]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append([label for _k, label in columns(kind)])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_imported_counts_agree_with_a_recount(rollout, cells, tree, monkeypatch):
    """GIVEN a conference already recorded by one cell (its day rows exist)
    WHEN three more cells and the ward are imported, on time and late, on the same day
    and on others
    THEN every tally and day row is what a recount finds, and the audit has one event
    per record and one for the import."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    conf = rollout.steps.get(kind=StepKind.CONFERENCE)  # due 01/03/2022
    step_record_submit(
        step=conf,
        unit=cells[0],
        done_on=dt.date(2022, 2, 20),
        form="truc_tiep",
        members_present=15,
        acting_user=SYSTEM,
        today=TODAY,
    )
    rows = [
        [cells[1].pk, cells[1].name, "20/02/2022", "trực tiếp", "", 18, 21, 4, "", ""],
        [cells[2].pk, cells[2].name, "10/03/2022", "trực tuyến", "Zoom", 20, 22, "", "", ""],
        [cells[3].pk, cells[3].name, "15/03/2022", "kết hợp", "Teams", 19, "", 7, "", ""],
        [tree.ward.pk, tree.ward.name, "20/02/2022", "trực tiếp", "", 9, 9, "", "", ""],
    ]
    count = records_import(
        step=conf, upload=sheet(StepKind.CONFERENCE, rows), filename="hoi-nghi.xlsx", acting_user=SYSTEM
    )
    assert count == 4
    counted = snapshot(conf)
    tally_rebuild(step=conf)
    assert snapshot(conf) == counted
    city = StepTally.objects.get(step=conf, unit=tree.city)
    assert (city.done_on_time, city.done_late, city.members_present) == (3, 2, 15 + 18 + 20 + 19 + 9)
    imported = StepRecord.objects.filter(step=conf).exclude(unit=cells[0])
    events = AuditEvent.objects.filter(action="rollout.record", object_type="rollout.steprecord")
    assert sorted(int(e.object_id) for e in events.filter(changes__source="hoi-nghi.xlsx")) == sorted(
        r.pk for r in imported
    )
    assert AuditEvent.objects.filter(action="rollout.import").count() == 1


def test_a_missing_tally_row_means_a_recount(rollout, cells, tree):
    """A tally row gone (the tree changed since the last rebuild): the import recounts."""
    plan = rollout.steps.get(kind=StepKind.DISSEMINATION)
    StepTally.objects.filter(step=plan, unit=tree.ward).delete()
    rows = [[c.pk, c.name, "20/02/2022", "Zalo", 100, "", ""] for c in cells[:2]]
    assert (
        records_import(step=plan, upload=sheet(plan.kind, rows), filename="x.xlsx", acting_user=SYSTEM) == 2
    )
    counted = snapshot(plan)
    tally_rebuild(step=plan)
    assert snapshot(plan) == counted
    assert StepTally.objects.get(step=plan, unit=tree.ward).done_on_time == 2


def test_imported_audit_events_are_those_of_a_record(rollout, cells, tree, monkeypatch):
    """GIVEN an editor importing conference records from an address
    WHEN the import succeeds
    THEN each record has one event, written by the database, with what step_record_submit
    logs (who, from where, the record, its unit, the step, version and day) and the file."""
    from django.utils import timezone

    from trienkhai.accounts.services import role_grant, user_create
    from trienkhai.core.middleware import set_current_ip

    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    editor = user_create(username="nhap-lieu", password=None, acting_user=SYSTEM)
    role_grant(user=editor, unit=tree.prov, role="editor", acting_user=SYSTEM)
    conf = rollout.steps.get(kind=StepKind.CONFERENCE)
    conf.title = "Hội nghị “quán triệt” 'Nghị quyết' 100%"  # quotes and a percent sign, in SQL
    conf.save(update_fields=["title"])
    rows = [
        [c.pk, c.name, f"{20 + i}/02/2022", "trực tiếp", "", 10, 20, "", "", ""] for i, c in enumerate(cells)
    ]
    token = set_current_ip("203.0.113.7")
    before = timezone.now()
    try:
        records_import(step=conf, upload=sheet(conf.kind, rows), filename="đợt 1.xlsx", acting_user=editor)
    finally:
        from trienkhai.core.middleware import _client_ip

        _client_ip.reset(token)
    records = {str(r.pk): r for r in StepRecord.objects.filter(step=conf).select_related("unit")}
    events = list(AuditEvent.objects.filter(action="rollout.record").order_by("id"))
    assert [e.object_id for e in events] == sorted(records, key=int)
    for e in events:
        r = records[e.object_id]
        assert (e.actor_id, e.actor_name, e.ip, e.object_type, e.unit_id, e.refused) == (
            editor.pk,
            "nhap-lieu",
            "203.0.113.7",
            "rollout.steprecord",
            r.unit_id,
            False,
        )
        assert e.object_repr == f"{r.unit.name} — {conf.title}"
        assert e.changes == {
            "step": conf.title,
            "version": 1,
            "done_on": r.done_on.isoformat(),
            "source": "đợt 1.xlsx",
        }
        assert before <= e.at <= timezone.now()


def test_an_import_moves_complete_tallies_without_a_recount(rollout, cells, tree, monkeypatch):
    """GIVEN a step whose every tally row exists (as after its launch)
    WHEN records are imported
    THEN the counts move by one UPDATE and one upsert, not by a recount, and agree with one.
    (On SQLite the UPDATE once began with WITH, for which Python reports no row count:
    every import recounted.)"""
    from trienkhai.rollout.services import tallies

    diss = rollout.steps.get(kind=StepKind.DISSEMINATION)
    diss.rollout.refresh_from_db()
    version = diss.rollout.version

    def no_recount(**kwargs):
        raise AssertionError("recounted")

    monkeypatch.setattr(tallies, "tally_rebuild", no_recount)
    rows = [[c.pk, c.name, "20/02/2022", "Zalo, loa", 30 + i, "", ""] for i, c in enumerate(cells)]
    assert (
        records_import(step=diss, upload=sheet(diss.kind, rows), filename="x.xlsx", acting_user=SYSTEM) == 5
    )
    monkeypatch.undo()
    counted = snapshot(diss)
    tally_rebuild(step=diss)
    assert snapshot(diss) == counted
    assert StepTally.objects.get(step=diss, unit=tree.ward).reach == 30 + 31 + 32 + 33
    diss.rollout.refresh_from_db()
    assert diss.rollout.version > version


def test_a_step_never_counted_is_recounted_once(rollout, cells, tree):
    """No tally row at all for the step: the import skips the deltas and recounts."""
    from trienkhai.rollout.models import StepDayTally

    diss = rollout.steps.get(kind=StepKind.DISSEMINATION)
    StepTally.objects.filter(step=diss).delete()
    StepDayTally.objects.filter(step=diss).delete()
    rows = [[c.pk, c.name, "20/02/2022", "Zalo", 7, "", ""] for c in cells[:3]]
    assert (
        records_import(step=diss, upload=sheet(diss.kind, rows), filename="x.xlsx", acting_user=SYSTEM) == 3
    )
    counted = snapshot(diss)
    tally_rebuild(step=diss)
    assert snapshot(diss) == counted
    assert StepTally.objects.get(step=diss, unit=tree.ward).done_on_time == 3


def test_bad_rows_are_all_reported_and_nothing_is_written(rollout, cells, tree, monkeypatch):
    """GIVEN a sheet with good rows and bad ones (unknown unit, bad date, unknown form,
    a negative count, more present than on the roll, a unit listed twice)
    WHEN it is imported
    THEN every bad row is reported with its sheet row number, in the user's language, and
    nothing is written: no record, no audit event of a record, no count, no new version."""
    from django.utils import timezone, translation

    from trienkhai.core.importing import ImportFailed

    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    conf = rollout.steps.get(kind=StepKind.CONFERENCE)
    conf.rollout.refresh_from_db()
    version = conf.rollout.version
    tallies = snapshot(conf)
    rows = [
        [cells[0].pk, cells[0].name, "20/02/2022", "trực tiếp", "", 10, 20, "", "", ""],  # row 2: good
        [999_999, "?", "20/02/2022", "trực tiếp", "", 10, 20, "", "", ""],  # 3: no such unit
        [cells[1].pk, cells[1].name, "31/02/2022", "trực tiếp", "", 10, 20, "", "", ""],  # 4: no such day
        [cells[2].pk, cells[2].name, "20/02/2022", "ngoài trời", "", 10, 20, "", "", ""],  # 5: unknown form
        [cells[3].pk, cells[3].name, "20/02/2022", "trực tiếp", "", 10, 20, -1, "", ""],  # 6: negative
        [cells[4].pk, cells[4].name, "20/02/2022", "trực tiếp", "", 30, 20, "", "", ""],  # 7: 30 of 20
        [cells[0].pk, cells[0].name, "21/02/2022", "trực tiếp", "", 10, 20, "", "", ""],  # 8: twice
    ]
    for lang, negative, twice in (
        ("vi", "Số lượt quần chúng không được âm.", "đã báo cáo yêu cầu này"),
        ("en", "The number of non-member attendances must not be negative.", None),
    ):
        with translation.override(lang), pytest.raises(ImportFailed) as err:
            records_import(step=conf, upload=sheet(conf.kind, rows), filename="x.xlsx", acting_user=SYSTEM)
        errors = dict(err.value.row_errors)
        assert sorted(errors) == [3, 4, 5, 6, 7, 8]
        assert "999999" in errors[3] and "31/02/2022" in errors[4] and "ngoài trời" in errors[5]
        assert errors[6] == f"{cells[3].name}: {negative}"
        assert "(30)" in errors[7] and "(20)" in errors[7]
        if twice:
            assert twice in errors[8]
    assert not StepRecord.objects.filter(step=conf).exists()
    assert not AuditEvent.objects.filter(action="rollout.record", refused=False).exists()
    assert snapshot(conf) == tallies
    conf.rollout.refresh_from_db()
    assert conf.rollout.version == version


def test_sqlite_tally_update_looks_each_row_up_by_its_key(rollout, cells):
    """On SQLite the tally UPDATE reads its list (a JSON text) once and finds each tally
    row by (step, unit). Read straight from json_each, the planner scanned the whole list
    once per tally row instead: 2 s a sheet of 2,500 units rather than milliseconds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trienkhai.rollout.services.tallies import _bulk_count_sql

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan")
    diss = rollout.steps.get(kind=StepKind.DISSEMINATION)
    with CaptureQueriesContext(connection) as ctx:
        assert _bulk_count_sql(diss, [(cells[0].pk, 1, 0, 0, 0, 0, 5)], []) == 1
    [update] = [q["sql"] for q in ctx.captured_queries if "UPDATE" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + update.replace("%", "%%"))
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "(step_id=? AND unit_id=?)" in plan, plan
