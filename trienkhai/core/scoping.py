"""Scope in one place: what a user may see or change is the subtree under the
units where they hold a role.

Every scoped model's default manager is a :class:`ScopedQuerySet`; selectors
call ``Model.objects.restrict(user, action)`` and nothing else decides scope.
A missing object and a forbidden one both raise ``Http404`` (see
:func:`get_scoped_or_404`).

:func:`scope_paths` is read here only. Everything else asks a question by name:
``covers`` / ``require`` (may act at this unit), ``has_scope`` (a role anywhere),
``sees_all`` (everything), ``scope_roots`` / ``top_unit`` (where the scope starts),
``scope_key`` (a cache key), ``scope_q`` / ``above_scope_q`` / ``above_scope``
(at or under, at or above the user's units, inside a larger query).
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, NoReturn, Self, TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from trienkhai.accounts.models import User
    from trienkhai.orgs.models import Unit

# Which roles grant which actions. "view" reads, "change" writes records,
# "admin" manages roles and reads the audit trail.
ACTION_ROLES: dict[str, tuple[str, ...]] = {
    "view": ("viewer", "editor", "admin", "predecessor"),
    "change": ("editor", "admin"),
    "admin": ("admin",),
}

# Not a role anyone holds: the rows the role query adds for the units merged into (or
# dissolved with as successor) a unit where the user holds a role. Their history is read
# from the successor (issue 15.4), never changed from it: a new ward's admin reads what the
# wards before it did; write scope follows today's tree.
PREDECESSOR = "predecessor"


# What the role query reads of each role's unit, in the model's field order: enough for a
# page to start from the user's own unit without a query of its own (see ``role_unit``).
# ``valid_to`` says the unit has ended: a role there still reads, it no longer writes.
ROLE_UNIT_FIELDS = ("id", "path", "depth", "numchild", "name", "kind", "valid_to")


def _role_rows(user: Any) -> list[tuple[Any, ...]]:
    """(role, *the unit's ``ROLE_UNIT_FIELDS``) of every role the user holds:
    one query per request, shared by all actions.

    Cached on the user object, which lives for one request: a role removed now takes
    effect on the user's next request.
    """
    rows = getattr(user, "_scope_role_rows", None)
    if rows is None:
        from trienkhai.core import prepared

        # Every page that shows scoped data runs this: compiled once (decision 0014). One
        # query: the user's roles, and the predecessors of the units where they sit.
        rows = prepared.rows(
            ("scope_role_rows",),
            lambda user: _roles_and_predecessors(user),
            user=user.pk,
        )
        user._scope_role_rows = rows
    return rows


def roles_held(user: Any) -> set[str]:
    """The roles (``viewer``, ``editor``, ``admin``) the user holds at any unit, read from the
    rows the scope loads anyway: sign-in asks it whether a second factor is required."""
    return {row[0] for row in _role_rows(user)}


# The events by which a unit ends and hands its history to another (``related_unit``).
_SUCCESSION_KINDS = ("merged_into", "dissolved")


def _predecessors_sql(user_id: Any) -> Any:
    """The ids of every unit that ended into a unit where the user holds a role, and of
    every unit that ended into one of those, and so on: predecessors of predecessors, as far
    back as the chain goes (a ward merged in 2025 into one merged again in 2026). One
    recursive subquery, so the role query stays one query; ``UNION`` (not ``ALL``) stops on
    a unit already reached."""
    from django.db import connection
    from django.db.models.expressions import RawSQL

    from trienkhai.accounts.models import Role
    from trienkhai.orgs.models import UnitEvent

    qn = connection.ops.quote_name

    def column(model: type[models.Model], name: str) -> str:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field) and field.column  # a column, not a reverse relation
        return qn(field.column)

    event, role = qn(UnitEvent._meta.db_table), qn(Role._meta.db_table)
    unit_id, successor_id, kind = (column(UnitEvent, f) for f in ("unit", "related_unit", "kind"))
    role_unit_id, role_user_id = (column(Role, f) for f in ("unit", "user"))
    kinds = ", ".join(["%s"] * len(_SUCCESSION_KINDS))
    # Only the models' own table and column names are interpolated; values are parameters.
    sql = (
        f"WITH RECURSIVE before_(id) AS ("  # noqa: S608
        f"SELECT e.{unit_id} FROM {event} e JOIN {role} r ON r.{role_unit_id} = e.{successor_id} "
        f"WHERE r.{role_user_id} = %s AND e.{kind} IN ({kinds}) "
        f"UNION SELECT e.{unit_id} FROM {event} e JOIN before_ b ON e.{successor_id} = b.id "
        f"WHERE e.{kind} IN ({kinds})"
        f") SELECT id FROM before_"
    )
    return RawSQL(sql, (user_id, *_SUCCESSION_KINDS, *_SUCCESSION_KINDS))


def _roles_and_predecessors(user: Any) -> Any:
    from django.db.models import CharField, Value

    from trienkhai.accounts.models import Role
    from trienkhai.orgs.models import Unit

    roles = (
        Role.objects.filter(user=user, unit__isnull=False)
        .values_list("role", *[f"unit__{f}" if f != "id" else "unit_id" for f in ROLE_UNIT_FIELDS])
        .order_by()
    )
    before = (
        Unit.objects.filter(pk__in=_predecessors_sql(user))
        .annotate(scope_role=Value(PREDECESSOR, output_field=CharField()))
        .values_list("scope_role", *ROLE_UNIT_FIELDS)
        .order_by()
    )
    return roles.union(before, all=True)


def role_unit(user: Any, path: str) -> Any:
    """The unit at ``path`` where ``user`` holds a role, read with the roles (no query of its
    own; the fields outside ``ROLE_UNIT_FIELDS`` load on first use), or ``None``."""
    from trienkhai.orgs.models import Unit

    for row in _role_rows(user):
        if row[2] == path and row[0] != PREDECESSOR:
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
    rows = _role_rows(user)
    # Write scope follows today's tree: a role at a unit that has ended only reads.
    paths = sorted({row[2] for row in rows if row[0] in roles and (action == "view" or row[-1] is None)})
    # Drop paths already covered by a shorter one, so the query stays small.
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(r) for r in roots):
            roots.append(path)
    return roots


def has_scope(user: Any, action: str = "change") -> bool:
    """Whether ``user`` holds a role for ``action`` at any unit (a superuser: yes), read with
    the roles: no query. A page asks it before offering a button that needs one ("Thêm")."""
    return scope_paths(user, action) != []


def sees_all(user: Any, action: str = "view") -> bool:
    """Whether ``user`` may act everywhere (a superuser, ``SYSTEM``): there is no unit their
    scope starts from, so a page offers the tree's roots instead."""
    return scope_paths(user, action) is None


def scope_key(user: Any, action: str = "view") -> tuple[str, ...] | None:
    """The user's scope as part of a cache key: the paths of the units their roles cover
    (``None``: everything). Two users with the same key see the same rows."""
    paths = scope_paths(user, action)
    return None if paths is None else tuple(paths)


def scope_roots(user: Any, action: str = "view") -> models.QuerySet[Unit]:
    """The units at the top of what ``user`` may act on: where their roles sit, a role under
    another one left out (everything: the tree's roots). Path order."""
    from trienkhai.orgs.models import Unit

    paths = scope_paths(user, action)
    # Treebeard ships no types: its manager's querysets are Any to mypy.
    roots = Unit.objects.filter(depth=1) if paths is None else Unit.objects.filter(path__in=paths)
    return cast("models.QuerySet[Unit]", roots)


def top_unit(user: Any) -> Unit | None:
    """The unit a user's pages start from: the first unit where they hold a role, read with
    the roles (no query; a predecessor's unit is not one), or, for everything, the first root."""
    from trienkhai.orgs.models import Unit

    paths = scope_paths(user, "view")
    if paths is None:
        return cast("Unit | None", Unit.objects.filter(depth=1).order_by("path").first())
    return next((u for p in paths if (u := role_unit(user, p)) is not None), None)


def scope_q(user: Any, action: str = "view", field: str = "") -> models.Q:
    """The condition of ``restrict()`` for one path to a unit (``field``; "" = the row is a
    unit), to combine with others in one query: at or under a unit where ``user`` holds a role
    for ``action``. Everything for a superuser, nothing without a role."""
    paths = scope_paths(user, action)
    return models.Q() if paths is None else subtree_q(field, paths)


def above_scope_q(user: Any, action: str = "view", field: str = "", *, include_self: bool = True) -> models.Q:
    """Rows whose unit is above (``include_self``: or at) a unit where ``user`` holds a role
    for ``action``: where something from the user's units may go. Everything for a superuser."""
    paths = scope_paths(user, action)
    return models.Q() if paths is None else above_q(field, paths, include_self=include_self)


def above_scope(user: Any, path: str, action: str = "change") -> bool:
    """Whether the unit at ``path`` is at or above a unit where ``user`` holds a role for
    ``action`` (a superuser: always). Taking a path, it also answers for a unit's parent
    (``unit.parent_path``) without loading it."""
    paths = scope_paths(user, action)
    return paths is None or any(p.startswith(path) for p in paths)


def subtree_q(field: str, paths: list[str]) -> models.Q:
    """Rows whose unit (through ``field``; "" = the row is a unit) is at or under one of ``paths``."""
    prefix = f"{field}__path" if field else "path"
    if not paths:
        return models.Q(pk__in=[])
    return reduce(or_, (models.Q(**{f"{prefix}__startswith": p}) for p in paths))


def paths_above(path: str, *, include_self: bool = False) -> list[str]:
    """The materialised paths of every unit above the one at ``path``, root first.

    The only place that knows a path is made of fixed-length steps (treebeard's
    ``steplen``); ``Unit.ancestor_paths()`` and every "units above" query use it.
    """
    from trienkhai.orgs.models import Unit

    step = Unit.steplen
    stop = len(path) + (step if include_self else 0)
    return [path[:i] for i in range(step, stop, step)]


def above_q(field: str, paths: list[str], *, include_self: bool = True) -> models.Q:
    """Rows whose unit is at (by default) or above one of ``paths``: what comes down."""
    prefix = f"{field}__path" if field else "path"
    wanted = sorted({a for p in paths for a in paths_above(p, include_self=include_self)})
    if not wanted:
        return models.Q(pk__in=[])
    return models.Q(**{f"{prefix}__in": wanted})


M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M]):
    """A model's scope, declared: which fields lead to a unit, and how.

    * ``scope_fields`` — foreign-key paths to ``orgs.Unit`` ("" when the model *is* a
      unit). A row is in scope when any of them is at or under a unit where the user
      holds a role for the action: a proposal is seen by its sender's side and by its
      addressee's side alike.
    * ``scope_m2m_fields`` — many-to-many paths to units, matched through a subquery so
      no row comes twice (a meeting's visiting units).
    * ``scope_read_from_above`` — paths to a unit whose rows are *read* (never changed)
      by the units under it: a directive issued above comes down to the wards.

    Nothing else decides scope: views, selectors and importers call ``restrict()`` (or
    ``restrict_by()`` for one side of a chain), services call :func:`require`.
    """

    scope_fields: tuple[str, ...] = ("unit",)
    scope_m2m_fields: tuple[str, ...] = ()
    scope_read_from_above: tuple[str, ...] = ()
    scope_action_default: str = "view"

    def restrict(self, user: Any, action: str | None = None) -> Self:
        return self._scoped(
            user,
            action or self.scope_action_default,
            self.scope_fields,
            self.scope_m2m_fields,
            self.scope_read_from_above,
        )

    def restrict_by(self, user: Any, *fields: str, action: str | None = None) -> Self:
        """Only the rows in scope through ``fields`` (a subset of the declared ones): the
        proposals a user's units *received*, not those they sent."""
        unknown = set(fields) - set(self.scope_fields) - set(self.scope_m2m_fields)
        if unknown:
            raise ValueError(f"{self.model.__name__} is not scoped by {sorted(unknown)}")
        fk = tuple(f for f in fields if f in self.scope_fields)
        m2m = tuple(f for f in fields if f in self.scope_m2m_fields)
        return self._scoped(user, action or self.scope_action_default, fk, m2m, ())

    def _scoped(
        self, user: Any, action: str, fields: tuple[str, ...], m2m: tuple[str, ...], above: tuple[str, ...]
    ) -> Self:
        paths = scope_paths(user, action)
        if paths is None:
            return self
        if not paths:
            return self.none()
        q = models.Q(pk__in=[])
        for field in fields:
            q |= subtree_q(field, paths)
        for field in m2m:
            q |= models.Q(pk__in=self.model._base_manager.filter(subtree_q(field, paths)).values("pk"))
        if action == "view":
            for field in above:
                q |= above_q(field, paths)
        return self.filter(q)


class _System:
    """The actor of work nobody in particular does: the demo loader, a nightly task, a
    migration. It may act everywhere, and says so: ``acting_user=None`` acts on nothing.
    Audit rows name it "system" (it has no primary key)."""

    pk = None
    id = None
    username = "system"
    full_name = ""
    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = True
    is_staff = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Any = _System()


def covers(user: Any, unit: Any, action: str = "change") -> bool:
    """Whether ``user`` holds a role for ``action`` at ``unit`` or above it (no query
    beyond the user's roles, read once per request)."""
    if unit is None:
        return False
    paths = scope_paths(user, action)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def require(user: Any, *units: Any, action: str = "change") -> None:
    """Refuse (404, as for a missing unit) unless ``user`` may act at one of ``units``."""
    if not any(covers(user, u, action) for u in units if u is not None):
        raise Http404


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
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        if action != "view" and _visible(queryset, user, lookup):
            raise PermissionDenied(_("Vai trò của bạn không cho phép thao tác này.")) from exc
        raise Http404 from exc


def refuse(user: Any, action: str) -> NoReturn:
    """Nothing to act on — a create form when no unit of the user's allows ``action``: a 403
    when the user's roles show data but not this function, else the 404 of anything unseen."""
    if action != "view" and has_scope(user, "view"):
        raise PermissionDenied(_("Vai trò của bạn không cho phép thao tác này."))
    raise Http404


def _visible(queryset: ScopedQuerySet[Any], user: Any, lookup: dict[str, Any]) -> bool:
    try:
        seen = queryset.restrict(user, "view").filter(**lookup).all()
    except (ValueError, TypeError):
        return False
    # Only whether it exists: no row lock (PostgreSQL refuses FOR UPDATE on the nullable
    # side of the outer joins a locking caller's select_related brings).
    seen.query.select_for_update = False
    seen.query.select_related = False
    return seen.exists()
