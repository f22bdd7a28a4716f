"""Write the audit trail. Called by services inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from trienkhai.core.middleware import current_ip
from trienkhai.core.models import AuditEvent


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
        actor_name=getattr(actor, "username", "") or ("system" if actor is None else ""),
        ip=current_ip(),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        unit=unit,
        changes={k: _plain(v) if not isinstance(v, (list, dict)) else v for k, v in (changes or {}).items()},
        refused=refused,
    )
