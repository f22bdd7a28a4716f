"""Editing a rollout's steps after the launch: the page, its three forms and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import make_user
from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.rollout.choices import StepKind
from trienkhai.rollout.models import Rollout, Step, StepTally
from trienkhai.rollout.services import rollout_close, step_record_submit
from trienkhai.rollout.tests.conftest import TODAY


@pytest.fixture
def editor(tree):
    return make_user("prov-editor", tree.prov, "editor")


def state(rollout):
    r = Rollout.objects.get(pk=rollout.pk)
    return (
        r.version,
        r.steps_version,
        r.step_specs,
        sorted(Step.objects.filter(rollout=rollout).values_list("pk", "title", "due")),
        AuditEvent.objects.filter(refused=False).count(),
    )


def edit_data(step, **values):
    data = {"title": step.title, "due": step.due.isoformat(), "expected_version": "0", **values}
    return {f"s{step.pk}-{k}": v for k, v in data.items()}


def test_the_coverage_page_links_to_the_edit_page_for_its_editors_only(login, personas, rollout, editor):
    detail = reverse("rollout:detail", args=[rollout.pk])
    steps = reverse("rollout:steps", args=[rollout.pk])
    page = login(editor).get(detail).content.decode()
    assert "Sửa các yêu cầu" in page and steps in page
    for who in ("own", "parent", "child"):
        assert steps not in login(getattr(personas, who)).get(detail).content.decode()


def test_the_edit_page_shows_each_step_and_the_rule(login, rollout, cells, editor):
    plan = rollout.steps.get(kind=StepKind.PLAN)
    step_record_submit(
        step=plan,
        unit=cells[0],
        done_on=dt.date(2022, 1, 20),
        plan_title="KH",
        acting_user=SYSTEM,
        today=TODAY,
    )
    r = login(editor).get(reverse("rollout:steps", args=[rollout.pk]))
    page = r.content.decode()
    assert r.status_code == 200
    edits = [reverse("rollout:step_edit", args=[s.pk]) for s in rollout.steps.all()]
    removes = [reverse("rollout:step_remove", args=[s.pk]) for s in rollout.steps.all()]
    assert all(f'action="{u}"' in page for u in edits)
    assert [f'action="{u}"' in page for u in removes] == [False, True, True]  # the plan has a record
    assert "Đã có kết quả của 1 đơn vị: không xóa được." in page
    assert "áp dụng ngay cho mọi đơn vị trong phạm vi của đợt này" in page
    assert 'name="add-kind"' in page and 'value="2022-02-01"' in page
    assert " style=" not in page and "<style" not in page


@pytest.mark.parametrize("who,status", [("own", 403), ("parent", 403), ("child", 403), ("other", 404)])
def test_other_roles_get_403_and_other_branches_404(login, personas, rollout, cells, who, status):
    c = login(getattr(personas, who))
    plan = rollout.steps.get(kind=StepKind.PLAN)
    before = state(rollout)
    assert c.get(reverse("rollout:steps", args=[rollout.pk])).status_code == status
    assert (
        c.post(reverse("rollout:step_edit", args=[plan.pk]), edit_data(plan, title="Khác")).status_code
        == status
    )
    assert (
        c.post(
            reverse("rollout:step_remove", args=[plan.pk]), {f"s{plan.pk}-expected_version": "0"}
        ).status_code
        == status
    )
    add = {"add-kind": "report", "add-title": "Báo cáo", "add-due": "2022-06-01", "add-expected_version": "0"}
    assert c.post(reverse("rollout:step_add", args=[rollout.pk]), add).status_code == status
    assert state(rollout) == before
    assert c.get(reverse("rollout:step_edit", args=[plan.pk])).status_code in (405, 404)


def test_edit_a_deadline_through_the_page(login, rollout, cells, tree, editor):
    plan = rollout.steps.get(kind=StepKind.PLAN)
    step_record_submit(
        step=plan,
        unit=cells[0],
        done_on=dt.date(2022, 2, 5),
        plan_title="KH",
        acting_user=SYSTEM,
        today=TODAY,
    )
    assert StepTally.objects.get(step=plan, unit=tree.ward).done_late == 1
    c = login(editor)
    r = c.post(reverse("rollout:step_edit", args=[plan.pk]), edit_data(plan, due="2022-02-07"))
    assert r.status_code == 302 and r["Location"] == reverse("rollout:steps", args=[rollout.pk])
    assert StepTally.objects.get(step=plan, unit=tree.ward).done_on_time == 1
    assert "Đã lưu yêu cầu" in c.get(r["Location"]).content.decode()
    # The coverage page shows the new deadline at once (its cache moved with the version).
    assert "07/02/2022" in c.get(reverse("rollout:detail", args=[rollout.pk])).content.decode()
    # The same values again: nothing to save.
    plan.refresh_from_db()
    before = state(rollout)
    r = c.post(
        reverse("rollout:step_edit", args=[plan.pk]), edit_data(plan, expected_version="1"), follow=True
    )
    assert "Không có gì thay đổi." in r.content.decode() and state(rollout) == before


@pytest.mark.parametrize(
    "values,message",
    [
        ({"due": "2022-01-01"}, "Hạn 01/01/2022 trước ngày bắt đầu của kỳ (10/01/2022)."),
        ({"title": ""}, "Hãy nhập nội dung yêu cầu."),
        ({"due": ""}, "Hãy nhập hạn hoàn thành."),
        (
            {"expected_version": "3", "title": "Khác"},
            "Các yêu cầu vừa được người khác sửa (hiện là lần sửa thứ 0).",
        ),
        ({"expected_version": ""}, "Trang đã cũ: hãy tải lại trang rồi sửa lại."),
    ],
)
def test_bad_input_shows_its_message_and_changes_nothing(login, rollout, editor, values, message):
    plan = rollout.steps.get(kind=StepKind.PLAN)
    before = state(rollout)
    r = login(editor).post(reverse("rollout:step_edit", args=[plan.pk]), edit_data(plan, **values))
    assert r.status_code == 400
    assert message in r.content.decode()
    assert state(rollout) == before


def test_add_and_remove_through_the_page(login, rollout, cells, editor):
    c = login(editor)
    url = reverse("rollout:step_add", args=[rollout.pk])
    bad = {"add-kind": "report", "add-title": "", "add-due": "2022-06-01", "add-expected_version": "0"}
    r = c.post(url, bad)
    assert r.status_code == 400 and "Hãy nhập nội dung yêu cầu." in r.content.decode()
    r = c.post(url, {**bad, "add-title": "Báo cáo sơ kết"})
    assert r.status_code == 302
    added = rollout.steps.get(kind="report")
    assert added.title == "Báo cáo sơ kết" and StepTally.objects.filter(step=added).exists()
    # Removing a step with a record: refused where the editor clicked.
    plan = rollout.steps.get(kind=StepKind.PLAN)
    step_record_submit(
        step=plan,
        unit=cells[0],
        done_on=dt.date(2022, 1, 20),
        plan_title="KH",
        acting_user=SYSTEM,
        today=TODAY,
    )
    before = state(rollout)
    r = c.post(reverse("rollout:step_remove", args=[plan.pk]), {f"s{plan.pk}-expected_version": "1"})
    assert r.status_code == 400 and "đã có kết quả của 1 đơn vị: không xóa được" in r.content.decode()
    assert state(rollout) == before
    r = c.post(reverse("rollout:step_remove", args=[added.pk]), {f"s{added.pk}-expected_version": "1"})
    assert r.status_code == 302 and not Step.objects.filter(pk=added.pk).exists()


def test_a_closed_rollout_shows_no_forms_and_refuses_posts(login, rollout, editor):
    rollout_close(rollout=rollout, acting_user=editor)
    c = login(editor)
    page = c.get(reverse("rollout:steps", args=[rollout.pk])).content.decode()
    assert "không sửa được các yêu cầu" in page and "step_edit" not in page and "/edit/" not in page
    plan = rollout.steps.get(kind=StepKind.PLAN)
    before = state(rollout)
    r = c.post(reverse("rollout:step_edit", args=[plan.pk]), edit_data(plan, title="Mới"))
    assert r.status_code == 400 and state(rollout) == before


def test_the_page_in_english(login, rollout, editor):
    c = login(editor)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    plan = rollout.steps.get(kind=StepKind.PLAN)
    page = c.get(reverse("rollout:steps", args=[rollout.pk])).content.decode()
    assert "Edit the steps" in page and "Changes apply at once" in page
    r = c.post(reverse("rollout:step_edit", args=[plan.pk]), edit_data(plan, due="2022-01-01"))
    assert "The deadline 01/01/2022 is before the start of the period (10/01/2022)." in r.content.decode()


# --- API -------------------------------------------------------------------------------------------


def test_api_edit_add_remove(login, personas, rollout, cells, tree, editor):
    c = login(editor)
    plan = rollout.steps.get(kind=StepKind.PLAN)
    step_record_submit(
        step=plan,
        unit=cells[0],
        done_on=dt.date(2022, 2, 5),
        plan_title="KH",
        acting_user=SYSTEM,
        today=TODAY,
    )
    detail = c.get(f"/api/v1/rollouts/{rollout.pk}").json()
    assert detail["steps_version"] == 0
    r = c.patch(
        f"/api/v1/rollouts/steps/{plan.pk}",
        {"due": "2022-02-07", "expected_steps_version": 0},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["due"] == "2022-02-07" and r.json()["steps_version"] == 1
    cov = c.get(f"/api/v1/rollouts/{rollout.pk}/coverage").json()
    assert next(s for s in cov["steps"] if s["step_id"] == plan.pk)["done_on_time"] == 1
    # Stale: told, nothing changed.
    before = state(rollout)
    r = c.patch(
        f"/api/v1/rollouts/steps/{plan.pk}",
        {"title": "Khác", "expected_steps_version": 0},
        content_type="application/json",
    )
    assert r.status_code == 400 and "người khác sửa" in str(r.json()["detail"])
    bad = c.patch(
        f"/api/v1/rollouts/steps/{plan.pk}",
        {"due": "2021-12-31", "expected_steps_version": 1},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "trước ngày bắt đầu" in bad.json()["detail"]["due"][0]
    missing = c.patch(f"/api/v1/rollouts/steps/{plan.pk}", {"title": "X"}, content_type="application/json")
    assert missing.status_code == 422
    assert state(rollout) == before
    r = c.post(
        f"/api/v1/rollouts/{rollout.pk}/steps",
        {"kind": "report", "title": "Báo cáo", "due": "2022-06-30", "expected_steps_version": 1},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["steps_version"] == 2
    added = r.json()["id"]
    r = c.delete(f"/api/v1/rollouts/steps/{plan.pk}?expected_steps_version=2")
    assert r.status_code == 400 and "không xóa được" in str(r.json()["detail"])
    r = c.delete(f"/api/v1/rollouts/steps/{added}?expected_steps_version=2")
    assert r.status_code == 200 and r.json() == {"rollout_id": rollout.pk, "steps_version": 3}
    assert not Step.objects.filter(pk=added).exists()


@pytest.mark.parametrize("who,status", [("own", 403), ("parent", 403), ("other", 404)])
def test_api_other_roles(login, personas, rollout, who, status):
    c = login(getattr(personas, who))
    plan = rollout.steps.get(kind=StepKind.PLAN)
    before = state(rollout)
    r = c.patch(
        f"/api/v1/rollouts/steps/{plan.pk}",
        {"title": "Khác", "expected_steps_version": 0},
        content_type="application/json",
    )
    assert r.status_code == status
    r = c.post(
        f"/api/v1/rollouts/{rollout.pk}/steps",
        {"kind": "report", "title": "B", "due": "2022-06-30", "expected_steps_version": 0},
        content_type="application/json",
    )
    assert r.status_code == status
    assert c.delete(f"/api/v1/rollouts/steps/{plan.pk}?expected_steps_version=0").status_code == status
    assert state(rollout) == before


@pytest.mark.parametrize(
    "ends_on,rule",
    [
        (None, "Thay đổi áp dụng cho kỳ Quý II/2022 và mọi kỳ mở sau đó"),
        (dt.date(2022, 6, 30), "Thay đổi áp dụng cho kỳ Quý II/2022, kỳ cuối cùng của đợt."),
    ],
)
def test_a_recurring_rollout_says_which_periods_a_change_reaches(
    login, personas, tree, cells, resolution, ends_on, rule
):
    from trienkhai.orgs.choices import UnitKind
    from trienkhai.rollout.choices import Recurrence
    from trienkhai.rollout.services import rollout_launch

    r = rollout_launch(
        document=resolution,
        owner_unit=tree.city,
        title="Chuyên đề 2022",
        purpose="chuyen_de",
        scope_kinds=[UnitKind.PARTY_CELL],
        starts_on=dt.date(2022, 1, 1),
        recurrence=Recurrence.QUARTERLY,
        ends_on=ends_on,
        steps=[{"kind": StepKind.CONFERENCE, "due": dt.date(2022, 3, 15)}],
        today=dt.date(2022, 5, 2),
        acting_user=SYSTEM,
    )
    page = login(personas.own).get(reverse("rollout:steps", args=[r.pk])).content.decode()
    assert rule in page and "Các kỳ đã qua giữ nguyên yêu cầu, hạn và kết quả." in page
    # Only the second quarter's step is offered.
    q1, q2 = r.steps.order_by("period__index")
    assert reverse("rollout:step_edit", args=[q2.pk]) in page
    assert reverse("rollout:step_edit", args=[q1.pk]) not in page
