"""First records of many units at once (an Excel sheet): all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import service
from trienkhai.core.scoping import covers
from trienkhai.orgs.models import MemberCount, Unit
from trienkhai.rollout.choices import ConferenceForm, RolloutStatus, StepKind
from trienkhai.rollout.models import Step, StepRecord, StepTally
from trienkhai.rollout.services.records import check_record_values, step_record_submit
from trienkhai.rollout.services.tallies import _count_first_records, units_in_scope
from trienkhai.textmine.normalize import clean_text


@service
def step_records_bulk_submit(
    *,
    step: Step,
    rows: list[tuple[int, Unit, dict[str, Any]]],
    acting_user: Any,
    today: dt.date | None = None,
    source: str = "",
) -> tuple[int, list[tuple[int, str]]]:
    """First submissions for many units at once (an Excel sheet): all or nothing.

    Validates every row exactly as :func:`step_record_submit` does, against state read
    once; then inserts the records and their audit rows in bulk and recounts the step's
    tallies once. Returns (count, per-row errors); with errors nothing is written. Plan
    steps register a document per unit and go row by row.
    """
    today = today or timezone.localdate()
    step = Step.objects.select_related("rollout", "rollout__owner_unit", "rollout__document", "period").get(
        pk=step.pk
    )
    errors: list[tuple[int, str]] = []
    if step.rollout.status != RolloutStatus.ACTIVE:
        return 0, [(0, _("Đợt triển khai đã kết thúc: không ghi nhận thêm."))]
    in_scope = set(units_in_scope(rollout=step.rollout, step=step).values_list("pk", flat=True))
    done = set(StepRecord.objects.filter(step=step, is_current=True).values_list("unit_id", flat=True))
    rolls: dict[int, int] = {}
    # The roll is read only for conference rows that leave it empty (most sheets fill it in).
    needs_roll = [
        u.pk
        for _r, u, v in rows
        if step.kind == StepKind.CONFERENCE and v.get("members_on_roll") in (None, "")
    ]
    for unit_id, members in (
        MemberCount.objects.filter(unit_id__in=ids_in(needs_roll))
        .order_by("unit_id", "as_of")
        .values_list("unit_id", "members")
        if needs_roll
        else []
    ):
        rolls[unit_id] = members  # the latest wins
    if step.kind == StepKind.PLAN:
        count = 0
        with transaction.atomic():
            for row_no, unit, values in rows:
                try:
                    with transaction.atomic():
                        step_record_submit(
                            step=step, unit=unit, acting_user=acting_user, today=today, **values
                        )
                    count += 1
                except ValidationError as exc:
                    errors.append((row_no, f"{unit.name}: " + "; ".join(_flat(exc))))
                except Exception as exc:
                    from django.http import Http404

                    if not isinstance(exc, Http404):
                        raise
                    errors.append((row_no, _("không có đơn vị mã “%(v)s”.") % {"v": unit.pk}))
            if errors:
                transaction.set_rollback(True)
                return 0, errors
        return count, []
    records: list[StepRecord] = []
    units: list[Unit] = []
    seen: set[int] = set()
    user_obj = acting_user if getattr(acting_user, "pk", None) else None
    for row_no, unit, values in rows:
        if not covers(acting_user, unit, "change"):
            errors.append((row_no, _("không có đơn vị mã “%(v)s”.") % {"v": unit.pk}))
            continue
        if unit.pk not in in_scope:
            errors.append(
                (
                    row_no,
                    _("“%(unit)s” không thuộc phạm vi thực hiện của đợt “%(r)s”.")
                    % {"unit": unit.name, "r": step.rollout.title},
                )
            )
            continue
        if unit.pk in done or unit.pk in seen:
            errors.append((row_no, _("“%(unit)s” đã báo cáo yêu cầu này.") % {"unit": unit.name}))
            continue
        seen.add(unit.pk)
        row_errors: dict[str, list[str]] = defaultdict(list)
        clean = check_record_values(
            step=step,
            unit=unit,
            today=today,
            errors=row_errors,
            has_plan=True,
            roll_default=rolls.get(unit.pk),
            **{  # type: ignore[arg-type]  # the sheet's cells, checked by check_record_values
                k: values.get(k)
                for k in (
                    "done_on",
                    "form",
                    "platform",
                    "members_present",
                    "members_on_roll",
                    "masses",
                    "channels",
                    "reach",
                    "outcome",
                )
            },
        )
        if row_errors:
            errors.append((row_no, f"{unit.name}: " + "; ".join(m for ms in row_errors.values() for m in ms)))
            continue
        conference = step.kind == StepKind.CONFERENCE
        records.append(
            # Ids, not instances: setting thousands of related instances is the slow part
            # of building the rows (the units go along in ``units``).
            StepRecord(
                step_id=step.pk,
                unit_id=unit.pk,
                version=1,
                is_current=True,
                done_on=values["done_on"],
                submitted_by_id=user_obj.pk if user_obj else None,
                note=clean_text(values.get("note") or "", multiline=True),
                form=values.get("form") or "" if conference else "",
                platform=(values.get("platform") or "")
                if conference and values.get("form") != ConferenceForm.IN_PERSON
                else "",
                members_present=clean["members_present"] if conference else None,
                members_on_roll=clean["members_on_roll"] if conference else None,
                masses=clean["masses"],
                channels=clean["channels"] if step.kind == StepKind.DISSEMINATION else [],
                reach=clean["reach"],
                outcome=clean_text(values.get("outcome") or "", multiline=True),
            )
        )
        units.append(unit)
    if errors:
        return 0, errors
    with transaction.atomic():
        # The step's row first, as step_update and step_remove take it: an edit of the steps
        # in flight finishes before this import counts (no deadlock between the edit's
        # tally locks and ours), and the deadline read here is the one it left.
        # NO KEY: the records inserted meanwhile by single submissions hold FOR KEY SHARE on
        # the step (their foreign key) while waiting for tally rows this import holds.
        due = (
            Step.objects.select_for_update(no_key=True)
            .filter(pk=step.pk)
            .values_list("due", flat=True)
            .first()
        )
        if due is None:
            return 0, [(0, _("Yêu cầu này vừa bị xóa khỏi đợt triển khai."))]
        step.due = due
        # Lock the units' tally rows as step_record_submit does, then look again: a record
        # committed meanwhile by someone else is a row error, not an IntegrityError (a 500).
        unit_ids = sorted(r.unit_id for r in records)
        locked = list(
            StepTally.objects.select_for_update()
            .filter(step=step, unit_id__in=ids_in(unit_ids))
            .order_by("unit_id")
            .values_list("pk", flat=True)
        )
        raced = set(
            StepRecord.objects.filter(step=step, unit_id__in=ids_in(unit_ids), is_current=True).values_list(
                "unit_id", flat=True
            )
        )
        if raced:
            return 0, sorted(
                (row_no, _("“%(unit)s” đã báo cáo yêu cầu này.") % {"unit": unit.name})
                for row_no, unit, _v in rows
                if unit.pk in raced
            )
        # bulk_create skips the pre-save NFC signal: every text field above is already
        # clean (note and outcome through clean_text, form and platform checked against
        # their catalogues, blank otherwise), so there is nothing left for it to do.
        # One statement per table where the backend allows it (PostgreSQL): round trips,
        # not rows, are what a bulk insert pays for.
        StepRecord.objects.bulk_create(records)
        # One audit event per record, as step_record_submit writes it, built by the database
        # from the rows just inserted: thousands of AuditEvent instances cost more than the
        # records they describe.
        _audit_first_records(step=step, unit_ids=unit_ids, acting_user=acting_user, source=source)
        # A unit without its tally row (the tree changed, or the step was never counted)
        # means a recount: skip the deltas it would throw away.
        _count_first_records(
            step, list(zip(records, units, strict=True)), recount=len(locked) < len(unit_ids)
        )
    return len(records), []


def ids_in(ids: list[int]) -> RawSQL:
    """The right-hand side of ``pk__in=`` for thousands of ids, as one parameter.

    ``pk__in=[…]`` sends one placeholder per id, and the driver quotes each one: for an
    import's 2,500 units that costs more than the query (PostgreSQL: 7–20 ms a query
    against 1–2). One array (PostgreSQL) or one JSON text (SQLite) costs one quote.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(CAST(%s AS bigint[]))", (list(ids),))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(list(ids)),))


def _audit_first_records(*, step: Step, unit_ids: list[int], acting_user: Any, source: str) -> None:
    """The ``rollout.record`` events of the step's current records of ``unit_ids``, just
    inserted (first versions): the same object, description, unit and changes that
    :func:`step_record_submit` logs, plus the file they came from."""
    from django.db import connection

    from trienkhai.core.audit import audit_log_select

    record, unit = StepRecord._meta.db_table, Unit._meta.db_table
    if connection.vendor == "postgresql":
        changes = (
            "jsonb_build_object('step', CAST(%s AS text), 'version', r.version, "
            "'done_on', to_char(r.done_on, 'YYYY-MM-DD'), 'source', CAST(%s AS text))"
        )
    else:
        changes = "json_object('step', %s, 'version', r.version, 'done_on', r.done_on, 'source', %s)"
    units_in, ids = ids_in(unit_ids).as_sql(None, connection)  # type: ignore[arg-type]  # a plain IN needs no compiler
    # Only table names from the models' metadata are interpolated; values are parameters.
    audit_log_select(
        actor=acting_user,
        action="rollout.record",
        object_type=StepRecord._meta.label_lower,
        select=(
            f"SELECT CAST(r.id AS text), SUBSTR(u.name || %s, 1, 300), r.unit_id, {changes} "
            f"FROM {record} r JOIN {unit} u ON u.id = r.unit_id "
            f"WHERE r.step_id = %s AND r.is_current AND r.unit_id IN {units_in} ORDER BY r.id"
        ),
        params=[f" — {step.title}", step.title, source, step.pk, *ids],
    )


def _flat(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for ms in exc.message_dict.values() for m in ms]
    return list(exc.messages)
