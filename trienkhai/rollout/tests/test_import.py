"""The Excel import counts its records into the tallies in bulk (one UPDATE, one upsert),
not by recounting the step: the counts must still be exactly a recount's."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

from trienkhai.core.models import AuditEvent
from trienkhai.rollout.choices import StepKind
from trienkhai.rollout.importers import columns, records_import
from trienkhai.rollout.models import StepRecord, StepTally
from trienkhai.rollout.services import step_record_submit, tally_rebuild
from trienkhai.rollout.tests.conftest import TODAY
from trienkhai.rollout.tests.test_services import snapshot


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
        acting_user=None,
        today=TODAY,
    )
    rows = [
        [cells[1].pk, cells[1].name, "20/02/2022", "trực tiếp", "", 18, 21, 4, "", ""],
        [cells[2].pk, cells[2].name, "10/03/2022", "trực tuyến", "Zoom", 20, 22, "", "", ""],
        [cells[3].pk, cells[3].name, "15/03/2022", "kết hợp", "Teams", 19, "", 7, "", ""],
        [tree.ward.pk, tree.ward.name, "20/02/2022", "trực tiếp", "", 9, 9, "", "", ""],
    ]
    count = records_import(
        step=conf, upload=sheet(StepKind.CONFERENCE, rows), filename="hoi-nghi.xlsx", acting_user=None
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
    assert records_import(step=plan, upload=sheet(plan.kind, rows), filename="x.xlsx", acting_user=None) == 2
    counted = snapshot(plan)
    tally_rebuild(step=plan)
    assert snapshot(plan) == counted
    assert StepTally.objects.get(step=plan, unit=tree.ward).done_on_time == 2


def test_an_import_moves_complete_tallies_without_a_recount(rollout, cells, tree, monkeypatch):
    """GIVEN a step whose every tally row exists (as after its launch)
    WHEN records are imported
    THEN the counts move by one UPDATE and one upsert, not by a recount, and agree with one.
    (On SQLite the UPDATE once began with WITH, for which Python reports no row count:
    every import recounted.)"""
    from trienkhai.rollout import services

    diss = rollout.steps.get(kind=StepKind.DISSEMINATION)
    diss.rollout.refresh_from_db()
    version = diss.rollout.version

    def no_recount(**kwargs):
        raise AssertionError("recounted")

    monkeypatch.setattr(services, "tally_rebuild", no_recount)
    rows = [[c.pk, c.name, "20/02/2022", "Zalo, loa", 30 + i, "", ""] for i, c in enumerate(cells)]
    assert records_import(step=diss, upload=sheet(diss.kind, rows), filename="x.xlsx", acting_user=None) == 5
    monkeypatch.undo()
    counted = snapshot(diss)
    tally_rebuild(step=diss)
    assert snapshot(diss) == counted
    assert StepTally.objects.get(step=diss, unit=tree.ward).reach == 30 + 31 + 32 + 33
    diss.rollout.refresh_from_db()
    assert diss.rollout.version > version
