"""The word rules of ``intake.concerns`` on their own (no database)."""

from __future__ import annotations

from types import SimpleNamespace

from trienkhai.intake.concerns import kept_apart, kept_apart_sections, moods_stated, topics_named

TOPICS = [
    SimpleNamespace(slug="gia-ca-xang-dau", name="Giá cả – xăng dầu"),
    SimpleNamespace(slug="dich-benh", name="Dịch bệnh (Covid-19 …)"),
    SimpleNamespace(slug="dich-benh-vat-nuoi", name="Dịch bệnh vật nuôi"),
    SimpleNamespace(slug="su-kien-doi-ngoai", name="Sự kiện chính trị, đối ngoại"),
    SimpleNamespace(slug="nuoc-sach", name="Nước sạch nông thôn"),  # no word list: its name
]


def _slugs(text):
    return [t.topic.slug for t in topics_named(text, TOPICS)]


def test_topic_words_ignore_missing_marks_and_the_longest_wins():
    assert _slugs("nguoi dan lo gia xang dau tang") == ["gia-ca-xang-dau"]
    assert _slugs("Dịch bệnh trên đàn gia súc lan rộng") == ["dich-benh-vat-nuoi"]
    assert [t.word for t in topics_named("lo ngại dịch Covid-19 quay lại", TOPICS)] == ["dịch Covid"]
    assert _slugs("Bà con thiếu NƯỚC SẠCH NÔNG THÔN") == ["nuoc-sach"]
    assert _slugs("Cán bộ, đảng viên và nhân dân lo lắng") == []


def test_a_word_written_with_other_marks_is_another_word():
    """Typed without marks, "bien dong" may be "biển Đông"; "biến động" never is."""
    assert _slugs("giá cả biến động") == ["gia-ca-xang-dau"]
    assert _slugs("tình hình bien dong") == ["su-kien-doi-ngoai"]


def test_one_sentence_can_name_several_topics_in_its_order():
    text = "Dịch Covid-19 phức tạp, giá xăng tăng cao; dịch bệnh xảy ra trên vật nuôi gây thiệt hại."
    assert _slugs(text) == ["dich-benh", "gia-ca-xang-dau", "dich-benh-vat-nuoi"]


def test_moods_are_read_on_the_opinion_scale_and_negation_drops_them():
    assert [(m.mood, m.word) for m in moods_stated("nhân dân phấn khởi nhưng còn BĂN KHOĂN")] == [
        ("dong_thuan", "phấn khởi"),
        ("quan_tam", "BĂN KHOĂN"),
    ]
    assert [m.mood for m in moods_stated("bà con chưa yên tâm, bất bình")] == ["quan_tam", "buc_xuc"]
    assert moods_stated("không còn lo lắng; chưa đồng tình; ổn định sản xuất") == []


def test_a_heading_holds_its_section_and_an_inline_marker_its_paragraph():
    text = (
        "1. Tình hình tư tưởng\n"
        "Người dân lo lắng vì giá xăng tăng.\n"
        "2. Khó khăn, vướng mắc\n"
        "- Kinh phí còn hạn chế.\n"
        "- Một số chi bộ còn lúng túng.\n"
        "3. Nhiệm vụ thời gian tới\n"
        "Hạn chế: tài liệu về chậm.\n"
    )
    secs = kept_apart_sections(text)
    assert [(s.kind, s.heading, text[s.start : s.end].splitlines()[-1]) for s in secs] == [
        ("difficulty", "Khó khăn, vướng mắc", "- Một số chi bộ còn lúng túng."),
        ("difficulty", "Hạn chế", "Hạn chế: tài liệu về chậm."),
    ]
    worry = text.index("Người dân")
    assert kept_apart(text, (worry, text.index("\n", worry)), secs, topics=[]) is None


def test_nguyen_nhan_heads_a_section_only_on_its_own_line():
    text = "b) Nguyên nhân\nMột số chi bộ chưa quan tâm đúng mức.\nNguyên nhân là giá xăng tăng, bà con lo lắng.\n"
    [sec] = kept_apart_sections(text)
    assert sec.heading == "Nguyên nhân" and text[sec.start : sec.end].endswith("bà con lo lắng.")
    assert kept_apart_sections(text.split("\n", 2)[2]) == []


def _verdict(text, keywords=()):
    v = kept_apart(text, (0, len(text)), [], topics=topics_named(text, TOPICS), keywords=keywords)
    return v.kind if v else None


def test_the_work_is_kept_apart_even_when_it_names_grievances():
    assert _verdict("Đảng ủy phường đã chỉ đạo giải quyết dứt điểm những bức xúc của nhân dân.") == "own_work"
    assert _verdict("Từ đó, kịp thời tham mưu xử lý những vấn đề bức xúc nảy sinh ở cơ sở.") == "own_work"
    assert _verdict(
        "Nhân dân trong phường đã khắc phục những khó khăn, hoàn thành kế hoạch.", ["khó khăn"]
    ) == ("own_work")
    assert _verdict("Một số nơi chưa kịp thời giải quyết những bức xúc của nhân dân.") == "difficulty"


def test_a_grievance_about_the_work_is_still_public_opinion():
    for text in (
        "Nhân dân bức xúc vì Đảng ủy phường chậm giải quyết.",
        "UBND phường chậm giải quyết việc đền bù khiến bà con bức xúc.",
        "Giá xăng dầu tăng nên nhiều hộ kinh doanh gặp khó khăn.",  # a public and a topic
        "Bà con phản ánh khó khăn khi làm thủ tục.",  # a word of opinion
    ):
        assert _verdict(text, ["khó khăn", "bức xúc"]) is None, text


def test_a_difficulty_with_no_public_feeling_is_kept_apart():
    assert _verdict("Việc huy động nguồn lực cho tuyên truyền gặp khó khăn.", ["khó khăn"]) == "difficulty"
    assert _verdict("Một năm với muôn vàn khó khăn, thử thách.", ["khó khăn"]) == "difficulty"


def test_the_rules_kinds_and_moods_are_the_databases_choices():
    """The rules are textmine's (no Django there): their kinds and moods must be the values the
    database stores, in the same order for moods (the scale runs from best to most troubled)."""
    from trienkhai.intake.choices import KeptApart
    from trienkhai.opinion.choices import Mood
    from trienkhai.textmine.extract import kept_apart as rules

    assert {rules.DIFFICULTY, rules.LESSON, rules.OWN_WORK} == set(KeptApart.values)
    assert {k: str(v) for k, v in rules.LABELS.items()} == {k.value: str(k.label) for k in KeptApart}
    assert list(rules.MOODS) == list(Mood.values)
