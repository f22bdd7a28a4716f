"""Phone-first, in real Chromium at 390×844 and at 1366×900 (the ``journey`` harness, so every
page is also checked for console errors, CSP reports, HTTP ≥ 400, sideways scrolling on the phone
and critical/serious axe violations):

- the grouped menu: on the phone every entry is reachable without sideways scrolling and every
  group opens; at a desk the top-level entries sit on one line;
- the wide tables (Việc cần làm, a rollout's coverage and its per-unit table, an opinion report's
  topics) are stacked cards below 600 px, each cell showing its column's name;
- a ward's user reaches the record form of its own unit in two taps from the home page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By

from trienkhai.core.scoping import SYSTEM

pytestmark = pytest.mark.browser

# Written from the menu's design (decision 0070): five top-level entries, three of them groups,
# and the fourteen pages, by label, under them.
TOP_LEVEL = ["Tổng quan", "Triển khai", "Hai chiều", "Cán bộ", "Tin tức"]
GROUPS = {
    "Triển khai": {"Văn bản", "Triển khai", "Chỉ tiêu", "Kiểm tra", "Theo dõi", "Nhập báo cáo"},
    "Hai chiều": {"Kiến nghị", "Dư luận", "Làm việc"},
    "Cán bộ": {"Tổ chức", "Bồi dưỡng", "Thi đua"},
}
SINGLE = {"Tổng quan", "Tin tức"}


def _text(el) -> str:
    return (el.get_attribute("textContent") or "").strip()


def test_menu_reachable_on_a_phone_and_one_line_at_a_desk(journey, world):
    j = journey
    j.log_in("thanhuy")
    d = j.driver
    entries = d.find_elements(By.CSS_SELECTOR, "nav.mainnav .menu > li")
    labels = [
        _text(e.find_elements(By.CSS_SELECTOR, ":scope > a, :scope > details > summary")[0]) for e in entries
    ]
    assert labels == TOP_LEVEL

    width = d.execute_script("return document.documentElement.clientWidth")
    reached: dict[str, set[str]] = {}
    for entry in d.find_elements(By.CSS_SELECTOR, "nav.mainnav .menu > li"):
        link = entry.find_elements(By.CSS_SELECTOR, ":scope > a")
        if link:
            targets, name = link, _text(link[0])
        else:
            summary = entry.find_element(By.CSS_SELECTOR, "details > summary")
            name = _text(summary)
            summary.click()
            group = entry.find_element(By.CSS_SELECTOR, "details")
            assert group.get_attribute("open") is not None, f"the group {name!r} does not open"
            assert len(d.find_elements(By.CSS_SELECTOR, "details.menu-group[open]")) == 1
            targets = group.find_elements(By.CSS_SELECTOR, "ul a")
        for a in targets:
            assert a.is_displayed(), f"{_text(a)!r} is not visible once {name!r} is open"
            left, right = d.execute_script(
                "const r = arguments[0].getBoundingClientRect(); return [r.left, r.right]", a
            )
            assert left >= 0 and right <= width + 0.5, (
                f"{_text(a)!r} lies outside the window ({left}–{right} of {width})"
            )
            # The entry can be hit: the element at its centre is the link itself (not covered).
            assert d.execute_script(
                "const r = arguments[0].getBoundingClientRect();"
                " const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                " return e === arguments[0] || arguments[0].contains(e)",
                a,
            ), f"{_text(a)!r} is covered by another element"
        reached[name] = {_text(a) for a in targets}
        j.check()  # an open group must not make the page scroll sideways on the phone
    assert reached == {**GROUPS, **{s: {s} for s in SINGLE}}

    # Every group's link works: open the rollouts page through its group.
    j.menu("Triển khai")
    assert "/rollouts/" in d.current_url

    tops = {
        d.execute_script("return arguments[0].offsetTop", e)
        for e in d.find_elements(By.CSS_SELECTOR, "nav.mainnav .menu > li")
    }
    if not j.phone:
        assert len(tops) == 1, f"the menu takes {len(tops)} lines at 1366 px"
    j.done()


def _assert_stacked(j, table, where: str) -> None:
    """Below 600 px every row with cells is a card and every cell shows its column's name; at a
    desk the table is a table."""
    d = j.driver
    assert "stack" in (table.get_attribute("class") or "").split(), (
        f"{where}: the table is not <table class=stack>"
    )
    cells = [
        td
        for td in table.find_elements(By.CSS_SELECTOR, "td")
        if not td.get_attribute("colspan")  # the "nothing here" line spans the table
    ]
    assert cells, f"{where}: no cells"
    for td in cells:
        label = td.get_attribute("data-label")
        assert label, f"{where}: a cell without data-label: {td.get_attribute('outerHTML')[:120]}"
        shown = d.execute_script("return getComputedStyle(arguments[0], '::before').content", td)
        display = d.execute_script("return getComputedStyle(arguments[0]).display", td)
        if j.phone:
            assert shown.strip('"') == label, f"{where}: the cell shows {shown!r}, not its label {label!r}"
            assert display == "block", f"{where}: the cell is {display}, not a card line"
        else:
            assert shown in ("none", "normal", ""), f"{where}: a desk table shows the label {shown!r}"
            assert display == "table-cell"
    if j.phone:
        right = d.execute_script("return arguments[0].getBoundingClientRect().right", table)
        assert right <= d.execute_script("return document.documentElement.clientWidth") + 0.5, (
            f"{where}: the table is wider than the phone"
        )
        header = table.find_element(By.CSS_SELECTOR, "tr")
        assert header.size["height"] <= 1, f"{where}: the header row is still in sight"


def test_wide_tables_are_stacked_cards_on_a_phone(journey, world):
    from trienkhai.opinion.services import report_submit

    report = report_submit(
        unit=world.units.ba_hang,
        period_kind="month",
        year=world.today.year,
        period_no=world.today.month,
        report_date=world.today - dt.timedelta(days=1),
        mood="on_dinh",
        overview="Nhân dân phấn khởi trước chủ trương sắp xếp đơn vị hành chính.",
        topics=[
            {
                "topic": "gia-ca-xang-dau",
                "mood": "quan_tam",
                "spread": "nhieu_noi",
                "trend": "tang",
                "summary": "Giá xăng tăng, người dân lo chi phí đi lại.",
            },
        ],  # fmt: skip
        acting_user=SYSTEM,
    )
    j = journey

    j.log_in("bahang")
    j.get("/rollouts/todo/")
    tables = j.driver.find_elements(By.CSS_SELECTOR, "main table")
    assert len(tables) == 1
    _assert_stacked(j, tables[0], "Việc cần làm")
    j.log_out()

    j.log_in("thanhuy")
    j.get(f"/rollouts/{world.rollout.pk}/")
    tables = j.driver.find_elements(By.CSS_SELECTOR, "main table")
    # The coverage of the city by step, then one row per ward.
    assert len(tables) == 2, "the rollout page should show its coverage and the per-unit table"
    _assert_stacked(j, tables[0], "coverage by step")
    _assert_stacked(j, tables[1], "coverage by unit")
    assert "Đảng ủy phường Ba Hàng" in tables[1].text and "Đảng ủy phường Bãi Bông" in tables[1].text

    j.get(f"/opinion/{report.pk}/")
    tables = j.driver.find_elements(By.CSS_SELECTOR, "main table")
    assert len(tables) == 1
    _assert_stacked(j, tables[0], "opinion topics")
    assert "Giá xăng tăng" in tables[0].text
    j.done()


def test_ward_reaches_its_own_record_form_in_two_taps(journey, world):
    j = journey
    j.log_in("bahang")
    assert j.driver.current_url.rstrip("/") == j.base, "signing in should land on the home page"
    # From the world: Ba Hàng itself owes its plan (overdue) and its conference.
    own = f"/units/{world.units.ba_hang.pk}/"
    taps = 0
    links = [
        a
        for a in j.driver.find_elements(By.CSS_SELECTOR, "main a")
        if (a.get_attribute("href") or "").endswith(own)
    ]
    if not links:  # one tap to a list of what is owed, then the second to the form
        j.click((By.LINK_TEXT, "Việc cần làm"))
        taps += 1
        links = [
            a
            for a in j.driver.find_elements(By.CSS_SELECTOR, "main a")
            if (a.get_attribute("href") or "").endswith(own)
        ]
    assert links, "no link to a record form of the ward's own unit"
    j.click(links[0])
    taps += 1
    assert taps <= 2
    assert j.driver.current_url.endswith(own) and "/rollouts/steps/" in j.driver.current_url
    assert j.find(By.NAME, "done_on").is_displayed()
    assert "Đảng ủy phường Ba Hàng" in j.text("main")
    j.done()
