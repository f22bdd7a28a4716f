"""A 2022 course of Ban Tuyên giáo Thành ủy Phổ Yên for BCĐ 35 members, the secretariat
team and collaborators — the training the seed's lessons and proposal call for. The course
dates, the venue, the people (invented names) and their results are illustrative and
flagged as such.

A training request of Đảng ủy phường Bãi Bông to Thành ủy Phổ Yên (illustrative) awaits an
answer: the city's login answers it by scheduling a course ("Trả lời bằng việc mở lớp").
The seed's own training proposal went from the city to the centre, which no demo login holds."""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.training import services
from trienkhai.training.models import Course, Enrolment

TITLE = "Tập huấn nghiệp vụ cho thành viên Ban Chỉ đạo 35, Tổ Thư ký giúp việc và cộng tác viên dư luận xã hội năm 2022"
START = dt.date(2022, 6, 15)
CONTACT = "Điện thoại cơ quan (minh họa)"

# (invented name, title, category, unit code or ward/commune name)
PEOPLE = [
    ("Hoàng Minh Tâm", "Ủy viên Ban Chỉ đạo 35 thành phố", "bcd35", "BCD35-PY"),
    ("Đặng Thu Hà", "Ủy viên Ban Chỉ đạo 35 thành phố", "bcd35", "BCD35-PY"),
    ("Lương Văn Khải", "Ủy viên Ban Chỉ đạo 35 thành phố", "bcd35", "BCD35-PY"),
    ("Vi Thị Ngọc", "Thành viên Tổ Thư ký giúp việc BCĐ 35", "to_thu_ky", "BTGTU-PY"),
    ("Ma Văn Long", "Thành viên Tổ Thư ký giúp việc BCĐ 35", "to_thu_ky", "BTGTU-PY"),
    ("Trịnh Thu Trang", "Cộng tác viên dư luận xã hội", "cong_tac_vien", "Đảng ủy phường Ba Hàng"),
    ("Dương Văn Hùng", "Cộng tác viên dư luận xã hội", "cong_tac_vien", "Đảng ủy phường Bãi Bông"),
    ("Nông Thị Mai", "Cộng tác viên dư luận xã hội", "cong_tac_vien", "Đảng ủy phường Đồng Tiến"),
    ("Lã Văn Quý", "Cộng tác viên dư luận xã hội", "cong_tac_vien", "Đảng ủy phường Tân Hương"),
    ("Tạ Thị Hằng", "Cộng tác viên dư luận xã hội", "cong_tac_vien", "Đảng ủy xã Minh Đức"),
    ("Khổng Văn Sơn", "Cộng tác viên dư luận xã hội", "cong_tac_vien", "Đảng ủy xã Vạn Phái"),
    # Tracked but not sent to this course: their units show "nobody trained" in the figures.
    ("Âu Thị Lan", "Báo cáo viên", "bao_cao_vien", "Đảng ủy phường Nam Tiến"),
    ("Cù Văn Thành", "Tuyên truyền viên miệng", "tuyen_truyen_mieng", "Đảng ủy xã Phúc Tân"),
]


def _unit(context: dict, key: str):
    from trienkhai.orgs.models import Unit

    units = context["units"]
    if key in units:
        return units[key]
    py = units["TU-PY"]
    return Unit.objects.get(path__startswith=py.path, depth=py.depth + 1, name=key)


REQUEST_TITLE = "Đề nghị mở lớp bồi dưỡng cho cộng tác viên dư luận xã hội của phường (minh họa)"
REQUEST_TEXT = (
    "Đảng ủy phường Bãi Bông đề nghị Thành ủy mở lớp bồi dưỡng kỹ năng nắm bắt, tổng hợp dư luận xã hội "
    "và nhận diện thông tin xấu độc trên không gian mạng cho cộng tác viên dư luận xã hội của phường, "
    "nhất là các cộng tác viên mới được kiện toàn. (Kiến nghị minh họa của bản demo.)"
)


def _request(context: dict) -> None:
    """The ward's training request to the city, awaiting an answer."""
    from trienkhai.proposals.models import Proposal
    from trienkhai.proposals.services import proposal_send

    if Proposal.objects.filter(title=REQUEST_TITLE).exists():
        return
    proposal_send(
        sender=_unit(context, "Đảng ủy phường Bãi Bông"),
        addressee=context["units"]["TU-PY"],
        category="dao_tao",
        title=REQUEST_TITLE,
        content=REQUEST_TEXT,
        sent_on=dt.date(2022, 9, 5),
        due_on=dt.date(2022, 10, 5),
        illustrative=True,
        acting_user=SYSTEM,
    )


def load(context: dict) -> None:
    _request(context)
    if Course.objects.filter(title=TITLE).exists():
        return
    docs = context["documents"]
    people = [
        services.person_create(
            unit=_unit(context, unit),
            full_name=name,
            title=title,
            category=category,
            started_on=dt.date(2021, 1, 4),
            contact=CONTACT,
            illustrative=True,
            acting_user=SYSTEM,
        )
        for name, title, category, unit in PEOPLE
    ]
    course = services.course_create(
        organiser=context["units"]["BTGTU-PY"],
        title=TITLE,
        audiences=["bcd35", "to_thu_ky", "cong_tac_vien"],
        starts_on=START,
        ends_on=START + dt.timedelta(days=1),
        form="ket_hop",
        venue="Hội trường Thành ủy Phổ Yên; điểm cầu trực tuyến tại các phường, xã (minh họa)",
        syllabus="Nghị quyết 35-NQ/TW về tăng cường bảo vệ nền tảng tư tưởng của Đảng và Kế hoạch 0091-KH/TU; "
        "nắm bắt, tổng hợp tình hình tư tưởng, dư luận xã hội; nhận diện, phản bác thông tin xấu độc trên "
        "không gian mạng.",
        materials=[docs["35-NQ/TW"], docs["0091-KH/TU"]],
        sessions=[
            {"on": START, "topic": "Nghị quyết 35-NQ/TW và Kế hoạch 0091-KH/TU"},
            {
                "on": START + dt.timedelta(days=1),
                "topic": "Nắm bắt dư luận xã hội, thông tin trên không gian mạng",
            },
        ],
        illustrative=True,
        acting_user=SYSTEM,
    )
    enrolled = [services.enrolment_nominate(course=course, person=p, acting_user=SYSTEM) for p in people[:11]]
    for session in course.sessions.all():
        # The collaborator from Vạn Phái missed the second day (illustrative).
        marks = [
            (e.person, not (session.index == 2 and e.person.full_name == "Khổng Văn Sơn")) for e in enrolled
        ]
        services.attendance_record(session=session, marks=marks, acting_user=SYSTEM, source="demo")
    for e in Enrolment.objects.filter(course=course).select_related("person"):
        done = e.person.full_name != "Khổng Văn Sơn"
        services.enrolment_complete(
            enrolment=e,
            completed=done,
            on=course.ends_on,
            note="" if done else "Vắng một buổi (minh họa)",
            acting_user=SYSTEM,
        )
