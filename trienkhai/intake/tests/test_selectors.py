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


# ---------------------------------------------------------------------- figures
def _figure(f, quote):
    [row] = [r for r in f.figures if r["quote"].startswith(quote)]
    return row


def _record(f, step):
    [item] = [r for r in f.records if r["fields"]["step"] == step.pk]
    return item


def test_a_wards_attendance_is_shown_as_attendance_and_proposed_onto_its_conference_record(
    figures_report, ward_world, personas
):
    """GIVEN a ward's report "Hội nghị có 43/45 đảng viên tham dự, đạt 95,6%" and a rollout of
    the resolution it names, owed by the wards WHEN it is read THEN the panel says the figure
    counts members present out of the roll and goes to the conference record, the percent is
    the same attendance, and the ward's conference record is proposed with 43 present of 45."""
    f = report_findings(report=figures_report, viewer=personas.child)
    count, share = _figure(f, "43/45 đảng viên"), _figure(f, "95,6%")
    assert count["counts"] == "đảng viên dự / tổng số" and count["used"]
    assert count["place"] == "→ hội nghị: số đảng viên dự / trong danh sách"
    assert share["counts"] == "tỷ lệ đảng viên dự" and share["place"] == "→ hội nghị: tỷ lệ dự, khớp 43/45"
    record = _record(f, ward_world.conference)
    assert count["item_key"] == share["item_key"] == record["key"]
    assert record["state"] == "new" and record["selected"]
    fields = record["fields"]
    assert (fields["members_present"], fields["members_on_roll"]) == (43, 45)
    assert fields["done_on"].isoformat() == "2023-06-20" and fields["form"] == "truc_tiep"
    assert default_selections(f)["records"][0]["members_present"] == 43


def test_zalo_groups_and_books_are_listed_with_their_label_onto_the_dissemination_record(
    figures_report, ward_world, personas
):
    f = report_findings(report=figures_report, viewer=personas.child)
    zalo = _figure(f, "12 nhóm Zalo")
    assert zalo["quote"] == "12 nhóm Zalo" and zalo["counts"] == "nhóm Zalo"
    assert zalo["place"] == "→ tuyên truyền: kênh “Zalo” (số liệu ghi vào ghi chú)"
    assert _figure(f, "500 cuốn tài liệu")["counts"] == "cuốn tài liệu"
    masses = _figure(f, "2.350 lượt quần chúng")
    assert masses["counts"] == "lượt quần chúng" and masses["place"] == "→ tuyên truyền: lượt quần chúng"
    fields = _record(f, ward_world.dissemination)["fields"]
    assert fields["channels"] == ["zalo", "in_phat"] and fields["masses"] == 2350
    assert "12 nhóm Zalo; 500 cuốn tài liệu" in fields["note"]


def test_every_figure_read_is_a_row_and_one_with_no_place_says_not_used(figures_report, personas):
    """Nothing read is dropped: one row per percent and count textmine found; a growth rate
    and a count of opinions are kept, not used, each with why."""
    f = report_findings(report=figures_report, viewer=personas.child)
    assert len(f.figures) == len(f.extraction.percents) + len(f.extraction.counts) == 7
    growth, opinions = _figure(f, "7,5%"), _figure(f, "76 ý kiến")
    assert not growth["used"] and growth["counts"] == "tỷ lệ khác" and "tăng trưởng" in growth["reason"]
    assert not opinions["used"] and opinions["reason"]
    assert [r["quote"] for r in f.to_dict()["figures"]] == [r["quote"] for r in f.figures]


def test_attendance_of_a_unit_that_does_not_owe_the_step_is_not_used(ward_world, tree, personas):
    """The same report filed under the town committee, which owns the rollout and owes none
    of its steps: every figure is still shown, the attendance as not used, saying why."""
    from trienkhai.intake.tests.conftest import FIGURES_REPORT

    r = imported_report_create(unit=tree.city, text=FIGURES_REPORT, acting_user=personas.own)
    f = report_findings(report=r, viewer=personas.own)
    count = _figure(f, "43/45 đảng viên")
    assert not count["used"] and "không thuộc phạm vi thực hiện" in count["reason"]
    assert f.records == [] and len(f.figures) == 7


def test_a_record_the_ward_already_has_is_proposed_as_a_correction_unticked(
    figures_report, ward_world, personas
):
    import datetime as dt

    from trienkhai.rollout.services import step_record_submit

    step_record_submit(
        step=ward_world.conference,
        unit=figures_report.unit,
        done_on=dt.date(2023, 6, 20),
        form="truc_tiep",
        members_present=40,
        members_on_roll=45,
        acting_user=personas.child,
    )
    record = _record(report_findings(report=figures_report, viewer=personas.child), ward_world.conference)
    assert record["state"] == "existing" and not record["selected"] and record["record_version"] == 1
    assert record["recorded"]["members_present"] == 40 and record["fields"]["members_present"] == 43
    assert "phiên bản sửa" in record["note"]


def _proposal(f, words: str) -> dict:
    [p] = [p for p in f.proposals if words in p["quote"]]
    return p


def test_a_ward_asking_the_thanh_uy_addresses_its_city(ward_report):
    """GIVEN a ward's report "Đảng ủy phường đề nghị Thành ủy quan tâm …" (no proper name)
    THEN the proposal goes from the ward to the Thành ủy above it, Thành ủy Phổ Yên;
    AND "Thành ủy Sông Công", a committee not above the ward, is not guessed to be it: that
    request is shown (nothing read is dropped) but unticked, its addressee left to choose."""
    w = ward_report
    f = report_findings(report=w.report, viewer=w.user)
    p = _proposal(f, "hỗ trợ kinh phí")
    assert p["fields"]["sender"] == w.ward.pk and p["fields"]["addressee"] == w.city.pk
    assert [a["id"] for a in p["addressees"]] == [w.city.pk]
    assert p["fields"]["category"] == ProposalCategory.RESOURCES and p["selected"]
    other = _proposal(f, "Sông Công")
    assert other["fields"]["addressee"] is None and not other["selected"]
    assert [(a["id"], a["text"]) for a in other["addressees"]] == [(None, "Thành ủy Sông Công")]


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
