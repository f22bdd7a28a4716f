"""Forms and channels of propaganda a text names (online, Zalo, loudspeakers, leaflets …):
the first place each is named, and how often."""

from __future__ import annotations

from trienkhai.textmine.extract.common import Item

_CHANNELS: list[tuple[str, tuple[str, ...]]] = [
    ("truc_tiep_ket_hop_truc_tuyen", ("trực tiếp kết hợp trực tuyến", "trực tiếp kết hợp với trực tuyến")),
    (
        "truc_tiep",
        (
            "hình thức trực tiếp",
            "họp trực tiếp",
            "tổ chức trực tiếp",
            "học tập trực tiếp",
            "tuyên truyền trực tiếp",
            "gặp gỡ trực tiếp",
            "đối thoại trực tiếp",
        ),
    ),
    ("truc_tuyen", ("trực tuyến", "online", "điểm cầu")),
    ("zoom", ("Zoom",)),
    ("teams", ("Teams",)),
    ("zalo", ("Zalo",)),
    ("facebook", ("Facebook", "Fanpage", "fanpage")),
    ("youtube", ("YouTube", "Youtube")),
    ("tiktok", ("TikTok", "Tiktok")),
    ("google_meet", ("Google Meet",)),
    ("email", ("email", "Email", "e-mail", "thư điện tử")),
    (
        "website",
        (
            "website",
            "Website",
            "cổng thông tin điện tử",
            "Cổng thông tin điện tử",
            "trang thông tin điện tử",
            "Trang thông tin điện tử",
        ),
    ),
    ("mang_xa_hoi", ("mạng xã hội",)),
    ("ung_dung", ("ứng dụng",)),
    (
        "in_phat_tai_lieu",
        (
            "in, phát tài liệu",
            "in phát tài liệu",
            "in ấn tài liệu",
            "phát hành tài liệu",
            "cấp phát tài liệu",
        ),
    ),
    ("tai_lieu", ("tài liệu",)),
    ("hoi_nghi", ("hội nghị", "Hội nghị")),
    ("toa_dam", ("tọa đàm", "Tọa đàm")),
    ("hoi_thao", ("hội thảo", "Hội thảo")),
    ("hoi_thi", ("hội thi", "cuộc thi")),
    ("loa_truyen_thanh", ("loa truyền thanh", "loa phát thanh", "đài truyền thanh", "hệ thống loa")),
    ("bao_chi", ("báo chí", "phương tiện thông tin đại chúng", "báo, đài")),
    ("truyen_hinh", ("truyền hình",)),
    ("pano_ap_phich", ("pano", "pa-nô", "áp phích", "băng rôn", "khẩu hiệu")),
    ("to_roi", ("tờ rơi", "tờ gấp")),
    ("tin_nhan", ("tin nhắn", "SMS")),
    ("sinh_hoat_chi_bo", ("sinh hoạt chi bộ",)),
    ("tuyen_truyen_mieng", ("tuyên truyền miệng",)),
    ("tu_hoc", ("tự học", "tự nghiên cứu")),
    ("chuyen_de", ("sinh hoạt chuyên đề", "chuyên đề")),
]

_CHANNELS_ALL = [
    (slug, tuple(dict.fromkeys([p for ph in phrases for p in (ph, ph[:1].upper() + ph[1:])])))
    for slug, phrases in _CHANNELS
]


def _find_channels(text: str) -> list[Item]:
    out: list[Item] = []
    for slug, phrases in _CHANNELS_ALL:
        first, first_phrase, count = -1, "", 0
        for ph in phrases:
            i = text.find(ph)
            while i >= 0:
                j = i + len(ph)
                if (i == 0 or not text[i - 1].isalnum()) and (j >= len(text) or not text[j].isalnum()):
                    break
                i = text.find(ph, i + 1)
            if i < 0:
                continue
            count += text.count(ph)
            if first < 0 or i < first:
                first, first_phrase = i, ph
        if first >= 0:
            out.append(
                {
                    "channel": slug,
                    "text": text[first : first + len(first_phrase)],
                    "span": [first, first + len(first_phrase)],
                    "count": count,
                }
            )
    out.sort(key=lambda c: c["span"][0])
    return out
