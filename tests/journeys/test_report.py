"""Journey: the city opens its rollout and downloads the Word report."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

pytestmark = pytest.mark.browser


def test_city_downloads_the_word_report(journey, world):
    import docx

    journey.log_in("thanhuy")
    journey.menu("Triển khai")
    journey.click((By.LINK_TEXT, world.rollout.title))
    path = journey.download((By.PARTIAL_LINK_TEXT, "Báo cáo (Word)"))
    assert path.suffix == ".docx"
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    tables = "\n".join(c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells)
    # Written from the world: 5 units in scope, only Chi bộ Tổ dân phố số 1 (of Ba Hàng) made its plan.
    assert "05-KH/TU" in text and "THÀNH ỦY PHỔ YÊN" in tables
    assert "Xây dựng kế hoạch, chương trình hành động: 1/5 đơn vị đã thực hiện" in text
    rows = [[c.text for c in r.cells] for t in docx.Document(str(path)).tables for r in t.rows]
    assert ["1", "Đảng ủy phường Ba Hàng", "1/3", "0/3"] in rows
    assert ["2", "Đảng ủy phường Bãi Bông", "0/2", "0/2"] in rows
    journey.done()
