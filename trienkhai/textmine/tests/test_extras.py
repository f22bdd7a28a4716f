from trienkhai.textmine.extract import extract


def test_congress_refs_without_code():
    ex = extract(
        "Quán triệt Nghị quyết Đại hội XIII của Đảng và Nghị quyết Hội nghị Trung ương 4 (khóa XII, XIII)."
    )
    kinds = [(c["kind"], c.get("number") or c.get("plenum")) for c in ex.congress_refs]
    assert ("dai_hoi", 13) in kinds and ("hoi_nghi_trung_uong", 4) in kinds
    assert ex.doc_refs == []


def test_counts():
    ex = extract("Đã tổ chức cho 26.472 lượt quần chúng và 15 hội nghị.")
    assert [(c["value"], c["noun"].split()[0]) for c in ex.counts] == [(26472, "lượt"), (15, "hội")]


def test_a_part_of_a_whole_is_one_count_with_its_whole():
    """ "43/45 đảng viên" is 43 members out of 45, not a count of 45; a date before a count
    is not a fraction."""
    ex = extract("Chi bộ có 43/45 đảng viên tham dự, đạt 95,6%. Buổi sau dự 18 / 20 đồng chí.")
    assert [(c["value"], c.get("of"), c["text"]) for c in ex.counts] == [
        (43, 45, "43/45 đảng viên tham dự"),
        (18, 20, "18 / 20 đồng chí"),
    ]
    assert [c.get("of") for c in extract("Ngày 5/6 người dân họp; 50/45 người.").counts] == []


def test_groups_are_counted():
    ex = extract("Phường lập 12 nhóm Zalo và phát 500 cuốn tài liệu.")
    assert [(c["value"], c["noun"]) for c in ex.counts] == [(12, "nhóm"), (500, "cuốn tài liệu")]


def test_channels():
    ex = extract("Họp trực tiếp hoặc qua Zoom, Teams; in, phát tài liệu; gửi qua Zalo, Facebook.")
    slugs = {c["channel"] for c in ex.channels}
    assert {"truc_tiep", "zoom", "teams", "zalo", "facebook", "in_phat_tai_lieu"} <= slugs


def test_proposals_with_addressees():
    ex = extract("Huyện ủy đề nghị Ban Tuyên giáo Tỉnh ủy mở thêm lớp tập huấn. Trời mưa.")
    assert len(ex.proposals) == 1
    assert any("Ban Tuyên giáo Tỉnh ủy" in a["text"] for a in ex.proposals[0]["addressees"])
    assert ex.proposals[0]["content"] == "Mở thêm lớp tập huấn."


def test_concerns_and_lessons():
    text = (
        "Tuy nhiên còn nhiều khó khăn, vướng mắc về kinh phí.\n"
        "Một là, giữ vững kỷ cương.\nHai là, gần dân.\nBa là, kiểm tra thường xuyên."
    )
    ex = extract(text)
    assert ex.concerns and "kinh phí" in ex.concerns[0]["text"]
    assert [item["order"] for item in ex.lessons] == [1, 2, 3]
    assert ex.lessons[1]["text"] == "gần dân."


def test_units_given_with_typos():
    text = "Thành ủy Phổ Yen phối hợp với Bản Chỉ đạo35 và Ban Tuyen giao Tinh uy."
    ex = extract(text, units=["Thành ủy Phổ Yên", "Ban Chỉ đạo 35", "Ban Tuyên giáo Tỉnh ủy"])
    by = {u["name"]: u for u in ex.units}
    assert by["Thành ủy Phổ Yên"]["typo"] and by["Thành ủy Phổ Yên"]["text"] == "Thành ủy Phổ Yen"
    assert by["Ban Chỉ đạo 35"]["suggestion"] == "Ban Chỉ đạo 35"
    assert by["Ban Chỉ đạo 35"]["text"] == "Bản Chỉ đạo35"
    assert "Ban Tuyên giáo Tỉnh ủy" in by


def test_units_one_letter_slip():
    ex = extract("Làm việc với Ủy ban Mặt trậm Tổ quốc huyện.", units=["Ủy ban Mặt trận Tổ quốc"])
    assert ex.units and ex.units[0]["typo"] and ex.units[0]["suggestion"] == "Ủy ban Mặt trận Tổ quốc"


def test_units_found_without_list():
    ex = extract("Ban Tuyên giáo Trung ương làm việc với Thành ủy Phổ Yên.")
    names = [u["name"] for u in ex.units]
    assert "Ban Tuyên giáo Trung ương" in names and "Thành ủy Phổ Yên" in names
