"""POST /api/v1/intake/ (text or file) and /{id}/confirm; scoped, 404 out of scope."""

from __future__ import annotations

import io

import pytest

from trienkhai.intake.models import ImportedReport, ImportProvenance
from trienkhai.intake.tests.conftest import REPORT

pytestmark = pytest.mark.django_db


def test_post_text_returns_findings_and_proposed_records(login, personas, tree, world):
    c = login(personas.own)
    r = c.post("/api/v1/intake/", {"unit_id": tree.city.pk, "text": REPORT})
    assert r.status_code == 201, r.content
    body = r.json()
    assert {d["code"] for d in body["findings"]["doc_refs"]} == {"45-NQ/TW", "12-KH/TU"}
    assert body["findings"]["persons"][0]["name"] == "Trần Văn Bình"
    proposed = body["proposed"]
    assert {d["state"] for d in proposed["documents"]} == {"existing", "new"}
    assert proposed["meeting"]["fields"]["date"] == "2023-06-05"
    assert proposed["coverage"][0]["fields"]["value"] == 100.0
    assert body["text"].startswith("Thứ Hai")


def test_post_file_and_refusals(login, personas, tree):
    c = login(personas.own)
    f = io.BytesIO("Kế hoạch số 12-KH/TU ngày 02/3/2023.".encode())
    f.name = "kh.txt"
    r = c.post("/api/v1/intake/", {"unit_id": tree.city.pk, "file": f})
    assert r.status_code == 201, r.content.decode()
    assert r.json()["file_name"] == "kh.txt"
    bad = io.BytesIO(b"\x89PNG\r\n\x1a\nxxxx")
    bad.name = "scan.pdf"
    r = c.post("/api/v1/intake/", {"unit_id": tree.city.pk, "file": bad})
    assert r.status_code == 400 and "PDF" in str(r.json()["detail"])
    assert c.post("/api/v1/intake/", {"unit_id": tree.sibling.pk, "text": REPORT}).status_code == 404
    assert ImportedReport.objects.count() == 1


def test_confirm_default_then_idempotent_and_scoped(login, personas, report):
    assert login(personas.sibling).post(f"/api/v1/intake/{report.pk}/confirm").status_code == 404
    assert login(personas.sibling).get(f"/api/v1/intake/{report.pk}").status_code == 404
    # parent sees the report but is a viewer: the role, not the address, is refused
    assert login(personas.parent).post(f"/api/v1/intake/{report.pk}/confirm").status_code == 403
    c = login(personas.own)
    r = c.post(f"/api/v1/intake/{report.pk}/confirm")
    assert r.status_code == 200, r.content.decode()
    assert r.json() == {
        "id": report.pk,
        "status": "confirmed",
        "created": 6,
        "recognised": 1,
        "refused": [],
        "edits": [],
    }
    r = c.post(f"/api/v1/intake/{report.pk}/confirm")
    assert r.json()["created"] == 0 and ImportProvenance.objects.count() == 7


def test_confirm_with_selections_reports_the_failed_item(login, personas, report, tree):
    c = login(personas.own)
    body = c.get(f"/api/v1/intake/{report.pk}").json()
    prop = body["proposed"]["proposals"][0]
    sel = {"proposals": [{"key": prop["key"], **prop["fields"], "addressee": tree.ward.pk}]}
    r = c.post(f"/api/v1/intake/{report.pk}/confirm", {"selections": sel}, content_type="application/json")
    assert r.status_code == 400 and prop["key"] in r.json()["detail"]
    assert not ImportProvenance.objects.exists()


def test_the_api_gives_topics_moods_and_what_was_kept_apart(login, personas, opinion_report):
    """The API reads the same concerns as the page: topics, mood, the kept-apart sentences;
    a confirmation that sends only keys and a mood gets the proposed topics."""
    from trienkhai.opinion.models import OpinionReport

    c = login(personas.own)
    body = c.get(f"/api/v1/intake/{opinion_report.pk}").json()
    concerns = body["proposed"]["concerns"]
    assert [x["fields"]["topics"] for x in concerns] == [["gia-ca-xang-dau"], ["dich-benh-vat-nuoi"]]
    assert body["proposed"]["opinion"]["mood"] == "dong_thuan"
    assert {k["kind"] for k in body["kept_apart"]} == {"difficulty", "own_work"}
    sel = {"concerns": [{"key": x["key"]} for x in concerns], "opinion": {"mood": "lo_lang"}}
    r = c.post(
        f"/api/v1/intake/{opinion_report.pk}/confirm", {"selections": sel}, content_type="application/json"
    )
    assert r.status_code == 200, r.content.decode()
    rep = OpinionReport.objects.get()
    assert rep.mood == "lo_lang"
    assert [t.topic.slug for t in rep.topics.all()] == ["gia-ca-xang-dau", "dich-benh-vat-nuoi"]


def test_the_api_gives_every_figure_and_confirms_a_step_record_by_its_key(
    login, personas, figures_report, ward_world
):
    """The API lists the same figures as the page; a confirmation that sends a record's key
    alone writes it as proposed."""
    from trienkhai.rollout.models import StepRecord

    c = login(personas.child)
    body = c.get(f"/api/v1/intake/{figures_report.pk}").json()
    found = body["findings"]
    assert len(body["figures"]) == len(found["percents"]) + len(found["counts"])
    zalo = next(x for x in body["figures"] if x["quote"] == "12 nhóm Zalo")
    assert zalo["kind"] == "zalo_groups" and zalo["used"]
    assert [x["used"] for x in body["figures"] if x["quote"] == "7,5%"] == [False]
    records = body["proposed"]["records"]
    conf = next(x for x in records if x["fields"]["step"] == ward_world.conference.pk)
    sel = {"records": [{"key": conf["key"]}]}
    r = c.post(
        f"/api/v1/intake/{figures_report.pk}/confirm", {"selections": sel}, content_type="application/json"
    )
    assert r.status_code == 200, r.content.decode()
    rec = StepRecord.objects.get()
    assert (rec.step_id, rec.members_present, rec.members_on_roll) == (ward_world.conference.pk, 43, 45)
