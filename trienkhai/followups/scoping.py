"""Scope for records that belong to several units at once.

A follow-up is owed by one unit and set by another; a proposal has a sender, an
addressee and perhaps a department; a meeting has a host and visiting units. Each
is visible to roles at any of those units *or above them* — for every field that
is the same ``path LIKE 'role-path%'`` condition the core uses, OR-ed together.
A role below the sender (or a sibling) matches none of them.

This belongs in ``core.scoping`` (a ``scope_fields`` tuple on ``ScopedQuerySet``);
it lives here until the lead moves it, and the apps of issue 4 import it from here.
"""

from __future__ import annotations

from typing import Any, Self

from django.db.models import Q

from trienkhai.core.scoping import M, ScopedQuerySet, scope_paths, subtree_q


class ChainScopedQuerySet(ScopedQuerySet[M]):
    #: FK paths to ``orgs.Unit``; a row is in scope if any of them is at or below a role
    scope_fields: tuple[str, ...] = ("unit",)
    #: many-to-many paths to ``orgs.Unit``, matched through a subquery (no duplicate rows)
    scope_m2m_fields: tuple[str, ...] = ()

    def restrict(self, user: Any, action: str | None = None) -> Self:
        action = action or self.scope_action_default
        paths = scope_paths(user, action)
        if paths is None:
            return self
        if not paths:
            return self.none()
        q = Q()
        for field in self.scope_fields:
            q |= subtree_q(field, paths)
        for field in self.scope_m2m_fields:
            q |= Q(pk__in=self.model._base_manager.filter(subtree_q(field, paths)).values("pk"))
        return self.filter(q)


def unit_within(user: Any, unit: Any, action: str) -> bool:
    """Whether the user holds a role (for ``action``) at ``unit`` or above it."""
    if unit is None:
        return False
    paths = scope_paths(user, action)
    return paths is None or any(unit.path.startswith(p) for p in paths)
