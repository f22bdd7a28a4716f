"""Journey (issue 18.2): a working session's conclusion tracked to "done on time" by a ward.

The province's delegation worked with Phổ Yên city; the ward Ba Hàng did not take part. The city
assigns a conclusion to the ward anyway, turns it into a task in one click, the ward reports it
done before the deadline, and the city sees the conclusion done on time."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from trienkhai.core.scoping import SYSTEM

pytestmark = pytest.mark.browser

MEETING = "Làm việc với đoàn công tác của Tỉnh ủy về công tác tuyên giáo"
CONCLUSION = "Phường Ba Hàng rà soát việc học tập nghị quyết ở các chi bộ"


def test_a_conclusion_assigned_to_a_ward_is_done_on_time(journey, world):
    from trienkhai.meetings.services import meeting_create

    # GIVEN the session on record: the city hosts, the province visits (the ward is not a party)
    m = meeting_create(
        host=world.units.py,
        title=MEETING,
        date=world.today - dt.timedelta(days=2),
        form="truc_tiep",
        place="Trụ sở Thành ủy Phổ Yên",
        visiting_units=[world.units.tn],
        acting_user=SYSTEM,
    )
    due = world.today + dt.timedelta(days=10)
    j = journey
    j.log_in("thanhuy")
    j.get(f"/meetings/{m.pk}/")
    assert MEETING in j.text("h1")
    j.click((By.XPATH, "//details[summary[normalize-space()='Thêm kết luận']]/summary"))
    form = "form[action$='/conclusions/']"
    j.find(By.CSS_SELECTOR, f"{form} textarea[name=text]").send_keys(CONCLUSION)
    Select(j.find(By.CSS_SELECTOR, f"{form} select[name=unit]")).select_by_visible_text(
        "Đảng ủy phường Ba Hàng"
    )
    j.driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'))",
        j.find(By.CSS_SELECTOR, f"{form} input[name=due_on]"),
        due.isoformat(),
    )
    j.submit(form)
    assert "Đã thêm kết luận." in j.text(".messages")
    j.submit("form[action$='/followup/']")
    assert "Đã giao việc cho Đảng ủy phường Ba Hàng." in j.text(".messages")
    j.log_out()

    # The ward finds the task in its list and reports it done today, before the deadline.
    j.log_in("bahang")
    j.get("/followups/")
    j.click((By.PARTIAL_LINK_TEXT, CONCLUSION))
    assert "Kết luận buổi làm việc" in j.text("main") and MEETING in j.text("main")
    j.set_date("done_on", world.today)
    j.type("result_note", "Đã rà soát 2/2 chi bộ; biên bản gửi Thành ủy.")
    j.submit("form[action$='/complete/']")
    assert "Hoàn thành đúng hạn" in j.text("main")
    j.log_out()

    # The city sees the conclusion done on time, on the session's page.
    j.log_in("thanhuy")
    j.get(f"/meetings/{m.pk}/")
    item = j.find(By.XPATH, f"//li[contains(., '{CONCLUSION}')]").text
    assert "Hoàn thành đúng hạn" in item and "Đảng ủy phường Ba Hàng" in item
    j.done()
