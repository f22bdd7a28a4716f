import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from trienkhai.training.models import Attendance, Course, Enrolment, Person


def xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("ds.xlsx", buf.getvalue())


# The course is organised by the city; units below see it (to nominate), units above see it.
@pytest.mark.parametrize(
    "who,status", [("own", 200), ("child", 200), ("parent", 200), ("sibling", 404), ("other", 404)]
)
def test_course_page_scope(login, personas, course, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("training:course", args=[course.pk])).status_code == status
    )


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("parent", 200), ("child", 404), ("sibling", 404), ("other", 404)]
)
def test_person_page_scope(login, personas, people, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("training:person", args=[people.city.pk])).status_code
        == status
    )


def test_list_search_folds_diacritics_and_export(login, personas, course):
    c = login(personas.own)
    page = c.get(reverse("training:list"), {"q": "cong tac vien"}).content.decode()
    assert course.title in page
    assert course.title not in login(personas.sibling).get(reverse("training:list")).content.decode()
    r = login(personas.own).get(reverse("training:export"))
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == course.title


def test_attendance_and_completion_through_pages(login, personas, course, enrolled, people):
    c = login(personas.own)
    s = course.sessions.first()
    c.post(reverse("training:attendance", args=[course.pk, s.pk]), {f"present_{enrolled.city.pk}": "1"})
    assert Attendance.objects.filter(present=True).count() == 1 and Attendance.objects.count() == 2
    r = c.post(
        reverse("training:complete", args=[course.pk, enrolled.city.pk]),
        {"completed": "1", "on": "2022-09-01"},
        follow=True,
    )
    assert "trước ngày khai giảng" in r.content.decode()
    c.post(
        reverse("training:complete", args=[course.pk, enrolled.city.pk]),
        {"completed": "1", "on": "2022-09-13"},
    )
    page = c.get(reverse("training:person", args=[people.city.pk])).content.decode()
    assert course.title in page and "13/09/2022" in page
    # The child (a nominating unit) cannot record attendance.
    assert (
        login(personas.child).post(reverse("training:attendance", args=[course.pk, s.pk]), {}).status_code
        == 403
    )


def test_participants_import_all_or_nothing(login, personas, course, tree, people):
    c = login(personas.own)
    bad = xlsx(
        [
            ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Chức vụ", "Nhóm cán bộ"],
            [people.ward.pk, "", "", "", ""],
            ["", "Hoàng Văn Em", tree.ward.pk, "Cộng tác viên", "Cộng tác viên dư luận xã hội"],
            ["", "Đỗ Thị Gấm", tree.ward.pk, "X", "nhóm lạ"],
        ]
    )
    r = c.post(reverse("training:participants_import", args=[course.pk]), {"file": bad})
    assert r.status_code == 400 and "Dòng 4" in r.content.decode()
    assert not Enrolment.objects.exists() and not Person.objects.filter(full_name="Hoàng Văn Em").exists()
    good = xlsx(
        [
            ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Chức vụ", "Nhóm cán bộ"],
            [people.ward.pk, "", "", "", ""],
            ["", "Hoàng Văn Em", tree.ward.pk, "Cộng tác viên", "Cộng tác viên dư luận xã hội"],
        ]
    )
    r = c.post(reverse("training:participants_import", args=[course.pk]), {"file": good})
    assert r.status_code == 302 and Enrolment.objects.count() == 2


def test_participants_import_refuses_personal_columns(login, personas, course, tree):
    f = xlsx(
        [
            ["Họ và tên", "Mã đơn vị", "Nhóm cán bộ", "Ngày sinh", "Dân tộc"],
            ["Hoàng Văn Em", tree.ward.pk, "Báo cáo viên", "01/01/1980", "Kinh"],
        ]
    )
    r = login(personas.own).post(reverse("training:participants_import", args=[course.pk]), {"file": f})
    assert r.status_code == 400 and "thông tin cá nhân" in r.content.decode()
    assert not Person.objects.exists()


def test_attendance_import_and_template(login, personas, course, enrolled, people):
    c = login(personas.own)
    r = c.get(reverse("training:attendance_template", args=[course.pk]))
    headers = list(next(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True)))
    assert headers[3].startswith("Buổi 1")
    bad = xlsx([headers, [people.city.pk, "", "", "x", "x"], [people.cell.pk, "", "", "x", ""]])
    r = c.post(reverse("training:attendance_import", args=[course.pk]), {"file": bad})
    assert r.status_code == 400 and "không có trong danh sách học viên" in r.content.decode()
    assert not Attendance.objects.exists()
    good = xlsx([headers, [people.city.pk, "", "", "x", "vắng"], [people.ward.pk, "", "", "", "có"]])
    assert c.post(reverse("training:attendance_import", args=[course.pk]), {"file": good}).status_code == 302
    assert Attendance.objects.count() == 4 and Attendance.objects.filter(present=True).count() == 2
    r = c.get(reverse("training:participants_export", args=[course.pk]))
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "Nguyễn Văn An" and rows[1][6] == "x"


def test_figures_page_and_panel_template(login, personas, tree, people, enrolled):
    from django.template.loader import render_to_string

    from trienkhai.training.selectors import training_panel

    r = login(personas.own).get(reverse("training:figures"), {"unit": tree.city.pk, "year": 2022})
    assert r.status_code == 200 and "Thành viên Ban Chỉ đạo 35" in r.content.decode()
    assert login(personas.sibling).get(reverse("training:figures"), {"unit": tree.city.pk}).status_code == 404
    html = render_to_string(
        "training/_panel.html", {"panel": training_panel(viewer=personas.own, unit=tree.city)}
    )
    assert "Bồi dưỡng, tập huấn" in html


def test_create_course_form_and_from_proposal(login, personas, tree):
    from conftest import make_user
    from trienkhai.proposals.services import proposal_send

    c = login(personas.own)
    data = {
        "organiser": tree.city.pk,
        "title": "Lớp báo cáo viên",
        "audiences": ["bao_cao_vien"],
        "starts_on": "2022-10-01",
        "ends_on": "2022-09-30",
        "form": "truc_tiep",
    }
    r = c.post(reverse("training:create"), data)
    assert r.status_code == 400 and "Ngày bế giảng trước ngày khai giảng" in r.content.decode()
    data["ends_on"] = "2022-10-02"
    data["sessions"] = "01/10/2022 Nghị quyết 35\n02/10/2022 Kỹ năng"
    assert c.post(reverse("training:create"), data).status_code == 302
    assert Course.objects.get().sessions.count() == 2
    p = proposal_send(
        sender=tree.city,
        addressee=tree.prov,
        category="dao_tao",
        title="Mở lớp",
        content="Mở lớp cho cộng tác viên",
        sent_on=dt.date(2022, 8, 11),
        acting_user=personas.own,
    )
    prov = login(make_user("provedit", tree.prov, "editor"))
    page = prov.get(reverse("training:proposals")).content.decode()
    assert reverse("training:from_proposal", args=[p.pk]) in page
    form = prov.get(reverse("training:from_proposal", args=[p.pk])).content.decode()
    assert 'value="cong_tac_vien" checked' in form or "cong_tac_vien" in form
    data.update(organiser=tree.prov.pk, title="Lớp theo kiến nghị", sessions="")
    assert prov.post(reverse("training:from_proposal", args=[p.pk]), data).status_code == 302
    p.refresh_from_db()
    assert p.status == "answered"
    assert login(personas.sibling).get(reverse("training:from_proposal", args=[p.pk])).status_code == 404
