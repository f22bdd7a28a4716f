"""What the review proposes: public-opinion concerns with the managed topic and the stated
mood, what is kept apart (the unit's own difficulties, lessons and work), addressees written
relative to the writer, and items the viewer could not create shown unticked with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trienkhai.documents.models import Document
from trienkhai.intake.selectors import default_selections, highlight, report_findings
from trienkhai.intake.services import imported_report_confirm, imported_report_create
from trienkhai.proposals.choices import ProposalCategory
from trienkhai.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def _concern(f, words):
    [item] = [c for c in f.concerns if words in c["quote"]]
    return item


def test_a_concern_about_petrol_prices_gets_the_petrol_topic(opinion_report, personas):
    """GIVEN a report where transport households worry about petrol prices
    WHEN it is read THEN that concern is proposed under "Giá cả – xăng dầu", and the
    pig-disease one under "Dịch bệnh vật nuôi" (not the human "Dịch bệnh")."""
    f = report_findings(report=opinion_report, viewer=personas.own)
    petrol = _concern(f, "xăng dầu")
    assert petrol["fields"]["topics"] == ["gia-ca-xang-dau"]
    assert petrol["topic_words"] == {"gia-ca-xang-dau": "giá xăng dầu"}
    assert "“Giá cả – xăng dầu” (theo “giá xăng dầu”)" in petrol["reading"]
    assert _concern(f, "tả lợn")["fields"]["topics"] == ["dich-benh-vat-nuoi"]
    assert default_selections(f)["concerns"][0]["topics"] == ["gia-ca-xang-dau"]


def test_topics_match_without_diacritics_and_only_active_ones(tree, personas):
    """Words typed without marks ("gia xang dau") name the same topic; a topic switched off
    is not proposed."""
    from trienkhai.opinion.models import Topic

    text = "Ngày 12/5/2023, nhiều hộ dân lo lắng vì gia xang dau tăng cao.\n"
    r = imported_report_create(unit=tree.city, text=text, acting_user=personas.own)
    [c] = report_findings(report=r, viewer=personas.own).concerns
    assert c["fields"]["topics"] == ["gia-ca-xang-dau"] and c["fields"]["mood"] == "lo_lang"
    Topic.objects.filter(slug="gia-ca-xang-dau").update(active=False)
    [c] = report_findings(report=r, viewer=personas.own).concerns
    assert c["fields"]["topics"] == [] and "chưa nhận ra chủ đề" in c["reading"]


def test_a_stated_mood_is_proposed_for_the_concern_and_the_report(opinion_report, personas):
    """GIVEN "phấn khởi, tin tưởng" in the opening, "lo lắng" and "băn khoăn" in the worries
    THEN each concern carries its own mood on the opinion app's scale, and the report's
    general mood is the one stated first."""
    f = report_findings(report=opinion_report, viewer=personas.own)
    assert _concern(f, "xăng dầu")["fields"]["mood"] == "lo_lang"
    assert _concern(f, "tả lợn")["fields"]["mood"] == "quan_tam"
    assert _concern(f, "xăng dầu")["mood_word"] == "lo lắng"
    assert f.opinion["mood"] == "dong_thuan" and f.opinion["mood_word"] == "phấn khởi"
    assert default_selections(f)["opinion"] == {"mood": "dong_thuan"}


def test_a_negated_or_missing_mood_is_not_taken_as_stated(tree, personas):
    text = (
        "Ngày 12/5/2023, bà con không còn lo lắng như trước nhưng vẫn phản ánh khó khăn "
        "vì giá phân bón tăng.\n"
    )
    r = imported_report_create(unit=tree.city, text=text, acting_user=personas.own)
    f = report_findings(report=r, viewer=personas.own)
    [c] = f.concerns
    assert c["mood_word"] == "" and c["fields"]["mood"] == "quan_tam"  # a worry, no feeling named
    assert f.opinion["mood_word"] == ""


def test_a_difficulty_paragraph_is_not_a_concern_and_is_kept_apart(opinion_report, personas):
    """GIVEN a "Khó khăn, vướng mắc" section and a sentence on what the committee did about
    people's grievances THEN neither is proposed as public opinion; both are listed as kept
    apart, with why, and marked in the text."""
    f = report_findings(report=opinion_report, viewer=personas.own)
    assert len(f.concerns) == 2
    assert not [c for c in f.concerns if "Kinh phí" in c["quote"] or "đã chỉ đạo" in c["quote"]]
    kept = {k["kind"]: k for k in f.kept_apart}
    assert set(kept) == {"difficulty", "own_work"}
    assert kept["difficulty"]["quote"].startswith("Kinh phí cho hoạt động tuyên truyền")
    assert kept["difficulty"]["heading"] == "Khó khăn, vướng mắc"
    assert "đã chỉ đạo" in kept["own_work"]["quote"]
    assert f.to_dict()["kept_apart"] == f.kept_apart
    assert f'id="f-{kept["difficulty"]["key"]}"' in str(highlight(f.text, f))
    assert all(not k["key"].startswith("concern") for k in f.kept_apart)


def test_a_lesson_section_is_kept_apart(tree, personas):
    text = (
        "Ngày 12/5/2023, người dân băn khoăn về việc thu hồi đất làm đường.\n\n"
        "III. Bài học kinh nghiệm\n"
        "Phải khắc phục hạn chế trong nắm bắt tâm tư, nguyện vọng của nhân dân.\n"
    )
    r = imported_report_create(unit=tree.city, text=text, acting_user=personas.own)
    f = report_findings(report=r, viewer=personas.own)
    assert [c["fields"]["topics"] for c in f.concerns] == [["dat-dai-gpmb"]]
    assert [(k["kind"], k["heading"]) for k in f.kept_apart] == [("lesson", "Bài học kinh nghiệm")]


CORPUS_000 = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "dev" / "000.json"


@pytest.mark.skipif(not CORPUS_000.is_file(), reason="shared corpus not available")
def test_the_working_session_article_has_one_public_concern_with_its_six_topics(tree, personas):
    """The corpus's working-session article (read at run time, never stored here) was read as
    seven concerns; six are the committee's lessons and work. The one left lists the period's
    worries and carries the six managed topics it names."""
    text = json.loads(CORPUS_000.read_text(encoding="utf-8"))["text"]
    r = imported_report_create(unit=tree.city, text=text, acting_user=personas.own)
    f = report_findings(report=r, viewer=personas.own)
    [concern] = f.concerns
    assert set(concern["fields"]["topics"]) == {
        "dich-benh",
        "gia-ca-xang-dau",
        "chong-pha",
        "viec-lam-lao-dong-kcn",
        "lao-dong-nuoc-ngoai",
        "dich-benh-vat-nuoi",
    }
    assert len(f.kept_apart) == 6 and {k["kind"] for k in f.kept_apart} <= {"own_work", "lesson"}


def _proposal(f, words: str) -> dict:
    [p] = [p for p in f.proposals if words in p["quote"]]
    return p


def test_a_ward_asking_the_thanh_uy_addresses_its_city(ward_report):
    """GIVEN a ward's report "Đảng ủy phường đề nghị Thành ủy quan tâm …" (no proper name)
    THEN the proposal goes from the ward to the Thành ủy above it, Thành ủy Phổ Yên;
    AND "Thành ủy Sông Công", a committee not above the ward, is not guessed to be it."""
    w = ward_report
    f = report_findings(report=w.report, viewer=w.user)
    p = _proposal(f, "hỗ trợ kinh phí")
    assert p["fields"]["sender"] == w.ward.pk and p["fields"]["addressee"] == w.city.pk
    assert [a["id"] for a in p["addressees"]] == [w.city.pk]
    assert p["fields"]["category"] == ProposalCategory.RESOURCES and p["selected"]
    assert not [p for p in f.proposals if "Sông Công" in p["quote"]]


def test_a_department_of_the_committee_above_is_that_department_or_the_committee(ward_report):
    """ "Ban Tuyên giáo Thành ủy" is the city's Ban Tuyên giáo; the tree has no Ban Tổ chức of the
    city, so "Ban Tổ chức Thành ủy" is the Thành ủy itself."""
    w = ward_report
    f = report_findings(report=w.report, viewer=w.user)
    assert _proposal(f, "Ban Tổ chức")["fields"]["addressee"] == w.city.pk
    both = _proposal(f, "Ban Tuyên giáo Thành ủy")
    assert w.propaganda.pk in [a["id"] for a in both["addressees"]]


def test_a_sentence_naming_two_bodies_has_both_addressees(ward_report):
    """ "Đề nghị Ban Thường vụ Thành ủy và Ban Tuyên giáo Thành ủy mở lớp …": the standing
    committee is the Thành ủy; both bodies are the proposal's addressees, the first proposed."""
    w = ward_report
    p = _proposal(report_findings(report=w.report, viewer=w.user), "mở lớp tập huấn")
    assert [a["id"] for a in p["addressees"]] == [w.city.pk, w.propaganda.pk]
    assert p["fields"]["addressee"] == w.city.pk


def test_cap_tren_is_the_direct_parent(tree, personas):
    """A chi bộ writing "kiến nghị cấp trên" means its Đảng ủy phường, not the town above it."""
    text = "Chi bộ kiến nghị cấp trên sớm cấp tài liệu sinh hoạt chuyên đề năm nay cho đảng viên."
    r = imported_report_create(unit=tree.cell, text=text, acting_user=personas.child)
    [p] = report_findings(report=r, viewer=personas.child).proposals
    assert p["fields"]["sender"] == tree.cell.pk and p["fields"]["addressee"] == tree.ward.pk
    assert [a["id"] for a in p["addressees"]] == [tree.ward.pk]


def test_an_item_the_viewer_cannot_create_is_unticked_with_the_reason(ward_report):
    """GIVEN a ward's report citing 57-NQ/TW of Bộ Chính trị, not in the registry, whose registry
    would be the centre's, and the ward's plan 15-KH/ĐU carrying it out
    WHEN the ward's editor reviews it
    THEN 57-NQ/TW is unticked with the reason, and so is the link to it; the ward's own plan is
    ticked; AND confirming the defaults succeeds, registering the plan and not 57-NQ/TW."""
    w = ward_report
    f = report_findings(report=w.report, viewer=w.user)
    docs = {d["label"]: d for d in f.documents}
    nq = docs["57-NQ/TW"]
    assert nq["state"] == "new" and not nq["selected"]
    assert nq["refused"].startswith("Bạn không có quyền tạo mục này:")
    assert "Ban Chấp hành Trung ương Đảng" in nq["refused"]
    assert docs["15-KH/ĐU"]["selected"] and "refused" not in docs["15-KH/ĐU"]
    [link] = f.links
    assert not link["selected"] and "57-NQ/TW" in link["refused"]

    result = imported_report_confirm(report=w.report, selections=default_selections(f), acting_user=w.user)
    assert result["created"] >= 4  # the plan, the conference, the proposals
    assert Document.objects.filter(code="15-KH/ĐU", issuing_unit=w.ward).exists()
    assert not Document.objects.filter(code="57-NQ/TW").exists()
    assert Proposal.objects.filter(sender=w.ward, addressee=w.city).count() >= 2
