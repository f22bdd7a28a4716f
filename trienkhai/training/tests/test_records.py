"""Issue 18 point 3: a course edited and cancelled with its nominating units told; no result
before the course starts; no attendance for sessions to come; a mark for someone not
enrolled refused by name; a training request answered with a course by its addressee."""

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from trienkhai.core.models import Notification
from trienkhai.core.scoping import SYSTEM
from trienkhai.training.models import Attendance, Course, Enrolment
from trienkhai.training.services import course_create, enrolment_complete, enrolment_nominate
from trienkhai.training.tests.test_views import xlsx


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_course_edit_tells_the_nominating_units(login, personas, course, enrolled):
    # GIVEN the ward (child) nominated Trần Thị Bình; WHEN the city moves the course and its venue
    c = login(personas.own)
    page = c.get(reverse("training:course", args=[course.pk])).content.decode()
    assert reverse("training:edit", args=[course.pk]) in page
    r = c.post(
        reverse("training:edit", args=[course.pk]),
        {
            "title": course.title,
            "audiences": ["bcd35", "cong_tac_vien", "tuyen_truyen_mieng"],
            "starts_on": "2022-09-19",
            "ends_on": "2022-09-20",
            "form": "truc_tiep",
            "venue": "Hội trường Ủy ban nhân dân thị xã",
        },
    )
    assert r.status_code == 302
    course.refresh_from_db()
    assert (course.starts_on, course.venue) == (dt.date(2022, 9, 19), "Hội trường Ủy ban nhân dân thị xã")
    # The two old sessions (12 and 13/9, no attendance) gave way to 19 and 20/9.
    assert [s.on for s in course.sessions.order_by("index")] == [dt.date(2022, 9, 19), dt.date(2022, 9, 20)]
    # THEN the ward's editor has a notice naming the new dates and venue
    notice = Notification.objects.get(user=personas.child)
    assert "19/09/2022" in notice.text and "Hội trường Ủy ban nhân dân thị xã" in notice.text
    assert notice.url == reverse("training:course", args=[course.pk])
    # A nominating unit cannot edit the organiser's course.
    assert login(personas.child).get(reverse("training:edit", args=[course.pk])).status_code in (403, 404)


def test_course_edit_refuses_to_drop_a_session_with_attendance(login, personas, course, enrolled):
    from trienkhai.training.services import attendance_record

    s1 = course.sessions.get(index=1)
    attendance_record(session=s1, marks=[(enrolled.city.person, True)], acting_user=SYSTEM)
    r = login(personas.own).post(
        reverse("training:edit", args=[course.pk]),
        {
            "title": course.title,
            "audiences": ["bcd35"],
            "starts_on": "2022-09-13",
            "ends_on": "2022-09-13",
            "form": "truc_tiep",
        },
    )
    assert r.status_code == 400 and "đã có điểm danh" in r.content.decode()
    course.refresh_from_db()
    assert course.starts_on == dt.date(2022, 9, 12) and course.sessions.count() == 2
    assert not Notification.objects.exists()


def test_course_cancel_tells_the_units_and_stops_the_course(login, personas, course, enrolled, people):
    c = login(personas.own)
    # No reason: refused, nothing written.
    r = c.post(reverse("training:cancel", args=[course.pk]), {"reason": ""}, follow=True)
    assert "lý do hủy lớp" in _messages(r)
    course.refresh_from_db()
    assert course.cancelled_on is None and not Notification.objects.exists()
    r = c.post(
        reverse("training:cancel", args=[course.pk]),
        {"reason": "Trùng lịch hội nghị của Tỉnh ủy"},
        follow=True,
    )
    course.refresh_from_db()
    assert course.cancelled_on == timezone.localdate()
    notice = Notification.objects.get(user=personas.child)
    assert "đã bị hủy" in notice.text and "Trùng lịch hội nghị của Tỉnh ủy" in notice.text
    page = r.content.decode()
    assert "Lớp đã bị hủy" in page and "Trùng lịch hội nghị của Tỉnh ủy" in page
    # Nothing more is offered or accepted on a cancelled course.
    assert reverse("training:edit", args=[course.pk]) not in page
    assert reverse("training:cancel", args=[course.pk]) not in page
    listing = c.get(reverse("training:list")).content.decode()
    assert course.title in listing and "đã hủy" in listing
    r = c.post(reverse("training:nominate", args=[course.pk]), {"person": people.cell.pk}, follow=True)
    assert "đã bị hủy" in _messages(r)
    assert not Enrolment.objects.filter(person=people.cell).exists()


def test_completion_not_offered_before_the_course_starts(login, personas, tree, people):
    start = timezone.localdate() + dt.timedelta(days=10)
    future = course_create(
        organiser=tree.city,
        title="Lớp cộng tác viên sắp mở",
        audiences=["cong_tac_vien"],
        starts_on=start,
        ends_on=start + dt.timedelta(days=1),
        form="truc_tiep",
        acting_user=SYSTEM,
    )
    e = enrolment_nominate(course=future, person=people.ward, acting_user=SYSTEM)
    page = login(personas.own).get(reverse("training:course", args=[future.pk])).content.decode()
    assert "Trần Thị Bình" in page
    assert reverse("training:complete", args=[future.pk, e.pk]) not in page and "Ghi kết quả" not in page
    r = login(personas.own).post(
        reverse("training:complete", args=[future.pk, e.pk]), {"completed": "1", "on": ""}, follow=True
    )
    assert "chưa ghi được kết quả" in _messages(r)
    e.refresh_from_db()
    assert e.status == "nominated" and e.completed_on is None
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        enrolment_complete(enrolment=e, acting_user=SYSTEM)


def _running_course(tree, people):
    """A course that started yesterday: session 1 yesterday, session 2 in three days."""
    today = timezone.localdate()
    c = course_create(
        organiser=tree.city,
        title="Lớp đang học",
        audiences=["bcd35", "cong_tac_vien"],
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=3),
        form="truc_tiep",
        sessions=[{"on": today - dt.timedelta(days=1)}, {"on": today + dt.timedelta(days=3)}],
        acting_user=SYSTEM,
    )
    enrolment_nominate(course=c, person=people.city, acting_user=SYSTEM)
    enrolment_nominate(course=c, person=people.ward, acting_user=SYSTEM)
    return c


def test_attendance_import_leaves_sessions_to_come_alone(login, personas, tree, people):
    c = _running_course(tree, people)
    s1, s2 = c.sessions.order_by("index")
    client = login(personas.own)
    r = client.get(reverse("training:attendance_template", args=[c.pk]))
    headers = list(next(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True)))
    assert [h for h in headers if h.startswith("Buổi")] == [f"Buổi 1 ({s1.on:%d/%m/%Y})"]
    # A sheet that still has the column of the session to come, blank: nobody is marked absent there.
    sheet = ["Mã cán bộ", "Họ và tên", "Đơn vị", f"Buổi 1 ({s1.on:%d/%m/%Y})", f"Buổi 2 ({s2.on:%d/%m/%Y})"]
    good = xlsx([sheet, [people.city.pk, "", "", "x", ""], [people.ward.pk, "", "", "", ""]])
    r = client.post(reverse("training:attendance_import", args=[c.pk]), {"file": good})
    assert r.status_code == 302
    assert set(Attendance.objects.values_list("session_id", "present")) == {(s1.pk, True), (s1.pk, False)}
    assert not Attendance.objects.filter(session=s2).exists()
    # A mark for the session to come is refused, naming the session.
    bad = xlsx([sheet, [people.city.pk, "", "", "x", "x"]])
    r = client.post(reverse("training:attendance_import", args=[c.pk]), {"file": bad})
    assert r.status_code == 400 and "buổi 2" in r.content.decode() and "chưa diễn ra" in r.content.decode()
    assert not Attendance.objects.filter(session=s2).exists()


def test_attendance_for_someone_not_enrolled_is_refused_by_name(login, personas, course, enrolled, people):
    # GIVEN Lê Văn Cường is enrolled in another course of the city, not in this one
    other = course_create(
        organiser=course.organiser,
        title="Lớp khác",
        audiences=["tuyen_truyen_mieng"],
        starts_on=course.starts_on,
        ends_on=course.ends_on,
        form="truc_tiep",
        acting_user=SYSTEM,
    )
    stranger = enrolment_nominate(course=other, person=people.cell, acting_user=SYSTEM)
    c = login(personas.own)
    s = course.sessions.get(index=1)
    r = c.post(
        reverse("training:attendance", args=[course.pk, s.pk]),
        {f"present_{enrolled.city.pk}": "1", f"present_{stranger.pk}": "1"},
        follow=True,
    )
    assert "Lê Văn Cường" in _messages(r) and "không có trong danh sách học viên" in _messages(r)
    assert not Attendance.objects.exists()
    # The import names the person from the sheet, too.
    headers = ["Mã cán bộ", "Họ và tên", "Đơn vị", "Buổi 1 (12/09/2022)"]
    f = xlsx([headers, [people.city.pk, "Nguyễn Văn An", "", "x"], [people.cell.pk, "Lê Văn Cường", "", "x"]])
    r = c.post(reverse("training:attendance_import", args=[course.pk]), {"file": f})
    assert r.status_code == 400 and "Lê Văn Cường" in r.content.decode()
    assert not Attendance.objects.exists()


def test_training_request_answered_with_a_course_by_its_addressee_only(login, personas, tree):
    from trienkhai.proposals.services import proposal_send

    # GIVEN the ward asked the city for a course
    p = proposal_send(
        sender=tree.ward,
        addressee=tree.city,
        category="dao_tao",
        title="Đề nghị mở lớp cho cộng tác viên",
        content="Mở lớp cho cộng tác viên dư luận xã hội của phường",
        sent_on=dt.date(2022, 8, 20),
        acting_user=personas.child,
    )
    url = reverse("training:from_proposal", args=[p.pk])
    # The ward, who sent it, is not offered the answer.
    assert login(personas.child).get(url).status_code == 404
    own = login(personas.own)
    assert url in own.get(reverse("training:proposals")).content.decode()
    assert own.get(url).status_code == 200
    r = own.post(
        url,
        {
            "organiser": tree.city.pk,
            "title": "Lớp cộng tác viên theo kiến nghị của phường",
            "audiences": ["cong_tac_vien"],
            "starts_on": "2022-10-03",
            "ends_on": "2022-10-04",
            "form": "truc_tiep",
        },
    )
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == "answered"
    assert Course.objects.get().source_proposal_id == p.pk
