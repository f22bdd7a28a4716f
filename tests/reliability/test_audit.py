"""Issue 8 point 7: the audit trail is complete and cannot be edited.

One event per change, written in the change's own transaction (a rolled-back change
leaves no audit row, and a failed audit write rolls the change back); bulk operations
write one per created row; a refused attempt is one event with ``refused=True``, written after
the attempt rolled back;
audit rows cannot be changed or deleted through the application.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse

from trienkhai.core.audit import audit_log
from trienkhai.core.models import AuditEvent
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.importers import units_import
from trienkhai.orgs.models import Unit
from trienkhai.orgs.services import unit_create, unit_rename
from trienkhai.rollout.choices import Channel, StepKind
from trienkhai.rollout.importers import records_import
from trienkhai.rollout.models import StepRecord
from trienkhai.rollout.services import step_record_submit

from . import crash_worker

DONE_ON = dt.date(2022, 6, 1)


def audit_count(**filters) -> int:
    return AuditEvent.objects.filter(**filters).count()


def submit(campaign, unit, user, **extra):
    return step_record_submit(
        step=campaign.steps[StepKind.DISSEMINATION],
        unit=unit,
        done_on=DONE_ON,
        channels=[Channel.ZALO],
        reach=10,
        acting_user=user,
        **extra,
    )


# --- one event per change, in the same transaction ---------------------------------------------


def test_one_event_per_change(campaign, personas):
    cell = campaign.cells[0]
    for action, write in [
        (
            "unit.create",
            lambda: unit_create(
                parent=campaign.tree.ward,
                name="Chi bộ mới",
                kind=UnitKind.PARTY_CELL,
                acting_user=personas.own,
            ),
        ),
        ("rollout.record", lambda: submit(campaign, cell, personas.child)),
        ("rollout.record_correct", lambda: submit(campaign, cell, personas.child, expected_version=1)),
    ]:
        before = audit_count()
        obj = write()
        assert audit_count() - before == 1, action
        event = AuditEvent.objects.order_by("-id").first()
        assert (event.action, event.object_id, event.refused) == (action, str(obj.pk), False)
        assert event.actor is not None and event.actor_name


def test_rolled_back_change_leaves_no_audit_row(campaign, personas):
    before_units, before_audit = Unit.objects.count(), audit_count()
    with pytest.raises(RuntimeError), transaction.atomic():
        unit_create(
            parent=campaign.tree.ward, name="Chi bộ tạm", kind=UnitKind.PARTY_CELL, acting_user=personas.own
        )
        assert audit_count() == before_audit + 1
        raise RuntimeError("the caller's transaction fails after the service returned")
    assert (Unit.objects.count(), audit_count()) == (before_units, before_audit)


def test_failed_audit_write_rolls_the_change_back(campaign, personas, monkeypatch):
    cell = campaign.cells[2]

    def broken(*args, **kwargs):
        raise RuntimeError("audit storage failed")

    monkeypatch.setattr(AuditEvent.objects, "create", broken)
    with pytest.raises(RuntimeError):
        unit_rename(unit=cell, new_name="Chi bộ đổi tên", date=dt.date(2023, 1, 1), acting_user=personas.own)
    with pytest.raises(RuntimeError):
        submit(campaign, cell, personas.child)
    cell.refresh_from_db()
    assert cell.name != "Chi bộ đổi tên"
    assert not StepRecord.objects.filter(unit=cell).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_log_outside_a_transaction_is_refused():
    with pytest.raises(AssertionError, match="inside the service's transaction"):
        audit_log(actor=None, action="x", object_type="x")
    assert audit_count() == 0


# --- bulk operations ---------------------------------------------------------------------------


def test_units_import_one_event_per_created_unit(tree, personas):
    before = audit_count()
    sheet = crash_worker.units_sheet("T-CITY", rows=15)
    result = units_import(
        upload=io.BytesIO(sheet), filename="u.xlsx", root=tree.city, acting_user=personas.own
    )
    created = {str(u.pk) for u in result.created}
    assert len(created) == 15
    new = AuditEvent.objects.order_by("id")[before:]
    by_action: dict[str, list[AuditEvent]] = {}
    for e in new:
        by_action.setdefault(e.action, []).append(e)
    assert {e.object_id for e in by_action["unit.create"]} == created and len(by_action["unit.create"]) == 15
    assert len(by_action["unit.members"]) == 15  # each row also sets a member count: one change each
    assert len(by_action["unit.import"]) == 1
    assert set(by_action) == {"unit.create", "unit.members", "unit.import"}
    assert all(e.actor_id == personas.own.pk for e in new)


def test_records_import_one_event_per_record(campaign, personas):
    step = campaign.steps[StepKind.DISSEMINATION]
    sheet = crash_worker.records_sheet(step, campaign.cells[:18], lambda i: {"channels": "Zalo", "reach": i})
    before = audit_count()
    n = records_import(step=step, upload=io.BytesIO(sheet), filename="r.xlsx", acting_user=personas.own)
    assert n == 18
    records = {str(pk) for pk in StepRecord.objects.filter(step=step).values_list("pk", flat=True)}
    events = list(AuditEvent.objects.filter(action="rollout.record"))
    assert {e.object_id for e in events} == records and len(events) == 18
    assert all(e.actor_id == personas.own.pk and e.object_type == "rollout.steprecord" for e in events)
    assert audit_count() - before == 19  # + one "rollout.import"


# --- refused attempts --------------------------------------------------------------------------


def refused_events(**filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(refused=True, **filters).order_by("id"))


def test_forbidden_write_is_logged_as_refused(campaign, personas):
    cell = campaign.cells[0]
    with pytest.raises(Http404):
        submit(campaign, cell, personas.other)
    [event] = refused_events()
    assert (event.actor, event.action, event.unit) == (personas.other, "rollout.step_record_submit", cell)
    assert event.object_type == "rollout.step" and event.changes["reason"]
    assert not StepRecord.objects.exists()


def test_forbidden_write_through_the_page_is_logged(campaign, personas, login):
    client = login(personas.parent)  # a viewer: may read the record page, not write it
    step = campaign.steps[StepKind.DISSEMINATION]
    url = reverse("rollout:record", args=[step.pk, campaign.cells[0].pk])
    assert client.get(url).status_code == 200
    assert audit_count(refused=True) == 0  # reading is not an attempt to change
    response = client.post(url, {"done_on": "01/06/2022", "channels": [Channel.ZALO], "reach": 3})
    assert response.status_code == 403  # sees the record, the role does not write
    assert not StepRecord.objects.filter(step=step).exists()
    assert audit_count(refused=True, actor=personas.parent) == 1


def test_forbidden_write_through_the_api_is_logged_once(campaign, personas, login):
    """The API checks scope before the service runs: the middleware logs that refusal."""
    client = login(personas.sibling)
    step = campaign.steps[StepKind.DISSEMINATION]
    url = f"/api/v1/rollouts/steps/{step.pk}/units/{campaign.cells[0].pk}/record"
    body = {"done_on": "2022-06-01", "channels": [Channel.ZALO], "reach": 3}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 404
    [event] = refused_events()
    assert event.actor == personas.sibling and event.action.startswith("POST ")
    assert event.changes["reason"].startswith("HTTP 404")
    assert not StepRecord.objects.exists()


def test_refused_by_the_service_through_the_api_is_logged_once(campaign, personas, login):
    """In scope, but a rule refuses it (a second first submission): one event, not two."""
    submit(campaign, campaign.cells[0], personas.child)
    client = login(personas.child)
    step = campaign.steps[StepKind.DISSEMINATION]
    url = f"/api/v1/rollouts/steps/{step.pk}/units/{campaign.cells[0].pk}/record"
    body = {"done_on": "2022-06-01", "channels": [Channel.ZALO], "reach": 3}
    assert client.post(url, body, content_type="application/json").status_code == 400
    [event] = refused_events()
    assert event.action == "rollout.step_record_submit" and "đã báo cáo" in event.changes["reason"]


def test_csrf_refusal_is_logged(campaign, personas):
    """A POST without a CSRF token is refused (403) and logged; nothing else is written."""
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas.child)
    step = campaign.steps[StepKind.DISSEMINATION]
    url = reverse("rollout:record", args=[step.pk, campaign.cells[0].pk])
    response = strict.post(url, {"done_on": "01/06/2022", "channels": [Channel.ZALO], "reach": 3})
    assert response.status_code == 403
    assert not StepRecord.objects.exists()
    [event] = refused_events()
    assert event.actor == personas.child and event.changes["reason"].startswith("HTTP 403")


def test_validation_failure_is_logged_as_refused(campaign, personas):
    with pytest.raises(ValidationError):
        step_record_submit(
            step=campaign.steps[StepKind.DISSEMINATION],
            unit=campaign.cells[0],
            done_on=None,
            acting_user=personas.child,
        )
    [event] = refused_events()
    assert event.actor == personas.child and event.changes["reason"]


def test_refused_import_is_one_event_for_the_file(campaign, personas):
    """An import refused for its rows logs one refusal (the per-row refusals inside it are
    the import's own business), and none of the rows or their change events."""
    step = campaign.steps[StepKind.DISSEMINATION]
    sheet = crash_worker.records_sheet(step, campaign.cells[:3], lambda i: {"channels": "Zalo", "reach": -1})
    before = audit_count(refused=False)
    with pytest.raises(ValidationError):
        records_import(step=step, upload=io.BytesIO(sheet), filename="r.xlsx", acting_user=personas.child)
    [event] = refused_events()
    assert event.action == "rollout.records_import" and event.actor == personas.child
    assert audit_count(refused=False) == before and not StepRecord.objects.exists()


def test_a_crash_is_not_a_refusal(campaign, personas, monkeypatch):
    """A bug is not an attempt to log: only refusals (scope, role, rules) are."""
    from trienkhai.rollout.services import records as rollout_services

    monkeypatch.setattr(rollout_services, "units_in_scope", lambda **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        submit(campaign, campaign.cells[0], personas.child)
    assert audit_count(refused=True) == 0


def test_refused_attempts_write_nothing_else(campaign, personas):
    """A refused write changes nothing and writes no (false) success event."""
    before = audit_count(refused=False)
    with pytest.raises(Http404):
        submit(campaign, campaign.cells[0], personas.other)
    with pytest.raises(ValidationError):
        submit(campaign, campaign.cells[0], personas.child, expected_version=3)
    assert audit_count(refused=False) == before and not StepRecord.objects.exists()
    assert audit_count(refused=True) == 2


# --- audit rows cannot be edited -----------------------------------------------------------------


def test_audit_rows_cannot_be_changed_or_deleted(campaign, personas):
    submit(campaign, campaign.cells[0], personas.child)
    event = AuditEvent.objects.order_by("-id").first()
    event.action = "forged"
    attempts = {
        "save": event.save,
        "delete": event.delete,
        "queryset update": lambda: AuditEvent.objects.filter(pk=event.pk).update(action="forged"),
        "bulk_update": lambda: AuditEvent.objects.bulk_update([event], ["action"]),
        "queryset delete": lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        "delete all": lambda: AuditEvent.objects.all().delete(),
    }
    for name, attempt in attempts.items():
        with pytest.raises(PermissionError), transaction.atomic():  # a savepoint per attempt
            attempt()
            pytest.fail(f"{name} went through")
    event.refresh_from_db()
    assert event.action == "rollout.record"


def test_admin_cannot_change_or_delete_audit_rows(campaign, personas, login):
    from django.contrib import admin

    submit(campaign, campaign.cells[0], personas.child)
    event = AuditEvent.objects.order_by("-id").first()
    model_admin = admin.site._registry[AuditEvent]
    client = login(personas.superuser)
    request = client.get("/").wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    change = reverse("admin:core_auditevent_change", args=[event.pk])
    client.post(change, {"action": "forged", "actor_name": "x"})
    assert (
        client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    changelist = reverse("admin:core_auditevent_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"})
    event.refresh_from_db()
    assert event.action == "rollout.record"
    assert AuditEvent.objects.filter(pk=event.pk).exists()
