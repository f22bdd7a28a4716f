"""Journey (issue 18.1): a campaign decided with a registered decision.

The city launches an emulation campaign under its plan, the ward Ba Hàng nominates its chi bộ,
and the city approves with its commendation decision typed as its registry number. The registry
also holds the city's report that quotes that number in its summary: the exact number wins."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from trienkhai.core.scoping import SYSTEM

pytestmark = pytest.mark.browser

CAMPAIGN = "Thi đua học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
DECISION = "25-QĐ/TU"


def test_a_campaign_decided_with_a_registered_decision(journey, world):
    from trienkhai.documents.services import document_register

    py = world.units.py
    # GIVEN the registry: the campaign's plan, the decision, and a report quoting the decision
    document_register(
        issuing_unit=py, code="12-KH/TU", title="Kế hoạch phát động thi đua", acting_user=SYSTEM
    )
    document_register(
        issuing_unit=py,
        code=DECISION,
        title="Quyết định khen thưởng tập thể có thành tích trong phong trào thi đua",
        issued_on=world.today,
        acting_user=SYSTEM,
    )
    document_register(
        issuing_unit=py,
        code="30-BC/TU",
        title="Báo cáo tổng kết phong trào thi đua",
        summary=f"Đã khen thưởng theo Quyết định {DECISION}.",
        acting_user=SYSTEM,
    )
    j = journey
    j.log_in("thanhuy")
    j.get("/emulation/")
    j.click((By.PARTIAL_LINK_TEXT, "Phát động phong trào"))
    j.choose("unit", "Thành ủy Phổ Yên")
    j.type("title", CAMPAIGN)
    j.set_date("starts_on", world.today - dt.timedelta(days=30))
    j.set_date("ends_on", world.today + dt.timedelta(days=30))
    j.type("document_code", "12-KH/TU")
    j.submit("main form")
    assert CAMPAIGN in j.text("h1") and "12-KH/TU" in j.text("main")
    campaign_url = j.driver.current_url
    j.log_out()

    # The ward nominates its chi bộ số 1.
    j.log_in("bahang")
    j.get(campaign_url)
    form = "form[action$='/nominate/']"
    j.choose("unit", "Đảng ủy phường Ba Hàng")
    j.choose("kind", "Tập thể")
    j.choose("nominee_unit", "Chi bộ Tổ dân phố số 1")
    j.type("achievements", "100% đảng viên học tập chuyên đề; xây dựng mô hình dân vận khéo")
    j.set_date("nominated_on", world.today - dt.timedelta(days=1))
    j.submit(form)
    assert "Chi bộ Tổ dân phố số 1" in j.text("main")
    j.log_out()

    # The city approves with its decision, typed by number.
    j.log_in("thanhuy")
    j.get(campaign_url)
    j.click((By.XPATH, "//details[summary[normalize-space()='Xét khen thưởng']]/summary"))
    decide = "form[action$='/decide/']"
    Select(j.find(By.CSS_SELECTOR, f"{decide} select[name=approve]")).select_by_value("1")
    j.set_date("on", world.today)
    j.type("document_code", DECISION)
    j.submit(decide)
    assert "Đã ghi kết quả xét." in j.text(".messages")
    row = j.find(By.XPATH, "//tr[contains(., 'Chi bộ Tổ dân phố số 1')]").text
    assert DECISION in row and "30-BC/TU" not in row
    j.done()
