"""What each figure of a report counts and where it goes (``intake.figures``): sentences
alone, no database. The sentences are written for these tests."""

from __future__ import annotations

from trienkhai.intake.figures import (
    CHANNELS,
    COVERAGE,
    MASSES,
    PRESENT,
    RATE,
    REACH,
    classify,
    conference_form,
)
from trienkhai.textmine.extract import extract


def _figures(text: str):
    ex = extract(text)
    figures = classify(ex.text, percents=ex.percents, counts=ex.counts)
    assert len(figures) == len(ex.percents) + len(ex.counts)  # nothing dropped
    return _Quotes({f.quote: f for f in figures})


class _Quotes(dict):
    """Figures by quote; a quote may be given by its start ("120 lượt quần chúng" for
    textmine's "120 lượt quần chúng và")."""

    def __getitem__(self, quote):
        return next(v for k, v in self.items() if k.startswith(quote))


def test_members_present_out_of_the_roll_and_its_share_are_attendance():
    """GIVEN "43/45 đảng viên tham dự, đạt 95,6%" THEN the count is attendance for the
    conference record (43 present, 45 on the roll) and the percent is that attendance again."""
    f = _figures("Chi bộ tổ chức hội nghị quán triệt, có 43/45 đảng viên tham dự, đạt 95,6%.")
    count, share = f["43/45 đảng viên tham dự"], f["95,6%"]
    assert (count.kind, count.field, count.step_kind) == ("attendance", PRESENT, "conference")
    assert (count.present, count.roll) == (43, 45)
    assert (share.kind, share.field, share.present, share.roll) == ("attendance_rate", RATE, 43, 45)
    assert str(count.kind.label) == "đảng viên dự / tổng số"


def test_comrades_present_with_or_without_the_roll():
    f = _figures("Buổi sinh hoạt dự 18/20 đồng chí. Tháng sau có 17 đảng viên có mặt.")
    assert (f["18/20 đồng chí"].present, f["18/20 đồng chí"].roll) == (18, 20)
    later = f["17 đảng viên có mặt"]
    assert (later.kind, later.present, later.roll) == ("attendance", 17, None)


def test_a_share_that_is_not_the_attendance_ratio_is_not_taken_for_it():
    f = _figures("Có 43/45 đảng viên tham dự; thu nhập tăng 12%.")
    assert f["12%"].kind == "share" and not f["12%"].placed and f["12%"].reason


def test_an_attendance_share_without_the_people_has_no_place():
    f = _figures("Tỷ lệ đảng viên dự đạt 92%.")
    assert f["92%"].kind == "attendance_rate" and not f["92%"].placed and "số người" in f["92%"].reason


def test_channels_and_materials_go_to_the_dissemination_record():
    """GIVEN Zalo groups, printed books and leaflets THEN each names its channel of the
    dissemination record; the masses reached are the record's masses."""
    f = _figures(
        "Phường lập 12 nhóm Zalo, phát 500 cuốn tài liệu và 300 tờ rơi, tuyên truyền đến 2.350 lượt quần chúng."
    )
    zalo = f["12 nhóm Zalo"]
    assert (zalo.kind, zalo.field, zalo.step_kind, zalo.channel) == (
        "zalo_groups",
        CHANNELS,
        "dissemination",
        "zalo",
    )
    assert str(zalo.kind.label) == "nhóm Zalo"
    assert (f["500 cuốn tài liệu"].kind, f["500 cuốn tài liệu"].channel) == ("materials", "in_phat")
    assert f["300 tờ rơi"].channel == "in_phat"
    masses = f["2.350 lượt quần chúng"]
    assert (masses.kind, masses.field, masses.value) == ("masses", MASSES, 2350)


def test_masses_at_a_conference_belong_to_the_conference():
    f = _figures("Hội nghị học tập nghị quyết thu hút 120 lượt quần chúng và 300 lượt người theo dõi.")
    assert f["120 lượt quần chúng"].step_kind == "conference"
    assert (f["300 lượt người theo dõi"].field, f["300 lượt người theo dõi"].step_kind) == (
        REACH,
        "conference",
    )


def test_news_items_go_to_the_channel_they_were_posted_on_else_nowhere():
    f = _figures("Đăng 15 tin bài trên trang thông tin điện tử. Viết 4 bài viết mới.")
    assert f["15 tin bài trên trang"].channel == "trang_tin"
    other = f["4 bài viết mới"]
    assert other.kind == "news" and not other.placed and "kênh" in other.reason


def test_a_percent_before_a_step_is_coverage():
    f = _figures("100% chi bộ đã xây dựng kế hoạch thực hiện.")
    assert (f["100%"].kind, f["100%"].field, f["100%"].step_kind) == ("coverage", COVERAGE, "plan")


def test_figures_without_a_place_say_why():
    """Opinions, meetings held, units, people and posters have no field: each is kept, with
    what it counts and a reason."""
    f = _figures(
        "Tiếp nhận 76 ý kiến; tổ chức 3 hội nghị; 21/25 đảng bộ đã báo cáo; "
        "3.200 đại biểu; treo 20 băng rôn; 84 lượt ý kiến."
    )
    expected = {
        "76 ý kiến": "other",
        "3 hội nghị": "meetings",
        "21/25 đảng bộ": "units",
        "3.200 đại biểu": "people",
        "20 băng rôn": "posters",
        "84 lượt ý kiến": "other",
    }
    assert len(f) == len(expected)
    for quote, kind in expected.items():
        assert (f[quote].kind, f[quote].placed, bool(f[quote].reason)) == (kind, False, True), quote


def test_how_a_conference_was_held_from_its_words():
    assert conference_form("Hội nghị tổ chức tại hội trường phường.") == ("truc_tiep", "")
    assert conference_form("Hội nghị trực tuyến qua Zoom tới 12 điểm cầu.") == ("truc_tuyen", "zoom")
    assert conference_form("Tổ chức trực tiếp kết hợp trực tuyến.") == ("ket_hop", "other")
