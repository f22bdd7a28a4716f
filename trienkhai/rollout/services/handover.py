"""A running rollout whose owner ends with a successor passes to the successor (issue 15.2).

The successor may then manage and close it, but the rollout's scope does not grow to the
successor's whole subtree: it is frozen, on the change day, into scope roots
(``RolloutScopeRoot``) that follow the units in scope the day before — those still existing
(a chi bộ moved under a new ward) and the heirs of those that ended (the new ward a ward merged
into) — with the levels the rule still reached below each. The old owner's rule stays as a
closed root, so its units that ended keep counting for the steps they recorded before the
change. A root that ends later passes to its heirs the same way. Decision 0102.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from trienkhai.core.audit import audit_log
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.models import Unit
from trienkhai.orgs.selectors import unit_heirs
from trienkhai.rollout.choices import RolloutStatus
from trienkhai.rollout.models import Rollout, RolloutHandover, RolloutScopeRoot, Step
from trienkhai.rollout.services.tallies import ScopeRoot, bump, scope_on, scope_roots, tally_rebuild


def rollouts_pass_to_successor(*, old: Unit, new: Unit, date: dt.date, acting_user: Any) -> int:
    """``old`` ended on ``date`` and ``new`` took over (orgs' ``unit_succeeded``, inside the
    reorganisation's transaction): the running rollouts ``old`` owned pass to ``new``, their
    scope frozen as it stood the day before; those reading part of their scope from ``old``
    (an open scope root there) read it from its heirs. Closed rollouts stay with ``old``.
    The number of rollouts changed."""
    changed = 0
    owned = (
        Rollout.objects.select_for_update().filter(status=RolloutStatus.ACTIVE, owner_unit=old).order_by("pk")
    )
    for rollout in owned.select_related("owner_unit"):
        roots = _refreeze(rollout=rollout, owner=new, date=date)
        RolloutHandover.objects.create(rollout=rollout, from_unit=old, to_unit=new, date=date)
        rollout.owner_unit = new
        rollout.save(update_fields=["owner_unit"])
        _recount(rollout)
        audit_log(
            actor=acting_user,
            action="rollout.handover",
            obj=rollout,
            unit=new,
            changes={
                "from": old.name,
                "to": new.name,
                "date": date.isoformat(),
                "scope_roots": [r.unit.name for r in roots],
            },
        )
        changed += 1
    at_old = RolloutScopeRoot.objects.filter(unit=old, until__isnull=True).values("rollout_id")
    reading = (
        Rollout.objects.select_for_update()
        .filter(status=RolloutStatus.ACTIVE, pk__in=at_old)
        .exclude(owner_unit=old)
        .order_by("pk")
    )
    for rollout in reading.select_related("owner_unit"):
        roots = _refreeze(rollout=rollout, owner=rollout.owner_unit, date=date)
        _recount(rollout)
        audit_log(
            actor=acting_user,
            action="rollout.scope_passed",
            obj=rollout,
            unit=rollout.owner_unit,
            changes={
                "from": old.name,
                "date": date.isoformat(),
                "scope_roots": [r.unit.name for r in roots],
            },
        )
        changed += 1
    return changed


def _refreeze(*, rollout: Rollout, owner: Unit, date: dt.date) -> list[ScopeRoot]:
    """Close the rollout's open scope roots at ``date`` and open new ones at the units that hold,
    from ``date``, what was in scope the day before (under ``owner``, never ``owner`` itself:
    the owner does not owe its own rollout, and as a root it would bring its whole subtree)."""
    before = scope_on(rollout=rollout, date=date - dt.timedelta(days=1), every_kind=True)
    units = list(Unit.objects.filter(pk__in=before))
    heirs = unit_heirs(viewer=SYSTEM, units=units)
    merged: dict[int, ScopeRoot] = {}
    for u in units:
        left = before[u.pk]
        for heir in heirs.get(u.pk, []):
            if heir.pk == owner.pk or not heir.is_within(owner):
                continue
            had = merged.get(heir.pk)
            if had is not None and (had.levels is None or (left is not None and left <= had.levels)):
                continue
            merged[heir.pk] = ScopeRoot(heir, True, left, date)
    kept: list[ScopeRoot] = []
    for root in sorted(merged.values(), key=lambda r: (r.unit.depth, r.unit.path)):
        if not any(k.covers(root) for k in kept):
            kept.append(root)
    if not RolloutScopeRoot.objects.filter(rollout=rollout).exists():
        # Until now read by its rule: that rule becomes the closed root of the old owner.
        (rule,) = scope_roots(rollout)
        RolloutScopeRoot.objects.create(
            rollout=rollout,
            unit=rule.unit,
            include_self=False,
            levels=rule.levels,
            since=rule.since,
            until=date,
        )
    else:
        still = RolloutScopeRoot.objects.filter(rollout=rollout, until__isnull=True)
        # Opened by an earlier change of the same day (a plan merges its wards one by one):
        # replaced, not kept as an empty day.
        still.filter(since__gte=date).delete()
        still.update(until=date)
    RolloutScopeRoot.objects.bulk_create(
        [
            RolloutScopeRoot(rollout=rollout, unit=r.unit, include_self=True, levels=r.levels, since=date)
            for r in kept
        ]
    )
    return kept


def _recount(rollout: Rollout) -> None:
    bump(rollout.pk)
    for step in Step.objects.filter(rollout=rollout).select_related("rollout", "rollout__owner_unit"):
        tally_rebuild(step=step)
