"""Journey: a member of the public reads the news, searches without diacritics and sends feedback."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from trienkhai.core.scoping import SYSTEM

pytestmark = pytest.mark.browser

TITLE = "Phường Ba Hàng tổ chức hội nghị quán triệt nghị quyết"
OTHER = "Ra quân làm sạch môi trường đầu xuân"


@pytest.fixture
def news(world, monkeypatch):
    from trienkhai.portal import antispam
    from trienkhai.portal.services import article_create, article_publish

    # The form refuses a reply sent faster than a person reads; a robot of a test types fast.
    monkeypatch.setattr(antispam, "MIN_SECONDS", 0)
    made = {}
    for n, (title, body) in enumerate(
        [
            (TITLE, "Đảng ủy phường Ba Hàng tổ chức hội nghị học tập, quán triệt cho toàn thể đảng viên."),
            (OTHER, "Đoàn viên thanh niên ra quân dọn vệ sinh đường làng, ngõ xóm."),
        ]
    ):
        art = article_create(
            unit=world.units.py,
            title=title,
            lead=body,
            body=body,
            author="Ban Tuyên giáo",
            acting_user=SYSTEM,
        )
        article_publish(
            article=art, publish_at=timezone.now() - dt.timedelta(hours=n + 1), acting_user=SYSTEM
        )
        made[title] = art
    return made


def test_public_reads_searches_without_diacritics_and_sends_feedback(journey, news):
    from trienkhai.portal.models import Feedback

    j = journey
    j.get("/news/")
    j.click((By.LINK_TEXT, TITLE))
    assert "toàn thể đảng viên" in j.text("main")

    box = j.find(By.NAME, "q")
    box.send_keys("hoi nghi quan triet")
    j.submit("form[role=search]")
    results = j.text("main")
    assert TITLE in results and OTHER not in results

    j.click((By.LINK_TEXT, TITLE))
    j.click((By.LINK_TEXT, "Gửi phản hồi"))
    j.type("name", "Trần Thị Hoa")
    j.type("email", "hoa@example.org")
    j.type("body", "Bài viết rất bổ ích, mong có thêm tin về các chi bộ tổ dân phố.")
    j.submit("main form")
    assert "Phản hồi đã được gửi" in j.text("main")
    assert Feedback.objects.filter(article=news[TITLE]).count() == 1
    j.done()
