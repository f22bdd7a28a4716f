import datetime as dt

import pytest

from trienkhai.core.scoping import SYSTEM
from trienkhai.opinion.services import report_submit


def submit(
    unit,
    *,
    no=3,
    year=2022,
    kind="quarter",
    topics=(("gia-ca-xang-dau", "lo_lang", "tang"),),
    mood="on_dinh",
    **kw,
):
    return report_submit(
        unit=unit,
        period_kind=kind,
        year=year,
        period_no=no,
        mood=mood,
        topics=[
            {
                "topic": slug,
                "mood": m,
                "spread": "nhieu_noi",
                "trend": trend,
                "summary": "Giá xăng dầu tăng cao.",
            }
            for slug, m, trend in topics
        ],
        acting_user=kw.pop("acting_user", SYSTEM),
        **kw,
    )


@pytest.fixture
def report(tree):
    """GIVEN the city reported Q3/2022 with one pressing issue."""
    return submit(
        tree.city,
        mood="dong_thuan",
        overview="Cán bộ, đảng viên và Nhân dân đồng thuận, phấn khởi.",
        sources=["hoi_nghi", "cong_tac_vien"],
        issues=[
            {
                "description": "Thiếu chế độ cho cán bộ tuyên giáo cơ sở",
                "proposed_solution": "Ban hành quy định hỗ trợ",
            }
        ],
        report_date=dt.date(2022, 9, 30),
    )
