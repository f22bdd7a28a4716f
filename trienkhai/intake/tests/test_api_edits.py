"""The API confirms with the reviewer's changes the review page carries (issue 17): another kind
for a proposed sentence, an item added from a span or from the passage as written, the fields
of each record, the items left unticked. Each change is checked and refused by name; a refused
confirmation writes nothing; an item the user may not create is listed with why, and the rest
is created, as the page does."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from trienkhai.documents.models import Document
from trienkhai.intake.models import ImportedReport, ImportProvenance
from trienkhai.intake.services import imported_report_create
from trienkhai.intake.tests.conftest import REPORT
from trienkhai.meetings.models import Meeting
from trienkhai.opinion.models import OpinionReport
from trienkhai.proposals.models import Proposal

pytestmark = pytest.mark.django_db

MISSED = "Nhân dân mong muốn sớm nâng cấp tuyến đường liên xã"
PLAIN = (
    "Ngày 10/4/2023, Thị ủy Bình Yên tổng kết công tác tuyên truyền quý I.\n"
    f"{MISSED}, lắp thêm đèn chiếu sáng ở các ngõ xóm.\n"
)


def _confirm(c, report, body):
    return c.post(f"/api/v1/intake/{report.pk}/confirm", body, content_type="application/json")


def _nothing_written(report) -> bool:
    report.refresh_from_db()
    return (
        report.status != "confirmed"
        and not ImportProvenance.objects.exists()
        and not Proposal.objects.exists()
        and not Meeting.objects.exists()
        and not OpinionReport.objects.exists()
    )


def test_a_concern_made_a_difficulty_is_not_reported_as_opinion(login, personas, opinion_report):
    """GIVEN the report's two worries (petrol prices, a pig disease) WHEN the API confirms the
    defaults with the first made a difficulty THEN the opinion report holds the pig disease
    only, and the answer gives the key the sentence has now."""
    c = login(personas.own)
    first = c.get(f"/api/v1/intake/{opinion_report.pk}").json()["proposed"]["concerns"][0]
    assert "xăng dầu" in first["quote"]
    r = _confirm(c, opinion_report, {"edits": [{"key": first["key"], "as": "difficulty"}]})
    assert r.status_code == 200, r.content.decode()
    s, e = first["span"]
    assert r.json()["edits"] == [
        {"as": "difficulty", "span": [s, e], "key": f"kept:{s}-{e}", "from": first["key"]}
    ]
    rep = OpinionReport.objects.get()
    assert [t.topic.slug for t in rep.topics.all()] == ["dich-benh-vat-nuoi"]


def test_a_missed_request_is_added_from_the_passage_as_written(login, personas, tree):
    """The passage is found spaces and line breaks aside; the request goes from the report's
    unit to the unit above it and is created with the defaults."""
    report = imported_report_create(unit=tree.city, text=PLAIN, acting_user=personas.own)
    c = login(personas.own)
    passage = f"  {MISSED}, lắp thêm\nđèn chiếu sáng ở các ngõ xóm."
    r = _confirm(c, report, {"edits": [{"text": passage, "as": "proposal"}]})
    assert r.status_code == 200, r.content.decode()
    start = PLAIN.index(MISSED)
    end = start + len(f"{MISSED}, lắp thêm đèn chiếu sáng ở các ngõ xóm.")
    assert r.json()["edits"] == [
        {"as": "proposal", "span": [start, end], "key": f"proposal:{start}-{end}", "from": None}
    ]
    p = Proposal.objects.get()
    assert p.content == f"{MISSED}, lắp thêm đèn chiếu sáng ở các ngõ xóm."
    assert (p.sender_id, p.addressee_id) == (tree.city.pk, tree.prov.pk)


def test_an_item_added_from_a_span_is_previewed_then_confirmed_with_the_fields_changed(login, personas, tree):
    """``GET …?edits=`` shows the reading with the change made and writes nothing; the selections
    then name the added item by its key and change its fields."""
    report = imported_report_create(unit=tree.city, text=PLAIN, acting_user=personas.own)
    c = login(personas.own)
    start = PLAIN.index(MISSED)
    edits = [{"span": [start, start + len(MISSED)], "as": "proposal"}]
    preview = c.get(f"/api/v1/intake/{report.pk}", {"edits": json.dumps(edits)}).json()
    [added] = preview["proposed"]["proposals"]
    assert added["key"] == f"proposal:{start}-{start + len(MISSED)}" and added["edited"]
    assert added["fields"]["addressee"] == tree.prov.pk
    assert not Proposal.objects.exists()
    row = {"key": added["key"], "content": "Nâng cấp tuyến đường liên xã.", "category": "kinh_phi"}
    r = _confirm(c, report, {"edits": edits, "selections": {"proposals": [row]}})
    assert r.status_code == 200, r.content.decode()
    assert r.json()["created"] == 1
    p = Proposal.objects.get()
    assert (p.content, p.category, p.addressee_id) == (
        "Nâng cấp tuyến đường liên xã.",
        "kinh_phi",
        tree.prov.pk,
    )


def test_an_unticked_item_is_left_out_of_the_defaults(login, personas, report):
    c = login(personas.own)
    [prop] = c.get(f"/api/v1/intake/{report.pk}").json()["proposed"]["proposals"]
    r = _confirm(c, report, {"unticked": [prop["key"]]})
    assert r.status_code == 200, r.content.decode()
    assert r.json()["created"] == 5  # the six of the defaults but the proposal
    assert not Proposal.objects.exists() and Meeting.objects.exists()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"key": "concern:1-2", "as": "tuyen_truyen"}, "Thay đổi 1: loại “tuyen_truyen” không có"),
        (
            {"key": "concern:1-2", "as": "proposal"},
            "Thay đổi 1: không có câu “concern:1-2” trong kết quả đọc",
        ),
        ({"text": "Một câu không có trong báo cáo", "as": "concern"}, "Thay đổi 1: không tìm thấy đoạn này"),
        ({"span": [5, 10**6], "as": "lesson"}, "Thay đổi 1: đoạn 5–1000000 không phải một đoạn chữ"),
    ],
)
def test_a_change_that_cannot_be_made_is_named_and_nothing_is_written(login, personas, report, edit, message):
    c = login(personas.own)
    r = _confirm(c, report, {"edits": [edit]})
    assert r.status_code == 400
    [said] = r.json()["detail"]["edits"]
    assert said.startswith(message), said
    assert _nothing_written(report) and not Document.objects.exclude(code="45-NQ/TW").exists()
    assert c.get(f"/api/v1/intake/{report.pk}", {"edits": f"[{json.dumps(edit)}]"}).status_code == 400


def test_the_refusal_of_a_change_is_in_the_users_language(login, personas, report):
    c = login(personas.own)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    r = _confirm(c, report, {"edits": [{"text": "Không có đoạn này", "as": "concern"}]})
    assert r.json()["detail"]["edits"] == ["Change 1: this passage was not found in the text read."]


def test_a_change_that_is_not_one_of_the_three_forms_is_refused(login, personas, report):
    c = login(personas.own)
    r = _confirm(c, report, {"edits": [{"as": "concern"}]})
    assert r.status_code == 400 and r.json()["detail"]["edits"][0].startswith("Thay đổi 1:")
    r = _confirm(c, report, {"edits": [{"as": "concern", "colour": "red"}]})
    assert r.status_code == 422  # a field the schema does not know
    r = _confirm(c, report, {"unticked": ["proposal:0-1"]})
    assert r.status_code == 400 and "proposal:0-1" in r.json()["detail"]["unticked"][0]
    assert _nothing_written(report)


def test_a_refused_confirmation_with_changes_writes_nothing(login, personas, tree):
    """GIVEN an added request sent down to the ward (a proposal goes up) next to the items ticked
    by default WHEN the API confirms THEN the call is refused naming the added item, and neither
    it nor the items before it are written."""
    report = imported_report_create(unit=tree.city, text=REPORT + PLAIN, acting_user=personas.own)
    c = login(personas.own)
    start = (REPORT + PLAIN).index(MISSED)
    edits = [{"span": [start, start + len(MISSED)], "as": "proposal"}]
    reading = c.get(f"/api/v1/intake/{report.pk}", {"edits": json.dumps(edits)}).json()
    proposed = reading["proposed"]
    selections = {
        g: [{"key": i["key"]} for i in proposed[g] if i["selected"]]
        for g in ("documents", "links", "participants", "coverage", "records", "proposals", "concerns")
    }
    selections["meeting"] = {"key": "meeting"}
    added = f"proposal:{start}-{start + len(MISSED)}"
    for row in selections["proposals"]:
        if row["key"] == added:
            row["addressee"] = tree.ward.pk
    assert selections["documents"] and added in [row["key"] for row in selections["proposals"]]
    r = _confirm(c, report, {"edits": edits, "selections": selections})
    assert r.status_code == 400, r.content.decode()
    assert list(r.json()["detail"]) == [added]
    assert _nothing_written(report)
    assert not Document.objects.exclude(code="45-NQ/TW").exists()  # 12-KH/TU, chosen first, is not kept


def test_an_item_the_user_may_not_create_is_listed_with_why_and_the_rest_is_created(login, ward_report):
    """GIVEN a ward's report citing 57-NQ/TW, which the ward cannot register in the centre's
    registry WHEN the API confirms the defaults, and again naming that document among the
    selections THEN each call succeeds: the document (and its link) is listed as refused with the
    reason the page shows, and the ward's own plan is registered."""
    c = login(ward_report.user)
    proposed = c.get(f"/api/v1/intake/{ward_report.report.pk}").json()["proposed"]
    [nq] = [d for d in proposed["documents"] if d["label"] == "57-NQ/TW"]
    assert nq["refused"].startswith("Bạn không có quyền tạo mục này:")
    r = _confirm(c, ward_report.report, {})
    assert r.status_code == 200, r.content.decode()
    refused = {x["key"]: x for x in r.json()["refused"]}
    assert refused[nq["key"]]["reason"] == nq["refused"] and refused[nq["key"]]["label"] == "57-NQ/TW"
    assert (
        Document.objects.filter(code="15-KH/ĐU").exists()
        and not Document.objects.filter(code="57-NQ/TW").exists()
    )

    report2 = ImportedReport.objects.get(pk=ward_report.report.pk)
    chosen = {"documents": [{"key": nq["key"], **nq["fields"]}]}
    r = _confirm(c, report2, {"selections": chosen})
    assert r.status_code == 200, r.content.decode()
    assert [x["key"] for x in r.json()["refused"]] == [nq["key"]] and r.json()["created"] == 0


def test_a_refusal_is_judged_on_the_values_chosen(login, ward_report, ward_and_city_viewer):
    """The same document filed in the city's registry, which this user may read but not write,
    is refused with the city named; filed in the ward's own registry it is registered."""
    c = login(ward_and_city_viewer)
    proposed = c.get(f"/api/v1/intake/{ward_report.report.pk}").json()["proposed"]
    [nq] = [d for d in proposed["documents"] if d["label"] == "57-NQ/TW"]
    to_city = {"documents": [{"key": nq["key"], "issuing_unit": ward_report.city.pk}]}
    r = _confirm(c, ward_report.report, {"selections": to_city})
    assert r.status_code == 200, r.content.decode()
    [refused] = r.json()["refused"]
    assert refused["key"] == nq["key"] and ward_report.city.name in refused["reason"]
    assert not Document.objects.filter(code="57-NQ/TW").exists()

    to_ward = {"documents": [{"key": nq["key"], "issuing_unit": ward_report.ward.pk}]}
    r = _confirm(c, ward_report.report, {"selections": to_ward})
    assert r.status_code == 200, r.content.decode()
    assert r.json()["refused"] == [] and r.json()["created"] == 1
    assert Document.objects.get(code="57-NQ/TW").issuing_unit_id == ward_report.ward.pk


def test_the_openapi_document_describes_the_payload(client):
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    op = doc["paths"]["/api/v1/intake/{report_id}/confirm"]["post"]
    body = op["requestBody"]["content"]["application/json"]["schema"]
    assert {"$ref": "#/components/schemas/IntakeConfirmIn"} in body["anyOf"] and not op["requestBody"][
        "required"
    ]
    assert set(schemas["IntakeConfirmIn"]["properties"]) == {"edits", "selections", "unticked"}
    assert schemas["IntakeEditIn"]["properties"]["as"]["enum"] == [
        "proposal",
        "concern",
        "difficulty",
        "lesson",
        "own_work",
    ]
    assert set(schemas["IntakeSelectionsIn"]["properties"]) == {
        "documents",
        "links",
        "meeting",
        "participants",
        "coverage",
        "records",
        "proposals",
        "concerns",
        "opinion",
    }
    assert "reason" in schemas["IntakeRefusedOut"]["properties"]
    assert op["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/IntakeConfirmOut"
    }
    edits = next(
        p for p in doc["paths"]["/api/v1/intake/{report_id}"]["get"]["parameters"] if p["name"] == "edits"
    )
    assert "JSON" in edits["description"]
