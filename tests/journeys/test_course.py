"""Journey (issue 18): the city opens a course, a ward's cadre is nominated, attends, completes,
and the course shows on the cadre's own page as completed."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By

from trienkhai.core.scoping import SYSTEM

pytestmark = pytest.mark.browser

TITLE = "Tập huấn kỹ năng nắm bắt dư luận xã hội cho cộng tác viên"
PERSON = "Trần Thị Thu Hằng"


def test_course_from_creation_to_a_participants_completed_page(journey, world):
    from trienkhai.training.services import person_create

    # GIVEN a collaborator of Ba Hàng ward is on record (the ward's own list of cadres)
    person_create(
        unit=world.units.ba_hang,
        full_name=PERSON,
        category="cong_tac_vien",
        title="Cộng tác viên dư luận xã hội",
        started_on=dt.date(2024, 1, 2),
        acting_user=SYSTEM,
    )
    yesterday = world.today - dt.timedelta(days=1)
    j = journey
    j.log_in("thanhuy")
    j.get("/training/")
    j.click((By.PARTIAL_LINK_TEXT, "Mở lớp"))
    j.choose("organiser", "Thành ủy Phổ Yên")
    j.type("title", TITLE)
    j.click((By.CSS_SELECTOR, "input[name=audiences][value=cong_tac_vien]"))
    j.set_date("starts_on", yesterday)
    j.set_date("ends_on", world.today)
    j.choose("form", "Trực tiếp")
    j.type("venue", "Hội trường Thành ủy Phổ Yên")
    j.submit("main form")
    assert TITLE in j.text("h1")
    assert "Đã tạo lớp" in j.text(".messages")
    # The venue changes: the organiser edits the course.
    j.click((By.LINK_TEXT, "Sửa lớp"))
    j.type("venue", "Hội trường Ủy ban nhân dân thành phố Phổ Yên")
    j.submit("main form")
    assert "Đã sửa lớp" in j.text(".messages")
    assert "Hội trường Ủy ban nhân dân thành phố Phổ Yên" in j.text("main")
    # Nominated, present at the first session, completed.
    j.choose("person", PERSON)
    j.submit("form[action$='/nominate/']")
    assert f"Đã cử {PERSON} đi học." in j.text(".messages")
    j.click((By.XPATH, "//details[summary[starts-with(normalize-space(), 'Buổi 1')]]/summary"))
    j.click((By.XPATH, f"//label[contains(., '{PERSON}')]/input"))
    j.submit("form[action*='/attendance/']:not([enctype])")
    assert "Đã ghi điểm danh buổi 1: 1 học viên." in j.text(".messages")
    j.click((By.XPATH, "//details[summary[normalize-space()='Ghi kết quả']]/summary"))
    j.submit("form[action*='/complete/']")
    assert f"Đã ghi kết quả của {PERSON}." in j.text(".messages")
    # The participant's page lists the course as completed, today.
    j.click((By.LINK_TEXT, PERSON))
    assert PERSON in j.text("h1")
    done = j.text("main")
    assert "Các lớp đã hoàn thành" in done and TITLE in done
    assert world.today.strftime("%d/%m/%Y") in done
    j.done()
