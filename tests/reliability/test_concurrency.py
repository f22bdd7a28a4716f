"""Issue 8 point 2: no lost updates.

On PostgreSQL, twenty real threads (each with its own connection) write at once; every
write either commits or is told it conflicted (a ValidationError), and what is stored is
exactly what committed. On SQLite (one writer at a time) the two-stale-forms case.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.rollout.choices import Channel, StepKind
from trienkhai.rollout.models import StepRecord
from trienkhai.rollout.services import step_record_submit

from .conftest import is_postgres, is_sqlite, recount

WRITERS = 20
DONE_ON = dt.date(2022, 6, 1)


def run_threads(target, n: int) -> list:
    """Run ``target(i, barrier)`` in ``n`` threads started together; return each outcome."""
    barrier = threading.Barrier(n)
    outcomes: list = [None] * n

    def wrap(i: int) -> None:
        try:
            outcomes[i] = ("ok", target(i, barrier))
        except ValidationError as exc:
            outcomes[i] = ("conflict", exc)
        except BaseException as exc:  # anything else is a failure of the test's claim
            outcomes[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrap, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    return outcomes


def correct(step, unit, version: int, reach: int):
    return step_record_submit(
        step=step,
        unit=unit,
        done_on=DONE_ON,
        channels=[Channel.ZALO],
        reach=reach,
        expected_version=version,
        acting_user=SYSTEM,
    )


def first(step, unit, reach: int):
    return correct(step, unit, None, reach)


def assert_chain(step, unit, committed: dict[int, int]) -> None:
    """Versions 1..n contiguous, one current (the last), each superseding the one before."""
    rows = list(
        StepRecord.objects.filter(step=step, unit=unit)
        .order_by("version")
        .values_list("version", "is_current", "supersedes__version", "reach")
    )
    versions = [v for v, *_ in rows]
    assert versions == list(range(1, len(rows) + 1))
    assert [c for _v, c, *_ in rows].count(True) == 1 and rows[-1][1] is True
    assert [s for _v, _c, s, _r in rows] == [None, *versions[:-1]]
    # The stored values are exactly the committed writes, version by version.
    assert {v: r for v, _c, _s, r in rows} == committed


@is_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_writers_correct_one_record(campaign):
    step = campaign.steps[StepKind.DISSEMINATION]
    unit = campaign.cells[0]
    first(step, unit, reach=0)
    audit_before = AuditEvent.objects.filter(action="rollout.record_correct").count()

    # Round 1: twenty forms opened on version 1, saved at the same moment: one wins.
    def stale(i, barrier):
        barrier.wait()
        return correct(step, unit, 1, reach=100 + i).version

    outcomes = run_threads(stale, WRITERS)
    kinds = Counter(k for k, _ in outcomes)
    assert kinds["error"] == 0, [e for k, e in outcomes if k == "error"]
    assert kinds == {"ok": 1, "conflict": WRITERS - 1}
    for k, exc in outcomes:
        if k == "conflict":
            assert "vừa được người khác cập nhật" in " ".join(exc.messages)
    winner = next(i for i, (k, _) in enumerate(outcomes) if k == "ok")
    committed = {1: 0, 2: 100 + winner}

    # Round 2: each writer reloads and retries until its write lands (bounded).
    def retrying(i, barrier):
        barrier.wait()
        conflicts = 0
        for _attempt in range(200):
            seen = StepRecord.objects.get(step=step, unit=unit, is_current=True).version
            try:
                rec = correct(step, unit, seen, reach=1000 + i)
                return rec.version, conflicts
            except ValidationError:
                conflicts += 1
        raise AssertionError("never committed")

    outcomes = run_threads(retrying, WRITERS)
    assert all(k == "ok" for k, _ in outcomes), [e for k, e in outcomes if k != "ok"]
    for i, (_k, (version, _c)) in enumerate(outcomes):
        committed[version] = 1000 + i
    assert sorted(committed) == list(range(1, WRITERS + 3))
    assert_chain(step, unit, committed)
    assert AuditEvent.objects.filter(action="rollout.record_correct").count() - audit_before == WRITERS + 1
    before, after = recount(step)
    assert before == after


@is_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_first_submissions_for_different_units(campaign):
    step = campaign.steps[StepKind.DISSEMINATION]
    units = campaign.cells[:WRITERS]

    def submit(i, barrier):
        barrier.wait()
        return first(step, units[i], reach=10 + i).pk

    outcomes = run_threads(submit, WRITERS)
    assert [k for k, _ in outcomes] == ["ok"] * WRITERS, [repr(e) for k, e in outcomes if k != "ok"]
    assert StepRecord.objects.filter(step=step, is_current=True).count() == WRITERS
    assert AuditEvent.objects.filter(action="rollout.record").count() == WRITERS
    before, after = recount(step)
    assert before == after
    ward = next(row for row in after[0] if row[0] == campaign.tree.ward.pk)
    assert ward[2] + ward[3] == WRITERS and ward[7] == sum(10 + i for i in range(WRITERS))


@is_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_first_submissions_for_one_unit(campaign):
    """Twenty people record the same unit's step for the first time at once: one record."""
    step = campaign.steps[StepKind.DISSEMINATION]
    unit = campaign.cells[1]

    def submit(i, barrier):
        barrier.wait()
        return first(step, unit, reach=i).version

    outcomes = run_threads(submit, WRITERS)
    kinds = Counter(k for k, _ in outcomes)
    assert kinds == {"ok": 1, "conflict": WRITERS - 1}, [repr(e) for k, e in outcomes if k == "error"]
    winner = next(i for i, (k, _) in enumerate(outcomes) if k == "ok")
    assert_chain(step, unit, {1: winner})
    before, after = recount(step)
    assert before == after


@is_sqlite
@pytest.mark.django_db
def test_two_stale_forms_second_save_refused(campaign):
    assert connection.vendor == "sqlite"
    step = campaign.steps[StepKind.DISSEMINATION]
    unit = campaign.cells[0]
    first(step, unit, reach=5)
    # Two people open the record on version 1 …
    seen_a = seen_b = StepRecord.objects.get(step=step, unit=unit, is_current=True).version
    assert seen_a == 1
    correct(step, unit, seen_a, reach=7)
    with pytest.raises(ValidationError) as err:
        correct(step, unit, seen_b, reach=9)
    assert "phiên bản 2" in " ".join(err.value.messages)
    assert_chain(step, unit, {1: 5, 2: 7})
    # A second "first" submission is refused too: nobody's record is silently replaced.
    with pytest.raises(ValidationError):
        first(step, unit, reach=11)
    assert_chain(step, unit, {1: 5, 2: 7})
    before, after = recount(step)
    assert before == after


@is_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bulk_import_races_single_submissions(campaign):
    """An Excel import of twenty units while their editors record the same units one by one:
    each unit ends up with exactly one record, and every write commits or is refused cleanly
    (a ValidationError, never an IntegrityError)."""
    from trienkhai.rollout.services import step_records_bulk_submit

    step = campaign.steps[StepKind.DISSEMINATION]
    units = campaign.cells[:WRITERS]
    rows = [
        (i + 2, u, {"done_on": DONE_ON, "channels": [Channel.ZALO], "reach": 500 + i})
        for i, u in enumerate(units)
    ]

    def work(i, barrier):
        barrier.wait()
        if i == WRITERS:  # the importer
            count, errors = step_records_bulk_submit(
                step=step, rows=rows, acting_user=SYSTEM, source="x.xlsx"
            )
            if errors:
                raise ValidationError([m for _r, m in errors])
            return count
        return first(step, units[i], reach=i).pk

    outcomes = run_threads(work, WRITERS + 1)
    errors = [repr(e) for k, e in outcomes if k == "error"]
    assert not errors, errors
    for u in units:
        assert StepRecord.objects.filter(step=step, unit=u).count() == 1
    before, after = recount(step)
    assert before == after


@is_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_waits_for_a_deadline_edit_and_counts_against_the_new_deadline(campaign):
    """A committee moves a deadline while a sheet is being imported: the import waits for the
    edit to commit and counts its records against the new deadline (a recount agrees), and
    neither is aborted by a deadlock."""
    from django.db import transaction

    from trienkhai.rollout.services import step_records_bulk_submit, step_update

    step = campaign.steps[StepKind.DISSEMINATION]  # due 30/9/2022: DONE_ON (1/6) is on time
    units = campaign.cells[:WRITERS]
    rows = [
        (i + 2, u, {"done_on": DONE_ON, "channels": [Channel.ZALO], "reach": 10}) for i, u in enumerate(units)
    ]
    edited = threading.Event()

    def work(i, barrier):
        barrier.wait()
        if i == 0:  # the editor: moves the deadline before DONE_ON and holds its locks a while
            with transaction.atomic():
                step_update(
                    step=step,
                    due=dt.date(2022, 5, 1),
                    expected_version=campaign.rollout.steps_version,
                    acting_user=SYSTEM,
                )
                edited.set()
                threading.Event().wait(0.5)  # the importer reaches its locks meanwhile
            return "edited"
        edited.wait(30)
        count, errors = step_records_bulk_submit(step=step, rows=rows, acting_user=SYSTEM, source="x.xlsx")
        assert not errors, errors
        return count

    outcomes = run_threads(work, 2)
    assert outcomes == [("ok", "edited"), ("ok", WRITERS)], outcomes
    step.refresh_from_db()
    assert step.due == dt.date(2022, 5, 1)
    before, after = recount(step)
    assert before == after
    from trienkhai.rollout.models import StepTally

    top = StepTally.objects.get(step=step, unit=campaign.rollout.owner_unit)
    assert (top.done_on_time, top.done_late) == (0, WRITERS)
