"""Storing a report and confirming it: all or nothing, idempotent, provenance, scope."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.documents.models import Document, DocumentLink
from trienkhai.intake.models import ImportedFact, ImportedReport, ImportProvenance
from trienkhai.intake.selectors import default_selections, report_findings
from trienkhai.intake.services import ImportItemError, imported_report_confirm, imported_report_create
from trienkhai.intake.tests.conftest import REPORT
from trienkhai.meetings.models import Meeting, Participant
from trienkhai.proposals.models import Proposal

pytestmark = pytest.mark.django_db

RECORDS = (Document, DocumentLink, Meeting, Participant, Proposal, ImportedFact)


def counts():
    return {m.__name__: m.objects.count() for m in RECORDS}


def test_create_stores_source_hash_and_one_audit_event(tree, personas):
    before = AuditEvent.objects.filter(refused=False).count()
    r = imported_report_create(unit=tree.city, text=REPORT, acting_user=personas.own)
    assert r.status == "draft" and r.created_by == personas.own
    assert r.sha256 == hashlib.sha256(REPORT.encode()).hexdigest()
    # the page's print date ("Thứ Hai, 05/6/2023 09:15") is not the title; the first real line is
    assert r.title.startswith("Sáng 05/6/2023, Tỉnh ủy An Hòa làm việc với Thị ủy Bình Yên")
    assert AuditEvent.objects.filter(refused=False).count() == before + 1


def test_create_refuses_out_of_scope_and_empty(tree, personas):
    with pytest.raises(Http404):
        imported_report_create(unit=tree.sibling, text=REPORT, acting_user=personas.own)
    with pytest.raises(ValidationError):
        imported_report_create(unit=tree.city, text="   ", acting_user=personas.own)
    assert not ImportedReport.objects.exists()


def test_findings_propose_what_the_text_says(report, personas, world):
    f = report_findings(report=report, viewer=personas.own)
    docs = {d["label"]: d for d in f.documents}
    assert docs["45-NQ/TW"]["state"] == "existing" and docs["12-KH/TU"]["state"] == "new"
    assert docs["12-KH/TU"]["fields"]["issued_on"].isoformat() == "2023-03-02"
    assert [(link["label"], link["fields"]["kind"]) for link in f.links] == [
        ("12-KH/TU → 45-NQ/TW", "implements")
    ]
    assert f.meeting["state"] == "new" and f.meeting["fields"]["date"].isoformat() == "2023-06-05"
    [p] = f.participants
    assert p["fields"]["name"] == "Trần Văn Bình" and p["fields"]["position"] == "Phó Bí thư Thị ủy Bình Yên"
    [cov] = f.coverage
    assert cov["fields"]["step"] == world.step.pk and cov["selected"]  # 100% reported, 0% counted
    [prop] = f.proposals
    assert prop["fields"]["sender"] == report.unit_id and prop["state"] == "new"


def test_confirm_creates_each_record_once_with_provenance_and_audit(report, personas):
    """GIVEN a draft WHEN confirmed with the default choices THEN each proposed record exists
    once, with its provenance and one audit event each plus one for the confirmation;
    AND confirming again creates nothing."""
    sel = default_selections(report_findings(report=report, viewer=personas.own))
    before, audit_before = counts(), AuditEvent.objects.filter(refused=False).count()
    result = imported_report_confirm(report=report, selections=sel, acting_user=personas.own)
    after = counts()
    created = {k: after[k] - before[k] for k in after}
    assert created == {
        "Document": 1,
        "DocumentLink": 1,
        "Meeting": 1,
        "Participant": 1,
        "Proposal": 1,
        "ImportedFact": 1,
    }
    assert result["created"] == 6 and result["recognised"] == 1  # 45-NQ/TW was already there
    assert AuditEvent.objects.filter(refused=False).count() - audit_before == 6 + 1
    prov = ImportProvenance.objects.filter(report=report)
    assert prov.count() == 7 and prov.filter(created_record=True).count() == 6
    doc = Document.objects.get(code="12-KH/TU")
    p = prov.get(record_type="documents.document", record_id=doc.pk)
    assert p.quote == "12-KH/TU" and p.span_end > p.span_start
    fact = ImportedFact.objects.get()
    assert fact.value == 100 and fact.counted_pct == 0
    report.refresh_from_db()
    assert report.status == "confirmed"

    audit_before = AuditEvent.objects.filter(refused=False).count()
    again = imported_report_confirm(report=report, selections=sel, acting_user=personas.own)
    assert again["created"] == 0 and counts() == after
    assert AuditEvent.objects.filter(refused=False).count() == audit_before + 1  # the confirmation only


def test_confirm_is_all_or_nothing_and_names_the_failed_item(report, personas, tree):
    f = report_findings(report=report, viewer=personas.own)
    sel = default_selections(f)
    # The reviewer files the new plan under the root, where they hold no role.
    for row in sel["documents"]:
        if row["code"] == "12-KH/TU":
            row["issuing_unit"] = tree.root.pk
    before, audit_before = counts(), AuditEvent.objects.filter(refused=False).count()
    with pytest.raises(ImportItemError) as exc:
        imported_report_confirm(report=report, selections=sel, acting_user=personas.own)
    assert exc.value.item_key.startswith("document:")
    assert "12-KH/TU" in exc.value.messages[0] and "Chưa có bản ghi nào được tạo" in exc.value.messages[0]
    assert counts() == before and AuditEvent.objects.filter(refused=False).count() == audit_before
    assert not ImportProvenance.objects.exists()
    report.refresh_from_db()
    assert report.status == "draft"


def test_a_late_failure_rolls_back_earlier_records(report, personas, tree):
    """The proposal is the fifth item: documents, link and meeting made before it go too."""
    sel = default_selections(report_findings(report=report, viewer=personas.own))
    sel["proposals"][0]["addressee"] = tree.sibling.pk  # not above the sender
    before = counts()
    with pytest.raises(ImportItemError) as exc:
        imported_report_confirm(report=report, selections=sel, acting_user=personas.own)
    assert exc.value.item_key.startswith("proposal:") and "cấp trên" in exc.value.messages[0]
    assert counts() == before


def test_confirm_is_scoped(report, personas):
    sel = default_selections(report_findings(report=report, viewer=personas.own))
    # out of scope: 404; parent sees the report but is a viewer only: 403
    for who, refusal in (
        (personas.sibling, Http404),
        (personas.other, Http404),
        (personas.parent, PermissionDenied),
    ):
        with pytest.raises(refusal):
            imported_report_confirm(report=report, selections=sel, acting_user=who)
    assert not ImportProvenance.objects.exists()


def test_nfd_input_is_read_as_nfc(tree, personas, world):
    import unicodedata

    r = imported_report_create(
        unit=tree.city, text=unicodedata.normalize("NFD", REPORT), acting_user=personas.own
    )
    f = report_findings(report=r, viewer=personas.own)
    assert {d["label"] for d in f.documents} == {"45-NQ/TW", "12-KH/TU"}
    assert f.participants[0]["fields"]["name"] == "Trần Văn Bình"


def test_confirming_concerns_creates_an_opinion_report_with_their_topics_and_mood(opinion_report, personas):
    """GIVEN the two proposed concerns WHEN confirmed as proposed THEN one quick opinion report
    holds them: the general mood stated in the text, one topic row per topic with the
    concern's mood, each pressing issue under its topic; nothing kept apart is in it."""
    from trienkhai.opinion.models import OpinionReport

    sel = default_selections(report_findings(report=opinion_report, viewer=personas.own))
    imported_report_confirm(report=opinion_report, selections=sel, acting_user=personas.own)
    rep = OpinionReport.objects.get()
    assert rep.period_kind == "quick" and rep.mood == "dong_thuan" and rep.unit == opinion_report.unit
    assert [(t.topic.slug, t.mood) for t in rep.topics.all()] == [
        ("gia-ca-xang-dau", "lo_lang"),
        ("dich-benh-vat-nuoi", "quan_tam"),
    ]
    issues = list(rep.issues.order_by("pk"))
    assert [i.topic.slug for i in issues] == ["gia-ca-xang-dau", "dich-benh-vat-nuoi"]
    assert not any("Kinh phí" in i.description or "chỉ đạo" in i.description for i in issues)


def test_the_reviewers_topic_and_mood_are_the_ones_recorded(opinion_report, personas):
    """The reviewer files the pig-disease worry under the petrol topic too (after its own),
    calls it "bức xúc", clears the petrol one's topics, and sets the general mood to "ổn
    định": each topic row takes the graver mood, the issue left without a topic is recorded
    without one, and an issue with two topics is filed under the first."""
    from trienkhai.opinion.models import OpinionReport

    sel = default_selections(report_findings(report=opinion_report, viewer=personas.own))
    petrol, pigs = sel["concerns"]
    petrol["topics"] = []
    pigs.update(topics=["dich-benh-vat-nuoi", "gia-ca-xang-dau"], mood="buc_xuc")
    sel["opinion"] = {"mood": "on_dinh"}
    imported_report_confirm(report=opinion_report, selections=sel, acting_user=personas.own)
    rep = OpinionReport.objects.get()
    assert rep.mood == "on_dinh"
    assert [(t.topic.slug, t.mood) for t in rep.topics.all()] == [
        ("gia-ca-xang-dau", "buc_xuc"),
        ("dich-benh-vat-nuoi", "buc_xuc"),
    ]
    assert [i.topic and i.topic.slug for i in rep.issues.order_by("pk")] == [None, "dich-benh-vat-nuoi"]


def test_a_topic_outside_the_managed_list_refuses_the_confirmation(opinion_report, personas):
    from trienkhai.opinion.models import OpinionReport

    sel = default_selections(report_findings(report=opinion_report, viewer=personas.own))
    sel["concerns"][0]["topics"] = ["khong-co"]
    with pytest.raises(ImportItemError) as exc:
        imported_report_confirm(report=opinion_report, selections=sel, acting_user=personas.own)
    assert exc.value.item_key.startswith("concern:") and "danh mục chủ đề" in exc.value.messages[0]
    assert not OpinionReport.objects.exists()


# ---------------------------------------------------------------------- figures onto step records
def test_confirming_writes_the_attendance_onto_the_wards_conference_record(
    figures_report, ward_world, personas
):
    """GIVEN the ward's report WHEN confirmed as proposed THEN the rollout holds the ward's
    conference record with 43 of 45 members present and its dissemination record with Zalo,
    printed material, the masses and the figures in its note, each with its provenance;
    confirming again writes nothing."""
    from trienkhai.rollout.models import StepRecord

    sel = default_selections(report_findings(report=figures_report, viewer=personas.child))
    imported_report_confirm(report=figures_report, selections=sel, acting_user=personas.child)
    conf = StepRecord.objects.get(step=ward_world.conference, unit=figures_report.unit)
    assert (conf.members_present, conf.members_on_roll, conf.version) == (43, 45, 1)
    assert conf.done_on.isoformat() == "2023-06-20" and conf.submitted_by == personas.child
    diss = StepRecord.objects.get(step=ward_world.dissemination, unit=figures_report.unit)
    assert diss.channels == ["zalo", "in_phat"] and diss.masses == 2350 and "12 nhóm Zalo" in diss.note
    prov = ImportProvenance.objects.filter(report=figures_report, record_type="rollout.steprecord")
    assert set(prov.values_list("record_id", flat=True)) == {conf.pk, diss.pk}
    assert AuditEvent.objects.filter(action="rollout.record").count() == 2

    imported_report_confirm(report=figures_report, selections=sel, acting_user=personas.child)
    assert StepRecord.objects.count() == 2


def test_the_reviewers_attendance_is_the_one_recorded(figures_report, ward_world, personas):
    from trienkhai.rollout.models import StepRecord

    sel = default_selections(report_findings(report=figures_report, viewer=personas.child))
    [conf] = [r for r in sel["records"] if r["step"] == ward_world.conference.pk]
    conf.update(members_present=44, members_on_roll=46)
    imported_report_confirm(report=figures_report, selections=sel, acting_user=personas.child)
    rec = StepRecord.objects.get(step=ward_world.conference)
    assert (rec.members_present, rec.members_on_roll) == (44, 46)


def test_a_record_the_rollout_refuses_rolls_back_the_whole_confirmation(figures_report, ward_world, personas):
    """More present than on the roll: the rollout's check refuses the record; the item is
    named and nothing of the report is written (the meeting and documents neither)."""
    from trienkhai.rollout.models import StepRecord

    sel = default_selections(report_findings(report=figures_report, viewer=personas.child))
    [conf] = [r for r in sel["records"] if r["step"] == ward_world.conference.pk]
    conf["members_present"] = 50
    before = counts()
    with pytest.raises(ImportItemError) as exc:
        imported_report_confirm(report=figures_report, selections=sel, acting_user=personas.child)
    assert exc.value.item_key == f"step_record:{ward_world.conference.pk}"
    assert "lớn hơn số trong danh sách" in exc.value.messages[0]
    assert counts() == before and not StepRecord.objects.exists() and not ImportProvenance.objects.exists()


def test_ticking_a_record_the_ward_already_has_writes_a_corrected_version(
    figures_report, ward_world, personas
):
    import datetime as dt

    from trienkhai.rollout.models import StepRecord
    from trienkhai.rollout.services import step_record_submit

    step_record_submit(
        step=ward_world.conference,
        unit=figures_report.unit,
        done_on=dt.date(2023, 6, 20),
        form="truc_tiep",
        members_present=40,
        members_on_roll=45,
        outcome="Đã quán triệt.",
        acting_user=personas.child,
    )
    f = report_findings(report=figures_report, viewer=personas.child)
    sel = default_selections(f)
    assert [r["step"] for r in sel["records"]] == [
        ward_world.dissemination.pk
    ]  # the existing one is unticked
    [item] = [r for r in f.records if r["fields"]["step"] == ward_world.conference.pk]
    sel["records"].append({"key": item["key"], **item["fields"]})
    imported_report_confirm(report=figures_report, selections=sel, acting_user=personas.child)
    current = StepRecord.objects.get(step=ward_world.conference, is_current=True)
    assert (current.version, current.members_present, current.outcome) == (2, 43, "Đã quán triệt.")


def test_an_item_the_role_may_not_write_is_named_and_nothing_is_created(ward_report, ward_and_city_viewer):
    """GIVEN a ward editor who reads the city's records WHEN they tick 57-NQ/TW anyway and file it
    in the city's registry (the document service answers 403: the role, not the address)
    THEN the confirmation is refused on that item, like any other failed item, and nothing is made."""
    user = ward_and_city_viewer
    f = report_findings(report=ward_report.report, viewer=user)
    sel = default_selections(f)
    [nq] = [d for d in f.documents if d["label"] == "57-NQ/TW"]
    sel["documents"] = [row for row in sel["documents"] if row["key"] != nq["key"]]
    sel["documents"].append({"key": nq["key"], **nq["fields"], "issuing_unit": ward_report.city.pk})
    before = counts()
    with pytest.raises(ImportItemError) as exc:
        imported_report_confirm(report=ward_report.report, selections=sel, acting_user=user)
    assert exc.value.item_key == nq["key"] and "57-NQ/TW" in exc.value.messages[0]
    assert counts() == before and not ImportProvenance.objects.exists()


def test_a_proposal_ending_its_paragraph_does_not_take_the_next_one(tree, personas):
    """GIVEN paragraphs one per line (as a .docx or a reflowed PDF gives them) WHEN the last
    sentence of a paragraph is a proposal THEN the next paragraph is not read as a further
    item of it."""
    text = (
        "Thị ủy Bình Yên đề nghị Tỉnh ủy An Hòa bố trí kinh phí in tài liệu cho các chi bộ.\n"
        "Trên đây là báo cáo kết quả thực hiện của Thị ủy Bình Yên.\n"
    )
    r = imported_report_create(unit=tree.city, text=text, acting_user=personas.own)
    f = report_findings(report=r, viewer=personas.own)
    assert [p["fields"]["content"] for p in f.proposals] == ["Bố trí kinh phí in tài liệu cho các chi bộ."]
