"""Phổ Yên's opinion reports for 2022, by quarter, from the city and five wards.

ILLUSTRATIVE: the article gives the concerns (Covid-19, high fuel prices, livestock
disease, industrial parks and incoming workers including foreigners, hostile forces'
tricks) and the overall mood (consensus, excitement, trust); which ward reported what,
when, how widely and which way it moved is the demo's. Every report is flagged.
"""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.opinion.models import OpinionReport
from trienkhai.opinion.services import period_end, report_submit
from trienkhai.orgs.models import Unit
from trienkhai.proposals.services import proposal_from_issue

WARDS = ["Ba Hàng", "Bãi Bông", "Đồng Tiến", "Nam Tiến", "Tân Hương"]

# topic slug → per quarter (mood, spread, trend) for the city; None = not raised that quarter
CITY: dict[str, list[tuple[str, str, str] | None]] = {
    "dich-benh": [
        ("quan_tam", "dien_rong", "tang"),
        ("on_dinh", "nhieu_noi", "giam"),
        ("on_dinh", "mot_so_noi", "giam"),
        None,
    ],
    "gia-ca-xang-dau": [
        ("quan_tam", "nhieu_noi", "tang"),
        ("lo_lang", "dien_rong", "tang"),
        ("quan_tam", "nhieu_noi", "giam"),
        ("on_dinh", "mot_so_noi", "giam"),
    ],
    "dich-benh-vat-nuoi": [
        None,
        ("lo_lang", "nhieu_noi", "moi"),
        ("lo_lang", "nhieu_noi", "tang"),
        ("quan_tam", "mot_so_noi", "giam"),
    ],
    "viec-lam-lao-dong-kcn": [
        ("quan_tam", "nhieu_noi", "on_dinh"),
        ("quan_tam", "nhieu_noi", "tang"),
        ("quan_tam", "nhieu_noi", "tang"),
        ("quan_tam", "nhieu_noi", "on_dinh"),
    ],
    "lao-dong-nuoc-ngoai": [
        None,
        ("quan_tam", "mot_so_noi", "moi"),
        ("quan_tam", "mot_so_noi", "tang"),
        ("on_dinh", "mot_so_noi", "on_dinh"),
    ],
    "chong-pha": [
        ("on_dinh", "mot_so_noi", "on_dinh"),
        ("on_dinh", "mot_so_noi", "tang"),
        ("on_dinh", "mot_so_noi", "on_dinh"),
        ("on_dinh", "mot_so_noi", "on_dinh"),
    ],
}
SUMMARIES = {
    "dich-benh": "Diễn biến dịch Covid-19 ảnh hưởng đến sản xuất, kinh doanh và việc làm; Nhân dân đồng tình với các biện pháp phòng, chống dịch.",
    "gia-ca-xang-dau": "Giá xăng, dầu và một số mặt hàng thiết yếu tăng cao, ảnh hưởng chi phí sinh hoạt của người lao động.",
    "dich-benh-vat-nuoi": "Dịch bệnh trên vật nuôi gây thiệt hại cho sản xuất ở một số địa bàn; người chăn nuôi mong có hỗ trợ kịp thời.",
    "viec-lam-lao-dong-kcn": "Nhiều khu, cụm công nghiệp thu hút doanh nghiệp; người lao động đến làm việc, sinh sống ngày càng đông, quan tâm nhà ở, trường học, dịch vụ.",
    "lao-dong-nuoc-ngoai": "Có thêm người lao động nước ngoài làm việc tại các khu công nghiệp; Nhân dân quan tâm công tác quản lý cư trú, an ninh trật tự.",
    "chong-pha": "Các thế lực thù địch lợi dụng vấn đề được dư luận quan tâm để xuyên tạc trên không gian mạng; cán bộ, đảng viên nhận diện, không chia sẻ.",
}
OVERVIEW = (
    "Cán bộ, đảng viên và Nhân dân đồng thuận, phấn khởi trước những kết quả đã đạt được; tin tưởng vào sự "
    "lãnh đạo, chỉ đạo của các cấp ủy đảng và chính quyền."
)
# Which quarters each ward reported (the rest are missing on purpose: the synthesis shows them).
WARD_QUARTERS = {
    "Ba Hàng": [1, 2, 3, 4],
    "Bãi Bông": [1, 2, 3],
    "Đồng Tiến": [2, 3, 4],
    "Nam Tiến": [1, 3],
    "Tân Hương": [3],
}
WARD_TOPICS = [
    "gia-ca-xang-dau",
    "viec-lam-lao-dong-kcn",
    "dich-benh-vat-nuoi",
    "lao-dong-nuoc-ngoai",
    "dich-benh",
]


def _rows(q: int, slugs: list[str]) -> list[dict]:
    rows = []
    for slug in slugs:
        cell = CITY[slug][q - 1]
        if cell is not None:
            mood, spread, trend = cell
            rows.append(
                {"topic": slug, "mood": mood, "spread": spread, "trend": trend, "summary": SUMMARIES[slug]}
            )
    return rows


def load(context: dict) -> None:
    from importlib import import_module

    from django.apps import apps as django_apps

    # The topic list comes with a data migration; a database emptied since (a test's flush)
    # gets it again, with the same function.
    import_module("trienkhai.opinion.migrations.0002_seed_topics").seed(django_apps, None)
    units = context["units"]
    city = units["TU-PY"]
    if OpinionReport.objects.filter(unit=city, year=2022).exists():
        return
    for q in range(1, 5):
        issues = []
        if q == 3:
            issues = [
                {
                    "topic": "chinh-sach-phap-luat",
                    "description": "Chưa có quy định hỗ trợ chế độ cho cán bộ làm công tác tuyên giáo ở cơ sở.",
                    "proposed_solution": "Kiến nghị cấp trên ban hành quy định hỗ trợ (đã nêu tại buổi làm việc ngày 11/8/2022).",
                }
            ]
        report_submit(
            unit=city,
            period_kind="quarter",
            year=2022,
            period_no=q,
            report_date=period_end("quarter", 2022, q),
            mood="dong_thuan",
            overview=OVERVIEW,
            sources=["hoi_nghi", "cong_tac_vien", "bao_chi", "mang_xa_hoi"],
            topics=_rows(q, list(CITY)),
            issues=issues,
            illustrative=True,
            acting_user=SYSTEM,
        )
    for i, ward_name in enumerate(WARDS):
        ward = Unit.objects.get(name=f"Đảng ủy phường {ward_name}", path__startswith=city.path)
        for q in WARD_QUARTERS[ward_name]:
            slugs = WARD_TOPICS[: 2 + (i + q) % 3]
            issues = []
            if ward_name == "Đồng Tiến" and q == 3:
                issues = [
                    {
                        "topic": "viec-lam-lao-dong-kcn",
                        "description": "Nhà trọ, trường mầm non cho con công nhân khu công nghiệp trên địa bàn chưa đáp ứng nhu cầu.",
                        "proposed_solution": "Đề nghị thành phố quy hoạch thêm nhà ở xã hội và điểm trường mầm non gần khu công nghiệp.",
                    }
                ]
            report_submit(
                unit=ward,
                period_kind="quarter",
                year=2022,
                period_no=q,
                report_date=period_end("quarter", 2022, q) - dt.timedelta(days=5),
                mood="dong_thuan" if (i + q) % 3 else "on_dinh",
                overview="Tình hình tư tưởng cán bộ, đảng viên và Nhân dân trên địa bàn ổn định.",
                sources=["hoi_nghi", "cong_tac_vien"],
                topics=_rows(q, slugs),
                issues=issues,
                illustrative=True,
                acting_user=SYSTEM,
            )
    # One pressing issue goes up as a proposal in one click (illustrative, like its report).
    report = OpinionReport.objects.get(unit__name="Đảng ủy phường Đồng Tiến", year=2022, period_no=3)
    proposal_from_issue(
        issue=report.issues.get(),
        sent_on=dt.date(2022, 10, 3),
        due_on=dt.date(2022, 11, 2),
        acting_user=SYSTEM,
    )
