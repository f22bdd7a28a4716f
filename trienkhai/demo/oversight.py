"""An inspection of how 35-NQ/TW and Kế hoạch 0091-KH/TU were carried out in Phổ Yên.

The seed states that 100% of committees disseminated 35-NQ/TW and 0091-KH/TU and that
the city stresses inspection and supervision; the inspection itself (dates, wards,
findings, recommendations) is ILLUSTRATIVE and flagged.
"""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.models import Unit
from trienkhai.oversight import services
from trienkhai.oversight.models import OversightPlan

SUBJECTS = ["Đảng ủy phường Ba Hàng", "Đảng ủy phường Bãi Bông", "Đảng ủy xã Minh Đức"]


def load(context: dict) -> None:
    units, docs = context["units"], context["documents"]
    city = units["TU-PY"]
    if OversightPlan.objects.filter(unit=city, year=2022).exists():
        return
    plan = services.plan_create(
        unit=city,
        year=2022,
        title="Chương trình kiểm tra, giám sát năm 2022 của Ban Thường vụ Thành ủy Phổ Yên",
        note="Minh họa.",
        illustrative=True,
        acting_user=SYSTEM,
    )
    subjects = [Unit.objects.get(name=n, path__startswith=city.path) for n in SUBJECTS]
    insp = services.inspection_create(
        conducting_unit=city,
        kind="kiem_tra",
        mode="chuyen_de",
        title="Kiểm tra việc thực hiện Nghị quyết 35-NQ/TW và Kế hoạch 0091-KH/TU",
        subject_matter="Việc phổ biến, quán triệt Nghị quyết 35-NQ/TW của Bộ Chính trị về tăng cường bảo vệ nền "
        "tảng tư tưởng của Đảng và Kế hoạch 0091-KH/TU; nắm bắt thông tin trên không gian mạng, tham mưu định "
        "hướng dư luận xã hội.",
        documents=[docs[c] for c in ("35-NQ/TW", "0091-KH/TU") if c in docs],
        subject_units=subjects,
        team="Trưởng đoàn — lãnh đạo Ban Tuyên giáo Thành ủy\nThành viên — chuyên viên Ban Tuyên giáo Thành ủy\n"
        "Thành viên — chuyên viên Ủy ban Kiểm tra Thành ủy",
        start_on=dt.date(2022, 9, 12),
        end_on=dt.date(2022, 9, 30),
        plan=plan,
        illustrative=True,
        acting_user=SYSTEM,
    )
    services.inspection_conclude(
        inspection=insp,
        findings="100% cấp ủy, tổ chức đảng đã phổ biến, quán triệt Nghị quyết 35-NQ/TW và Kế hoạch 0091-KH/TU "
        "đến cán bộ, đảng viên, đoàn viên, hội viên bằng hình thức phù hợp. Việc nắm bắt, tổng hợp dư luận trên "
        "không gian mạng ở một số chi bộ còn chưa thường xuyên.",
        conclusion="Các đảng ủy được kiểm tra thực hiện nghiêm túc; cần duy trì chế độ báo cáo định kỳ về tình "
        "hình tư tưởng, dư luận xã hội.",
        concluded_on=dt.date(2022, 10, 20),
        recommendations=[
            {
                "text": "Củng cố đội ngũ cộng tác viên dư luận xã hội ở các chi bộ; báo cáo định kỳ hằng quý.",
                "unit": subjects[0],
                "due_on": dt.date(2022, 12, 31),
            },
            {
                "text": "Bổ sung kế hoạch nắm bắt thông tin trên không gian mạng thuộc lĩnh vực phụ trách.",
                "unit": subjects[2],
                "due_on": dt.date(2022, 11, 30),
            },
        ],
        acting_user=SYSTEM,
    )
    for rec in insp.recommendations.all():
        services.recommendation_to_followup(recommendation=rec, acting_user=SYSTEM)
