"""tests/builders.py: each builder writes what its service writes, and the defaults are as documented."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.builders import PASSWORD, DocumentFactory, RolloutFactory, UnitFactory, UserFactory
from trienkhai.core.models import AuditEvent
from trienkhai.rollout.services import units_in_scope


def test_a_rollout_is_launched_with_its_document_and_three_steps(tree):
    rollout = RolloutFactory(owner_unit=tree.prov)
    # The conftest tree: under the province one ward committee (ward) with one chi bộ (cell).
    assert sorted(units_in_scope(rollout=rollout).values_list("code", flat=True)) == ["T-CELL", "T-WARD"]
    assert [(s.kind, s.due) for s in rollout.steps.order_by("due")] == [
        ("plan", dt.date(2022, 2, 1)),
        ("conference", dt.date(2022, 3, 1)),
        ("dissemination", dt.date(2022, 9, 30)),
    ]
    assert rollout.document.issuing_unit == tree.root  # the top of the owner's tree
    assert rollout.title == f"Triển khai {rollout.document.title}"
    assert AuditEvent.objects.filter(object_type__icontains="rollout", object_id=str(rollout.pk)).exists()


def test_units_and_users_come_from_their_services(tree):
    a, b = UnitFactory.create_batch(2, parent=tree.ward)
    assert a.name != b.name and {a.parent_unit(), b.parent_unit()} == {tree.ward}
    user = UserFactory(unit=tree.city, role="admin")
    assert user.check_password(PASSWORD)
    assert list(user.roles.values_list("unit__code", "role")) == [("T-CITY", "admin")]


def test_build_without_the_service_is_refused(tree):
    with pytest.raises(TypeError, match="through the service"):
        DocumentFactory.build(issuing_unit=tree.root)
