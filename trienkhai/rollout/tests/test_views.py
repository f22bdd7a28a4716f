from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from trienkhai.core.models import AuditEvent, Notification
from trienkhai.core.scoping import SYSTEM
from trienkhai.rollout.choices import StepKind
from trienkhai.rollout.models import Rollout, StepRecord
from trienkhai.rollout.services import reminders_send, step_record_submit
from trienkhai.rollout.tests.conftest import TODAY


def step_of(rollout, kind):
    return rollout.steps.get(kind=kind)


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("child", 200), ("parent", 200), ("sibling", 200), ("other", 404)]
)
def test_rollout_visible_to_owner_subtree_and_above(login, personas, rollout, who, status):
    # The province launched it: its whole subtree (city, ward, sibling city) carries it out.
    assert (
        login(getattr(personas, who)).get(reverse("rollout:detail", args=[rollout.pk])).status_code == status
    )


def test_city_rollout_hidden_from_sibling(login, personas, tree, resolution, cells):
    from trienkhai.orgs.choices import UnitKind
    from trienkhai.rollout.services import rollout_launch

    r = rollout_launch(
        document=resolution,
        owner_unit=tree.city,
        title="Riêng thị ủy",
        purpose="hoc_tap",
        scope_kinds=[UnitKind.PARTY_CELL],
        starts_on=dt.date(2022, 1, 1),
        steps=[{"kind": StepKind.PLAN, "due": dt.date(2022, 2, 1)}],
        acting_user=SYSTEM,
    )
    assert login(personas.sibling).get(reverse("rollout:detail", args=[r.pk])).status_code == 404
    assert login(personas.sibling).get(f"/api/v1/rollouts/{r.pk}/coverage").status_code == 404
    assert r.title not in login(personas.sibling).get(reverse("rollout:dashboard")).content.decode()


def test_dashboard_and_coverage_show_counted_figures(login, personas, rollout, cells):
    plan = step_of(rollout, StepKind.PLAN)
    for c in cells[:4]:
        step_record_submit(
            step=plan, unit=c, done_on=dt.date(2022, 1, 20), plan_title="KH", acting_user=SYSTEM, today=TODAY
        )
    c = login(personas.own)
    dash = c.get(reverse("rollout:dashboard")).content.decode()
    assert "Triển khai Nghị quyết 35" in dash and "80,0%" in dash and "4/5" in dash
    page = c.get(reverse("rollout:detail", args=[rollout.pk]), {"unit": personas.own.roles.get().unit_id})
    assert "4/5 (80,0%)" in page.content.decode()
    # Drill down to the ward: its cells, which one has not acted.
    ward = cells[0].parent_unit()
    page = c.get(reverse("rollout:detail", args=[rollout.pk]), {"unit": ward.pk}).content.decode()
    assert "Chi bộ Tổ dân phố số 1" in page


def test_coverage_queries_do_not_grow_with_the_subtree(
    login, personas, rollout, tree, django_assert_max_num_queries
):
    from trienkhai.orgs.choices import UnitKind
    from trienkhai.orgs.services import unit_create

    c = login(personas.superuser)
    url = reverse("rollout:detail", args=[rollout.pk]) + f"?unit={tree.prov.pk}"
    c.get(url)
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # compare renderings, not cache hits
    with CaptureQueriesContext(connection) as small:
        c.get(url)
    for n in range(30):
        unit_create(parent=tree.ward, name=f"Chi bộ thêm {n}", kind=UnitKind.PARTY_CELL, acting_user=SYSTEM)
    cache.clear()
    with CaptureQueriesContext(connection) as big:
        c.get(url)
    assert len(big) == len(small)


def test_cached_pages_change_as_soon_as_a_record_arrives(login, personas, rollout, cells):
    c = login(personas.own)
    detail = reverse("rollout:detail", args=[rollout.pk]) + f"?unit={cells[0].parent_unit().pk}"
    assert "0/5 (0,0%)" in c.get(detail).content.decode()
    assert "0,0%" in c.get(reverse("rollout:dashboard")).content.decode()
    step_record_submit(
        step=step_of(rollout, StepKind.PLAN),
        unit=cells[0],
        done_on=dt.date(2022, 1, 20),
        plan_title="KH",
        acting_user=SYSTEM,
        today=TODAY,
    )
    assert "1/5 (20,0%)" in c.get(detail).content.decode()
    assert "20,0%" in c.get(reverse("rollout:dashboard")).content.decode()


def test_record_form_submit_correct_and_conflict(login, personas, rollout, cells):
    conf = step_of(rollout, StepKind.CONFERENCE)
    url = reverse("rollout:record", args=[conf.pk, cells[0].pk])
    c = login(personas.child)
    r = c.post(url, {"done_on": "2022-02-20", "form": "truc_tiep", "members_present": "99"})
    assert r.status_code == 400 and "lớn hơn số trong danh sách" in r.content.decode()
    assert not StepRecord.objects.exists()
    r = c.post(url, {"done_on": "2022-02-20", "form": "truc_tiep", "members_present": "15", "masses": "30"})
    assert r.status_code == 302
    # Two correction forms opened on version 1: the second save is refused.
    assert (
        c.post(
            url,
            {"done_on": "2022-02-21", "form": "truc_tiep", "members_present": "16", "expected_version": "1"},
        ).status_code
        == 302
    )
    r = c.post(
        url, {"done_on": "2022-02-22", "form": "truc_tiep", "members_present": "17", "expected_version": "1"}
    )
    assert r.status_code == 400 and "người khác cập nhật" in r.content.decode()
    page = c.get(url).content.decode()
    assert "phiên bản 2" in page and "phiên bản 1" in page


def test_record_for_unit_outside_subtree_is_404(login, personas, rollout, cells):
    conf = step_of(rollout, StepKind.CONFERENCE)
    assert (
        login(personas.child).get(reverse("rollout:record", args=[conf.pk, cells[4].pk])).status_code == 404
    )
    assert (
        login(personas.child)
        .post(reverse("rollout:record", args=[conf.pk, cells[4].pk]), {"done_on": "2022-02-20"})
        .status_code
        == 404
    )


def _sheet(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "ket-qua.xlsx"
    return buf


def test_import_template_prefilled_and_import_all_or_nothing(login, personas, rollout, cells):
    conf = step_of(rollout, StepKind.CONFERENCE)
    c = login(personas.own)
    ws = load_workbook(io.BytesIO(c.get(reverse("rollout:import_template", args=[conf.pk])).content)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Mã hệ thống", "Đơn vị", "Ngày thực hiện (dd/mm/yyyy)"]
    assert {r[1] for r in body} == {
        "Đảng ủy phường Cẩm Thủy",
        "Chi bộ Tổ dân phố số 1",
        "Chi bộ Tổ dân phố số 2",
        "Chi bộ Tổ dân phố số 3",
        "Chi bộ Tổ dân phố số 4",
    }
    good = [header] + [[r[0], r[1], "20/02/2022", "trực tiếp", "", 10, 20, 5, "", ""] for r in body]
    bad = [list(x) for x in good]
    bad[2][5] = 99  # attendance above the roll
    bad[3][3] = "bồ câu đưa thư"
    r = c.post(reverse("rollout:import", args=[conf.pk]), {"file": _sheet(bad)})
    page = r.content.decode()
    assert r.status_code == 400 and "lớn hơn số trong danh sách" in page and "không có trong danh mục" in page
    assert (
        not StepRecord.objects.exists()
        and not AuditEvent.objects.filter(refused=False, action__startswith="rollout.rec").exists()
    )
    r = c.post(reverse("rollout:import", args=[conf.pk]), {"file": _sheet(good)})
    assert r.status_code == 302
    assert StepRecord.objects.filter(step=conf).count() == 5


def test_import_rows_outside_scope_read_as_missing(login, personas, rollout, cells):
    conf = step_of(rollout, StepKind.CONFERENCE)
    header = [
        "Mã hệ thống",
        "Đơn vị",
        "Ngày thực hiện (dd/mm/yyyy)",
        "Hình thức (trực tiếp/trực tuyến/kết hợp)",
        "Nền tảng (Zoom/Teams/khác)",
        "Đảng viên tham dự",
    ]
    r = login(personas.child).post(
        reverse("rollout:import", args=[conf.pk]),
        {"file": _sheet([header, [cells[4].pk, "x", "20/02/2022", "trực tiếp", "", 3]])},
    )
    assert r.status_code == 400 and f"không có đơn vị mã “{cells[4].pk}”" in r.content.decode()


def test_import_rows_the_user_only_reads_read_as_missing(login, personas, rollout, cells, tree):
    """An editor of the ward who also reads the whole province writes the ward's rows only:
    the sibling city's chi bộ is seen, not changed, so its row is refused and nothing is kept."""
    from trienkhai.accounts.services import role_grant

    role_grant(user=personas.child, unit=tree.prov, role="viewer", acting_user=SYSTEM)
    conf = step_of(rollout, StepKind.CONFERENCE)
    header = [
        "Mã hệ thống",
        "Đơn vị",
        "Ngày thực hiện (dd/mm/yyyy)",
        "Hình thức (trực tiếp/trực tuyến/kết hợp)",
    ]
    rows = [[cells[1].pk, "x", "20/02/2022", "trực tiếp"], [cells[4].pk, "x", "20/02/2022", "trực tiếp"]]
    r = login(personas.child).post(
        reverse("rollout:import", args=[conf.pk]), {"file": _sheet([header, *rows])}
    )
    assert r.status_code == 400 and f"không có đơn vị mã “{cells[4].pk}”" in r.content.decode()
    assert not StepRecord.objects.filter(step=conf).exists()


def test_export_and_word_report(login, personas, rollout, cells):
    plan = step_of(rollout, StepKind.PLAN)
    step_record_submit(
        step=plan,
        unit=cells[0],
        done_on=dt.date(2022, 1, 20),
        plan_title="=cmd|' /C calc'!A0",
        acting_user=SYSTEM,
        today=TODAY,
    )
    c = login(personas.parent)
    ws = load_workbook(io.BytesIO(c.get(reverse("rollout:export", args=[rollout.pk])).content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Đơn vị" and rows[1][0].startswith("Tỉnh ủy An Hòa")
    r = c.get(reverse("rollout:report", args=[rollout.pk]))
    import docx

    d = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in d.paragraphs) + "\n".join(
        cell.text for t in d.tables for row in t.rows for cell in row.cells
    )
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "BÁO CÁO" in text
    assert "1/6 đơn vị đã thực hiện" in text and "Nơi nhận" in text


def test_reminders_email_and_in_app_once(personas, rollout, cells, tree, django_capture_on_commit_callbacks):
    from trienkhai.accounts.models import User
    from trienkhai.accounts.services import role_grant

    cell_editor = User.objects.create_user("cell", email="cell@example.org", password="x-long-password")
    role_grant(user=cell_editor, unit=cells[1], role="editor", acting_user=SYSTEM)
    with django_capture_on_commit_callbacks(execute=True):
        n = reminders_send(today=dt.date(2022, 2, 3))  # the plan is overdue
    assert n >= 1
    note = Notification.objects.get(user=cell_editor)
    assert "Quá hạn" in note.text and "Chi bộ Tổ dân phố số 2" in note.text
    assert reminders_send(today=dt.date(2022, 2, 3)) == 0  # idempotent for the day
    assert any("cell@example.org" in m.to for m in mail.outbox)


def test_api_launch_coverage_submit(login, personas, tree, resolution, cells):
    c = login(personas.own)
    r = c.post(
        "/api/v1/rollouts/",
        {
            "document_id": resolution.pk,
            "owner_unit_id": tree.city.pk,
            "purpose": "hoc_tap",
            "scope_kinds": ["chi_bo"],
            "starts_on": "2022-01-01",
            "steps": [{"kind": "conference", "due": "2022-03-01"}],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    rid, step_id = r.json()["id"], r.json()["steps"][0]["id"]
    bad = c.post(
        f"/api/v1/rollouts/steps/{step_id}/units/{cells[0].pk}/record",
        {"done_on": "2022-02-01", "form": "truc_tiep", "members_present": 500},
        content_type="application/json",
    )
    assert bad.status_code == 400
    ok = c.post(
        f"/api/v1/rollouts/steps/{step_id}/units/{cells[0].pk}/record",
        {"done_on": "2022-02-01", "form": "truc_tiep", "members_present": 12},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["version"] == 1
    cov = c.get(f"/api/v1/rollouts/{rid}/coverage").json()
    assert cov["steps"][0]["in_scope"] == 4 and cov["steps"][0]["done_on_time"] == 1
    assert login(personas.sibling).get(f"/api/v1/rollouts/{rid}").status_code == 404
    assert Rollout.objects.count() == 1


def test_reminder_task_runs_through_the_tasks_api(personas, rollout, cells):
    from trienkhai.rollout.tasks import send_reminders

    result = send_reminders.enqueue()
    assert result.status == "SUCCESSFUL"


def test_import_accepts_vietnamese_values_when_the_ui_is_english(login, personas, rollout, cells):
    conf = step_of(rollout, StepKind.CONFERENCE)
    c = login(personas.own)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    header = [
        "Mã hệ thống",
        "Đơn vị",
        "Ngày thực hiện (dd/mm/yyyy)",
        "Hình thức (trực tiếp/trực tuyến/kết hợp)",
        "Nền tảng (Zoom/Teams/khác)",
        "Đảng viên tham dự",
    ]
    r = c.post(
        reverse("rollout:import", args=[conf.pk]),
        {"file": _sheet([header, [cells[0].pk, "x", "20/02/2022", "kết hợp", "Zoom", 5]])},
    )
    assert r.status_code == 302, r.content.decode()[-1500:]
    assert StepRecord.objects.get(step=conf).form == "ket_hop"


def test_home_page_panels_and_periodic_report(login, personas, rollout, cells):
    import docx

    c = login(personas.own)
    page = c.get("/").content.decode()
    assert "panel-training" in page
    r = c.get(reverse("rollout:periodic"))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "Triển khai Nghị quyết 35" in text and "BÁO CÁO" in text
    assert login(personas.other).get(reverse("rollout:periodic"), {"unit": cells[0].pk}).status_code == 404


def test_reminders_show_on_the_home_page(login, personas, rollout, cells):
    from trienkhai.core.notify import notify

    notify(user=personas.child, key="k", text="Sắp đến hạn: báo cáo", url="/rollouts/")
    assert "Sắp đến hạn: báo cáo" in login(personas.child).get("/").content.decode()


def test_a_chi_bo_report_names_the_ward_party_organisation_above_it(personas, rollout, tree):
    """Header lines from core.partydoc (one copy for every report): the organisation above, not its committee."""
    import docx

    from trienkhai.rollout.reports import coverage_report

    d = docx.Document(io.BytesIO(coverage_report(rollout=rollout, unit=tree.cell, viewer=personas.child)))
    left = [p.text for p in d.tables[0].cell(0, 0).paragraphs]
    assert left == ["ĐẢNG BỘ PHƯỜNG CẨM THỦY", "CHI BỘ TỔ DÂN PHỐ SỐ 1", "*"]
    assert d.tables[0].cell(1, 1).paragraphs[0].text.startswith("Cẩm Thủy, ngày ")
