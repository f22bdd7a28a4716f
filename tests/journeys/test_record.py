"""Journey: a ward records its conference with two photos from disk, corrects the attendance and
sees the old figure in the record's history."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser


def test_ward_records_conference_with_photos_and_corrects_it(journey, world, photos):
    j = journey
    j.log_in("bahang")
    j.get("/rollouts/todo/")
    j.click(
        (
            By.XPATH,
            "//tr[td[normalize-space()='Đảng ủy phường Ba Hàng']]//a[contains(., 'Tổ chức hội nghị')]",
        )
    )
    j.set_date("done_on", world.today)
    j.choose("form", "Trực tiếp")
    j.type("members_present", "30")
    j.type("members_on_roll", "40")
    j.upload("files", *photos)
    j.submit("main form", "Ghi nhận")
    history = j.text(".timeline")
    assert "30/40" in history
    assert "hoi-nghi-1.jpg" in history and "hoi-nghi-2.jpg" in history

    # The correction: 32 members attended, not 30.
    j.type("members_present", "32")
    j.submit("main form", "Lưu bản sửa")
    history = j.text(".timeline")
    assert "phiên bản 2" in history and "32/40" in history
    assert "phiên bản 1" in history and "30/40" in history  # the old figure stays
    j.done()
