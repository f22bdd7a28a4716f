from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.oversight.models import Inspection, Recommendation
from trienkhai.oversight.services import (
    inspection_conclude,
    inspection_create,
    plan_create,
    recommendation_to_followup,
)


def test_created_with_one_audit_event(inspection):
    assert AuditEvent.objects.filter(action="oversight.inspection_create").count() == 1
    assert [d.code for d in inspection.documents.all()] == ["35-NQ/TW"]


def test_subjects_must_be_below(tree, personas):
    with pytest.raises(ValidationError) as err:
        inspection_create(
            conducting_unit=tree.city,
            kind="giam_sat",
            mode="thuong_xuyen",
            title="X",
            start_on=dt.date(2022, 1, 1),
            subject_units=[tree.sibling],
            acting_user=personas.own,
        )
    assert "trực thuộc" in str(err.value)
    with pytest.raises(Http404):
        inspection_create(
            conducting_unit=tree.city,
            kind="giam_sat",
            mode="thuong_xuyen",
            title="X",
            start_on=dt.date(2022, 1, 1),
            subject_units=[tree.ward],
            acting_user=personas.child,
        )
    assert not Inspection.objects.exists()


def test_plan_once_per_year(tree):
    plan_create(unit=tree.city, year=2023, title="KH 2023", acting_user=SYSTEM)
    with pytest.raises(ValidationError):
        plan_create(unit=tree.city, year=2023, title="KH 2023 lần 2", acting_user=SYSTEM)


def test_conclude_with_recommendations_then_followup(inspection, tree, personas):
    inspection_conclude(
        inspection=inspection,
        findings="100% chi bộ đã quán triệt",
        conclusion="Thực hiện nghiêm túc",
        concluded_on=dt.date(2022, 9, 20),
        recommendations=[
            {
                "text": "Tăng cường nắm bắt dư luận trên mạng",
                "unit": tree.ward,
                "due_on": dt.date(2022, 12, 31),
            }
        ],
        acting_user=personas.own,
    )
    rec = Recommendation.objects.get()
    f = recommendation_to_followup(recommendation=rec, acting_user=personas.own)
    assert (f.unit, f.assigned_by, f.due_on, f.source_recommendation) == (
        tree.ward,
        tree.city,
        dt.date(2022, 12, 31),
        rec,
    )
    with pytest.raises(ValidationError):
        recommendation_to_followup(recommendation=rec, acting_user=personas.own)
    with pytest.raises(ValidationError):  # concluded once
        inspection_conclude(inspection=inspection, findings="", conclusion="Lần 2", acting_user=personas.own)


def test_conclude_bad_input_writes_nothing(inspection, tree, personas):
    for kw in (
        {"conclusion": ""},
        {"conclusion": "X", "recommendations": [{"text": "Y", "unit": tree.sibling}]},
        {"conclusion": "X", "concluded_on": dt.date(2022, 1, 1)},
    ):
        with pytest.raises(ValidationError):
            inspection_conclude(inspection=inspection, findings="", acting_user=personas.own, **kw)
    inspection.refresh_from_db()
    assert inspection.concluded_on is None and not Recommendation.objects.exists()
    with pytest.raises(PermissionDenied):  # the ward is inspected, it does not conclude
        inspection_conclude(inspection=inspection, findings="", conclusion="X", acting_user=personas.child)
