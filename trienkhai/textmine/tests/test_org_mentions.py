"""Unit mentions found without a unit list are whole names; fragments are not offered
(issue 17.6)."""

from trienkhai.textmine.extract import extract


def names(text: str) -> list[str]:
    return [u["name"] for u in extract(text).units]


def test_a_kind_word_followed_by_a_verb_is_cut_where_the_sentence_goes_on():
    # the committee of the writer's ward, not "Đảng ủy phường tổ chức hội"
    assert names("Đảng ủy phường tổ chức hội nghị quán triệt cho đảng viên.") == ["Đảng ủy phường"]
    assert names("Ban Thường vụ Tỉnh ủy tổ chức Hội nghị báo cáo viên.") == ["Ban Thường vụ Tỉnh ủy"]
    # a generic kind word with nothing named after it is dropped
    assert names("Chi bộ tổ chức hội nghị; Ban hành kế hoạch; Viện dẫn quy định.") == []


def test_a_neighbourhood_needs_its_number_or_name():
    text = (
        "Chi bộ Tổ dân phố số 3 họp ngày 5/3. Chi bộ Tổ dân phố đã họp, Chi bộ thôn Đồng Xe "
        "cũng vậy, còn Chi bộ thôn chưa họp."
    )
    assert names(text) == ["Chi bộ Tổ dân phố số 3", "Chi bộ thôn Đồng Xe"]


def test_bare_hoi_and_bao_are_not_offered():
    text = "Hội đã vận động hội viên; Báo đưa tin. Hội Nông dân xã và Báo Thái Nguyên cũng vào cuộc."
    assert names(text) == ["Hội Nông dân xã", "Báo Thái Nguyên"]


def test_two_bodies_joined_by_va_are_two_mentions():
    text = (
        "Ban Tuyên giáo và Ủy ban Mặt trận Tổ quốc phường phối hợp với Hội Nông dân và Hội Cựu "
        "chiến binh thị xã."
    )
    assert names(text) == [
        "Ban Tuyên giáo",
        "Ủy ban Mặt trận Tổ quốc phường",
        "Hội Nông dân",
        "Hội Cựu chiến binh thị xã",
    ]


def test_va_inside_one_name_stays():
    # "và" inside a department's name: the word after it opens a compound of the name
    assert names("Sở Giáo dục và Đào tạo và Sở Văn hóa họp.") == ["Sở Giáo dục và Đào tạo", "Sở Văn hóa"]


def test_a_proposal_shows_both_addressees():
    ex = extract("Đảng ủy phường đề nghị Thành ủy và Ủy ban nhân dân thành phố hỗ trợ kinh phí.")
    assert [a["text"] for a in ex.proposals[0]["addressees"]] == ["Thành ủy", "Ủy ban nhân dân thành phố"]


def test_whole_names_are_kept_whole():
    text = (
        "Ủy ban nhân dân thành phố Phổ Yên, Đảng ủy Khối các cơ quan tỉnh, Ban Chỉ đạo 35 thành "
        "phố, Ủy ban kiểm tra Huyện ủy, Ban Tổ chức Thành ủy, Đoàn Thanh niên Cộng sản Hồ Chí Minh."
    )
    assert names(text) == [
        "Ủy ban nhân dân thành phố Phổ Yên",
        "Đảng ủy Khối các cơ quan tỉnh",
        "Ban Chỉ đạo 35 thành phố",
        "Ủy ban kiểm tra Huyện ủy",
        "Ban Tổ chức Thành ủy",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    ]
