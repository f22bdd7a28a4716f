from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from trienkhai.core.audit import audit_log
from trienkhai.core.models import AuditEvent
from trienkhai.orgs.services import member_count_set


def test_each_change_records_who_when_where_what(tree, personas, client):
    client.force_login(personas.own)
    client.post(
        f"/units/{tree.cell.pk}/members/", {"as_of": "2022-06-30", "members": "27"}, REMOTE_ADDR="192.0.2.7"
    )
    event = AuditEvent.objects.get(action="unit.members")
    assert event.actor == personas.own and event.actor_name == "own"
    assert event.ip == "192.0.2.7"
    assert event.unit == tree.cell
    assert event.changes["members"] == 27 and event.at is not None


def test_audit_rows_cannot_be_edited_or_deleted(tree):
    with transaction.atomic():
        event = audit_log(actor=None, action="x", obj=tree.city, unit=tree.city)
    with pytest.raises(PermissionError):
        event.action = "y"
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="z")


def test_failed_change_leaves_no_audit_row(tree, personas):
    before = AuditEvent.objects.filter(refused=False).count()
    with pytest.raises(ValidationError):
        member_count_set(unit=tree.cell, as_of=dt.date(2999, 1, 1), members=3, acting_user=personas.own)
    assert AuditEvent.objects.filter(refused=False).count() == before


def test_audit_scope_is_admin_subtree(tree, personas):
    with transaction.atomic():
        audit_log(actor=None, action="a", obj=tree.cell, unit=tree.cell)
        audit_log(actor=None, action="b", obj=tree.sibling, unit=tree.sibling)
    mine = set(AuditEvent.objects.restrict(personas.own).values_list("action", flat=True))
    assert "a" in mine and "b" not in mine
    assert not AuditEvent.objects.restrict(personas.child).exists()  # editors do not read the audit trail
