import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.training import services
from trienkhai.training.models import Attendance, Course, Enrolment, Person, Position

from .conftest import START


def audits(action):
    return AuditEvent.objects.filter(action=action).count()


def test_person_create_one_audit_and_nfc(tree, personas):
    nfd = "Nguye\u0302\u0303n Thi\u0323 Hoa\u0300"
    p = services.person_create(
        unit=tree.city, full_name=nfd, category="bao_cao_vien", acting_user=personas.own
    )
    assert p.full_name == "Nguyễn Thị Hòa" and p.name_folded == "nguyen thi hoa"
    assert p.positions.get().ended_on is None
    assert audits("training.person_create") == 1


@pytest.mark.parametrize("field", ["birth_date", "id_number", "home_address", "ethnicity"])
def test_person_refuses_personal_data(tree, personas, field):
    with pytest.raises(ValidationError, match="không nhận thông tin"):
        services.person_create(
            unit=tree.city, full_name="A", category="bcd35", acting_user=personas.own, **{field: "x"}
        )
    assert (
        not Person.objects.exists()
        and not AuditEvent.objects.filter(refused=False, action__startswith="training").exists()
    )


def test_person_create_outside_scope_is_404(tree, personas):
    with pytest.raises(Http404):
        services.person_create(unit=tree.sibling, full_name="A", category="bcd35", acting_user=personas.own)


def test_person_move_closes_previous_position(tree, people, personas):
    services.person_move(
        person=people.ward,
        unit=tree.city,
        title="Chuyên viên Ban Tuyên giáo",
        category="tuyen_giao",
        started_on=dt.date(2022, 3, 1),
        acting_user=personas.own,
    )
    people.ward.refresh_from_db()
    assert people.ward.unit == tree.city and people.ward.category == "tuyen_giao"
    old = Position.objects.get(person=people.ward, ended_on__isnull=False)
    assert old.ended_on == dt.date(2022, 2, 28)
    with pytest.raises(ValidationError, match="phải bắt đầu sau"):
        services.person_move(
            person=people.ward,
            unit=tree.city,
            title="X",
            category="tuyen_giao",
            started_on=dt.date(2022, 2, 1),
            acting_user=personas.own,
        )


def test_course_end_before_start_refused(tree, personas):
    with pytest.raises(ValidationError) as exc:
        services.course_create(
            organiser=tree.city,
            title="Lớp",
            audiences=["bcd35"],
            starts_on=START,
            ends_on=START - dt.timedelta(days=1),
            form="truc_tiep",
            acting_user=personas.own,
        )
    assert "Ngày bế giảng trước ngày khai giảng" in str(exc.value)
    assert not Course.objects.exists()


def test_course_create_makes_sessions_and_one_audit(course):
    assert [s.on for s in course.sessions.all()] == [START, START + dt.timedelta(days=1)]
    assert audits("training.course_create") == 1


def test_nominate_checks_subtree_audience_and_duplicates(course, people, personas, tree):
    e = services.enrolment_nominate(course=course, person=people.ward, acting_user=personas.child)
    assert e.unit == tree.ward and audits("training.nominate") == 1
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        services.enrolment_nominate(course=course, person=people.ward, acting_user=personas.own)
    # The sibling city's reporter: outside the organiser's subtree.
    with pytest.raises(ValidationError, match="không thuộc phạm vi"):
        services.enrolment_nominate(course=course, person=people.sibling, acting_user=SYSTEM)
    # The child persona cannot nominate the city's own member (above its unit).
    with pytest.raises(Http404):
        services.enrolment_nominate(course=course, person=people.city, acting_user=personas.child)


def test_nominate_refuses_person_outside_audience(course, tree, personas):
    leader = services.person_create(
        unit=tree.ward, full_name="Bí thư", category="lanh_dao", acting_user=SYSTEM
    )
    with pytest.raises(ValidationError, match="không thuộc đối tượng"):
        services.enrolment_nominate(course=course, person=leader, acting_user=personas.own)
    assert not Enrolment.objects.exists()


def test_attendance_for_someone_not_enrolled_writes_nothing(course, enrolled, people, personas):
    session = course.sessions.first()
    with pytest.raises(ValidationError, match="không có trong danh sách học viên"):
        services.attendance_record(
            session=session, marks=[(people.city, True), (people.cell, True)], acting_user=personas.own
        )
    assert not Attendance.objects.exists() and audits("training.attendance") == 0


def test_attendance_one_audit_per_sheet_and_only_organiser(course, enrolled, people, personas):
    session = course.sessions.first()
    n = services.attendance_record(
        session=session, marks=[(people.city, True), (people.ward, False)], acting_user=personas.own
    )
    assert n == 2 and audits("training.attendance") == 1
    assert Attendance.objects.filter(present=True).count() == 1
    with pytest.raises(PermissionDenied):  # the ward sees the course; only the organiser records
        services.attendance_record(session=session, marks=[(people.ward, True)], acting_user=personas.child)


def test_completion_before_course_starts_refused(enrolled, personas):
    with pytest.raises(ValidationError, match="trước ngày khai giảng"):
        services.enrolment_complete(
            enrolment=enrolled.city, on=START - dt.timedelta(days=3), acting_user=personas.own
        )
    enrolled.city.refresh_from_db()
    assert enrolled.city.status == "nominated" and audits("training.complete") == 0
    e = services.enrolment_complete(
        enrolment=enrolled.city, on=START + dt.timedelta(days=1), acting_user=personas.own
    )
    assert e.status == "completed" and audits("training.complete") == 1


def test_schedule_course_answers_proposal(tree, personas):
    from conftest import make_user
    from trienkhai.proposals.services import proposal_send

    proposal = proposal_send(
        sender=tree.city,
        addressee=tree.prov,
        category="dao_tao",
        title="Mở lớp tập huấn",
        content="Đề nghị mở các lớp tập huấn cho thành viên Ban chỉ đạo 35, Tổ Thư ký giúp việc, "
        "đội ngũ cộng tác viên.",
        sent_on=dt.date(2022, 8, 11),
        acting_user=personas.own,
    )
    assert services.audiences_from_text(proposal.content) == ["bcd35", "to_thu_ky", "cong_tac_vien"]
    prov_editor = make_user("provedit", tree.prov, "editor")
    course = services.course_schedule_for_proposal(
        proposal=proposal,
        organiser=tree.prov,
        title="Lớp theo kiến nghị",
        audiences=["bcd35"],
        starts_on=dt.date(2022, 10, 1),
        ends_on=dt.date(2022, 10, 2),
        form="truc_tiep",
        acting_user=prov_editor,
    )
    proposal.refresh_from_db()
    assert course.source_proposal == proposal and proposal.status == "answered"
    assert "Lớp theo kiến nghị" in proposal.answer_text
    assert audits("training.course_create") == 1 and audits("proposal.answer") == 1


def test_schedule_refused_by_proposals_service_keeps_no_course(tree, personas):
    from trienkhai.proposals.services import proposal_send

    proposal = proposal_send(
        sender=tree.city,
        addressee=tree.prov,
        category="dao_tao",
        title="X",
        content="Đề nghị mở lớp",
        sent_on=dt.date(2022, 8, 11),
        acting_user=personas.own,
    )
    # The sender's own editor is not the addressee: proposal_answer refuses (the role: 403);
    # the course goes too.
    with pytest.raises(PermissionDenied):
        services.course_schedule_for_proposal(
            proposal=proposal,
            organiser=tree.city,
            title="Lớp",
            audiences=["bcd35"],
            starts_on=dt.date(2022, 10, 1),
            ends_on=dt.date(2022, 10, 2),
            form="truc_tiep",
            acting_user=personas.own,
        )
    assert not Course.objects.exists()


def test_staff_board_course_reaches_its_committee(tree, people, personas):
    """GIVEN the city's propaganda board organises; THEN the city's ward sees it and nominates."""
    from trienkhai.orgs.services import unit_create
    from trienkhai.training.selectors import course_search

    board = unit_create(parent=tree.city, name="Ban Tuyên giáo Thị ủy", kind="ban_dang", acting_user=SYSTEM)
    course = services.course_create(
        organiser=board,
        title="Lớp cộng tác viên",
        audiences=["cong_tac_vien"],
        starts_on=START,
        ends_on=START,
        form="truc_tiep",
        acting_user=personas.own,
    )
    assert course.reach == tree.city
    assert list(course_search(viewer=personas.child)) == [course]
    assert not course_search(viewer=personas.sibling).exists()
    services.enrolment_nominate(course=course, person=people.ward, acting_user=personas.child)
