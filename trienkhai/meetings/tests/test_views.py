from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from trienkhai.core.scoping import SYSTEM
from trienkhai.followups.models import FollowUp
from trienkhai.meetings.models import Meeting
from trienkhai.proposals.models import Proposal


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("parent", 200), ("child", 404), ("sibling", 404), ("other", 404)]
)
def test_detail_scope(login, personas, meeting, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("meetings:detail", args=[meeting.pk])).status_code == status
    )


def test_visiting_unit_sees_it(login, meeting, tree):
    from conftest import make_user

    # the province is the visiting unit here; a role at the province's board would not see it
    assert (
        login(make_user("v", tree.prov, "viewer"))
        .get(reverse("meetings:detail", args=[meeting.pk]))
        .status_code
        == 200
    )


def test_list_and_search(login, personas, meeting):
    page = login(personas.own).get(reverse("meetings:list"), {"q": "doan cong tac"}).content.decode()
    assert meeting.title in page
    assert meeting.title not in login(personas.sibling).get(reverse("meetings:list")).content.decode()


def test_one_click_buttons(login, personas, meeting):
    c = login(personas.own)
    con = meeting.conclusions.get()
    item = meeting.raised_proposals.get()
    c.post(reverse("meetings:to_followup", args=[meeting.pk, con.pk]))
    c.post(reverse("meetings:to_proposal", args=[meeting.pk, item.pk]))
    assert FollowUp.objects.get().source_conclusion == con
    assert Proposal.objects.get().source_meeting_item == item
    page = c.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Kiến nghị đã gửi" in page and "Nguyễn Văn A" in page and "Phó Bí thư thường trực" in page


def test_create_form(login, personas, tree):
    c = login(personas.own)
    r = c.post(
        reverse("meetings:create"),
        {
            "kind": "hoi_nghi",
            "title": "Hội nghị trực tuyến",
            "date": "2022-05-05",
            "form": "truc_tuyen",
            "host": tree.city.pk,
        },
    )
    assert r.status_code == 400 and not Meeting.objects.exists()
    r = c.post(
        reverse("meetings:create"),
        {
            "kind": "hoi_nghi",
            "title": "Hội nghị trực tuyến",
            "date": "2022-05-05",
            "form": "truc_tuyen",
            "platform": "Zoom",
            "host": tree.city.pk,
            "visiting_units": [tree.prov.pk],
        },
    )
    assert r.status_code == 302 and list(Meeting.objects.get().visiting_units.all()) == [tree.prov]


def test_a_conclusion_lists_only_the_follow_ups_the_viewer_may_open(login, personas, tree):
    """GIVEN the city met its ward and gave itself a task from a conclusion
    WHEN the ward (a visiting party: it reads the meeting) opens the meeting
    THEN the conclusion is there but not the link to the city's own follow-up (the ward would
    get a 404 there); the city sees the link."""

    from trienkhai.meetings.services import conclusion_add, conclusion_to_followup, meeting_create

    m = meeting_create(
        host=tree.city,
        title="Thành ủy làm việc với phường",
        date=dt.date(2023, 4, 5),
        form="truc_tiep",
        visiting_units=[tree.ward],
        acting_user=SYSTEM,
    )
    c = conclusion_add(
        meeting=m,
        text="Thành ủy rà soát quy chế",
        unit=tree.city,
        due_on=dt.date(2023, 9, 30),
        acting_user=SYSTEM,
    )
    conclusion_to_followup(conclusion=c, acting_user=SYSTEM)
    link = reverse("followups:detail", args=[FollowUp.objects.get().pk])
    ward_page = login(personas.child).get(reverse("meetings:detail", args=[m.pk])).content.decode()
    assert "Thành ủy rà soát quy chế" in ward_page and link not in ward_page
    assert link in login(personas.own).get(reverse("meetings:detail", args=[m.pk])).content.decode()


def test_a_conclusion_goes_to_a_ward_and_its_task_keeps_the_link(login, personas, meeting, tree):
    """Issue 18.2. GIVEN the province's delegation worked with the city (participants: the city
    and the province) WHEN the city assigns a conclusion to its ward, which did not take part
    THEN the ward is offered and accepted, and the one-click task goes to the ward with the
    conclusion as its source; the sibling city (outside the city's scope) is neither offered
    nor accepted."""
    from trienkhai.meetings.models import Conclusion

    c = login(personas.own)
    page = c.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert f'<option value="{tree.ward.pk}">' in page and f'<option value="{tree.cell.pk}">' in page
    assert f'<option value="{tree.sibling.pk}">' not in page
    add = reverse("meetings:conclusion_add", args=[meeting.pk])
    c.post(add, {"text": "Phường rà soát chi bộ", "unit": tree.ward.pk, "due_on": "2022-10-31"})
    conclusion = Conclusion.objects.get(text="Phường rà soát chi bộ")
    assert conclusion.unit == tree.ward
    c.post(add, {"text": "Việc của Thành ủy Đông Sơn", "unit": tree.sibling.pk})
    assert not Conclusion.objects.filter(text="Việc của Thành ủy Đông Sơn").exists()
    c.post(reverse("meetings:to_followup", args=[meeting.pk, conclusion.pk]))
    task = FollowUp.objects.get(title="Phường rà soát chi bộ")
    assert task.unit == tree.ward and task.due_on == dt.date(2022, 10, 31)
    assert list(conclusion.followups.all()) == [task]


def test_conclusion_service_refuses_a_unit_outside_meeting_and_scope(personas, meeting, tree):
    from django.core.exceptions import ValidationError

    from trienkhai.meetings.services import conclusion_add

    with pytest.raises(ValidationError):
        conclusion_add(meeting=meeting, text="X", unit=tree.other, acting_user=personas.own)
    assert (
        conclusion_add(meeting=meeting, text="Y", unit=tree.cell, acting_user=personas.own).unit == tree.cell
    )


def _sheet(response):
    import io

    from openpyxl import load_workbook

    return [[c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()]


def test_export_has_the_filtered_meetings_in_scope(login, personas, meeting, tree):
    """The list gained an export from its ListSpec: the same search and filters, the viewer's scope."""
    from trienkhai.meetings.services import meeting_create

    meeting_create(
        host=tree.ward,
        title="Hội nghị trực tuyến của phường",
        date=dt.date(2023, 3, 2),
        form="truc_tuyen",
        platform="Zoom",
        acting_user=SYSTEM,
    )
    url = reverse("meetings:export")
    header = [
        "Ngày",
        "Buổi làm việc",
        "Loại",
        "Hình thức",
        "Nền tảng trực tuyến",
        "Địa điểm",
        "Chủ trì",
        "Đoàn",
        "Nội dung chính",
    ]
    rows = _sheet(login(personas.own).get(url, {"q": "doan cong tac", "year": "2022"}))
    assert rows == [
        header,
        [
            dt.datetime(2022, 8, 11),
            "Làm việc với đoàn công tác của Tỉnh ủy",
            "Buổi làm việc",
            "Trực tiếp",
            None,
            "Trụ sở Thành ủy",
            "Thị ủy Bình Yên",
            "Tỉnh ủy An Hòa",
            None,
        ],
    ]
    assert [r[1] for r in _sheet(login(personas.own).get(url, {"form": "truc_tuyen"}))[1:]] == [
        "Hội nghị trực tuyến của phường"
    ]
    assert _sheet(login(personas.sibling).get(url)) == [header]
