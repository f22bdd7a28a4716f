"""An article started from another record (``?from=meeting:<id>``, ``?from=rollout:<id>``):
the form is prefilled from what the viewer may read, and nothing when they may not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.meetings.choices import MeetingForm
from trienkhai.meetings.services import meeting_create
from trienkhai.portal.models import Article
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.services import rollout_launch


@pytest.fixture
def records(tree):
    """GIVEN a working session hosted by the ward, visited by its chi bộ and by Đông Sơn, with
    two documents (the later one issued first in the list), and a rollout led by the city."""
    older = document_register(
        issuing_unit=tree.prov,
        code="05-KH/TU",
        title="Kế hoạch cũ",
        issued_on=dt.date(2023, 1, 5),
        acting_user=SYSTEM,
    )
    newer = document_register(
        issuing_unit=tree.prov,
        code="12-NQ/TU",
        title="Nghị quyết mới",
        issued_on=dt.date(2024, 2, 1),
        acting_user=SYSTEM,
    )
    meeting = meeting_create(
        host=tree.ward,
        title="Làm việc về công tác dân vận",
        date=dt.date(2024, 3, 5),
        form=MeetingForm.IN_PERSON,
        visiting_units=[tree.cell, tree.sibling],
        documents=[older, newer],
        summary="Thống nhất ba việc cần làm ngay.",
        acting_user=SYSTEM,
    )
    rollout = rollout_launch(
        document=newer,
        owner_unit=tree.city,
        title="Học tập Nghị quyết 12",
        purpose=Purpose.STUDY,
        scope_kinds=["chi_bo"],
        steps=[{"kind": StepKind.PLAN, "due": dt.date(2024, 3, 1)}],
        starts_on=dt.date(2024, 2, 10),
        today=dt.date(2024, 2, 10),
        acting_user=SYSTEM,
    )
    return meeting, rollout, older, newer


def initial(client, spec):
    r = client.get(reverse("portal:new"), {"from": spec})
    assert r.status_code == 200
    return r.context["form"].initial, r.content.decode()


def test_a_working_session_prefills_the_article(login, personas, tree, records):
    meeting, _rollout, older, newer = records
    got, _html = initial(login(personas.child), f"meeting:{meeting.pk}")
    assert got["title"] == "Làm việc về công tác dân vận"
    assert got["lead"] == "Buổi làm việc, ngày 05/03/2024, Đảng ủy phường Cẩm Thủy."
    assert got["body"] == "Thống nhất ba việc cần làm ngay."
    # The host first, then the visiting units in the tree's order.
    assert got["units"] == [tree.ward.pk, tree.cell.pk, tree.sibling.pk]
    assert got["documents"] == [newer.pk, older.pk]  # latest issued first
    assert got["unit"] == tree.ward.pk and got["source"] == f"meeting:{meeting.pk}"


def test_a_rollout_prefills_the_article(login, personas, tree, records):
    _meeting, rollout, _older, newer = records
    got, _html = initial(login(personas.own), f"rollout:{rollout.pk}")
    assert got["title"] == "Học tập Nghị quyết 12"
    assert got["lead"] == "Đợt triển khai, Thị ủy Bình Yên."  # no date: a rollout has none of the kinds read
    assert got["body"] == ""
    assert got["units"] == [tree.city.pk] and got["documents"] == [newer.pk]
    assert got["unit"] == tree.city.pk
    # An editor of the ward sees the city's rollout but writes for the ward: the unit stays hers.
    got, _html = initial(login(personas.child), f"rollout:{rollout.pk}")
    assert got["title"] == "Học tập Nghị quyết 12" and got["unit"] == tree.ward.pk


@pytest.mark.parametrize(
    "spec",
    [
        "meeting:{m}",
        "rollout:{r}",
        "meeting:abc",
        "unknown:1",
        "rollout:",
        "meeting",
        # Digits str.isdigit() accepts and int() refuses (a 500 once), digits of other scripts,
        # and an id past what the database can hold.
        "meeting:\u00b2",
        "rollout:1\u2075",
        "meeting:\u0661",
        "meeting:99999999999999999999999",
    ],
)
def test_what_the_viewer_may_not_read_prefills_nothing(login, personas, tree, records, spec):
    meeting, rollout, _older, _newer = records
    spec = spec.format(m=meeting.pk, r=rollout.pk)
    got, html = initial(login(personas.other), spec)  # another province sees neither
    assert "title" not in got and got["unit"] != tree.ward.pk
    assert f"Không tìm thấy bản ghi để lấy nội dung: {spec}." in html


def test_the_article_remembers_its_source(login, personas, tree, records):
    meeting, _rollout, _older, _newer = records
    r = login(personas.child).post(
        reverse("portal:new"),
        {
            "unit": tree.ward.pk,
            "title": "Tin buổi làm việc",
            "lead": "Sa-pô",
            "source": f"meeting:{meeting.pk}",
        },
    )
    assert r.status_code == 302
    article = Article.objects.get(title="Tin buổi làm việc")
    assert (article.source_kind, article.source_id) == ("meeting", str(meeting.pk))


def test_the_desk_names_the_kinds_an_article_can_start_from(login, personas, records):
    html = login(personas.own).get(reverse("portal:manage")).content.decode()
    assert "?from=meeting:&lt;id&gt;</code> (Buổi làm việc)" in html
    assert "?from=rollout:&lt;id&gt;</code> (Đợt triển khai)" in html
