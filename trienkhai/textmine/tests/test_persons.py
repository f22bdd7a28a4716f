from trienkhai.textmine.extract import extract


def people(text):
    return {p["name"]: p["titles"] for p in extract(text).persons}


def test_titles_after_name_split_at_commas():
    got = people(
        "Dự có đồng chí Nguyễn Văn Bình, Ủy viên Ban Thường vụ, Trưởng ban Dân vận Tỉnh ủy dự và phát biểu."
    )
    assert got == {"Nguyễn Văn Bình": ["Ủy viên Ban Thường vụ", "Trưởng ban Dân vận Tỉnh ủy"]}


def test_title_before_name():
    assert people("Phó Chủ tịch UBND huyện Trần Thị Hoa cho biết như vậy.") == {
        "Trần Thị Hoa": ["Phó Chủ tịch UBND huyện"]
    }
    assert people("Bí thư Huyện ủy Lục Yên Hoàng Văn Tú phát biểu.") == {
        "Hoàng Văn Tú": ["Bí thư Huyện ủy Lục Yên"]
    }


def test_dong_chi_is_not_a_title_and_bare_given_name_is_not_new():
    got = people("Đồng chí Phạm Quốc Khánh phát biểu. Theo đồng chí Khánh, việc này cần làm sớm.")
    assert got == {"Phạm Quốc Khánh": []}


def test_lists_with_semicolons_and_colon():
    got = people(
        "Chủ trì có các đồng chí: Lý Văn Sơn, Bí thư Tỉnh ủy; Đỗ Thị Hằng, Phó Bí thư Thường trực Tỉnh ủy."
    )
    assert got == {"Lý Văn Sơn": ["Bí thư Tỉnh ủy"], "Đỗ Thị Hằng": ["Phó Bí thư Thường trực Tỉnh ủy"]}
    got = people("Có các đồng chí Thứ trưởng, Phó Chủ nhiệm: Vương Đình Lộc; Hà Thị Nhung.")
    assert got == {
        "Vương Đình Lộc": ["Thứ trưởng", "Phó Chủ nhiệm"],
        "Hà Thị Nhung": ["Thứ trưởng", "Phó Chủ nhiệm"],
    }


def test_ranks_are_not_titles():
    got = people("Trung tướng, PGS.TS Đinh Quang Hải, Giám đốc Học viện Biên phòng chủ trì.")
    assert got == {"Đinh Quang Hải": ["Giám đốc Học viện Biên phòng"]}


def test_things_named_after_people_are_not_persons():
    assert (
        people("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh tại Thành phố Hồ Chí Minh.")
        == {}
    )
    assert people("Trường THPT Chu Văn An nằm trên đường Lê Duẩn.") == {}
    assert people("Kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh.") == {"Hồ Chí Minh": ["Chủ tịch"]}


def test_byline_and_photo_credit():
    got = people("Đoàn đã làm việc với xã.\n\nẢnh: Minh Tâm\n\nKhánh Linh")
    assert set(got) == {"Minh Tâm", "Khánh Linh"}
    assert "T.H" not in people("Nội dung bài viết.\n\nT.H")


def test_places_after_titles_are_not_names():
    assert people("Ban Tuyên giáo Tỉnh ủy Thái Bình tổ chức hội nghị.") == {}
    assert people("Chủ tịch UBND tỉnh Gia Lai ký quyết định.") == {}


def test_honorific_capitalised():
    assert people("Ông Trịnh Văn Quyết, Chủ tịch Hội Nông dân xã cho biết.") == {
        "Trịnh Văn Quyết": ["Chủ tịch Hội Nông dân xã"]
    }


def test_organisation_names_with_commas_and_dashes_stay_whole():
    assert people("Đồng chí Lê Văn Hòa, Giám đốc Sở Văn hóa, Thể thao và Du lịch phát biểu.") == {
        "Lê Văn Hòa": ["Giám đốc Sở Văn hóa, Thể thao và Du lịch"]
    }
    assert people("Bộ trưởng Bộ Lao động - Thương binh và Xã hội Đào Ngọc Dung dự hội nghị.") == {
        "Đào Ngọc Dung": ["Bộ trưởng Bộ Lao động - Thương binh và Xã hội"]
    }


def test_byline_with_unit_in_brackets():
    got = people("Nội dung bài viết kết thúc.\n\nHoàng Mai Anh (Trung tâm Chính trị huyện)")
    assert "Hoàng Mai Anh" in got
