"""Write the audit trail. Called by services inside their transaction.

Changes are logged by the services themselves, inside their transaction. Refused
attempts (out of scope, a function the role lacks, a rule broken) are logged by the
``@service`` decorator once the service's transaction has rolled back, so the refusal
is kept while nothing of the attempt is; the request middleware logs the refusals that
happen before any service runs (a view's own scope check, CSRF).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Sequence
from typing import Any, overload

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone

from trienkhai.core.middleware import current_ip
from trienkhai.core.models import AuditEvent

#: What counts as a refusal. Anything else (a bug, a crash) is not an attempt to log.
REFUSALS = (Http404, PermissionDenied, ValidationError)

# How deep in service calls we are: only the outermost service logs a refusal (an importer
# that turns per-row refusals into one refused import logs that one).
_depth: contextvars.ContextVar[int] = contextvars.ContextVar("service_depth", default=0)
# Refusals logged in the current request, so that the middleware does not log them twice.
_refusals: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("refusals", default=None)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [_plain(before.get(k)), _plain(after.get(k))] for k in after if before.get(k) != after.get(k)}


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(instance, f) for f in fields}


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    unit: Any = None,
    changes: dict[str, Any] | None = None,
    refused: bool = False,
) -> AuditEvent:
    if not refused:
        # An audit row that outlives a rolled-back change would be a lie.
        assert transaction.get_connection().in_atomic_block, (
            "audit_log must run inside the service's transaction"
        )
    actor_obj = actor if getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_name=_actor_name(actor),
        ip=current_ip(),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        unit=unit,
        changes={k: _plain(v) if not isinstance(v, (list, dict)) else v for k, v in (changes or {}).items()},
        refused=refused,
    )


def audit_log_many(
    *, actor: Any, action: str, items: Sequence[tuple[models.Model, Any, dict[str, Any]]]
) -> int:
    """One event per ``(obj, unit, changes)``, as :func:`audit_log` writes each, in one INSERT:
    a reorganisation moves thousands of chi bộ in one step."""
    assert transaction.get_connection().in_atomic_block, "audit_log must run inside the service's transaction"
    actor_obj = actor if getattr(actor, "pk", None) else None
    name, ip = _actor_name(actor), current_ip()
    rows = [
        AuditEvent(
            actor=actor_obj,
            actor_name=name,
            ip=ip,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_repr=str(obj)[:300],
            unit=unit,
            changes={k: _plain(v) if not isinstance(v, (list, dict)) else v for k, v in changes.items()},
        )
        for obj, unit, changes in items
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _actor_name(actor: Any) -> str:
    return getattr(actor, "username", "") or (
        "system" if actor is None else "anonymous" if getattr(actor, "is_anonymous", False) else ""
    )


def audit_log_select(*, actor: Any, action: str, object_type: str, select: str, params: list[Any]) -> int:
    """One audit event per row of ``select``, written by the database in one INSERT … SELECT.

    For imports of thousands of rows: ``select`` returns, in this order, the object's id (as
    text), its description, its unit's id and the changes (JSON) of each object; who, when,
    from where and what are the same for every row, as :func:`audit_log` would write them
    one by one. Returns the number of events written.
    """
    from django.db import connection

    assert transaction.get_connection().in_atomic_block, "audit_log must run inside the service's transaction"
    fields: list[Any] = [
        AuditEvent._meta.get_field(name) for name in ("at", "actor", "actor_name", "ip", "action")
    ]
    fields += [AuditEvent._meta.get_field(n) for n in ("object_type", "refused")]
    ops = connection.ops
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    values = [
        ops.adapt_datetimefield_value(timezone.now()),
        actor_id,
        _actor_name(actor),
        ops.adapt_ipaddressfield_value(current_ip()),
        action,
        object_type,
        False,
    ]
    # PostgreSQL types a bare parameter in a SELECT list as text: cast each to its column.
    typed = connection.vendor == "postgresql"
    constants = ", ".join(f"CAST(%s AS {f.db_type(connection)})" if typed else "%s" for f in fields)
    columns = [f.column for f in fields]
    # Concrete fields, each with a column (get_field() may answer a relation in general).
    columns += [AuditEvent._meta.get_field(n).column for n in ("object_id", "object_repr", "unit", "changes")]  # type: ignore[union-attr]
    # Only the model's own table, column and type names and the caller's SELECT (whose
    # values are parameters too) are interpolated; every value is a parameter.
    table = AuditEvent._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {constants}, v.* FROM ({select}) AS v"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, values + list(params))
        return int(cursor.rowcount)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(m) for m in exc.messages)[:1000]
    if isinstance(exc, Http404):
        return "không tìm thấy hoặc ngoài phạm vi"
    return "không có quyền"


def refusal_log(
    *, actor: Any, action: str, reason: str, obj: models.Model | None = None, unit: Any = None
) -> AuditEvent:
    """One ``refused`` event: who tried what, on which object, and why it was refused."""
    from trienkhai.orgs.models import Unit

    event = audit_log(
        actor=actor,
        action=action[:60],
        obj=obj,
        unit=unit if isinstance(unit, Unit) and unit.pk else None,
        changes={"reason": reason},
        refused=True,
    )
    logged = _refusals.get()
    if logged is not None:
        logged.append(action)
    return event


def _target(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, models.Model | None, Any]:
    """The acting user, the object acted on and its unit, from a service's arguments."""
    from trienkhai.orgs.models import Unit

    actor = next((kwargs[k] for k in ("acting_user", "actor", "user") if kwargs.get(k) is not None), None)
    unit = kwargs.get("unit") if isinstance(kwargs.get("unit"), Unit) else None
    obj = None
    for key, value in [*kwargs.items(), *enumerate(args)]:
        if key in ("acting_user", "actor", "user") or value is actor:
            continue
        if isinstance(value, models.Model) and value.pk is not None:
            obj = value
            break
    if unit is None and obj is not None:
        unit = obj if isinstance(obj, Unit) else None
    return actor, obj, unit


@overload
def service[F: Callable[..., Any]](func: F, *, action: str | None = None) -> F: ...
@overload
def service[F: Callable[..., Any]](func: None = None, *, action: str | None = None) -> Callable[[F], F]: ...
def service[F: Callable[..., Any]](
    func: F | None = None, *, action: str | None = None
) -> F | Callable[[F], F]:
    """A write service: one transaction, and a refused attempt is logged after its rollback.

    ``action`` names the attempt in the log; by default ``<app>.<function>``.
    """

    def decorate(fn: F) -> F:
        parts = fn.__module__.split(".")
        name = action or f"{parts[1] if len(parts) > 1 else parts[0]}.{fn.__name__}"

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            outermost = _depth.get() == 0
            token = _depth.set(_depth.get() + 1)
            try:
                with transaction.atomic():
                    return fn(*args, **kwargs)
            except REFUSALS as exc:
                if outermost:
                    actor, obj, unit = _target(args, kwargs)
                    refusal_log(actor=actor, action=name, reason=_reason(exc), obj=obj, unit=unit)
                raise
            finally:
                _depth.reset(token)

        return wrapper  # type: ignore[return-value]

    return decorate(func) if func is not None else decorate


def request_refusals_start() -> contextvars.Token[list[str] | None]:
    return _refusals.set([])


def request_refusals_end(token: contextvars.Token[list[str] | None]) -> list[str]:
    logged = _refusals.get() or []
    _refusals.reset(token)
    return logged
