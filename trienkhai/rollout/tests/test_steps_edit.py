"""Editing a rollout's steps after the launch: services (recount, add, remove, refusals)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from conftest import make_user
from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.choices import UnitKind
from trienkhai.rollout.choices import Purpose, Recurrence, StepKind
from trienkhai.rollout.models import Rollout, Step, StepTally
from trienkhai.rollout.services import (
    rollout_close,
    rollout_launch,
    rollout_open_due_periods,
    step_add,
    step_record_submit,
    step_remove,
    step_update,
    tally_rebuild,
)
from trienkhai.rollout.tests.conftest import TODAY, tally_snapshot


def world(rollout):
    """Everything a refused edit must leave as it was."""
    r = Rollout.objects.get(pk=rollout.pk)
    return (
        r.version,
        r.steps_version,
        r.step_specs,
        sorted(Step.objects.filter(rollout=rollout).values_list("pk", "kind", "title", "due", "order")),
        [tally_snapshot(s) for s in Step.objects.filter(rollout=rollout).order_by("pk")],
        AuditEvent.objects.filter(refused=False).count(),
    )


@pytest.fixture
def editor(tree):
    """An editor at the province, the unit that launched the rollout."""
    return make_user("prov-editor", tree.prov, "editor")


def plan_of(rollout):
    return rollout.steps.get(kind=StepKind.PLAN)


def record_plans(step, cells, days):
    for cell, day in zip(cells, days, strict=False):
        step_record_submit(
            step=step, unit=cell, done_on=day, plan_title="KH", acting_user=SYSTEM, today=TODAY
        )


def test_a_new_deadline_recounts_on_time_and_late_as_a_rebuild_would(rollout, cells, tree, editor):
    """GIVEN plans recorded on 20/1, 5/2 and 10/2 against a deadline of 1/2
    WHEN the province moves the deadline to 7/2
    THEN the plan of 5/2 counts as on time, in the same counts a recount from scratch gives."""
    plan = plan_of(rollout)
    record_plans(plan, cells, [dt.date(2022, 1, 20), dt.date(2022, 2, 5), dt.date(2022, 2, 10)])
    ward = StepTally.objects.get(step=plan, unit=tree.ward)
    assert (ward.done_on_time, ward.done_late) == (1, 2)
    before = Rollout.objects.get(pk=rollout.pk)

    step_update(step=plan, due=dt.date(2022, 2, 7), expected_version=0, acting_user=editor)

    ward = StepTally.objects.get(step=plan, unit=tree.ward)
    assert (ward.done_on_time, ward.done_late) == (2, 1)
    assert StepTally.objects.get(step=plan, unit=tree.root).done_on_time == 2
    counted = tally_snapshot(plan)
    tally_rebuild(step=Step.objects.get(pk=plan.pk))
    assert tally_snapshot(plan) == counted
    after = Rollout.objects.get(pk=rollout.pk)
    assert after.steps_version == 1 and after.version > before.version
    # Later periods (none here) would carry the new deadline: the template moved with it.
    assert after.step_specs[0] == {"kind": "plan", "title": plan.title, "offset_days": 28}
    event = AuditEvent.objects.get(action="rollout.step_update")
    assert event.actor == editor and event.unit_id == tree.prov.pk and event.changes["recounted"] is True
    assert event.changes["due"] == ["2022-02-01", "2022-02-07"]


def test_a_new_title_keeps_the_counts_and_is_stored_nfc(rollout, cells, editor):
    plan = plan_of(rollout)
    record_plans(plan, cells, [dt.date(2022, 1, 20)])
    counted = tally_snapshot(plan)
    nfd = unicodedata.normalize("NFD", "Xây dựng kế hoạch thực hiện Nghị quyết 35")
    step_update(step=plan, title=nfd + "  ", expected_version=0, acting_user=editor)
    plan.refresh_from_db()
    assert plan.title == "Xây dựng kế hoạch thực hiện Nghị quyết 35"
    assert tally_snapshot(plan) == counted
    assert Rollout.objects.get(pk=rollout.pk).step_specs[0]["title"] == plan.title
    # The same values again: nothing to write, no version, no event.
    state = world(rollout)
    step_update(step=plan, title=plan.title, due=plan.due, expected_version=1, acting_user=editor)
    assert world(rollout) == state


def test_an_added_step_is_owed_by_every_unit_in_scope(rollout, cells, tree, editor):
    step = step_add(
        rollout=rollout,
        kind=StepKind.REPORT,
        title="Báo cáo sơ kết 6 tháng",
        due=dt.date(2022, 7, 15),
        expected_version=0,
        acting_user=editor,
    )
    assert step.period == rollout.periods.get() and step.order == 3
    assert StepTally.objects.get(step=step, unit=tree.prov).in_scope == 6
    assert StepTally.objects.get(step=step, unit=tree.ward).in_scope == 5
    counted = tally_snapshot(step)
    tally_rebuild(step=step)
    assert tally_snapshot(step) == counted
    r = Rollout.objects.get(pk=rollout.pk)
    assert [s["kind"] for s in r.step_specs] == ["plan", "conference", "dissemination", "report"]
    assert r.step_specs[-1]["offset_days"] == (dt.date(2022, 7, 15) - rollout.starts_on).days
    assert step.rollout.steps_version == 1
    assert AuditEvent.objects.filter(action="rollout.step_add", refused=False).count() == 1
    # A unit records it like any other step.
    step_record_submit(
        step=step,
        unit=cells[0],
        done_on=dt.date(2022, 7, 20),
        outcome="Đã báo cáo",
        acting_user=SYSTEM,
        today=TODAY,
    )
    assert StepTally.objects.get(step=step, unit=tree.prov).done_late == 1


def test_a_step_nobody_recorded_is_removed_one_with_records_is_not(rollout, cells, editor):
    plan, conf = plan_of(rollout), rollout.steps.get(kind=StepKind.CONFERENCE)
    record_plans(plan, cells, [dt.date(2022, 1, 20)])
    state = world(rollout)
    with pytest.raises(ValidationError) as err:
        step_remove(step=plan, expected_version=0, acting_user=editor)
    assert "đã có kết quả của 1 đơn vị" in str(err.value)
    assert world(rollout) == state
    assert AuditEvent.objects.filter(action="rollout.step_remove", refused=True).count() == 1

    r = step_remove(step=conf, expected_version=0, acting_user=editor)
    assert r.steps_version == 1
    assert not Step.objects.filter(pk=conf.pk).exists()
    assert not StepTally.objects.filter(step_id=conf.pk).exists()
    assert [s["kind"] for s in Rollout.objects.get(pk=rollout.pk).step_specs] == ["plan", "dissemination"]
    assert AuditEvent.objects.filter(action="rollout.step_remove", refused=False).count() == 1


def test_the_last_step_and_a_step_a_target_counts_from_stay(rollout, cells, editor, tree):
    from trienkhai.targets.models import Target

    plan, conf, diss = (rollout.steps.get(kind=k) for k in ("plan", "conference", "dissemination"))
    step_remove(step=conf, expected_version=0, acting_user=editor)
    step_remove(step=diss, expected_version=1, acting_user=editor)
    state = world(rollout)
    with pytest.raises(ValidationError, match="ít nhất một yêu cầu"):
        step_remove(step=plan, expected_version=2, acting_user=editor)
    assert world(rollout) == state
    # A target counting from a step (PROTECT) is a clear refusal, not a server error.
    from trienkhai.targets.services import target_create

    report = step_add(
        rollout=rollout,
        kind="report",
        title="Báo cáo",
        due=dt.date(2022, 6, 1),
        expected_version=2,
        acting_user=editor,
    )
    target_create(
        unit=tree.prov,
        title="Tỷ lệ chi bộ báo cáo",
        term="2020-2025",
        kind="number",
        starts_on=dt.date(2022, 1, 1),
        target_date=dt.date(2022, 12, 31),
        target_value=100,
        step=report,
        counted_measure="done_pct",
        acting_user=SYSTEM,
    )
    assert Target.objects.filter(step=report).exists()
    state = world(rollout)
    with pytest.raises(ValidationError, match="đang được dùng"):
        step_remove(step=report, expected_version=3, acting_user=editor)
    assert world(rollout) == state


@pytest.mark.parametrize(
    "change,message",
    [
        ({"title": ""}, "Hãy nhập nội dung yêu cầu"),
        ({"title": "x" * 301}, "dài quá 300 ký tự"),
        ({"due": dt.date(2022, 1, 9)}, r"trước ngày bắt đầu của kỳ \(10/01/2022\)"),
        ({"expected_version": 5}, "vừa được người khác sửa"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(rollout, cells, editor, change, message):
    plan = plan_of(rollout)
    record_plans(plan, cells, [dt.date(2022, 1, 20)])
    state = world(rollout)
    kwargs = {"expected_version": 0, **change}
    with pytest.raises(ValidationError, match=message):
        step_update(step=plan, acting_user=editor, **kwargs)
    assert world(rollout) == state
    add = {"kind": "report", "title": "Báo cáo", "due": dt.date(2022, 6, 1), **kwargs}
    with pytest.raises(ValidationError, match=message):
        step_add(rollout=rollout, acting_user=editor, **add)
    assert world(rollout) == state
    with pytest.raises(ValidationError, match="Loại yêu cầu không hợp lệ"):
        step_add(rollout=rollout, acting_user=editor, **{**add, "expected_version": 0, "kind": "khac"})
    assert world(rollout) == state


def test_a_closed_rollout_cannot_be_edited(rollout, cells, editor):
    rollout_close(rollout=rollout, acting_user=editor)
    state = world(rollout)
    plan = plan_of(rollout)
    for call in (
        lambda: step_update(step=plan, title="Mới", expected_version=0, acting_user=editor),
        lambda: step_add(
            rollout=rollout,
            kind="report",
            title="B",
            due=dt.date(2022, 6, 1),
            expected_version=0,
            acting_user=editor,
        ),
        lambda: step_remove(
            step=rollout.steps.get(kind="conference"), expected_version=0, acting_user=editor
        ),
    ):
        with pytest.raises(ValidationError, match="đã kết thúc"):
            call()
    assert world(rollout) == state


def test_only_the_owner_units_editors_may_edit(rollout, cells, personas, editor):
    """own (city admin) and parent (province viewer) see the province's rollout: 403;
    another province does not: 404. Each refusal is audited, nothing else changes."""
    plan = plan_of(rollout)
    state = world(rollout)
    for who, exc in (("own", PermissionDenied), ("child", PermissionDenied), ("parent", PermissionDenied)):
        with pytest.raises(exc):
            step_update(step=plan, title="Mới", expected_version=0, acting_user=getattr(personas, who))
    with pytest.raises(Http404):
        step_add(
            rollout=rollout,
            kind="report",
            title="B",
            due=dt.date(2022, 6, 1),
            expected_version=0,
            acting_user=personas.other,
        )
    with pytest.raises(Http404):
        step_remove(step=plan, expected_version=0, acting_user=personas.other)
    assert world(rollout) == state
    assert AuditEvent.objects.filter(refused=True, action__startswith="rollout.step_").count() == 5
    # The superuser and an editor above the owner may.
    step_update(step=plan, title="Mới", expected_version=0, acting_user=personas.superuser)


def test_a_second_editor_with_the_same_page_is_told_not_overwritten(rollout, cells, editor, tree):
    other_editor = make_user("prov-editor-2", tree.prov, "admin")
    plan = plan_of(rollout)
    step_update(step=plan, due=dt.date(2022, 2, 10), expected_version=0, acting_user=editor)
    state = world(rollout)
    with pytest.raises(ValidationError, match=r"người khác sửa \(hiện là lần sửa thứ 1\)"):
        step_update(step=plan, due=dt.date(2022, 2, 20), expected_version=0, acting_user=other_editor)
    with pytest.raises(ValidationError, match="người khác sửa"):
        step_remove(step=rollout.steps.get(kind="conference"), expected_version=0, acting_user=other_editor)
    assert world(rollout) == state
    assert Step.objects.get(pk=plan.pk).due == dt.date(2022, 2, 10)


def test_a_record_after_a_new_deadline_counts_against_it(rollout, cells, tree, editor):
    plan = plan_of(rollout)
    stale = Step.objects.get(pk=plan.pk)  # a record form opened before the change
    step_update(step=plan, due=dt.date(2022, 2, 7), expected_version=0, acting_user=editor)
    step_record_submit(
        step=stale,
        unit=cells[0],
        done_on=dt.date(2022, 2, 5),
        plan_title="KH",
        acting_user=SYSTEM,
        today=TODAY,
    )
    assert StepTally.objects.get(step=plan, unit=tree.ward).done_on_time == 1
    counted = tally_snapshot(plan)
    tally_rebuild(step=Step.objects.get(pk=plan.pk))
    assert tally_snapshot(plan) == counted


@pytest.fixture
def quarterly(tree, cells, resolution):
    return rollout_launch(
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


def test_later_periods_carry_the_edited_steps_earlier_ones_keep_theirs(quarterly, personas):
    """GIVEN a quarterly rollout in its second quarter
    WHEN the city moves this quarter's deadline and adds a report
    THEN the third quarter opens with both, at the same distance from its start, and the
    first quarter's step is neither changed nor editable."""
    q1, q2 = quarterly.steps.order_by("period__index")
    assert q2.due == dt.date(2022, 6, 13)
    step_update(
        step=q2,
        title="Hội nghị chuyên đề quý",
        due=dt.date(2022, 6, 20),
        expected_version=0,
        acting_user=personas.own,
    )
    step_add(
        rollout=quarterly,
        kind=StepKind.REPORT,
        title="Báo cáo quý",
        due=dt.date(2022, 6, 25),
        expected_version=1,
        acting_user=personas.own,
    )
    assert Rollout.objects.get(pk=quarterly.pk).step_specs == [
        {"kind": "conference", "title": "Hội nghị chuyên đề quý", "offset_days": 80},
        {"kind": "report", "title": "Báo cáo quý", "offset_days": 85},
    ]
    rollout_open_due_periods(today=dt.date(2022, 7, 2))
    q3 = [(s.title, s.due) for s in quarterly.steps.filter(period__index=2).order_by("order")]
    assert q3 == [
        ("Hội nghị chuyên đề quý", dt.date(2022, 9, 19)),
        ("Báo cáo quý", dt.date(2022, 9, 24)),
    ]
    assert Step.objects.get(pk=q1.pk).due == dt.date(2022, 3, 15)
    state = world(quarterly)
    with pytest.raises(ValidationError, match="thuộc một kỳ đã qua"):
        step_update(step=q1, title="Sửa kỳ cũ", expected_version=2, acting_user=personas.own)
    with pytest.raises(ValidationError, match="thuộc một kỳ đã qua"):
        step_remove(step=q2, expected_version=2, acting_user=personas.own)
    assert world(quarterly) == state
    # A deadline before the start of the running quarter is refused.
    q3_step = quarterly.steps.get(period__index=2, kind=StepKind.CONFERENCE)
    with pytest.raises(ValidationError, match=r"trước ngày bắt đầu của kỳ \(01/07/2022\)"):
        step_update(step=q3_step, due=dt.date(2022, 6, 30), expected_version=2, acting_user=personas.own)
