"""Scope in one place: what a user may see or change is the subtree under the
units where they hold a role.

Every scoped model's default manager is a :class:`ScopedQuerySet`; selectors
call ``Model.objects.restrict(user, action)`` and nothing else decides scope.
A missing object and a forbidden one both raise ``Http404`` (see
:func:`get_scoped_or_404`).
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, NoReturn, Self, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from trienkhai.accounts.models import User

# Which roles grant which actions. "view" reads, "change" writes records,
# "admin" manages roles and reads the audit trail.
ACTION_ROLES: dict[str, tuple[str, ...]] = {
    "view": ("viewer", "editor", "admin"),
    "change": ("editor", "admin"),
    "admin": ("admin",),
}


# What the role query reads of each role's unit, in the model's field order: enough for a
# page to start from the user's own unit without a query of its own (see ``role_unit``).
ROLE_UNIT_FIELDS = ("id", "path", "depth", "numchild", "name", "kind")


def _role_rows(user: Any) -> list[tuple[Any, ...]]:
    """(role, *the unit's ``ROLE_UNIT_FIELDS``) of every role the user holds:
    one query per request, shared by all actions.

    Cached on the user object, which lives for one request: a role removed now takes
    effect on the user's next request.
    """
    rows = getattr(user, "_scope_role_rows", None)
    if rows is None:
        from trienkhai.accounts.models import Role
        from trienkhai.core import prepared

        # Every page that shows scoped data runs this: compiled once (decision 0014).
        rows = prepared.rows(
            ("scope_role_rows",),
            lambda user: Role.objects.filter(user=user, unit__isnull=False).values_list(
                "role", *[f"unit__{f}" if f != "id" else "unit_id" for f in ROLE_UNIT_FIELDS]
            ),
            user=user.pk,
        )
        user._scope_role_rows = rows
    return rows


def role_unit(user: Any, path: str) -> Any:
    """The unit at ``path`` where ``user`` holds a role, read with the roles (no query of its
    own; the fields outside ``ROLE_UNIT_FIELDS`` load on first use), or ``None``."""
    from trienkhai.orgs.models import Unit

    for row in _role_rows(user):
        if row[2] == path:
            return Unit.from_db(Unit.objects.db, ROLE_UNIT_FIELDS, row[1:])
    return None


def scope_paths(user: User | Any, action: str = "view") -> list[str] | None:
    """Materialised paths of the roots a user may act under; ``None`` = everything."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    roles = ACTION_ROLES.get(action)
    if roles is None:
        raise ValueError(f"unknown action {action!r}")
    paths = sorted({row[2] for row in _role_rows(user) if row[0] in roles})
    # Drop paths already covered by a shorter one, so the query stays small.
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(r) for r in roots):
            roots.append(path)
    return roots


def subtree_q(field: str, paths: list[str]) -> models.Q:
    prefix = f"{field}__path" if field else "path"
    if not paths:
        return models.Q(pk__in=[])
    return reduce(or_, (models.Q(**{f"{prefix}__startswith": p}) for p in paths))


def ancestors_q(field: str, paths: list[str], steplen: int) -> models.Q:
    """Rows whose unit is an ancestor of one of ``paths`` (units above the user's)."""
    prefix = f"{field}__path" if field else "path"
    ancestor_paths = {p[:i] for p in paths for i in range(steplen, len(p), steplen)}
    if not ancestor_paths:
        return models.Q(pk__in=[])
    return models.Q(**{f"{prefix}__in": sorted(ancestor_paths)})


M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M]):
    #: path from this model to its ``orgs.Unit`` ("" when the model *is* Unit)
    scope_field: str = "unit"
    #: whether viewers also see rows of the units above them (documents flow down)
    scope_view_ancestors: bool = False
    scope_action_default: str = "view"

    def restrict(self, user: Any, action: str | None = None) -> Self:
        action = action or self.scope_action_default
        paths = scope_paths(user, action)
        if paths is None:
            return self
        q = subtree_q(self.scope_field, paths)
        if action == "view" and self.scope_view_ancestors and paths:
            from trienkhai.orgs.models import Unit

            q |= ancestors_q(self.scope_field, paths, Unit.steplen)
        return self.filter(q)


def get_scoped_or_404[T: models.Model](
    queryset: ScopedQuerySet[T] | models.Manager[T], user: Any, action: str = "view", **lookup: Any
) -> T:
    """Fetch one object the user may act on.

    Missing and out of scope look the same (404). An object the user may see but not act
    on — a viewer's write, an editor's administration — is a 403: it tells nothing the
    user cannot already read, and says that the role, not the address, is the problem.
    """
    # A scoped model's manager is built from its ScopedQuerySet, so it has restrict() too.
    queryset = cast(ScopedQuerySet[T], queryset)
    try:
        return queryset.restrict(user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        if action != "view" and _visible(queryset, user, lookup):
            raise PermissionDenied(_("Vai trò của bạn không cho phép thao tác này.")) from exc
        raise Http404 from exc


def refuse(user: Any, action: str) -> NoReturn:
    """Nothing to act on — a create form when no unit of the user's allows ``action``: a 403
    when the user's roles show data but not this function, else the 404 of anything unseen."""
    if action != "view" and scope_paths(user, "view") != []:
        raise PermissionDenied(_("Vai trò của bạn không cho phép thao tác này."))
    raise Http404


def _visible(queryset: ScopedQuerySet, user: Any, lookup: dict[str, Any]) -> bool:
    try:
        seen = queryset.restrict(user, "view").filter(**lookup).all()
    except (ValueError, TypeError):
        return False
    # Only whether it exists: no row lock (PostgreSQL refuses FOR UPDATE on the nullable
    # side of the outer joins a locking caller's select_related brings).
    seen.query.select_for_update = False
    seen.query.select_related = False
    return seen.exists()
