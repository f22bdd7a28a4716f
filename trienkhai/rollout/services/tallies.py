"""Which units owe a rollout's steps, and the step tallies counted from their records."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q

from trienkhai.core.scoping import paths_above
from trienkhai.orgs.models import Unit, UnitQuerySet
from trienkhai.rollout.choices import RolloutStatus
from trienkhai.rollout.models import Rollout, RolloutScopeRoot, Step, StepDayTally, StepRecord, StepTally


@dataclass(frozen=True)
class ScopeRoot:
    """A subtree the units owing a rollout are read from, during ``[since, until)``: ``unit``
    (itself too if ``include_self``) and the units at most ``levels`` below it (None: all)."""

    unit: Unit
    include_self: bool
    levels: int | None
    since: dt.date
    until: dt.date | None = None

    @property
    def is_open(self) -> bool:
        return self.until is None

    def q(self) -> Q:
        """The units of this root's subtree that its levels reach (today's paths)."""
        u = self.unit
        q = Q(path__startswith=u.path) & (
            Q(depth__gte=u.depth) if self.include_self else Q(depth__gt=u.depth)
        )
        if self.levels is not None:
            q &= Q(depth__lte=u.depth + self.levels)
        return q

    def covers(self, other: ScopeRoot) -> bool:
        """Whether every unit ``other`` reaches is reached by this root (today's paths)."""
        a, b = self.unit, other.unit
        if not b.is_within(a) or (b.pk == a.pk and other.include_self and not self.include_self):
            return False
        if self.levels is None:
            return True
        if other.levels is None:
            return False
        return b.depth + other.levels <= a.depth + self.levels


def scope_roots(rollout: Rollout) -> list[ScopeRoot]:
    """The rollout's scope roots, open and closed (decision 0102). Without rows: its rule, one
    open root at the owner."""
    rows = list(RolloutScopeRoot.objects.filter(rollout=rollout).select_related("unit"))
    if not rows:
        return [ScopeRoot(rollout.owner_unit, False, rollout.scope_depth or None, rollout.starts_on)]
    return [ScopeRoot(r.unit, r.include_self, r.levels, r.since, r.until) for r in rows]


def _any_of(roots: list[ScopeRoot]) -> Q | None:
    q: Q | None = None
    for r in roots:
        q = r.q() if q is None else q | r.q()
    return q


def units_in_scope(*, rollout: Rollout, step: Step | None = None) -> UnitQuerySet:
    """The units that owe the rollout's steps: by rule, so units created later are included.

    The rule reads from the rollout's open scope roots (its owner, unless the owner handed it
    on: :func:`scope_roots`). A unit that has ended stays in scope for a step only if it
    recorded it, under any root it had, open or closed.
    """
    roots = scope_roots(rollout)
    qs = Unit.objects.filter(kind__in=rollout.scope_kinds)
    under_open = _any_of([r for r in roots if r.is_open])
    owing = Q(valid_to__isnull=True) & under_open if under_open is not None else None
    if step is not None:
        recorded = Q(pk__in=StepRecord.objects.filter(step=step, is_current=True).values("unit_id"))
        kept = recorded & _any_of(roots)  # type: ignore[operator]  # a rollout has a root at least
        owing = kept if owing is None else owing | kept
    return qs.filter(owing) if owing is not None else qs.none()


def units_ever_reached(*, rollout: Rollout) -> UnitQuerySet:
    """Units of the kinds in scope under any root the rollout ever had (open or closed), ended
    or not: where its past owers are to be found."""
    return Unit.objects.filter(kind__in=rollout.scope_kinds).filter(_any_of(scope_roots(rollout)))  # type: ignore[arg-type]  # a rollout has a root at least


def scope_on(*, rollout: Rollout, date: dt.date, every_kind: bool = False) -> dict[int, int | None]:
    """The units that owed the rollout on ``date``, read from that day's tree (names, kinds and
    parents then: ``orgs.selectors.tree_as_of``) under the roots of that day: {unit id: how
    many levels the rule still reached below it (None: all)}. Nothing before the launch.

    ``every_kind``: every unit the roots reached, of the scope's kinds or not (a handover opens
    roots at the heirs of the wards too, so a chi bộ set up later under a new ward is taken in)."""
    from trienkhai.core.scoping import SYSTEM
    from trienkhai.orgs.selectors import tree_as_of

    out: dict[int, int | None] = {}
    if date < rollout.starts_on:
        return out
    kinds = set(rollout.scope_kinds)
    for root in scope_roots(rollout):
        if root.since > date or (root.until is not None and date >= root.until):
            continue
        nodes = tree_as_of(viewer=SYSTEM, date=date, root=root.unit)
        stack = [(n, 0) for n in nodes]
        while stack:
            node, level = stack.pop()
            if root.levels is not None and level > root.levels:
                continue
            left = None if root.levels is None else root.levels - level
            if (every_kind or node.kind in kinds) and (level > 0 or root.include_self):
                before = out.get(node.unit_id, -1)
                if before is not None and (left is None or left > before):
                    out[node.unit_id] = left
            stack.extend((c, level + 1) for c in node.children)
    return out


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
    whose path is its path's first ``Unit.path_len_at(level)`` characters, so the database does
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
            width = Unit.path_len_at(level)
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
