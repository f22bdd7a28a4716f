import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.rollout.services import step_record_submit
from trienkhai.targets import selectors, services
from trienkhai.targets.models import Measurement, Target


def test_target_end_before_start_refused(tree, personas):
    with pytest.raises(ValidationError, match="trước ngày bắt đầu"):
        services.target_create(
            unit=tree.city,
            title="X",
            term="2020-2025",
            kind="number",
            target_value=10,
            starts_on=dt.date(2022, 1, 1),
            target_date=dt.date(2021, 1, 1),
            acting_user=personas.own,
        )
    assert (
        not Target.objects.exists()
        and not AuditEvent.objects.filter(refused=False, action__startswith="targets").exists()
    )


def test_target_outside_scope_404(tree, personas):
    with pytest.raises(Http404):
        services.target_create(
            unit=tree.sibling,
            title="X",
            term="2020-2025",
            kind="number",
            target_value=10,
            starts_on=dt.date(2022, 1, 1),
            target_date=dt.date(2023, 1, 1),
            acting_user=personas.own,
        )


def test_state_target_achieved_three_years_ahead(city_target, personas):
    """WHEN the town became a city on 10/4/2022 THEN the page says three years ahead of plan."""
    assert city_target.target_date == dt.date(2025, 12, 31)
    services.measurement_add(
        target=city_target,
        on=dt.date(2022, 4, 10),
        reached=True,
        note="Thành phố trực thuộc tỉnh",
        acting_user=personas.own,
    )
    p = selectors.progress_for(viewer=personas.own, target=city_target, today=dt.date(2022, 8, 11))
    assert p.status == "achieved_early" and p.achieved_on == dt.date(2022, 4, 10)
    assert "trước 3 năm" in p.ahead_text
    assert AuditEvent.objects.filter(action="targets.measure").count() == 1


def test_measurement_checks(city_target, personas):
    with pytest.raises(ValidationError, match="trước ngày bắt đầu"):
        services.measurement_add(
            target=city_target, on=dt.date(2019, 1, 1), reached=True, acting_user=personas.own
        )
    with pytest.raises(ValidationError, match="đã đạt trạng thái"):
        services.measurement_add(target=city_target, on=dt.date(2022, 1, 1), acting_user=personas.own)
    with pytest.raises(Http404):
        services.measurement_add(
            target=city_target, on=dt.date(2022, 1, 1), reached=True, acting_user=personas.child
        )
    assert not Measurement.objects.exists()


def test_counted_target_follows_the_rollout(tree, plan_step, personas):
    """GIVEN "100% units built plans" linked to the plan step; WHEN units record; THEN the value is counted."""
    t = services.target_create(
        unit=tree.city,
        title="100% chi bộ, đảng bộ xây dựng kế hoạch",
        term="2020-2025",
        kind="number",
        baseline=0,
        target_value=100,
        starts_on=dt.date(2021, 8, 9),
        target_date=dt.date(2021, 9, 30),
        step=plan_step,
        acting_user=personas.own,
    )
    assert t.counted and t.value_unit == "%" and t.counted_measure == "done_pct"
    p = selectors.progress_for(viewer=personas.own, target=t, today=dt.date(2021, 8, 20))
    assert (p.in_scope, p.done, p.current) == (2, 0, 0)
    step_record_submit(
        step=plan_step,
        unit=tree.ward,
        done_on=dt.date(2021, 8, 20),
        plan_title="KH",
        acting_user=SYSTEM,
        today=dt.date(2021, 8, 20),
    )
    p = selectors.progress_for(viewer=personas.own, target=t, today=dt.date(2021, 8, 21))
    assert p.done == 1 and p.current == 50 and p.status == "on_track"
    step_record_submit(
        step=plan_step,
        unit=tree.cell,
        done_on=dt.date(2021, 9, 15),
        plan_title="KH",
        acting_user=SYSTEM,
        today=dt.date(2021, 9, 15),
    )
    p = selectors.progress_for(viewer=personas.own, target=t, today=dt.date(2021, 10, 1))
    assert p.current == 100 and p.status == "achieved_early" and p.achieved_on == dt.date(2021, 9, 15)
    with pytest.raises(ValidationError, match="do hệ thống đếm"):
        services.measurement_add(target=t, on=dt.date(2021, 9, 1), value=100, acting_user=personas.own)


def test_a_step_of_a_rollout_out_of_sight_is_not_found(tree, plan_step, personas):
    """The sibling city does not see the city's rollout: its step is a 404 (asked of
    rollout.selectors), not a refusal that would tell the rollout exists."""
    with pytest.raises(Http404):
        services.target_create(
            unit=tree.sibling,
            title="X",
            term="2020-2025",
            kind="number",
            target_value=100,
            starts_on=dt.date(2021, 8, 9),
            target_date=dt.date(2021, 9, 30),
            step=plan_step,
            acting_user=personas.sibling,
        )
    assert not Target.objects.exists()


def test_counted_target_must_sit_under_the_rollout_owner(tree, plan_step, personas):
    with pytest.raises(ValidationError, match="không đếm được"):
        services.target_create(
            unit=tree.prov,
            title="X",
            term="2020-2025",
            kind="number",
            target_value=100,
            starts_on=dt.date(2021, 8, 9),
            target_date=dt.date(2021, 9, 30),
            step=plan_step,
            acting_user=SYSTEM,
        )


def test_panel_and_report(tree, city_target, personas):
    panel = selectors.targets_panel(viewer=personas.own, unit=tree.city, today=dt.date(2022, 1, 1))
    assert panel.total == 1 and panel.by_status[0][0] == "on_track"
    sections = selectors.report_sections(viewer=personas.own, unit=tree.city, year=2022)
    assert sections[0].body
