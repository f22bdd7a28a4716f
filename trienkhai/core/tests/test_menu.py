"""The top menu: fourteen pages in five entries (three <details> groups and two links)."""

from __future__ import annotations

import re

from django.conf import settings

# Written here from the menu's design (decision 0070), not read from MENU_GROUPS.
EXPECTED = [
    ("link", "Tổng quan", ["/"]),
    (
        "group",
        "Triển khai",
        ["/documents/", "/rollouts/", "/targets/", "/oversight/", "/followups/", "/intake/"],
    ),
    ("group", "Hai chiều", ["/proposals/", "/opinion/", "/meetings/"]),
    ("group", "Cán bộ", ["/units/", "/training/", "/emulation/"]),
    ("link", "Tin tức", ["/news/"]),
]


def _menu(page: str) -> list[tuple[str, str, list[str]]]:
    nav = re.search(r'<ul class="menu">(.*?)</ul>\s*</nav>', page, re.S).group(1)
    entries = []
    for item in re.findall(r"\n      <li>(.*?)</li>\n", nav, re.S):
        if item.startswith("<details"):
            label = re.search(r"<summary[^>]*>(.*?)</summary>", item).group(1)
            entries.append(("group", label, re.findall(r'href="([^"]+)"', item)))
        else:
            entries.append(
                ("link", re.search(r">([^<]+)</a>", item).group(1), re.findall(r'href="([^"]+)"', item))
            )
    return entries


def test_the_menu_groups_every_page_in_five_entries(login, personas):
    page = login(personas.own).get("/").content.decode()
    assert _menu(page) == EXPECTED
    assert sum(len(urls) for _kind, _label, urls in EXPECTED) == 14


def test_the_group_of_the_current_page_is_marked_and_labels_translate(login, personas):
    client = login(personas.own)
    page = client.get("/opinion/").content.decode()
    assert '<summary class="current">Hai chiều</summary>' in page
    assert 'href="/opinion/" aria-current="page"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    labels = [label for _kind, label, _urls in _menu(client.get("/").content.decode())]
    assert labels == ["Overview", "Carry out", "Two-way", "People", "News"]


def test_signed_out_pages_have_no_menu(client):
    assert 'class="menu"' not in client.get("/accounts/login/").content.decode()
