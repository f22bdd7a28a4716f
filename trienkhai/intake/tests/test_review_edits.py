"""The reviewer changes what the reader proposed: a record's type (a working session that was a
conference, a worry that is the unit's own difficulty) and adds an item the reader missed,
from a span of the text; every other correction made on the page is kept across the change."""

from __future__ import annotations

import json
import re

import pytest

from trienkhai.intake.services import imported_report_create
from trienkhai.intake.tests.test_views import _form_data
from trienkhai.meetings.models import Meeting
from trienkhai.opinion.models import OpinionReport
from trienkhai.proposals.models import Proposal

pytestmark = pytest.mark.django_db

MISSED = "Nhân dân mong muốn sớm nâng cấp tuyến đường liên xã"
PLAIN = (
    "Ngày 10/4/2023, Thị ủy Bình Yên tổng kết công tác tuyên truyền quý I.\n"
    f"{MISSED}, lắp thêm đèn chiếu sáng ở các ngõ xóm.\n"
)


def _page_data(page) -> dict:
    data = _form_data(page)
    data["edits"] = page.context["edits_json"]
    return data


def _section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_a_working_session_is_recorded_as_the_conference_the_reviewer_chose(login, personas, report):
    c = login(personas.own)
    page = c.get(f"/intake/{report.pk}/")
    html = page.content.decode()
    assert re.search(r'<select name="meeting-kind"[^>]*>.*?<option value="hoi_nghi"', html, re.S)
    data = _page_data(page)
    data["meeting-kind"] = "hoi_nghi"
    data["meeting-title"] = "Hội nghị quán triệt nghị quyết"
    assert c.post(f"/intake/{report.pk}/", data).status_code == 302
    m = Meeting.objects.get()
    assert (m.kind, m.title) == ("hoi_nghi", "Hội nghị quán triệt nghị quyết")


def test_an_opinion_item_made_a_difficulty_keeps_the_other_corrections(login, personas, opinion_report):
    """GIVEN the opinion report's two worries (petrol, the pig disease) WHEN the reviewer sets the
    second one's mood to "bức xúc" and makes the first a difficulty THEN the first stands with the
    difficulties, not with the concerns, the second keeps "bức xúc", and confirming writes an
    opinion report with the pig disease only."""
    c = login(personas.own)
    page = c.get(f"/intake/{opinion_report.pk}/")
    data = _page_data(page)
    first = data["concerns-0-key"]
    assert "xăng dầu" in page.content.decode().split(f'id="item-{first}"', 1)[1].split("</li>", 1)[0]
    data["concerns-1-mood"] = "buc_xuc"
    data["retype"] = first
    data[f"as-{first}"] = "difficulty"
    r = c.post(f"/intake/{opinion_report.pk}/", data)
    assert r.status_code == 200
    html = r.content.decode()
    kept = _section(html, 'id="kept-apart"', "</ul>")
    concerns = _section(html, 'id="g-concerns"', 'id="g-kept"')
    assert "giá xăng dầu" in kept and "giá xăng dầu" not in concerns
    assert re.search(r'<select name="concerns-0-mood"[^>]*>.*?<option value="buc_xuc" selected>', html, re.S)
    assert json.loads(r.context["edits_json"]) == [{"key": first, "as": "difficulty"}]
    assert not OpinionReport.objects.exists()  # a change of type writes nothing

    assert c.post(f"/intake/{opinion_report.pk}/", _page_data(r)).status_code == 302
    rep = OpinionReport.objects.get()
    assert [t.topic.slug for t in rep.topics.all()] == ["dich-benh-vat-nuoi"]
    assert [t.mood for t in rep.topics.all()] == ["buc_xuc"]


def test_a_missed_request_is_added_from_pasted_text_and_sent_to_the_unit_above(login, personas, tree):
    """Without the page's script the reviewer pastes the passage; the request goes from the
    report's unit (Thị ủy Bình Yên) to the unit above it (Tỉnh ủy An Hòa)."""
    report = imported_report_create(unit=tree.city, text=PLAIN, acting_user=personas.own)
    c = login(personas.own)
    page = c.get(f"/intake/{report.pk}/")
    html = page.content.decode()
    assert 'id="add-missed"' in html and "Không thấy kiến nghị" in html
    data = _page_data(page)
    data.update(
        {"add": "1", "add_text": f"  {MISSED}, lắp thêm\nđèn chiếu sáng ở các ngõ xóm.", "add_as": "proposal"}
    )
    r = c.post(f"/intake/{report.pk}/", data)
    assert r.status_code == 200
    proposals = _section(r.content.decode(), 'id="g-proposals"', 'id="g-concerns"')
    assert MISSED in proposals and "Người rà soát thêm từ đoạn đã chọn" in proposals
    assert r.context["formsets"]["proposals"].forms[0].initial["addressee"] == tree.prov.pk
    assert c.post(f"/intake/{report.pk}/", _page_data(r)).status_code == 302
    p = Proposal.objects.get()
    assert p.content == f"{MISSED}, lắp thêm đèn chiếu sáng ở các ngõ xóm."
    assert (p.sender_id, p.addressee_id) == (tree.city.pk, tree.prov.pk)


def test_offsets_from_the_selection_are_used_when_they_hold_the_text(login, personas, tree):
    report = imported_report_create(unit=tree.city, text=PLAIN + MISSED + ".\n", acting_user=personas.own)
    c = login(personas.own)
    page = c.get(f"/intake/{report.pk}/")
    text = page.context["f"].text
    second = text.rindex(MISSED)
    data = _page_data(page)
    data.update(
        {
            "add": "1",
            "add_text": MISSED,
            "add_start": second,
            "add_end": second + len(MISSED),
            "add_as": "lesson",
        }
    )
    r = c.post(f"/intake/{report.pk}/", data)
    assert [k["span"] for k in r.context["f"].kept_apart] == [[second, second + len(MISSED)]]


def test_text_not_in_the_report_is_refused_and_nothing_changes(login, personas, tree):
    report = imported_report_create(unit=tree.city, text=PLAIN, acting_user=personas.own)
    c = login(personas.own)
    data = _page_data(c.get(f"/intake/{report.pk}/"))
    data.update({"add": "1", "add_text": "Một câu không có trong báo cáo", "add_as": "concern"})
    r = c.post(f"/intake/{report.pk}/", data)
    assert r.status_code == 400 and "Không tìm thấy đoạn này" in r.content.decode()
    assert r.context["edits_json"] == "[]" and not r.context["f"].concerns
    data.update({"add_text": MISSED, "add_as": "nonsense"})
    assert c.post(f"/intake/{report.pk}/", data).status_code == 400


def test_a_forged_edit_list_is_dropped(login, personas, tree):
    report = imported_report_create(unit=tree.city, text=PLAIN, acting_user=personas.own)
    c = login(personas.own)
    data = _page_data(c.get(f"/intake/{report.pk}/"))
    data["edits"] = json.dumps([{"span": [0, 10**9], "as": "proposal"}, {"key": "x", "as": "rm -rf"}, 5])
    data["add"] = "1"
    data.update({"add_text": MISSED, "add_as": "concern"})
    r = c.post(f"/intake/{report.pk}/", data)
    assert r.status_code == 200 and not r.context["f"].proposals and len(r.context["f"].concerns) == 1


def test_a_viewer_cannot_change_the_review(login, personas, report):
    c = login(personas.parent)
    assert 'id="add-missed"' not in c.get(f"/intake/{report.pk}/").content.decode()
    assert (
        c.post(f"/intake/{report.pk}/", {"add": "1", "add_text": "Thị ủy", "add_as": "concern"}).status_code
        == 403
    )


def test_a_change_to_the_kind_an_item_has_leaves_it_where_it_is(personas, opinion_report):
    """A post can carry a change of kind to the kind the item already has (two tabs, a stale
    page): the page drops that change, and the item stays (it used to vanish)."""
    from trienkhai.intake.selectors import report_findings

    before = report_findings(report=opinion_report, viewer=personas.own)
    keys = [c["key"] for c in before.concerns]
    after = report_findings(
        report=opinion_report, viewer=personas.own, edits=[{"key": keys[0], "as": "concern"}]
    )
    assert [c["key"] for c in after.concerns] == keys and after.edits == []
