"""News portal demo: the 11/8/2022 working session told in the committee's own words,
a few other (illustrative) items, two albums of photos the demo draws itself, and
links to public bodies' websites. Everything goes through ``portal.services``.

The photos are drawn with Pillow at load time (no downloaded or real photographs):
simple compositions marked "Ảnh minh họa" in the picture and in the caption.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw, ImageFont

from trienkhai.core.scoping import SYSTEM
from trienkhai.portal import services
from trienkhai.portal.models import Article

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MARKER = ("demo", "session-2022-08-11")
ILLUSTRATIVE = "Ảnh minh họa"


# --- pictures ----------------------------------------------------------------------------------


def _font(size: int, bold: bool = False):
    names = ["DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", "LiberationSans-Bold.ttf"]
    for name in names:
        for folder in ("", "/usr/share/fonts/truetype/dejavu/", "/usr/share/fonts/truetype/liberation2/"):
            try:
                return ImageFont.truetype(folder + name, size)
            except OSError:
                continue
    return ImageFont.load_default(size=size)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: str) -> None:
    import math

    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.382
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=fill)


def _person(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float, shirt: str, rng: random.Random) -> None:
    head = int(26 * scale)
    skin = rng.choice(["#e9c3a0", "#dcb08b", "#f0cfae"])
    draw.rounded_rectangle(
        (x - 38 * scale, y, x + 38 * scale, y + 95 * scale), radius=int(22 * scale), fill=shirt
    )
    draw.ellipse((x - head, y - 2.1 * head, x + head, y - 0.1 * head), fill=skin)
    draw.chord((x - head, y - 2.2 * head, x + head, y - 0.9 * head), 180, 360, fill="#262626")


def draw_scene(kind: str, label: str, seed: int, size: tuple[int, int] = (1280, 800)) -> bytes:
    """An illustrative picture: a meeting room, a speaker at a rostrum or a conference hall."""
    w, h = size
    rng = random.Random(seed)
    im = Image.new("RGB", size, "#f3ead8")
    d = ImageDraw.Draw(im)
    # wall and floor
    for y in range(int(h * 0.62)):
        shade = 238 - int(18 * y / (h * 0.62))
        d.line((0, y, w, y), fill=(shade, shade - 8, shade - 26))
    d.rectangle((0, int(h * 0.62), w, h), fill="#8c5a3c")
    # the red backdrop with a gold star and a banner band
    d.rectangle((int(w * 0.12), int(h * 0.06), int(w * 0.88), int(h * 0.40)), fill="#b3121a")
    _star(d, w * 0.22, h * 0.23, h * 0.11, "#ffd400")
    d.rectangle((int(w * 0.32), int(h * 0.14), int(w * 0.84), int(h * 0.31)), fill="#c8242c")
    title = {"session": "BUỔI LÀM VIỆC", "speech": "PHÁT BIỂU", "conference": "HỘI NGHỊ HỌC TẬP"}.get(
        kind, "HỘI NGHỊ"
    )
    d.text((w * 0.58, h * 0.225), title, font=_font(int(h * 0.06), bold=True), fill="#ffe680", anchor="mm")
    if kind == "speech":
        # a rostrum with a microphone and flowers
        d.polygon(
            [(w * 0.40, h * 0.55), (w * 0.60, h * 0.55), (w * 0.57, h * 0.92), (w * 0.43, h * 0.92)],
            fill="#6d3b22",
        )
        _star(d, w * 0.50, h * 0.70, h * 0.06, "#ffd400")
        _person(d, int(w * 0.50), int(h * 0.44), 1.5 * h / 800, "#2b3a55", rng)
        d.line((w * 0.47, h * 0.55, w * 0.485, h * 0.47), fill="#111", width=4)
        for fx in (0.14, 0.86):
            d.rectangle((w * fx - 30, h * 0.74, w * fx + 30, h * 0.92), fill="#5d3a1a")
            for _ in range(14):
                cx, cy = w * fx + rng.randint(-55, 55), h * 0.70 + rng.randint(-45, 20)
                d.ellipse(
                    (cx - 16, cy - 16, cx + 16, cy + 16), fill=rng.choice(["#f2c200", "#e03a3e", "#f7f3e8"])
                )
    else:
        rows = 1 if kind == "session" else 3
        for row in range(rows):
            y = int(h * (0.50 + row * 0.13))
            n = 7 if kind == "session" else 9
            scale = (1.05 + row * 0.25) * h / 800
            for i in range(n):
                x = int(w * (0.1 + 0.8 * (i + 0.5) / n))
                _person(d, x, y, scale, rng.choice(["#f7f7f7", "#2b3a55", "#3d4b3c", "#f7f7f7"]), rng)
            if kind == "session" or row == rows - 1:
                d.rounded_rectangle(
                    (w * 0.05, y + 40 * scale, w * 0.95, y + 120 * scale), radius=8, fill="#e9e2cf"
                )
                d.rectangle((w * 0.05, y + 40 * scale, w * 0.95, y + 52 * scale), fill="#1d5b2a")
                for i in range(n):
                    x = int(w * (0.1 + 0.8 * (i + 0.5) / n))
                    d.rectangle((x - 18, y + 60 * scale, x + 18, y + 78 * scale), fill="#fafafa")
    # caption band: says what the picture is, in the picture itself
    band = int(h * 0.085)
    d.rectangle((0, h - band, w, h), fill=(20, 20, 20))
    d.text(
        (24, h - band / 2),
        f"{ILLUSTRATIVE} · {label}",
        font=_font(int(band * 0.42)),
        fill="#ffffff",
        anchor="lm",
    )
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


# --- content -----------------------------------------------------------------------------------

SESSION_BODY = """
<p>Ngày 11/8/2022, đoàn công tác của Ban Tuyên giáo Trung ương do đồng chí Lại Xuân Môn dẫn đầu đã có buổi làm việc với Thành ủy Phổ Yên về kết quả nghiên cứu, học tập, quán triệt và triển khai thực hiện các nghị quyết, chỉ thị, kết luận của Đảng trên địa bàn thành phố. Cùng dự, về phía tỉnh Thái Nguyên có đồng chí Vũ Huy Hoàng, Ủy viên Ban Thường vụ, Trưởng ban Tuyên giáo Tỉnh ủy, và đồng chí Bùi Văn Lương, Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Thành ủy, Chủ tịch UBND thành phố Phổ Yên.</p>
<h2>Nghị quyết đến từng chi bộ</h2>
<p>Trình bày báo cáo của Thành ủy, đồng chí Nguyễn Xuân Trường, Phó Bí thư thường trực Thành ủy, cho biết sau Đại hội XIII của Đảng, tất cả các chi bộ, đảng bộ trực thuộc đều đã có kế hoạch riêng và đã tổ chức hội nghị học tập, quán triệt cho cán bộ, đảng viên. Ngày 09/8/2021, Ban Chấp hành Đảng bộ (khi đó là thị xã) ban hành <strong>Chương trình hành động số 08-CTr/TU</strong>; từ chương trình này, các địa phương, đơn vị xây dựng đề án, kế hoạch phát triển kinh tế - xã hội của mình cho nhiệm kỳ 2020–2025.</p>
<p>Với <strong>Nghị quyết 35-NQ/TW</strong> về bảo vệ nền tảng tư tưởng của Đảng và <strong>Kế hoạch 0091-KH/TU</strong> của Thành ủy, 100% cấp ủy, tổ chức đảng và thủ trưởng cơ quan, đơn vị đã phổ biến tới cán bộ, đảng viên, đoàn viên, hội viên và nhân dân. Kế hoạch 03-KH/TW thực hiện Kết luận 21-KL/TW và Quy định 37-QĐ/TW được đưa vào sinh hoạt cấp ủy, sinh hoạt chi bộ, gắn với kiểm điểm tự phê bình và phê bình; việc học tập và làm theo Bác theo Kết luận 01-KL/TW được tổ chức bằng chuyên đề năm và sinh hoạt hằng quý.</p>
<p>Hình thức được chọn cho phù hợp với diễn biến dịch Covid-19: họp trực tiếp hoặc trực tuyến qua Zoom, Teams; in và phát tài liệu; gửi tệp qua Zalo, Facebook; lồng ghép tại các diễn đàn chuyên môn và khuyến khích tự học.</p>
<h2>Nắm chắc tư tưởng, dư luận ở cơ sở</h2>
<p>Ban Tuyên giáo Thành ủy, cơ quan thường trực của Ban Chỉ đạo 35 thành phố, theo dõi thông tin trên mạng và tổng hợp dư luận từ các địa phương để tham mưu xử lý sớm những vấn đề nảy sinh. Những điều người dân quan tâm trong thời gian qua gồm dịch bệnh, giá xăng dầu tăng, các thủ đoạn chống phá mới, sự phát triển nhanh của các khu, cụm công nghiệp kéo theo số lao động (có cả người nước ngoài) tăng mạnh, và dịch bệnh trên vật nuôi. Tâm trạng chung của cán bộ, đảng viên và nhân dân là đồng thuận, phấn khởi và tin tưởng.</p>
<p>Thành ủy rút ra bốn bài học: coi trọng giáo dục chính trị tư tưởng; đưa tuyên truyền về cơ sở, tăng đối thoại và giải quyết trực tiếp những bức xúc chính đáng; bồi dưỡng đội ngũ cán bộ tuyên giáo, báo cáo viên, tuyên truyền miệng; tăng cường kiểm tra, giám sát để thông tin thông suốt hai chiều và nhân rộng cách làm hay. Một kết quả nổi bật là Phổ Yên đã trở thành thành phố trực thuộc tỉnh sớm hơn ba năm so với kế hoạch.</p>
<h2>Kiến nghị và tiếp thu</h2>
<p>Thành ủy đề nghị tiếp tục mở lớp tập huấn cho thành viên Ban Chỉ đạo 35, Tổ Thư ký giúp việc và cộng tác viên cấp huyện, đồng thời sớm có quy định về chế độ hỗ trợ cho cán bộ làm công tác tuyên giáo ở cơ sở. Đồng chí Trần Đoàn Hưng, Phó Vụ trưởng, Phó Chánh văn phòng Ban Chỉ đạo 35 Trung ương, cùng lãnh đạo các vụ, đơn vị của Ban đã trao đổi thêm về công tác xây dựng Đảng và tuyên giáo.</p>
<blockquote>Kết luận buổi làm việc, đồng chí Lại Xuân Môn đánh giá cao việc học tập nghị quyết ở Phổ Yên được tổ chức đúng kế hoạch, đa dạng về hình thức, và đã tạo được sự thống nhất từ nhận thức đến hành động; các kiến nghị của Thành ủy được ghi nhận để các vụ, đơn vị của Ban sớm có văn bản hướng dẫn.</blockquote>
"""

ITEMS: list[dict[str, Any]] = [
    {
        "key": "35",
        "owner": "BTGTU-PY",
        "title": "Phổ Yên: mọi cấp ủy đã phổ biến Nghị quyết 35-NQ/TW và Kế hoạch 0091-KH/TU",
        "lead": "Nghị quyết về bảo vệ nền tảng tư tưởng của Đảng và kế hoạch thực hiện của Thành ủy đã đến với "
        "cán bộ, đảng viên, đoàn viên, hội viên và nhân dân ở tất cả các cấp ủy, tổ chức đảng của thành phố.",
        "body": "<p>Theo báo cáo của Thành ủy, 100% cấp ủy, tổ chức đảng và thủ trưởng các cơ quan, đơn vị đã "
        "phổ biến, quán triệt Nghị quyết 35-NQ/TW của Bộ Chính trị và Kế hoạch 0091-KH/TU của Thành ủy bằng "
        "hình thức phù hợp với từng đối tượng.</p><p>Ban Chỉ đạo 35 thành phố duy trì việc nắm bắt thông tin "
        "trên không gian mạng, tổng hợp dư luận từ cơ sở để kịp thời định hướng.</p>"
        "<p><em>Tin minh họa do bản demo tạo từ các số liệu đã công bố.</em></p>",
        "tags": ["Nghị quyết 35", "Công tác tuyên giáo", "Phổ Yên"],
        "docs": ["35-NQ/TW", "0091-KH/TU"],
        "units": ["TU-PY", "BCD35-PY"],
        "at": dt.datetime(2022, 8, 12, 9, 30, tzinfo=TZ),
        "photo": ("conference", "Hội nghị quán triệt Nghị quyết 35-NQ/TW", "Hội nghị quán triệt nghị quyết"),
    },
    {
        "key": "hcm",
        "owner": "BTGTU-PY",
        "title": "Học tập chuyên đề năm về tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "lead": "Các cấp ủy, cơ quan, đơn vị trong thành phố học tập chuyên đề năm và sinh hoạt chuyên đề hằng "
        "quý theo Kết luận 01-KL/TW, gắn việc làm theo với nhiệm vụ chính trị của từng nơi.",
        "body": "<p>Thực hiện hướng dẫn của Ban Tuyên giáo Thành ủy, việc học tập chuyên đề được tổ chức đúng "
        "thời gian; nhiều chi bộ đưa nội dung vào sinh hoạt định kỳ và biểu dương các tập thể, cá nhân tiêu "
        "biểu.</p><p><em>Tin minh họa do bản demo tạo.</em></p>",
        "tags": ["Học tập và làm theo Bác", "Công tác tuyên giáo", "Phổ Yên"],
        "docs": ["01-KL/TW", "05-CT/TW"],
        "units": ["TU-PY"],
        "at": dt.datetime(2022, 9, 6, 15, 10, tzinfo=TZ),
        "photo": ("conference", "Hội nghị học tập chuyên đề", "Hội nghị học tập chuyên đề năm"),
    },
    {
        "key": "train",
        "owner": "BTGTU-PY",
        "title": "Bồi dưỡng nghiệp vụ cho báo cáo viên, tuyên truyền viên miệng ở cơ sở",
        "lead": "Lớp bồi dưỡng giúp đội ngũ làm công tác tuyên giáo ở phường, xã nắm chắc tình hình tư tưởng "
        "và trả lời kịp thời những vấn đề người dân quan tâm.",
        "body": "<p>Đây là một trong bốn bài học Thành ủy Phổ Yên rút ra: chăm lo bồi dưỡng đội ngũ cán bộ "
        "tuyên giáo, báo cáo viên và tuyên truyền miệng.</p><p><em>Tin minh họa do bản demo tạo.</em></p>",
        "tags": ["Công tác tuyên giáo", "Bồi dưỡng"],
        "docs": [],
        "units": ["TU-PY", "BCD35-PY"],
        "at": dt.datetime(2022, 10, 18, 8, 0, tzinfo=TZ),
        "photo": ("speech", "Báo cáo viên trao đổi tại lớp bồi dưỡng", "Báo cáo viên tại lớp bồi dưỡng"),
    },
]

LINKS = [
    ("Báo điện tử Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
    ("Tạp chí Tuyên giáo", "https://tuyengiao.vn/"),
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Cổng Thông tin điện tử tỉnh Thái Nguyên", "https://thainguyen.gov.vn/"),
    ("Báo Thái Nguyên", "https://baothainguyen.vn/"),
]


def load(context: dict) -> None:
    if Article.objects.filter(source_kind=MARKER[0], source_id=MARKER[1]).exists():
        return
    units, docs = context["units"], context["documents"]
    py, btg = units["TU-PY"], units["BTGTU-PY"]

    album_session = services.album_create(
        unit=py,
        title="Buổi làm việc với đoàn Ban Tuyên giáo Trung ương (11/8/2022)",
        description="Ảnh minh họa do hệ thống tạo, không phải ảnh chụp buổi làm việc.",
        acting_user=SYSTEM,
    )
    album_work = services.album_create(
        unit=btg,
        title="Hoạt động tuyên giáo thành phố Phổ Yên",
        description="Ảnh minh họa do hệ thống tạo.",
        acting_user=SYSTEM,
    )

    session = services.article_create(
        unit=py,
        title="Ban Tuyên giáo Trung ương làm việc với Thành ủy Phổ Yên về xây dựng Đảng và công tác tuyên giáo",
        lead="Chiều 11/8/2022, đoàn công tác Ban Tuyên giáo Trung ương làm việc với Thành ủy Phổ Yên (Thái "
        "Nguyên) về việc đưa các nghị quyết, chỉ thị, kết luận của Đảng đến từng chi bộ và những kiến nghị "
        "của cơ sở.",
        body=SESSION_BODY,
        author="Ban Tuyên giáo Thành ủy Phổ Yên",
        tags=["Xây dựng Đảng", "Công tác tuyên giáo", "Nghị quyết 35", "Phổ Yên"],
        units=[units[c].pk for c in ("TU-PY", "BTGTW", "TU-TN", "BCD35-PY") if c in units],
        documents=[
            docs[c].pk
            for c in (
                "DH-XIII",
                "08-CTr/TU",
                "03-KH/TW",
                "21-KL/TW",
                "37-QĐ/TW",
                "01-KL/TW",
                "35-NQ/TW",
                "0091-KH/TU",
            )
            if c in docs
        ],
        source_kind=MARKER[0],
        source_id=MARKER[1],
        acting_user=SYSTEM,
    )
    pictures = [
        (
            "session",
            "Quang cảnh buổi làm việc",
            "Quang cảnh buổi làm việc giữa đoàn công tác Ban Tuyên giáo Trung ương và Thành ủy Phổ Yên.",
            "Phòng họp với phông đỏ, ngôi sao vàng và bàn đại biểu",
        ),
        (
            "speech",
            "Phát biểu tại buổi làm việc",
            "Đại biểu phát biểu tại buổi làm việc.",
            "Một người phát biểu tại bục có hoa hai bên",
        ),
        (
            "session",
            "Các đại biểu trao đổi",
            "Các đại biểu trao đổi về công tác tuyên giáo ở cơ sở.",
            "Hàng đại biểu ngồi sau bàn họp",
        ),
    ]
    for i, (kind, band, caption, alt) in enumerate(pictures):
        services.photo_add(
            article=session,
            upload=draw_scene(kind, band, seed=811 + i),
            caption=caption,
            alt=alt,
            credit="Ảnh minh họa do hệ thống tạo",
            illustrative=True,
            album=album_session,
            acting_user=SYSTEM,
        )
    services.article_publish(
        article=session, publish_at=dt.datetime(2022, 8, 11, 14, 25, tzinfo=TZ), acting_user=SYSTEM
    )

    for n, item in enumerate(ITEMS):
        art = services.article_create(
            unit=units[item["owner"]],
            title=item["title"],
            lead=item["lead"],
            body=item["body"],
            author="Ban Tuyên giáo Thành ủy Phổ Yên",
            tags=item["tags"],
            units=[units[c].pk for c in item["units"] if c in units],
            documents=[docs[c].pk for c in item["docs"] if c in docs],
            source_kind="demo",
            source_id=item["key"],
            acting_user=SYSTEM,
        )
        kind, band, caption = item["photo"]
        services.photo_add(
            article=art,
            upload=draw_scene(kind, band, seed=900 + n),
            caption=caption + ".",
            alt=caption,
            credit="Ảnh minh họa do hệ thống tạo",
            illustrative=True,
            album=album_work,
            acting_user=SYSTEM,
        )
        services.article_publish(article=art, publish_at=item["at"], acting_user=SYSTEM)

    # A draft on the editors' desk: never on the public pages.
    services.article_create(
        unit=py,
        title="Dự thảo: sơ kết công tác tuyên giáo 9 tháng",
        lead="Bản nháp để minh họa quy trình duyệt tin.",
        body="Nội dung đang soạn.",
        author="Ban Tuyên giáo Thành ủy Phổ Yên",
        tags=["Công tác tuyên giáo"],
        source_kind="demo",
        source_id="draft",
        acting_user=SYSTEM,
    )
    for i, (name, url) in enumerate(LINKS):
        services.weblink_add(unit=py, name=name, url=url, position=i, acting_user=SYSTEM)
