"""Pages name the units they mention, and link only to the unit pages the viewer may open."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.emulation.services import practice_create
from trienkhai.training.services import course_create

UNIT_HREF = re.compile(r'href="(/units/\d+/)"')


def _unit_hrefs(html: str) -> list[str]:
    return UNIT_HREF.findall(html)


@pytest.fixture
def city_pages(tree):
    """GIVEN a document, a good practice and a course, all of the city (the ward's parent)."""
    doc = document_register(
        issuing_unit=tree.city, code="12-KH/TU", title="Kế hoạch tuyên truyền", acting_user=SYSTEM
    )
    practice = practice_create(
        unit=tree.city,
        title="Tổ tuyên truyền miệng ở khu dân cư",
        work_kind="tuyen_truyen",
        description="Mỗi khu dân cư một tổ.",
        acting_user=SYSTEM,
    )
    course = course_create(
        organiser=tree.city,
        title="Tập huấn cộng tác viên dư luận xã hội",
        audiences=["cong_tac_vien"],
        starts_on=dt.date.today() + dt.timedelta(days=10),
        ends_on=dt.date.today() + dt.timedelta(days=11),
        form="truc_tiep",
        venue="Hội trường Thị ủy",
        acting_user=SYSTEM,
    )
    return [
        reverse("documents:detail", args=[doc.pk]),
        reverse("emulation:practice", args=[practice.pk]),
        reverse("training:course", args=[course.pk]),
    ]


def test_ward_user_sees_the_city_named_but_not_linked(login, personas, tree, city_pages):
    """WHEN the ward's editor opens pages owned by the city THEN the city's name shows without a
    link to its unit page (a 404 for the ward), and every unit link on the page opens."""
    c = login(personas.child)
    city_href = f"/units/{tree.city.pk}/"
    # The document and the course flow down to the ward; a practice the city has not
    # introduced is not shown to the ward at all.
    for url in (city_pages[0], city_pages[2]):
        r = c.get(url)
        assert r.status_code == 200, url
        html = r.content.decode()
        assert "Thị ủy Bình Yên" in html, url
        assert city_href not in html, url
        for href in _unit_hrefs(html):
            assert c.get(href).status_code == 200, (url, href)
    assert c.get(city_href).status_code == 404  # the rule the pages follow


def test_city_user_gets_the_link(login, personas, tree, city_pages):
    c = login(personas.own)
    for url in city_pages:
        html = c.get(url).content.decode()
        assert f'href="/units/{tree.city.pk}/"' in html, url
