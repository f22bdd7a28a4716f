"""Writes for rollouts: launch, periods, step records (with versions), tallies, reminders."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.core.audit import audit_log, service
from trienkhai.core.files import check_upload
from trienkhai.core.models import discard_files, store_files
from trienkhai.core.scoping import get_scoped_or_404, paths_above
from trienkhai.documents.choices import LinkKind
from trienkhai.documents.models import Document
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import MemberCount, Unit, UnitQuerySet
from trienkhai.rollout.choices import (
    Channel,
    ConferenceForm,
    Platform,
    Purpose,
    Recurrence,
    RolloutStatus,
    StepKind,
)
from trienkhai.rollout.models import (
    RecordAttachment,
    Rollout,
    RolloutPeriod,
    Step,
    StepDayTally,
    StepRecord,
    StepTally,
)
from trienkhai.textmine.normalize import clean_text

# The usual steps of a study-and-implement campaign, in order (the template).
STEP_TEMPLATE = [
    (StepKind.PLAN, 15),
    (StepKind.CONFERENCE, 30),
    (StepKind.DISSEMINATION, 45),
    (StepKind.REVIEW, 60),
    (StepKind.REPORT, 75),
]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _fmt(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


# --- periods ------------------------------------------------------------------------------------


def period_bounds(recurrence: str, starts_on: dt.date, index: int) -> tuple[dt.date, dt.date | None, str]:
    """Start, end and label of the ``index``-th period of a rollout (the label is stored, so
    it is written in Vietnamese whatever the language of the person launching)."""
    from django.utils import translation

    with translation.override("vi"):
        return _period_bounds(recurrence, starts_on, index)


def _period_bounds(recurrence: str, starts_on: dt.date, index: int) -> tuple[dt.date, dt.date | None, str]:
    if recurrence == Recurrence.QUARTERLY:
        q0 = (starts_on.month - 1) // 3
        q = q0 + index
        year, quarter = starts_on.year + q // 4, q % 4 + 1
        start = dt.date(year, 3 * (quarter - 1) + 1, 1)
        nxt = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        return start, nxt - dt.timedelta(days=1), _("Quý %(q)s/%(y)s") % {"q": ROMAN[quarter], "y": year}
    if recurrence == Recurrence.YEARLY:
        year = starts_on.year + index
        return dt.date(year, 1, 1), dt.date(year, 12, 31), _("Năm %(y)s") % {"y": year}
    return starts_on, None, ""


def _open_period(rollout: Rollout, index: int) -> RolloutPeriod:
    start, end, label = period_bounds(rollout.recurrence, rollout.starts_on, index)
    if index == 0 and rollout.recurrence == Recurrence.NONE:
        end = rollout.ends_on
    period = RolloutPeriod.objects.create(
        rollout=rollout, index=index, label=label, starts_on=start, ends_on=end
    )
    bump(rollout.pk)  # pages and the periods list are cached under the version
    base = rollout.starts_on if index == 0 else start
    for order, spec in enumerate(rollout.step_specs):
        step = Step.objects.create(
            rollout=rollout,
            period=period,
            kind=spec["kind"],
            title=spec["title"],
            due=base + dt.timedelta(days=spec["offset_days"]),
            order=order,
        )
        tally_rebuild(step=step)
    return period


def rollout_open_due_periods(*, today: dt.date | None = None) -> int:
    """Open the next period of every recurring rollout whose period has started. Idempotent."""
    today = today or timezone.localdate()
    opened = 0
    for rollout in Rollout.objects.filter(status=RolloutStatus.ACTIVE).exclude(recurrence=Recurrence.NONE):
        with transaction.atomic():
            locked = Rollout.objects.select_for_update().get(pk=rollout.pk)
            while True:
                last = locked.periods.order_by("-index").first()
                index = last.index + 1 if last else 0
                start, _end, label = period_bounds(locked.recurrence, locked.starts_on, index)
                if start > today or (locked.ends_on and start > locked.ends_on):
                    break
                _open_period(locked, index)
                audit_log(
                    actor=None,
                    action="rollout.open_period",
                    obj=locked,
                    unit=locked.owner_unit,
                    changes={"period": label},
                )
                opened += 1
    return opened


# --- launch -------------------------------------------------------------------------------------


@service
def rollout_launch(
    *,
    document: Document,
    owner_unit: Unit,
    title: str,
    purpose: str,
    scope_kinds: list[str],
    steps: list[dict[str, Any]],
    starts_on: dt.date,
    scope_depth: int | None = None,
    recurrence: str = Recurrence.NONE,
    ends_on: dt.date | None = None,
    illustrative: bool = False,
    today: dt.date | None = None,
    acting_user: Any,
) -> Rollout:
    """Launch a rollout of ``document`` to the units of ``scope_kinds`` under ``owner_unit``.

    ``steps`` are ``{"kind", "title"?, "due"}``; for a recurring rollout the dues of the
    first period are shifted by the same offsets into each later period.
    """
    get_scoped_or_404(Unit.objects, acting_user, "change", pk=owner_unit.pk)
    get_scoped_or_404(Document.objects, acting_user, "view", pk=document.pk)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = defaultdict(list)
    title = clean_text(title or "") or f"{_('Triển khai')} {document}"
    if purpose not in Purpose.values:
        errors["purpose"].append(_("Mục đích không hợp lệ."))
    if recurrence not in Recurrence.values:
        errors["recurrence"].append(_("Chu kỳ không hợp lệ."))
    kinds = [k for k in scope_kinds if k]
    if not kinds:
        errors["scope_kinds"].append(_("Hãy chọn ít nhất một loại đơn vị thực hiện."))
    elif any(k not in UnitKind.values for k in kinds):
        errors["scope_kinds"].append(_("Loại đơn vị không hợp lệ."))
    if scope_depth is not None and scope_depth < 1:
        errors["scope_depth"].append(_("Số cấp phải từ 1 trở lên."))
    if owner_unit.valid_to is not None:
        errors["owner_unit"].append(_("Đơn vị chỉ đạo đã kết thúc hoạt động."))
    if ends_on and ends_on < starts_on:
        errors["ends_on"].append(_("Ngày kết thúc trước ngày bắt đầu."))
    specs = []
    if not steps:
        errors["steps"].append(_("Hãy nêu ít nhất một yêu cầu."))
    for i, spec in enumerate(steps, start=1):
        kind = spec.get("kind")
        due = spec.get("due")
        if kind not in StepKind.values:
            errors["steps"].append(_("Yêu cầu %(i)s: loại không hợp lệ.") % {"i": i})
            continue
        if not isinstance(due, dt.date):
            errors["steps"].append(_("Yêu cầu %(i)s: hãy nhập hạn hoàn thành.") % {"i": i})
            continue
        if due < starts_on:
            errors["steps"].append(
                _("Yêu cầu %(i)s: hạn %(due)s trước ngày bắt đầu %(start)s.")
                % {"i": i, "due": _fmt(due), "start": _fmt(starts_on)}
            )
            continue
        step_title = clean_text(spec.get("title") or "") or str(StepKind(kind).label)
        specs.append({"kind": kind, "title": step_title[:300], "offset_days": (due - starts_on).days})
    if errors:
        raise ValidationError(dict(errors))
    rollout = Rollout(
        document=document,
        owner_unit=owner_unit,
        title=title[:300],
        purpose=purpose,
        scope_kinds=kinds,
        scope_depth=scope_depth,
        recurrence=recurrence,
        starts_on=starts_on,
        ends_on=ends_on,
        step_specs=specs,
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    rollout.full_clean(exclude=["document", "owner_unit", "created_by"])
    rollout.save()
    _open_period(rollout, 0)
    if recurrence != Recurrence.NONE:
        index = 1
        while True:
            start, _end, _label = period_bounds(recurrence, starts_on, index)
            if start > today or (ends_on and start > ends_on):
                break
            _open_period(rollout, index)
            index += 1
    audit_log(
        actor=acting_user,
        action="rollout.launch",
        obj=rollout,
        unit=owner_unit,
        changes={
            "document": str(document),
            "scope_kinds": kinds,
            "steps": len(specs),
            "recurrence": recurrence,
        },
    )
    return rollout


@service
def rollout_close(*, rollout: Rollout, acting_user: Any) -> Rollout:
    get_scoped_or_404(Unit.objects, acting_user, "change", pk=rollout.owner_unit_id)
    rollout = Rollout.objects.select_for_update().get(pk=rollout.pk)
    if rollout.status == RolloutStatus.CLOSED:
        raise ValidationError(_("Đợt triển khai đã kết thúc."))
    rollout.status = RolloutStatus.CLOSED
    rollout.save(update_fields=["status"])
    bump(rollout.pk)
    audit_log(actor=acting_user, action="rollout.close", obj=rollout, unit=rollout.owner_unit)
    return rollout


# --- scope and tallies -----------------------------------------------------------------------------


def units_in_scope(*, rollout: Rollout, step: Step | None = None) -> UnitQuerySet:
    """The units that owe the rollout's steps: by rule, so units created later are included.

    A unit that has ended stays in scope for a step only if it recorded it.
    """
    owner = rollout.owner_unit
    qs = Unit.objects.filter(path__startswith=owner.path, depth__gt=owner.depth, kind__in=rollout.scope_kinds)
    if rollout.scope_depth:
        qs = qs.filter(depth__lte=owner.depth + rollout.scope_depth)
    current = Q(valid_to__isnull=True)
    if step is not None:
        current |= Q(pk__in=StepRecord.objects.filter(step=step, is_current=True).values("unit_id"))
    return qs.filter(current)


def _contribution(record: StepRecord | None, due: dt.date) -> dict[str, int]:
    if record is None:
        return {
            "done_on_time": 0,
            "done_late": 0,
            "members_present": 0,
            "members_on_roll": 0,
            "masses": 0,
            "reach": 0,
        }
    late = record.done_on > due
    return {
        "done_on_time": 0 if late else 1,
        "done_late": 1 if late else 0,
        "members_present": record.members_present or 0,
        "members_on_roll": record.members_on_roll or 0,
        "masses": record.masses or 0,
        "reach": record.reach or 0,
    }


def _prefixes(path: str) -> list[str]:
    return paths_above(path, include_self=True)


def tally_rebuild(*, step: Step) -> None:
    """Recount a step's tallies from the records (the truth). Idempotent.

    One INSERT … SELECT per tree level: every in-scope unit contributes to the ancestor
    whose path is its path's first ``level × steplen`` characters, so the database does
    the grouping (a province of 2,600 units recounts in milliseconds).
    """
    from django.db import connection

    StepTally.objects.filter(step=step).delete()
    StepDayTally.objects.filter(step=step).delete()
    bump(step.rollout_id)
    scope = units_in_scope(rollout=step.rollout, step=step)
    max_depth = scope.order_by("-depth").values_list("depth", flat=True).first()
    if not max_depth:
        return
    scope_sql, scope_params = scope.values("id", "path", "depth").query.sql_with_params()
    tally = StepTally._meta.db_table
    day = StepDayTally._meta.db_table
    record = StepRecord._meta.db_table
    unit_table = Unit._meta.db_table
    # Only table names from the models' own metadata and a subquery Django compiled are
    # interpolated; every value goes in as a parameter.
    with connection.cursor() as cursor:
        for level in range(1, max_depth + 1):
            width = level * Unit.steplen
            # Only units at least this deep have an ancestor (or themselves) at this level.
            cursor.execute(
                f"""
                INSERT INTO {tally} (step_id, unit_id, in_scope, done_on_time, done_late,
                                     members_present, members_on_roll, masses, reach)
                SELECT %s, a.id, COUNT(*),
                       SUM(CASE WHEN r.id IS NOT NULL AND r.done_on <= %s THEN 1 ELSE 0 END),
                       SUM(CASE WHEN r.id IS NOT NULL AND r.done_on > %s THEN 1 ELSE 0 END),
                       COALESCE(SUM(r.members_present), 0), COALESCE(SUM(r.members_on_roll), 0),
                       COALESCE(SUM(r.masses), 0), COALESCE(SUM(r.reach), 0)
                FROM ({scope_sql}) u
                JOIN {unit_table} a ON a.path = SUBSTR(u.path, 1, %s)
                LEFT JOIN {record} r ON r.step_id = %s AND r.unit_id = u.id AND r.is_current
                WHERE u.depth >= %s
                GROUP BY a.id
                """,
                [step.pk, step.due, step.due, *scope_params, width, step.pk, level],
            )
            cursor.execute(
                f"""
                INSERT INTO {day} (step_id, unit_id, day, done)
                SELECT %s, a.id, r.done_on, COUNT(*)
                FROM ({scope_sql}) u
                JOIN {unit_table} a ON a.path = SUBSTR(u.path, 1, %s)
                JOIN {record} r ON r.step_id = %s AND r.unit_id = u.id AND r.is_current
                WHERE u.depth >= %s
                GROUP BY a.id, r.done_on
                """,
                [step.pk, *scope_params, width, step.pk, level],
            )


def bump(rollout_id: int) -> None:
    """A rollout's counts or steps changed: new version, so cached pages of it are not reused."""
    Rollout.objects.filter(pk=rollout_id).update(version=F("version") + 1)


def _apply_delta(step: Step, unit: Unit, old: StepRecord | None, new: StepRecord) -> None:
    """Move the counts of every ancestor-or-self of ``unit`` from ``old`` to ``new``, in SQL."""
    bump(step.rollout_id)
    before, after = _contribution(old, step.due), _contribution(new, step.due)
    delta = {k: after[k] - before[k] for k in after}
    ids = list(Unit.objects.filter(path__in=_prefixes(unit.path)).values_list("pk", flat=True))
    changed = {k: F(k) + v for k, v in delta.items() if v}
    if changed:
        updated = StepTally.objects.filter(step=step, unit_id__in=ids).update(**changed)
        if updated != len(ids):
            # A tally row is missing (the tree changed since the last rebuild): recount.
            tally_rebuild(step=step)
            return
    moves = [(new.done_on, 1)] if old is None or old.done_on != new.done_on else []
    if old is not None and old.done_on != new.done_on:
        moves.append((old.done_on, -1))
    for day, d in moves:
        rows = StepDayTally.objects.filter(step=step, unit_id__in=ids, day=day)
        have = set(rows.values_list("unit_id", flat=True))
        if have:
            rows.update(done=F("done") + d)
        StepDayTally.objects.bulk_create(
            [StepDayTally(step=step, unit_id=uid, day=day, done=d) for uid in ids if uid not in have]
        )


def _count_first_records(
    step: Step, records: list[tuple[StepRecord, Unit]], *, recount: bool = False
) -> None:
    """Count many first submissions (no earlier version) into the tallies of every
    ancestor-or-self of their units: one UPDATE of the tally rows and one upsert of the
    day rows, instead of recounting the whole step. A missing tally row (the tree changed
    since the last rebuild) means a recount, as in :func:`_apply_delta`; ``recount`` says
    the caller already knows one is missing."""
    if recount:
        tally_rebuild(step=step)  # moves the version too
        return
    bump(step.rollout_id)
    ids = {unit.path: unit.pk for _r, unit in records}
    above = {p for _r, unit in records for p in _prefixes(unit.path)} - ids.keys()
    ids.update(Unit.objects.filter(path__in=sorted(above)).values_list("path", "pk"))
    deltas: dict[int, list[int]] = defaultdict(lambda: [0] * len(_COUNTED))
    days: dict[tuple[int, dt.date], int] = defaultdict(int)
    for record, unit in records:
        contribution = _contribution(record, step.due)
        for path in _prefixes(unit.path):
            unit_id = ids.get(path)
            if unit_id is None:
                tally_rebuild(step=step)  # a unit of the path is gone: recount
                return
            row = deltas[unit_id]
            for i, f in enumerate(_COUNTED):
                row[i] += contribution[f]
            days[(unit_id, record.done_on)] += 1
    tallies = sorted((unit_id, *row) for unit_id, row in deltas.items())
    day_rows = sorted((unit_id, on, n) for (unit_id, on), n in days.items())
    if _bulk_count_sql(step, tallies, day_rows) != len(tallies):
        tally_rebuild(step=step)  # a tally row is missing: recount


_COUNTED = ("done_on_time", "done_late", "members_present", "members_on_roll", "masses", "reach")


def _bulk_count_sql(step: Step, tallies: list[tuple], day_rows: list[tuple]) -> int:
    """Add ``tallies`` ((unit id, *_COUNTED deltas)) to the step's tally rows and
    ``day_rows`` ((unit id, day, n)) to its day rows; the number of tally rows updated.

    PostgreSQL takes each column as one array (a statement with thousands of
    placeholders costs more to build than to run); SQLite takes each list as one JSON text.
    Only table and column names from the models' own metadata are interpolated; every
    value goes in as a parameter.
    """
    from django.db import connection

    tally, day = StepTally._meta.db_table, StepDayTally._meta.db_table
    sets = ", ".join(f"{f} = {tally}.{f} + v.{f}" for f in _COUNTED)
    upsert = f"ON CONFLICT (step_id, unit_id, day) DO UPDATE SET done = {day}.done + excluded.done"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns: list[Any] = list(zip(*tallies, strict=True)) if tallies else [[]] * (1 + len(_COUNTED))
            arrays = ", ".join(["%s::bigint[]"] * len(columns))
            cursor.execute(
                f"UPDATE {tally} SET {sets} FROM unnest({arrays}) AS v(unit_id, {', '.join(_COUNTED)}) "
                f"WHERE {tally}.step_id = %s AND {tally}.unit_id = v.unit_id",
                [list(c) for c in columns] + [step.pk],
            )
            updated = cursor.rowcount
            if day_rows:
                unit_ids, ons, ns = (list(c) for c in zip(*day_rows, strict=True))
                cursor.execute(
                    f"INSERT INTO {day} (step_id, unit_id, day, done) "
                    f"SELECT %s, v.unit_id, v.day, v.done "
                    f"FROM unnest(%s::bigint[], %s::date[], %s::int[]) AS v(unit_id, day, done) {upsert}",
                    [step.pk, unit_ids, ons, ns],
                )
            return updated
        # SQLite takes each list as one JSON text. MATERIALIZED: read from json_each
        # directly, the planner loops over the step's tally rows and scans the whole list
        # for each (2 s a sheet, not 2 ms). The count comes from changes(): Python's
        # sqlite3 reports no rowcount (-1) for a statement that begins with WITH, which
        # read as "a tally row is missing" and recounted the step on every import.
        picks = ", ".join(
            f"json_extract(value, '$[{i}]') AS {name}" for i, name in enumerate(("unit_id", *_COUNTED))
        )
        cursor.execute(
            f"WITH v AS MATERIALIZED (SELECT {picks} FROM json_each(%s)) "
            f"UPDATE {tally} SET {sets} FROM v WHERE {tally}.step_id = %s AND {tally}.unit_id = v.unit_id",
            [json.dumps(tallies), step.pk],
        )
        cursor.execute("SELECT changes()")
        updated = cursor.fetchone()[0]
        if day_rows:
            # "WHERE true": SQLite needs it to read ON CONFLICT after INSERT … SELECT.
            cursor.execute(
                f"INSERT INTO {day} (step_id, unit_id, day, done) "
                f"SELECT %s, json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
                f"json_extract(value, '$[2]') FROM json_each(%s) WHERE true {upsert}",
                [step.pk, json.dumps([(unit_id, on.isoformat(), n) for unit_id, on, n in day_rows])],
            )
    return updated


def rebuild_for_unit(unit: Unit) -> None:
    """The tree changed at ``unit``: recount the open steps of the rollouts above it."""
    # Rollouts above the unit now, and those whose tallies counted it where it was before.
    rollouts = Rollout.objects.filter(status=RolloutStatus.ACTIVE).filter(
        Q(owner_unit__path__in=_prefixes(unit.path))
        | Q(pk__in=StepTally.objects.filter(unit=unit).values("step__rollout_id"))
    )
    for step in Step.objects.filter(rollout__in=rollouts).select_related("rollout", "rollout__owner_unit"):
        tally_rebuild(step=step)


def _on_unit_tree_changed(sender: Any, unit: Unit, **kwargs: Any) -> None:
    # Inside the tree change's own transaction: the counts and the tree commit together.
    rebuild_for_unit(unit)


# --- records ---------------------------------------------------------------------------------------


def _latest_roll(unit: Unit, on: dt.date) -> int | None:
    mc = MemberCount.objects.filter(unit=unit, as_of__lte=on).order_by("-as_of").first()
    mc = mc or MemberCount.objects.filter(unit=unit).order_by("as_of").first()
    return mc.members if mc else None


def _nonneg(name: str, value: Any, errors: dict[str, list[str]], label: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(float("inf"))
        errors[name].append(_("%(f)s phải là số.") % {"f": label})
        return None
    if number > 2_147_483_647:  # the column's limit: beyond it the database would refuse (a 500)
        errors[name].append(_("%(f)s quá lớn.") % {"f": label})
        return None
    if number < 0:
        errors[name].append(_("%(f)s không được âm.") % {"f": label})
        return None
    return number


# Lazy labels, made once: translated (in the language of the request) only for a message;
# an import checks thousands of rows.
_NUMBER_LABELS = {
    "members_present": gettext_lazy("Số đảng viên tham dự"),
    "members_on_roll": gettext_lazy("Số đảng viên trong danh sách"),
    "masses": gettext_lazy("Số lượt quần chúng"),
    "reach": gettext_lazy("Số lượt người được tuyên truyền"),
}


def check_record_values(
    *,
    step: Step,
    unit: Unit,
    done_on: dt.date | None,
    today: dt.date,
    errors: dict[str, list[str]],
    form: str = "",
    platform: str = "",
    members_present: Any = None,
    members_on_roll: Any = None,
    masses: Any = None,
    channels: list[str] | None = None,
    reach: Any = None,
    outcome: str = "",
    has_plan: bool = True,
    roll_default: int | None = None,
) -> dict[str, Any]:
    """Validate one record's values for its step kind; add Vietnamese messages to ``errors``.

    Shared by the single-record service and the bulk importer, so both refuse the same things.
    """
    rollout = step.rollout
    if done_on is None:
        errors["done_on"].append(_("Hãy nhập ngày thực hiện."))
    elif done_on > today:
        errors["done_on"].append(_("Ngày %(d)s ở tương lai.") % {"d": _fmt(done_on)})
    elif done_on < rollout.starts_on:
        errors["done_on"].append(
            _("Ngày %(d)s trước khi đợt triển khai bắt đầu (%(s)s).")
            % {"d": _fmt(done_on), "s": _fmt(rollout.starts_on)}
        )
    present = _nonneg("members_present", members_present, errors, _NUMBER_LABELS["members_present"])
    roll = _nonneg("members_on_roll", members_on_roll, errors, _NUMBER_LABELS["members_on_roll"])
    masses_n = _nonneg("masses", masses, errors, _NUMBER_LABELS["masses"])
    reach_n = _nonneg("reach", reach, errors, _NUMBER_LABELS["reach"])
    channels = [c for c in (channels or []) if c]
    if step.kind == StepKind.CONFERENCE:
        if form not in ConferenceForm.values:
            errors["form"].append(_("Hãy chọn hình thức hội nghị."))
        elif form != ConferenceForm.IN_PERSON and platform not in (
            Platform.ZOOM,
            Platform.TEAMS,
            Platform.OTHER,
        ):
            errors["platform"].append(_("Hội nghị trực tuyến hoặc kết hợp: hãy chọn nền tảng."))
        if present is None:
            errors["members_present"].append(_("Hãy nhập số đảng viên tham dự."))
        if roll is None:
            roll = (
                roll_default
                if roll_default is not None
                else (_latest_roll(unit, done_on) if done_on else None)
            )
        if roll is None:
            errors["members_on_roll"].append(_("Hãy nhập số đảng viên trong danh sách."))
        if present is not None and roll is not None and present > roll:
            errors["members_present"].append(
                _("Số đảng viên tham dự (%(p)s) lớn hơn số trong danh sách (%(r)s).")
                % {"p": present, "r": roll}
            )
    if step.kind == StepKind.DISSEMINATION:
        if not channels:
            errors["channels"].append(_("Hãy chọn ít nhất một kênh tuyên truyền."))
        elif any(c not in Channel.values for c in channels):
            errors["channels"].append(_("Kênh tuyên truyền không hợp lệ."))
    if step.kind == StepKind.REVIEW and not clean_text(outcome or ""):
        errors["outcome"].append(_("Hãy ghi kết quả kiểm điểm."))
    if step.kind == StepKind.PLAN and not has_plan:
        errors["plan_title"].append(
            _("Hãy ghi số hiệu hoặc tên kế hoạch, chương trình hành động của đơn vị.")
        )
    return {
        "members_present": present,
        "members_on_roll": roll,
        "masses": masses_n,
        "reach": reach_n,
        "channels": channels,
    }


@service
def step_record_submit(
    *,
    step: Step,
    unit: Unit,
    done_on: dt.date | None,
    acting_user: Any,
    expected_version: int | None = None,
    note: str = "",
    plan_code: str = "",
    plan_title: str = "",
    form: str = "",
    platform: str = "",
    members_present: Any = None,
    members_on_roll: Any = None,
    masses: Any = None,
    channels: list[str] | None = None,
    reach: Any = None,
    outcome: str = "",
    files: list[tuple[IO[bytes], str]] | None = None,
    illustrative: bool = False,
    today: dt.date | None = None,
) -> StepRecord:
    """Record (``expected_version=None``) or correct (the version the user saw) a unit's step.

    A second submission without a version, or a correction from a stale version, is
    refused: nobody's record is silently overwritten.
    """
    get_scoped_or_404(Unit.objects, acting_user, "change", pk=unit.pk)
    today = today or timezone.localdate()
    step = Step.objects.select_related("rollout", "rollout__owner_unit", "rollout__document", "period").get(
        pk=step.pk
    )
    rollout = step.rollout
    # Lock the unit's own tally row: two submissions for the same (step, unit) queue here.
    StepTally.objects.select_for_update().filter(step=step, unit=unit).first()
    # A deadline edited meanwhile is the one counted: ``step_update`` and ``step_remove`` hold
    # every tally row of the step until they commit, so what is read after the lock is theirs.
    due = Step.objects.filter(pk=step.pk).values_list("due", flat=True).first()
    if due is None:
        raise ValidationError(_("Yêu cầu này vừa bị xóa khỏi đợt triển khai."))
    step.due = due
    if not units_in_scope(rollout=rollout, step=step).filter(pk=unit.pk).exists():
        raise ValidationError(
            _("“%(unit)s” không thuộc phạm vi thực hiện của đợt “%(r)s”.")
            % {"unit": unit.name, "r": rollout.title}
        )
    if rollout.status != RolloutStatus.ACTIVE:
        raise ValidationError(_("Đợt triển khai đã kết thúc: không ghi nhận thêm."))
    current = StepRecord.objects.select_for_update().filter(step=step, unit=unit, is_current=True).first()
    if expected_version is None and current is not None:
        raise ValidationError(
            _(
                "“%(unit)s” đã báo cáo yêu cầu này (phiên bản %(v)s, ngày %(d)s). Muốn sửa, hãy mở bản ghi và sửa."
            )
            % {"unit": unit.name, "v": current.version, "d": _fmt(current.done_on)}
        )
    if expected_version is not None and (current is None or current.version != expected_version):
        raise ValidationError(
            _(
                "Bản ghi vừa được người khác cập nhật (hiện là phiên bản %(v)s). Hãy tải lại trang, xem thay đổi "
                "rồi sửa tiếp; không có gì bị ghi đè."
            )
            % {"v": current.version if current else 0}
        )
    plan_doc = current.plan_document if current else None
    errors: dict[str, list[str]] = defaultdict(list)
    values = check_record_values(
        step=step,
        unit=unit,
        done_on=done_on,
        today=today,
        errors=errors,
        form=form,
        platform=platform,
        members_present=members_present,
        members_on_roll=members_on_roll,
        masses=masses,
        channels=channels,
        reach=reach,
        outcome=outcome,
        has_plan=bool(plan_doc or plan_code or plan_title),
    )
    present, roll, masses_n, reach_n, channels = (
        values["members_present"],
        values["members_on_roll"],
        values["masses"],
        values["reach"],
        values["channels"],
    )
    checked_files = []
    for fileobj, name in files or []:
        try:
            checked_files.append(check_upload(fileobj, name, (".pdf", ".docx", ".jpg", ".jpeg", ".png")))
        except ValidationError as exc:
            errors["files"].extend(exc.messages)
    if errors:
        raise ValidationError(dict(errors))
    if step.kind == StepKind.PLAN and (plan_code or plan_title):
        plan_doc = _register_plan(
            step=step,
            unit=unit,
            code=plan_code,
            title=plan_title,
            issued_on=done_on,  # type: ignore[arg-type]  # a plan step's record has its date (checked above)
            acting_user=acting_user,
            previous=plan_doc,
        )
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    record = StepRecord(
        step=step,
        unit=unit,
        version=(current.version + 1) if current else 1,
        supersedes=current,
        done_on=done_on,  # type: ignore[misc]  # a missing date is an error above
        submitted_by=acting_user if getattr(acting_user, "pk", None) else None,
        note=clean_text(note or "", multiline=True),
        plan_document=plan_doc,
        form=form if step.kind == StepKind.CONFERENCE else "",
        platform=platform if step.kind == StepKind.CONFERENCE and form != ConferenceForm.IN_PERSON else "",
        members_present=present if step.kind == StepKind.CONFERENCE else None,
        members_on_roll=roll if step.kind == StepKind.CONFERENCE else None,
        masses=masses_n,
        channels=channels if step.kind == StepKind.DISSEMINATION else [],
        reach=reach_n,
        outcome=clean_text(outcome or "", multiline=True),
        illustrative=illustrative,
    )
    record.save()
    stored = store_files(RecordAttachment, checked_files, record=record)
    try:
        _apply_delta(step, unit, current, record)
        audit_log(
            actor=acting_user,
            action="rollout.record" if current is None else "rollout.record_correct",
            obj=record,
            unit=unit,
            changes={"step": step.title, "version": record.version, "done_on": done_on},
        )
    except Exception:
        discard_files(stored)  # the rows roll back; their bytes must not stay behind
        raise
    return record


def _register_plan(
    *,
    step: Step,
    unit: Unit,
    code: str,
    title: str,
    issued_on: dt.date,
    acting_user: Any,
    previous: Document | None,
) -> Document:
    """The unit's plan is a document of its own, linked "implements" to the rollout's document."""
    from trienkhai.documents.services import document_link, document_register
    from trienkhai.textmine.codes import CodeError, parse_code

    target = step.rollout.document
    existing = None
    if code:
        try:
            key = parse_code(code).key
        except CodeError as exc:
            raise ValidationError({"plan_code": str(exc)}) from exc
        existing = Document.objects.filter(issuing_unit=unit, code_key=key).order_by("-id").first()
    if existing is None and previous is not None and not code and previous.title == clean_text(title or ""):
        existing = previous
    doc = existing or document_register(
        issuing_unit=unit,
        code=code,
        title=title or f"Kế hoạch thực hiện {target}",  # stored data: Vietnamese
        issued_on=issued_on,
        acting_user=acting_user,
    )
    if not doc.links_out.filter(target=target, kind=LinkKind.IMPLEMENTS).exists():
        document_link(source=doc, target=target, kind=LinkKind.IMPLEMENTS, acting_user=acting_user)
    return doc


# --- reminders -------------------------------------------------------------------------------------

REMIND_DAYS_BEFORE = 3


def reminders_send(*, today: dt.date | None = None, step_ids: list[int] | None = None) -> int:
    """Notify the editors of units that owe a step due in ≤ 3 days, or overdue. Idempotent per day.

    ``step_ids`` limits the pass to those steps (one task per step spreads the work over workers).
    Returns the number of new notices. Then sends every owed notice e-mail, these and those
    a failed run left behind, and raises :class:`~trienkhai.core.notify.MailNotSent` when the
    mail server did not take them all, so that the task fails and is retried.
    """
    from django.urls import reverse

    from trienkhai.accounts.models import Role
    from trienkhai.core.notify import absolute_url, notice_mails_send, notify, subject_line

    today = today or timezone.localdate()
    sent = 0
    steps = Step.objects.filter(
        rollout__status=RolloutStatus.ACTIVE,
        period__starts_on__lte=today,
        due__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("rollout", "rollout__owner_unit")
    if step_ids is not None:
        steps = steps.filter(pk__in=step_ids)
    for step in steps:
        overdue = today > step.due
        done = StepRecord.objects.filter(step=step, is_current=True).values("unit_id")
        missing = (
            units_in_scope(rollout=step.rollout, step=step).filter(valid_to__isnull=True).exclude(pk__in=done)
        )
        roles = Role.objects.filter(
            unit__in=missing, role__in=("editor", "admin"), user__is_active=True
        ).select_related("user", "unit")
        for role in roles:
            if overdue:
                text = _("Quá hạn: %(unit)s chưa báo cáo “%(step)s” (%(r)s), hạn %(due)s.")
                # The date first: a mail client that shortens the subject still shows it.
                subject = _("[Triển khai] Quá hạn %(due)s: %(step)s")
                key = f"rollout-overdue:{step.pk}:{role.unit_id}:{today.isoformat()}"
            else:
                text = _("Sắp đến hạn %(due)s: %(unit)s cần báo cáo “%(step)s” (%(r)s).")
                subject = _("[Triển khai] Hạn %(due)s: %(step)s")
                key = f"rollout-due:{step.pk}:{role.unit_id}"
            values = {
                "unit": role.unit.name,
                "step": step.title,
                "r": step.rollout.title,
                "due": _fmt(step.due),
            }
            message = text % values
            url = reverse("rollout:record", args=[step.pk, role.unit_id])
            body = "\n\n".join(
                [
                    message,
                    _("Đơn vị yêu cầu: %(owner)s") % {"owner": step.rollout.owner_unit.name},
                    _("Báo cáo tại: %(link)s") % {"link": absolute_url(url)},
                ]
            )
            if notify(
                user=role.user,
                key=key,
                text=message,
                url=url,
                email_subject=subject_line(subject % values),
                email_body=body,
                send_now=False,
            ):
                sent += 1
    notice_mails_send()
    return sent


# --- bulk entry ------------------------------------------------------------------------------------


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
    from trienkhai.core.scoping import scope_paths

    today = today or timezone.localdate()
    step = Step.objects.select_related("rollout", "rollout__owner_unit", "rollout__document", "period").get(
        pk=step.pk
    )
    errors: list[tuple[int, str]] = []
    if step.rollout.status != RolloutStatus.ACTIVE:
        return 0, [(0, _("Đợt triển khai đã kết thúc: không ghi nhận thêm."))]
    paths = scope_paths(acting_user, "change")
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
        if paths is not None and not any(unit.path.startswith(p) for p in paths):
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


# --- editing the steps after the launch ------------------------------------------------------------
#
# Only the rollout's latest period — the running one, or one that has not started — has steps
# that can be edited: an earlier period's records were judged by its deadlines and stay so.
# Every edit also rewrites ``step_specs`` from that period's steps, so the periods a recurring
# rollout opens later carry the edited steps (decision 0013).


def steps_period(rollout: Rollout) -> RolloutPeriod | None:
    """The period whose steps may still be edited: the rollout's latest."""
    return rollout.periods.order_by("-index").first()


def _period_base(rollout: Rollout, period: RolloutPeriod) -> dt.date:
    """The day a period's deadlines count from, as in :func:`_open_period`."""
    return rollout.starts_on if period.index == 0 else period.starts_on


def _steps_stale(current: int) -> ValidationError:
    return ValidationError(
        _(
            "Các yêu cầu vừa được người khác sửa (hiện là lần sửa thứ %(v)s). Hãy tải lại trang, xem thay "
            "đổi rồi sửa tiếp; không có gì bị ghi đè."
        )
        % {"v": current}
    )


def _steps_editable(*, rollout_id: int, expected_version: int | None) -> tuple[Rollout, RolloutPeriod]:
    """The rollout as it is now and its editable period; refuses a closed rollout or a stale form.

    ``expected_version`` is the ``steps_version`` the editor's form was opened at (``None``:
    no check, for callers that are not people filling a form)."""
    rollout = Rollout.objects.select_related("owner_unit").get(pk=rollout_id)
    if rollout.status != RolloutStatus.ACTIVE:
        raise ValidationError(_("Đợt triển khai đã kết thúc: không sửa được các yêu cầu."))
    if expected_version is not None and rollout.steps_version != expected_version:
        raise _steps_stale(rollout.steps_version)
    period = steps_period(rollout)
    if period is None:  # a launch always opens the first period
        raise ValidationError(_("Đợt triển khai chưa có kỳ nào."))
    return rollout, period


def _step_values(
    *,
    rollout: Rollout,
    period: RolloutPeriod,
    title: str | None,
    due: dt.date | None,
    errors: dict[str, list[str]],
) -> str:
    """Check a step's title and deadline; return the title as stored (NFC, folded spaces)."""
    clean = clean_text(title or "")
    if not clean:
        errors["title"].append(_("Hãy nhập nội dung yêu cầu."))
    elif len(clean) > 300:
        errors["title"].append(_("Nội dung yêu cầu dài quá 300 ký tự."))
    base = _period_base(rollout, period)
    if not isinstance(due, dt.date):
        errors["due"].append(_("Hãy nhập hạn hoàn thành."))
    elif due < base:
        errors["due"].append(
            _("Hạn %(due)s trước ngày bắt đầu của kỳ (%(start)s).") % {"due": _fmt(due), "start": _fmt(base)}
        )
    return clean


def _lock_tallies(step: Step) -> None:
    """Lock a step's tally rows before recounting or deleting them, deepest units first.

    A record locks its own unit's row, then its ancestors' (``step_record_submit``); taking
    the rows in the same direction makes an edit wait behind a record in flight instead of
    deadlocking with it, and a record that comes after the edit reads the new deadline."""
    list(
        StepTally.objects.select_for_update(of=("self",))
        .filter(step=step)
        .order_by("-unit__depth", "unit_id")
        .values_list("pk", flat=True)
    )


def _steps_changed(*, rollout: Rollout, period: RolloutPeriod, expected_version: int | None) -> None:
    """Write the period's steps back as the rollout's step template and move both versions
    (``rollout`` is refreshed: its ``steps_version`` is what the next edit must send).

    The version check is repeated here as a conditional UPDATE: of two editors who read the
    same version, the second one's UPDATE waits for the first one's commit, then matches no
    row, and the whole edit rolls back."""
    base = _period_base(rollout, period)
    specs = [
        {"kind": s.kind, "title": s.title, "offset_days": (s.due - base).days}
        for s in Step.objects.filter(period=period).order_by("order", "id")
    ]
    rows = Rollout.objects.filter(pk=rollout.pk)
    if expected_version is not None:
        rows = rows.filter(steps_version=expected_version)
    updated = rows.update(step_specs=specs, steps_version=F("steps_version") + 1, version=F("version") + 1)
    if not updated:
        rollout.refresh_from_db(fields=["steps_version"])
        raise _steps_stale(rollout.steps_version)
    rollout.refresh_from_db(fields=["steps_version", "version", "step_specs"])


def _step_for_edit(
    *, step: Step, expected_version: int | None, removing: bool = False
) -> tuple[Step, Rollout, RolloutPeriod]:
    """The step, locked, with its rollout and editable period. The lock comes first: edits of
    one step queue here, before any of its tallies is touched, and the rollout read after it
    is the one the previous edit committed. Refused when the step was removed meanwhile or
    belongs to a period already past.

    An edit takes ``FOR NO KEY UPDATE`` (PostgreSQL), as the UPDATE it makes would: a record
    being inserted holds ``FOR KEY SHARE`` on its step (the foreign key's check) while it
    waits for tally rows this edit may hold, and ``FOR UPDATE`` would wait for it in turn —
    a deadlock. A removal needs the full lock its DELETE takes."""
    locked = (
        Step.objects.select_for_update(of=("self",), no_key=not removing)
        .filter(pk=step.pk, rollout_id=step.rollout_id)
        .first()
    )
    rollout, period = _steps_editable(rollout_id=step.rollout_id, expected_version=expected_version)
    if locked is None:  # removed by someone else since the form was opened
        raise _steps_stale(rollout.steps_version)
    if locked.period_id != period.pk:
        raise ValidationError(
            _("Yêu cầu “%(s)s” thuộc một kỳ đã qua: chỉ sửa được các yêu cầu của kỳ %(p)s.")
            % {"s": locked.title, "p": period.label or _fmt(period.starts_on)}
        )
    locked.rollout = rollout
    return locked, rollout, period


@service
def step_update(
    *,
    step: Step,
    title: str | None = None,
    due: dt.date | None = None,
    expected_version: int | None,
    acting_user: Any,
) -> Step:
    """Change a step's title and/or deadline (``None``: keep it). A new deadline moves records
    between on time and late, so the step's tallies are recounted in the same transaction."""
    get_scoped_or_404(Rollout.objects, acting_user, "change", pk=step.rollout_id)
    step, rollout, period = _step_for_edit(step=step, expected_version=expected_version)
    errors: dict[str, list[str]] = defaultdict(list)
    new_title = _step_values(
        rollout=rollout,
        period=period,
        title=step.title if title is None else title,
        due=step.due if due is None else due,
        errors=errors,
    )
    if due is None or due == step.due:
        errors.pop("due", None)  # an unchanged deadline is not re-judged
    if errors:
        raise ValidationError(dict(errors))
    from trienkhai.core.audit import diff, snapshot

    before = snapshot(step, ["title", "due"])
    new_due = step.due if due is None else due
    if before == {"title": new_title, "due": new_due}:
        return step  # nothing to change: no version, no audit event
    step.title, step.due = new_title, new_due
    step.save(update_fields=["title", "due"])
    if new_due != before["due"]:
        _lock_tallies(step)
        tally_rebuild(step=step)
    _steps_changed(rollout=rollout, period=period, expected_version=expected_version)
    audit_log(
        actor=acting_user,
        action="rollout.step_update",
        obj=step,
        unit=rollout.owner_unit,
        changes={
            **diff(before, {"title": step.title, "due": step.due}),
            "rollout": rollout.title,
            "recounted": new_due != before["due"],
        },
    )
    return step


@service
def step_add(
    *,
    rollout: Rollout,
    kind: str,
    title: str,
    due: dt.date | None,
    expected_version: int | None,
    acting_user: Any,
) -> Step:
    """Add a step to the rollout's editable period: every unit in scope owes it from now."""
    get_scoped_or_404(Rollout.objects, acting_user, "change", pk=rollout.pk)
    rollout, period = _steps_editable(rollout_id=rollout.pk, expected_version=expected_version)
    errors: dict[str, list[str]] = defaultdict(list)
    if kind not in StepKind.values:
        errors["kind"].append(_("Loại yêu cầu không hợp lệ."))
    clean = _step_values(rollout=rollout, period=period, title=title, due=due, errors=errors)
    if errors:
        raise ValidationError(dict(errors))
    last = Step.objects.filter(period=period).order_by("-order").values_list("order", flat=True).first()
    step = Step(
        rollout=rollout,
        period=period,
        kind=kind,
        title=clean,
        due=due,  # type: ignore[misc]  # a missing due date is an error above
        order=0 if last is None else last + 1,
    )
    step.full_clean(exclude=["rollout", "period"])
    step.save()
    tally_rebuild(step=step)
    _steps_changed(rollout=rollout, period=period, expected_version=expected_version)
    audit_log(
        actor=acting_user,
        action="rollout.step_add",
        obj=step,
        unit=rollout.owner_unit,
        changes={"rollout": rollout.title, "kind": kind, "title": step.title, "due": due},
    )
    return step


@service
def step_remove(*, step: Step, expected_version: int | None, acting_user: Any) -> Rollout:
    """Remove a step nobody has recorded (a record, once made, is never deleted with it)."""
    get_scoped_or_404(Rollout.objects, acting_user, "change", pk=step.rollout_id)
    step, rollout, period = _step_for_edit(step=step, expected_version=expected_version, removing=True)
    # A record in flight holds its unit's tally row: wait for it, then count it below.
    _lock_tallies(step)
    done = StepRecord.objects.filter(step=step).values("unit_id").distinct().count()
    if done:
        raise ValidationError(
            _(
                "Yêu cầu “%(s)s” đã có kết quả của %(n)s đơn vị: không xóa được. Có thể sửa nội dung "
                "hoặc hạn của yêu cầu."
            )
            % {"s": step.title, "n": done}
        )
    # Other apps may count from a step (a target, a figure of an imported report).
    for rel in Step._meta.get_fields(include_hidden=True):
        if not rel.auto_created or rel.concrete or rel.related_model in (StepRecord, StepTally, StepDayTally):
            continue
        # What is left is a reverse relation (auto-created, not concrete): it has both.
        if rel.related_model._base_manager.filter(**{rel.field.name: step}).exists():  # type: ignore[union-attr]
            raise ValidationError(
                _("Yêu cầu “%(s)s” đang được dùng ở %(where)s: không xóa được.")
                % {"s": step.title, "where": rel.related_model._meta.verbose_name}  # type: ignore[union-attr]
            )
    if Step.objects.filter(period=period).count() <= 1:
        raise ValidationError(_("Đợt triển khai phải còn ít nhất một yêu cầu."))
    audit_log(
        actor=acting_user,
        action="rollout.step_remove",
        obj=step,
        unit=rollout.owner_unit,
        changes={"rollout": rollout.title, "kind": step.kind, "title": step.title, "due": step.due},
    )
    StepTally.objects.filter(step=step).delete()
    StepDayTally.objects.filter(step=step).delete()
    step.delete()
    _steps_changed(rollout=rollout, period=period, expected_version=expected_version)
    return rollout
