"""Journey: a ward's opinion report is refused when any free-text field names a person (a bare
full name, no honorific) or gives a phone number; nothing is saved; the clean report goes through."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser

CLEAN = {
    "overview": "Nhân dân phấn khởi trước chủ trương sắp xếp đơn vị hành chính.",
    "t-0-summary": "Giá xăng tăng, người dân lo chi phí đi lại.",
    "i-0-description": "Đường ngõ khu dân cư xuống cấp sau mưa lớn.",
    "i-0-proposed_solution": "Đề nghị phường bố trí kinh phí sửa chữa trong quý tới.",
}
BAD = {
    "a bare name": "Nguyễn Văn Tám phản ánh giá xăng tăng.",
    "a phone number": "Cần liên hệ số 0912 345 678 để nắm thêm tình hình.",
}


def fill(j, texts):
    j.choose("unit", "Đảng ủy phường Ba Hàng")
    j.type("period_no", "4")
    j.choose("t-0-topic", "Giá cả")
    j.choose("i-0-topic", "Giá cả")
    for name, text in texts.items():
        j.type(name, text)


def test_opinion_report_refuses_names_and_phones_in_every_free_text_field(journey, world):
    from trienkhai.opinion.models import OpinionReport

    j = journey
    j.log_in("bahang")
    j.menu("Dư luận")
    j.click((By.LINK_TEXT, "Gửi báo cáo"))
    form_url = j.driver.current_url
    accepted = []
    for field in CLEAN:
        for what, bad in BAD.items():
            j.get(form_url)
            fill(j, {**CLEAN, field: bad})
            with j.expecting(400):
                j.submit("main form", "Gửi báo cáo")
            errors = " ".join(e.text for e in j.driver.find_elements(By.CSS_SELECTOR, ".errorlist"))
            if j.driver.current_url != form_url or not errors:
                accepted.append(f"{field} with {what}")
    assert not accepted, "accepted: " + "; ".join(accepted)
    assert OpinionReport.objects.count() == 0  # nothing was saved

    j.get(form_url)
    fill(j, CLEAN)
    j.submit("main form", "Gửi báo cáo")
    assert "Đã gửi báo cáo" in j.text("main")
    assert OpinionReport.objects.count() == 1
    j.done()
