from __future__ import annotations

import io

import pytest

from conftest import make_user
from trienkhai.core.scoping import SYSTEM
from trienkhai.opinion.reports import synthesis_docx, synthesis_sections
from trienkhai.opinion.selectors import opinion_synthesis, report_search

from .conftest import submit


@pytest.mark.parametrize(
    "who,sees",
    [
        ("own", True),
        ("parent", True),
        ("superuser", True),
        ("child", False),
        ("sibling", False),
        ("other", False),
    ],
)
def test_visible_at_the_unit_and_above(report, personas, who, sees):
    assert report_search(viewer=getattr(personas, who)).filter(pk=report.pk).exists() is sees


@pytest.fixture
def reports(tree):
    submit(tree.city, no=2, topics=[("gia-ca-xang-dau", "on_dinh", "on_dinh")])
    submit(
        tree.city,
        mood="dong_thuan",
        topics=[("gia-ca-xang-dau", "lo_lang", "tang"), ("dich-benh", "quan_tam", "moi")],
        issues=[{"description": "Giá vật tư nông nghiệp tăng", "proposed_solution": "Hỗ trợ"}],
    )
    submit(
        tree.ward, topics=[("gia-ca-xang-dau", "buc_xuc", "tang"), ("lao-dong-nuoc-ngoai", "quan_tam", "moi")]
    )
    submit(tree.cell, topics=[("gia-ca-xang-dau", "lo_lang", "tang")])
    submit(tree.sibling, topics=[("moi-truong", "lo_lang", "tang")])


def test_synthesis_over_subtree(reports, tree, personas):
    from trienkhai.orgs.services import unit_create

    unit_create(parent=tree.city, name="Đảng ủy phường Mới", kind="dang_uy_phuong", acting_user=SYSTEM)
    s = opinion_synthesis(viewer=personas.own, unit=tree.city, period_kind="quarter", year=2022, period_no=3)
    assert s.reports == 3
    assert {m.mood: m.count for m in s.moods}["dong_thuan"] == 1
    assert [(t.name, t.units, t.prev_units) for t in s.topics][:1] == [("Giá cả – xăng dầu", 3, 1)]
    assert "Môi trường" not in [t.name for t in s.topics]  # the sibling's topic
    new = {t.name for t in s.new_or_rising if t.is_new}
    assert new == {"Dịch bệnh (Covid-19 …)", "Lao động nước ngoài"}
    assert [t.name for t in s.new_or_rising if t.is_rising] == ["Giá cả – xăng dầu"]
    assert [u.name for u in s.missing] == ["Đảng ủy phường Mới"] and s.children_total == 2
    assert s.unit_reported and s.issues_total == 1


def test_synthesis_for_unit_outside_scope_is_404(reports, tree, personas):
    from django.http import Http404

    with pytest.raises(Http404):
        opinion_synthesis(
            viewer=personas.child, unit=tree.city, period_kind="quarter", year=2022, period_no=3
        )
    with pytest.raises(Http404):
        opinion_synthesis(
            viewer=personas.sibling, unit=tree.city, period_kind="quarter", year=2022, period_no=3
        )


def test_province_sees_both_cities(reports, tree, personas):
    s = opinion_synthesis(
        viewer=personas.parent, unit=tree.prov, period_kind="quarter", year=2022, period_no=3
    )
    assert s.reports == 4 and {u.name for u in s.missing} == set()


def test_sections_and_word_report(reports, tree, personas):
    s = opinion_synthesis(viewer=personas.own, unit=tree.city, period_kind="quarter", year=2022, period_no=3)
    sections = synthesis_sections(s)
    assert [x.title for x in sections] == [
        "Tình hình chung",
        "Những vấn đề cán bộ, đảng viên và Nhân dân quan tâm",
        "Vấn đề bức xúc và đề xuất, kiến nghị",
        "Đơn vị chưa báo cáo",
    ]
    import docx

    data = synthesis_docx(s, number="12-BC/TU", place="Bình Yên")
    d = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "tổng hợp tình hình tư tưởng, dư luận xã hội quý 3/2022" in text
    assert "I- TÌNH HÌNH CHUNG" in text
    header = "\n".join(c.text for row in d.tables[0].rows for c in row.cells)
    assert "ĐẢNG BỘ TỈNH AN HÒA" in header and "Số 12-BC/TU" in header
    assert make_user  # personas fixture users are real
