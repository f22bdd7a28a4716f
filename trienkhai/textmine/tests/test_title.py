"""guess_title: the document's own title line or headline, never the page's furniture."""

import unicodedata

from trienkhai.textmine.title import MAX_TITLE, guess_title

LETTERHEAD = """ĐẢNG BỘ THỊ XÃ BÌNH YÊN
ĐẢNG ỦY PHƯỜNG CẨM THỦY
*
Số: 12-BC/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
Cẩm Thủy, ngày 5 tháng 3 năm 2024
"""


def test_kind_heading_and_its_subject_lines():
    text = LETTERHEAD + (
        "BÁO CÁO\n"
        "Kết quả học tập, quán triệt và triển khai thực hiện\n"
        "Nghị quyết số 45-NQ/TW của Bộ Chính trị\n"
        "-----\n"
        "Thực hiện Kế hoạch số 08-KH/TU của Thị ủy, Đảng ủy phường báo cáo như sau:\n"
    )
    assert guess_title(text) == (
        "Báo cáo kết quả học tập, quán triệt và triển khai thực hiện Nghị quyết số 45-NQ/TW của Bộ Chính trị"
    )


def test_subject_stops_at_the_body():
    text = LETTERHEAD + (
        "KẾ HOẠCH\n"
        "Tuyên truyền kỷ niệm ngày thành lập Đảng\n"
        "Căn cứ Hướng dẫn số 03-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy,\n"
        "Đảng ủy phường xây dựng kế hoạch như sau:\n"
    )
    assert guess_title(text) == "Kế hoạch tuyên truyền kỷ niệm ngày thành lập Đảng"


def test_subject_in_capitals_keeps_its_capitals():
    # lower-casing "BỘ CHÍNH TRỊ" would lose the name: the title stays in capitals
    text = "THÀNH ỦY BÌNH YÊN\nHƯỚNG DẪN\nHỌC TẬP CHUYÊN ĐỀ NĂM 2024\nCỦA BỘ CHÍNH TRỊ\n\nI. MỤC ĐÍCH\n"
    assert guess_title(text) == "HƯỚNG DẪN HỌC TẬP CHUYÊN ĐỀ NĂM 2024 CỦA BỘ CHÍNH TRỊ"


def test_print_date_and_site_name_are_not_the_title():
    text = (
        "Thứ Năm, 18/4/2024\n"
        "Ban Tuyên giáo Tỉnh ủy\n"
        "Thứ Ba, 02/4/2024 09:15 (GMT+7)\n"
        "\n"
        "Thị ủy Bình Yên sơ kết một năm thực hiện chuyển đổi số trong công tác tuyên truyền\n"
        "\n"
        "Sáng 02/4, Thị ủy Bình Yên tổ chức hội nghị sơ kết.\n"
    )
    assert guess_title(text) == (
        "Thị ủy Bình Yên sơ kết một năm thực hiện chuyển đổi số trong công tác tuyên truyền"
    )


def test_bare_date_number_and_motto_lines_are_skipped():
    text = (
        "13:45 02/04/2024\n"
        "[Đăng ngày: 02/04/2024]\n"
        "Số: 12-BC/ĐU\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n"
        "Bình Yên, ngày 02 tháng 4 năm 2024\n"
        "Nhân rộng mô hình dân vận khéo ở các khu dân cư\n"
    )
    assert guess_title(text) == "Nhân rộng mô hình dân vận khéo ở các khu dân cư"


def test_an_article_quoting_a_report_keeps_its_headline():
    text = (
        "Cử tri gửi 215 ý kiến tới kỳ họp Hội đồng nhân dân thị xã\n"
        "Thứ Hai, 08/7/2024\n"
        "Tại kỳ họp, Ủy ban Mặt trận Tổ quốc thị xã đã trình bày báo cáo tổng hợp ý kiến, kiến nghị "
        "của cử tri và Nhân dân trên địa bàn thị xã trong sáu tháng đầu năm 2024.\n"
        "BÁO CÁO\n"
        "Tổng hợp ý kiến, kiến nghị của cử tri\n"
    )
    assert guess_title(text) == "Cử tri gửi 215 ý kiến tới kỳ họp Hội đồng nhân dân thị xã"


def test_kind_and_subject_on_one_line():
    text = LETTERHEAD + "Báo cáo sơ kết 6 tháng đầu năm 2024\nI. KẾT QUẢ\n"
    assert guess_title(text) == "Báo cáo sơ kết 6 tháng đầu năm 2024"


def test_kind_heading_without_a_subject():
    assert guess_title(LETTERHEAD + "BÁO CÁO\nI. KẾT QUẢ ĐẠT ĐƯỢC\n1. Công tác lãnh đạo\n") == "Báo cáo"


def test_nothing_to_name():
    assert guess_title("") == ""
    assert guess_title("Thứ Sáu, 19/4/2024\n\n08:30\n*\n") == ""


def test_nfd_and_old_tones_come_out_nfc_and_modern():
    text = unicodedata.normalize("NFD", "BÁO CÁO\nKết quả hoà giải ở cơ sở năm 2024\n")
    title = guess_title(text)
    assert title == "Báo cáo kết quả hòa giải ở cơ sở năm 2024"
    assert unicodedata.is_normalized("NFC", title)


def test_long_title_is_cut_at_a_word():
    headline = "Đảng ủy phường Cẩm Thủy " + "đẩy mạnh tuyên truyền nghị quyết đến từng khu dân cư " * 6
    title = guess_title(headline)
    assert len(title) <= MAX_TITLE and title.endswith("…") and headline.startswith(title[:-1])
    assert title[-2] != " "
