"""Word lists used by the extractor: general knowledge of Vietnamese, not text
from any particular document (family names, position words, ranks, provinces,
web-page debris)."""

from __future__ import annotations

# Common Vietnamese family names, plus frequent family names of ethnic
# minorities (Tày, Nùng, Thái, H'Mông, Ê Đê, Gia Rai …).
FAMILY_NAMES = frozenset(
    """
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Đinh
Lâm Mai Trịnh Trương Cao Lương Hà Tạ Tô Thái Quách Chu Châu Triệu Vương Lưu Phùng Mạc
Lại Kiều Văn Âu Nghiêm Khúc Doãn Tăng Lục Nông Hứa Kim Diệp Từ Tôn Thân Quan Ông Ninh
Tiêu Giang Thạch Thiều Khổng Khương Mạch Cù Cung Bạch Bế Bàn Chẩu Lò Lù Sùng Giàng Vàng
Hầu Thào Mùa Ma Hoàng Lữ Viên Phó Mẫn Đàm Đồng Lã Ưng Khúc Trình Tống Hàn Vi Âu Dư Đậu
Nhữ Quản Yên Y H' Ksor Siu Nay Rơ Rahlan Kpă Niê Byă Êban Mlô Bdap Hoàng Liêu Lường
Khổng Ung Thạch Danh Sơn Kha Trầm Chế Chề Cầm Hoa Vy Lục Mông Hờ Lầu Giàng Tẩn Chảo
Triệu Sầm Đèo Tòng Quàng Bạc Ngân Nịnh Hoàng Lèo Linh
""".split()
)

# Syllables that strongly mark a personal name in second position.
MIDDLE_NAMES = frozenset(
    """
Văn Thị Đức Hữu Xuân Minh Quốc Ngọc Thanh Công Đình Trọng Quang Thế Huy Mạnh Anh Kim
Bá Tiến Hồng Như Thu Hoài Viết Đăng Duy Trung Khắc Tuấn Hải Phương Sinh Cẩm Tấn Chí
Thái Quý Thành Hoàng Bảo Vĩnh Phú Phúc Hùng Mai Lan Hoa Diệu Bích Tường Gia Nhật Sỹ Sĩ
""".split()
)

# Capitalised words that begin organisation or place names, never a person.
NOT_NAME_FIRST = frozenset(
    """
Ban Ủy Uỷ Đảng Bộ Sở Phòng Viện Cục Tỉnh Huyện Quận Xã Phường Hội Học Trường Nhà Báo
Đài Ngày Tháng Năm Thứ Chủ Phó Bí Giám Chánh Tổng Thủ Trưởng Nghị Quyết Chỉ Kết Kế
Thông Công Mặt Trận Tổ Chi Thành Thị Đại Trung Quốc Cộng Hòa Hoà Tuyên Dân
Tập Đoàn Khối Vụ Văn Phòng Cơ Sơ Điều Khoản Mục Chương Phần Theo Tại Về Sáng Chiều
Tối Trưa Hôm Đồng Các Những Một Hai Ba Bốn Năm Sáu Bảy Tám Chín Mười Kính Thưa
Quy Hướng Thực Căn Xét Nay Lễ Kỳ Lớp Khóa Khoá Giải Phong Cuộc Chương Đề Tờ Biên
Điện Lệnh Luật Hiến Cách Mạng Liên Hiệp Quân Công An Bệnh Tòa Toà Kho Bạc Ngân
Hàng Cảng Sân Chợ Đường Phố Cầu Sông Núi Hồ Đảo Vịnh Khu Cụm Làng Thôn Ấp Bản
Xóm Trạm Đội Tiểu Hạt Tòa Nguồn Ảnh Bài Tin Video Trang Chuyên Lượt Đăng Cập
""".split()
) - {"Hồ", "Văn", "Đồng", "Thái", "Đoàn", "Mai", "Phó", "Quan", "Sơn", "Cao", "Hà"}

# Words that end a name run (capitalised, but never part of a personal name).
NEVER_IN_NAME = frozenset(
    """
Ban Ủy Uỷ Đảng Bộ Sở Phòng Viện Cục Tỉnh Huyện Quận Xã Phường Hội Học Nhà Báo Đài
Ngày Tháng Chủ Bí Giám Chánh Tổng Thủ Nghị Chỉ Kết Kế Mặt Trận Tổ
Khối Vụ Điều Khoản Mục Chương Theo Tại Về Chiều Tối Hôm Các Những Một
Kính Thưa Căn Xét Lễ Lớp Khóa Khoá Giải Cuộc Đề Tờ Biên Điện Lệnh Luật
UBND HĐND MTTQ BCH BTV BCĐ TW TU
""".split()
)

# Ranks and academic degrees: neither part of the name nor a title.
RANKS = (
    "Đại tướng",
    "Thượng tướng",
    "Trung tướng",
    "Thiếu tướng",
    "Chuẩn Đô đốc",
    "Phó Đô đốc",
    "Đô đốc",
    "Đại tá",
    "Thượng tá",
    "Trung tá",
    "Thiếu tá",
    "Đại úy",
    "Đại uý",
    "Thượng úy",
    "Trung úy",
    "Thiếu úy",
    "GS.TSKH",
    "PGS.TSKH",
    "GS.TS",
    "PGS.TS",
    "PGS. TS",
    "GS. TS",
    "GS",
    "PGS",
    "TSKH",
    "TS",
    "ThS",
    "Th.S",
    "NCS",
    "BS",
    "BSCKII",
    "BSCKI",
    "KS",
    "CN",
    "LS",
    "NGND",
    "NGƯT",
    "NSND",
    "NSƯT",
    "Giáo sư",
    "Phó Giáo sư",
    "Tiến sĩ",
    "Thạc sĩ",
    "Bác sĩ",
    "Luật sư",
    "Kỹ sư",
    "Nhà giáo Nhân dân",
    "Nhà giáo Ưu tú",
    "Nghệ sĩ Nhân dân",
    "Nghệ sĩ Ưu tú",
    "Anh hùng Lực lượng vũ trang nhân dân",
    "Anh hùng Lao động",
    "Mẹ Việt Nam Anh hùng",
    "Anh hùng",
    "Liệt sĩ",
    "Nhà báo",
    "Nhà văn",
    "Nhà thơ",
    "Nhạc sĩ",
    "Họa sĩ",
    "Hoạ sĩ",
    "Đại đức",
    "Thượng tọa",
    "Hòa thượng",
    "Linh mục",
    "Mục sư",
)

# Words of address that introduce a person.
HONORIFICS = (
    "đồng chí",
    "Đồng chí",
    "đ/c",
    "Đ/c",
    "ông",
    "Ông",
    "bà",
    "Bà",
    "cụ",
    "Cụ",
    "anh",
    "Anh",
    "chị",
    "Chị",
    "em",
    "cháu",
    "Cháu",
    "thầy",
    "Thầy",
    "cô giáo",
    "Cô giáo",
    "cô",
    "Cô",
    "bác",
    "Bác",
    "chú",
    "Chú",
    "đồng chí:",
    "tác giả",
    "Tác giả",
    "nhà báo",
    "phóng viên",
    "tiến sĩ",
    "giáo sư",
    "thạc sĩ",
    "bác sĩ",
    "luật sư",
    "nhà văn",
    "nhà thơ",
    "nhạc sĩ",
    "liệt sĩ",
    "đại biểu",
    "cử tri",
    "đảng viên",
    "học viên",
    "sinh viên",
    "nghệ nhân",
    "thượng tá",
    "đại tá",
    "trung tá",
    "thiếu tá",
    "trung tướng",
    "thiếu tướng",
)

# Heads of position titles (capitalised as they are written before or after a
# name). "Phó", "nguyên", "Quyền" may precede them.
POSITION_HEADS = (
    "Tổng Bí thư",
    "Bí thư",
    "Chủ tịch nước",
    "Chủ tịch",
    "Ủy viên",
    "Uỷ viên",
    "Trưởng Ban",
    "Trưởng ban",
    "Trưởng Đoàn",
    "Trưởng đoàn",
    "Trưởng Phòng",
    "Trưởng phòng",
    "Trưởng Tiểu ban",
    "Trưởng Khoa",
    "Trưởng khoa",
    "Trưởng Công an",
    "Trưởng Cơ quan",
    "Trưởng thôn",
    "Trưởng ấp",
    "Trưởng bản",
    "Trưởng Văn phòng",
    "Trưởng",
    "Tổng Giám đốc",
    "Giám đốc",
    "Thứ trưởng",
    "Bộ trưởng",
    "Phó Thủ tướng",
    "Thủ tướng",
    "Chủ nhiệm",
    "Viện trưởng",
    "Vụ trưởng",
    "Cục trưởng",
    "Tổng cục trưởng",
    "Chánh Văn phòng",
    "Chánh văn phòng",
    "Chánh án",
    "Chánh Thanh tra",
    "Chánh thanh tra",
    "Tổng Biên tập",
    "Tổng biên tập",
    "Chuyên viên",
    "Thường trực",
    "Hiệu trưởng",
    "Tư lệnh",
    "Chính ủy",
    "Chính uỷ",
    "Tham mưu trưởng",
    "Đại sứ",
    "Chủ tọa",
    "Thư ký",
    "Tổng Thư ký",
    "Tổng thư ký",
    "Tỉnh ủy viên",
    "Tỉnh uỷ viên",
    "Thành ủy viên",
    "Thành uỷ viên",
    "Huyện ủy viên",
    "Huyện uỷ viên",
    "Quận ủy viên",
    "Thị ủy viên",
    "Đảng ủy viên",
    "Đảng uỷ viên",
    "Chi ủy viên",
    "Đại biểu Quốc hội",
    "Kiểm sát viên",
    "Thẩm phán",
    "Chỉ huy trưởng",
    "Trợ lý",
    "Chủ tịch Quốc hội",
    "Chủ tịch Hội đồng",
    "Người phát ngôn",
    "Giảng viên chính",
    "Giảng viên",
    "Báo cáo viên",
    "Chủ nhiệm Ủy ban",
    "Tổng Kiểm toán",
    "Kiểm toán trưởng",
    "Tổng Thanh tra",
    "Trưởng nhóm",
    "Hội trưởng",
    "Chi hội trưởng",
    "Tổ trưởng",
    "Đội trưởng",
    "Trưởng Khu",
    "Kế toán trưởng",
    "Phó",
)

# Provinces and centrally-run cities (before and after the 2025 merger).
PROVINCES = frozenset(
    """
Hà Nội|Hải Phòng|Đà Nẵng|Cần Thơ|Huế|Thừa Thiên Huế|An Giang|Bà Rịa - Vũng Tàu|
Bà Rịa|Vũng Tàu|Bắc Giang|Bắc Kạn|Bạc Liêu|Bắc Ninh|Bến Tre|Bình Định|Bình Dương|
Bình Phước|Bình Thuận|Cà Mau|Cao Bằng|Đắk Lắk|Đắk Nông|Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|
Hà Giang|Hà Nam|Hà Tĩnh|Hải Dương|Hậu Giang|Hòa Bình|Hưng Yên|Khánh Hòa|Kiên Giang|Kon Tum|
Lai Châu|Lâm Đồng|Lạng Sơn|Lào Cai|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|
Phú Yên|Quảng Bình|Quảng Nam|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|
Thái Bình|Thái Nguyên|Thanh Hóa|Tiền Giang|Trà Vinh|Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái|
Việt Nam|Trung Quốc|Hoa Kỳ|Tây Nguyên|Nam Bộ|Bắc Bộ|Trung Bộ|Đông Nam Bộ|Tây Bắc|Đông Bắc
""".replace("\n", "").split("|")
)

# Words naming a thing after a person: a name right after them is not a person.
THING_BEFORE_NAME = (
    "tư tưởng",
    "đạo đức",
    "phong cách",
    "tấm gương",
    "Thành phố",
    "thành phố",
    "TP.",
    "TP",
    "Tp.",
    "đường",
    "Đường",
    "phố",
    "Phố",
    "Trường",
    "trường",
    "THPT",
    "THCS",
    "Tiểu học",
    "mang tên",
    "Học viện",
    "Đại học",
    "Giải thưởng",
    "giải thưởng",
    "Giải",
    "Lăng",
    "lăng",
    "Bảo tàng",
    "bảo tàng",
    "Khu di tích",
    "di tích",
    "Quảng trường",
    "quảng trường",
    "Cầu",
    "cầu",
    "Công viên",
    "công viên",
    "Nhà văn hóa",
    "Huân chương",
    "huân chương",
    "Đền",
    "đền",
    "Tượng đài",
    "tượng đài",
    "chủ nghĩa",
    "Chủ nghĩa",
    "Thủ đô",
    "Đội",
    "đội",
    "Đoàn",
    "Liên đội",
    "Chi đội",
    "Bệnh viện",
    "bệnh viện",
    "Thư viện",
    "cuộc vận động",
    "phong trào",
    "Sân vận động",
    "bến",
    "Bến",
    "chợ",
    "Chợ",
)

# Lines of a saved web page that carry no text of the article.
WEB_DEBRIS = frozenset(
    s.casefold()
    for s in """
Phản hồi|Các tin khác|Tin khác|Thư viện ảnh|Thư viện video|Liên kết website|Liên kết web|
Mới nhất|Tin mới nhất|Tin mới|Đọc nhiều|Xem nhiều|Tin xem nhiều|Tin liên quan|Bài liên quan|
Bài viết liên quan|Tin cùng chuyên mục|Cùng chuyên mục|Chia sẻ|Chia sẻ bài viết|Chia sẻ:|
Bình luận|Gửi bình luận|Ý kiến bạn đọc|In bài viết|In trang|Gửi email|Gửi bài viết|
print send mail|print|send mail|Về đầu trang|Lên đầu trang|Trở về|Quay lại|Xem thêm|Đọc tiếp|
Trang chủ|Tweet|Like|Share|Facebook Twitter|Mặc định Cỡ chữ|Cỡ chữ|Độ ẩm:|Gió:|Tags:|Tag:|
Từ khóa:|Từ khoá:|Thẻ:|Bản in|Lưu tin|Theo dõi|Đăng nhập|Đăng ký|Tìm kiếm|Video|Ảnh|
Sơ đồ site|Sitemap|
""".replace("\n", "").split("|")
    if s.strip()
)

# Place words: a capitalised run after them is a place, unless a position
# title comes first and the run has the shape of a full personal name.
PLACE_BEFORE_NAME = (
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "quận",
    "thị xã",
    "thị trấn",
    "thôn",
    "ấp",
    "bản",
    "xóm",
    "Tỉnh",
    "Huyện",
    "Xã",
    "Phường",
    "Quận",
    "Thị xã",
    "Thị trấn",
    "tổ dân phố",
    "khu phố",
)
