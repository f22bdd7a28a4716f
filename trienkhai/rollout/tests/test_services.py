from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.models import Document
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.services import unit_create, unit_dissolve
from trienkhai.rollout.choices import Purpose, Recurrence, StepKind
from trienkhai.rollout.models import StepRecord, StepTally
from trienkhai.rollout.services import (
    rollout_launch,
    rollout_open_due_periods,
    step_record_submit,
    tally_rebuild,
    units_in_scope,
)
from trienkhai.rollout.tests.conftest import TODAY, tally_snapshot


def steps(rollout):
    return {s.kind: s for s in rollout.steps.all()}


def tally(step, unit):
    return StepTally.objects.get(step=step, unit=unit)


def test_launch_scope_is_counted_by_rule(rollout, tree, cells):
    plan = steps(rollout)[StepKind.PLAN]
    in_scope = set(units_in_scope(rollout=rollout, step=plan).values_list("name", flat=True))
    assert in_scope == {
        "Đảng ủy phường Cẩm Thủy",
        "Chi bộ Tổ dân phố số 1",
        "Chi bộ Tổ dân phố số 2",
        "Chi bộ Tổ dân phố số 3",
        "Chi bộ Tổ dân phố số 4",
        "Chi bộ Cơ quan",
    }
    assert tally(plan, tree.prov).in_scope == 6
    assert tally(plan, tree.city).in_scope == 5 and tally(plan, tree.ward).in_scope == 5
    assert tally(plan, tree.root).in_scope == 6  # the level above sees the same count
    assert AuditEvent.objects.filter(action="rollout.launch").count() == 1


def test_launch_validates_and_writes_nothing(tree, resolution, personas):
    with pytest.raises(ValidationError) as err:
        rollout_launch(
            document=resolution,
            owner_unit=tree.city,
            title="X",
            purpose=Purpose.STUDY,
            scope_kinds=[],
            starts_on=dt.date(2022, 1, 10),
            steps=[{"kind": StepKind.PLAN, "due": dt.date(2021, 1, 1)}],
            acting_user=personas.own,
        )
    text = str(err.value)
    assert "ít nhất một loại đơn vị" in text and "trước ngày bắt đầu" in text
    with pytest.raises(Http404):
        rollout_launch(
            document=resolution,
            owner_unit=tree.sibling,
            title="X",
            purpose=Purpose.STUDY,
            scope_kinds=[UnitKind.PARTY_CELL],
            starts_on=dt.date(2022, 1, 10),
            steps=[{"kind": StepKind.PLAN, "due": dt.date(2022, 2, 1)}],
            acting_user=personas.own,
        )
    assert not AuditEvent.objects.filter(action="rollout.launch").exists()


def test_record_counts_on_time_and_late_up_the_tree(rollout, tree, cells, personas):
    plan = steps(rollout)[StepKind.PLAN]
    step_record_submit(
        step=plan,
        unit=cells[0],
        done_on=dt.date(2022, 1, 20),
        plan_code="05-KH/CB",
        plan_title="Kế hoạch của chi bộ",
        acting_user=personas.child,
        today=TODAY,
    )
    step_record_submit(
        step=plan,
        unit=cells[1],
        done_on=dt.date(2022, 2, 5),
        plan_title="Kế hoạch chi bộ 2",
        acting_user=personas.child,
        today=TODAY,
    )
    t = tally(plan, tree.ward)
    assert (t.in_scope, t.done_on_time, t.done_late) == (5, 1, 1)
    assert tally(plan, tree.prov).done == 2 and tally(plan, tree.sibling).done == 0
    # The plan is a document of the unit's own, "implements" the rollout's document.
    doc = StepRecord.objects.get(unit=cells[0]).plan_document
    assert doc.issuing_unit == cells[0] and doc.code == "05-KH/CB"
    assert doc.links_out.get().target == rollout.document


def test_a_plan_already_in_the_units_registry_is_cited_not_registered_again(rollout, tree, cells, personas):
    """The number names the unit's own registry entry (rollout asks documents.selectors for
    it); the same number in another unit's registry is another document."""
    from trienkhai.documents.services import document_register

    own = document_register(
        issuing_unit=cells[0], code="05-KH/CB", title="Kế hoạch của chi bộ", acting_user=SYSTEM
    )
    other = document_register(
        issuing_unit=cells[1], code="05-KH/CB", title="Kế hoạch chi bộ 2", acting_user=SYSTEM
    )
    plan = steps(rollout)[StepKind.PLAN]
    for unit in (cells[0], cells[2]):
        step_record_submit(
            step=plan,
            unit=unit,
            done_on=dt.date(2022, 1, 20),
            plan_code="05-KH/CB",
            plan_title="Kế hoạch",
            acting_user=personas.child,
            today=TODAY,
        )
    assert StepRecord.objects.get(unit=cells[0]).plan_document == own
    made = StepRecord.objects.get(unit=cells[2]).plan_document
    assert made not in (own, other) and made.issuing_unit == cells[2]
    assert Document.objects.filter(code="05-KH/CB").count() == 3


def test_conference_attendance_and_bad_input(rollout, tree, cells, personas):
    conf = steps(rollout)[StepKind.CONFERENCE]
    with pytest.raises(ValidationError) as err:
        step_record_submit(
            step=conf,
            unit=cells[0],
            done_on=dt.date(2022, 2, 20),
            form="truc_tuyen",
            members_present=30,
            members_on_roll=20,
            acting_user=personas.child,
            today=TODAY,
        )
    text = str(err.value)
    assert "hãy chọn nền tảng" in text and "lớn hơn số trong danh sách" in text
    with pytest.raises(ValidationError) as err:
        step_record_submit(
            step=conf,
            unit=cells[0],
            done_on=dt.date(2023, 1, 1),
            form="truc_tiep",
            members_present=3,
            acting_user=personas.child,
            today=TODAY,
        )
    assert "ở tương lai" in str(err.value)
    with pytest.raises(ValidationError) as err:
        step_record_submit(
            step=conf,
            unit=cells[0],
            done_on=dt.date(2021, 12, 1),
            form="truc_tiep",
            members_present=3,
            acting_user=personas.child,
            today=TODAY,
        )
    assert "trước khi đợt triển khai bắt đầu" in str(err.value)
    assert not StepRecord.objects.exists()
    # members_on_roll defaults to the unit's member count.
    step_record_submit(
        step=conf,
        unit=cells[0],
        done_on=dt.date(2022, 2, 20),
        form="ket_hop",
        platform="zoom",
        members_present=18,
        masses=40,
        acting_user=personas.child,
        today=TODAY,
    )
    step_record_submit(
        step=conf,
        unit=cells[1],
        done_on=dt.date(2022, 2, 21),
        form="truc_tiep",
        members_present=21,
        masses=15,
        acting_user=personas.child,
        today=TODAY,
    )
    t = tally(conf, tree.ward)
    assert (t.members_present, t.members_on_roll, t.masses) == (39, 41, 55)


def test_out_of_scope_units(rollout, tree, cells, personas):
    plan = steps(rollout)[StepKind.PLAN]
    with pytest.raises(ValidationError) as err:  # the city itself is not of a kind in scope
        step_record_submit(
            step=plan,
            unit=tree.city,
            done_on=dt.date(2022, 1, 20),
            plan_title="KH",
            acting_user=personas.own,
            today=TODAY,
        )
    assert "không thuộc phạm vi" in str(err.value)
    with pytest.raises(Http404):  # a unit outside the user's subtree
        step_record_submit(
            step=plan,
            unit=cells[4],
            done_on=dt.date(2022, 1, 20),
            plan_title="KH",
            acting_user=personas.child,
            today=TODAY,
        )


def test_duplicate_and_concurrent_corrections(rollout, tree, cells, personas):
    plan = steps(rollout)[StepKind.PLAN]
    first = step_record_submit(
        step=plan,
        unit=cells[0],
        done_on=dt.date(2022, 1, 20),
        plan_title="KH",
        acting_user=personas.child,
        today=TODAY,
    )
    with pytest.raises(ValidationError) as err:
        step_record_submit(
            step=plan,
            unit=cells[0],
            done_on=dt.date(2022, 1, 21),
            plan_title="KH",
            acting_user=personas.child,
            today=TODAY,
        )
    assert "đã báo cáo yêu cầu này" in str(err.value)
    # Two people opened version 1; the first correction wins, the second is told.
    second = step_record_submit(
        step=plan,
        unit=cells[0],
        done_on=dt.date(2022, 2, 3),
        note="sửa ngày",
        expected_version=1,
        acting_user=personas.own,
        today=TODAY,
    )
    with pytest.raises(ValidationError) as err:
        step_record_submit(
            step=plan,
            unit=cells[0],
            done_on=dt.date(2022, 1, 25),
            expected_version=1,
            acting_user=personas.child,
            today=TODAY,
        )
    assert "người khác cập nhật" in str(err.value)
    # The earlier version is kept; counts moved from on time to late.
    versions = list(
        StepRecord.objects.filter(unit=cells[0]).order_by("version").values_list("version", "is_current")
    )
    assert versions == [(1, False), (2, True)]
    assert second.supersedes == first
    t = tally(plan, tree.ward)
    assert (t.done_on_time, t.done_late) == (0, 1)


def test_incremental_tallies_agree_with_a_recount(rollout, tree, cells, personas):
    conf = steps(rollout)[StepKind.CONFERENCE]
    for i, c in enumerate(cells[:4]):
        step_record_submit(
            step=conf,
            unit=c,
            done_on=dt.date(2022, 2, 10 + 5 * i),
            form="truc_tiep",
            members_present=10 + i,
            masses=i,
            acting_user=SYSTEM,
            today=TODAY,
        )
    step_record_submit(
        step=conf,
        unit=cells[0],
        done_on=dt.date(2022, 3, 5),
        form="truc_tiep",
        members_present=12,
        expected_version=1,
        acting_user=SYSTEM,
        today=TODAY,
    )
    incremental = tally_snapshot(conf)
    tally_rebuild(step=conf)
    assert tally_snapshot(conf) == incremental


def test_unit_created_later_enters_scope(rollout, tree, cells):
    plan = steps(rollout)[StepKind.PLAN]
    new = unit_create(
        parent=tree.ward, name="Chi bộ Tổ dân phố số 9", kind=UnitKind.PARTY_CELL, acting_user=SYSTEM
    )
    assert units_in_scope(rollout=rollout, step=plan).filter(pk=new.pk).exists()
    assert tally(plan, tree.ward).in_scope == 6
    assert tally(plan, tree.prov).in_scope == 7


def test_ended_unit_without_record_leaves_the_denominator(rollout, tree, cells):
    plan = steps(rollout)[StepKind.PLAN]
    step_record_submit(
        step=plan,
        unit=cells[1],
        done_on=dt.date(2022, 1, 20),
        plan_title="KH",
        acting_user=SYSTEM,
        today=TODAY,
    )
    unit_dissolve(unit=cells[2], date=dt.date(2022, 6, 1), acting_user=SYSTEM)
    unit_dissolve(unit=cells[1], date=dt.date(2022, 6, 1), acting_user=SYSTEM)
    t = tally(plan, tree.ward)
    assert (t.in_scope, t.done) == (4, 1)  # cell 3 left; cell 2 stays, having reported


def test_recurring_quarterly_opens_periods(tree, cells, resolution):
    r = rollout_launch(
        document=resolution,
        owner_unit=tree.city,
        title="Chuyên đề 2022",
        purpose=Purpose.THEMATIC,
        scope_kinds=[UnitKind.PARTY_CELL],
        starts_on=dt.date(2022, 1, 1),
        recurrence=Recurrence.QUARTERLY,
        ends_on=dt.date(2022, 12, 31),
        steps=[{"kind": StepKind.CONFERENCE, "due": dt.date(2022, 3, 15)}],
        today=dt.date(2022, 5, 2),
        acting_user=SYSTEM,
    )
    assert [(p.label, p.starts_on) for p in r.periods.all()] == [
        ("Quý I/2022", dt.date(2022, 1, 1)),
        ("Quý II/2022", dt.date(2022, 4, 1)),
    ]
    assert [s.due for s in r.steps.order_by("period__index")] == [dt.date(2022, 3, 15), dt.date(2022, 6, 13)]
    assert rollout_open_due_periods(today=dt.date(2022, 10, 3)) == 2
    assert rollout_open_due_periods(today=dt.date(2022, 10, 3)) == 0
    assert rollout_open_due_periods(today=dt.date(2023, 2, 1)) == 0  # ended with 2022
    assert r.periods.count() == 4


def test_attachments_checked(rollout, cells, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    conf = steps(rollout)[StepKind.CONFERENCE]
    with pytest.raises(ValidationError) as err:
        step_record_submit(
            step=conf,
            unit=cells[0],
            done_on=dt.date(2022, 2, 20),
            form="truc_tiep",
            members_present=5,
            files=[(io.BytesIO(b"<svg/>"), "anh.png")],
            acting_user=SYSTEM,
            today=TODAY,
        )
    assert "không đúng định dạng" in str(err.value)
    rec = step_record_submit(
        step=conf,
        unit=cells[0],
        done_on=dt.date(2022, 2, 20),
        form="truc_tiep",
        members_present=5,
        files=[(io.BytesIO(b"%PDF-1.4\n%%EOF"), "bien-ban.pdf")],
        acting_user=SYSTEM,
        today=TODAY,
    )
    assert rec.attachments.get().original_name == "bien-ban.pdf"
    assert Document.objects.count() == 1


def test_a_record_that_fails_after_its_files_leaves_no_bytes(rollout, cells, settings, tmp_path, monkeypatch):
    """The record's rows roll back; the files written for them are deleted too."""
    import trienkhai.rollout.services.records as services

    settings.MEDIA_ROOT = tmp_path
    conf = steps(rollout)[StepKind.CONFERENCE]

    def boom(*args, **kwargs):
        raise RuntimeError("counting failed")

    monkeypatch.setattr(services, "_apply_delta", boom)
    with pytest.raises(RuntimeError):
        step_record_submit(
            step=conf,
            unit=cells[0],
            done_on=dt.date(2022, 2, 20),
            form="truc_tiep",
            members_present=5,
            files=[(io.BytesIO(b"%PDF-1.4\n%%EOF"), "bien-ban.pdf")],
            acting_user=SYSTEM,
            today=TODAY,
        )
    assert not StepRecord.objects.filter(step=conf).exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
