"""The review's public-opinion concerns: the managed topic, the stated mood, and what is
kept apart (the unit's own difficulties, lessons and work)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trienkhai.intake.selectors import default_selections, highlight, report_findings
from trienkhai.intake.services import imported_report_create

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
