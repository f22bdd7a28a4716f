from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from trienkhai.core.models import AuditEvent
from trienkhai.orgs.models import Unit


def xlsx(
    rows, headers=("Tên đơn vị", "Loại hình", "Đơn vị cấp trên", "Mã đơn vị", "Số đảng viên")
) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "don-vi.xlsx"
    return buf


def test_tree_requires_login(client, tree):
    r = client.get(reverse("orgs:tree"))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_tree_and_search_without_diacritics(login, personas, tree):
    c = login(personas.own)
    page = c.get(reverse("orgs:tree")).content.decode()
    assert "Thị ủy Bình Yên" in page and "Tỉnh ủy Phú Lâm" not in page
    found = c.get(reverse("orgs:tree"), {"q": "binh yen"}).content.decode()
    assert "Thị ủy Bình Yên" in found


def test_illustrative_units_are_marked(login, personas, tree):
    page = login(personas.own).get(reverse("orgs:detail", args=[tree.ward.pk])).content.decode()
    assert "minh họa" in page


@pytest.mark.parametrize(
    "who,status",
    [("own", 200), ("child", 404), ("sibling", 404), ("parent", 200), ("other", 404), ("superuser", 200)],
)
def test_unit_page_scope(login, personas, tree, who, status):
    assert (
        login(getattr(personas, who)).get(reverse("orgs:detail", args=[tree.city.pk])).status_code == status
    )


def test_missing_unit_is_404_like_forbidden(login, personas):
    assert login(personas.own).get(reverse("orgs:detail", args=[999999])).status_code == 404


def test_children_fragment_scoped(login, personas, tree):
    assert login(personas.sibling).get(reverse("orgs:children", args=[tree.city.pk])).status_code == 404
    r = login(personas.own).get(reverse("orgs:children", args=[tree.city.pk]))
    assert "Đảng ủy phường Cẩm Thủy" in r.content.decode()


def test_history_timeline_and_as_of(login, personas, tree):
    c = login(personas.own)
    r = c.post(
        reverse("orgs:rename", args=[tree.city.pk]),
        {
            "new_name": "Thành ủy Bình Yên",
            "new_kind": "thanh_uy",
            "date": "2022-04-10",
            "basis": "Nghị quyết",
        },
    )
    assert r.status_code == 302
    page = c.get(reverse("orgs:detail", args=[tree.city.pk])).content.decode()
    assert "Thị ủy Bình Yên → Thành ủy Bình Yên" in page and "10/04/2022" in page
    old = c.get(reverse("orgs:as_of"), {"date": "2021-01-01"}).content.decode()
    assert "Thị ủy Bình Yên" in old and "Thành ủy Bình Yên" not in old


def test_rename_with_bad_date_explains_and_changes_nothing(login, personas, tree):
    c = login(personas.own)
    r = c.post(
        reverse("orgs:rename", args=[tree.city.pk]),
        {"new_name": "Thành ủy Bình Yên", "new_kind": "thanh_uy", "date": "2001-01-01"},
    )
    assert r.status_code == 400
    assert "trước khi đơn vị được thành lập" in r.content.decode()
    tree.city.refresh_from_db()
    assert tree.city.name == "Thị ủy Bình Yên"


def test_import_all_valid_creates_all(login, personas, tree):
    c = login(personas.own)
    before = Unit.objects.count()
    f = xlsx(
        [
            ("Đảng ủy phường Tân Lập", "Đảng ủy phường", "Thị ủy Bình Yên", "W-9", 120),
            ("Chi bộ Tổ 7", "chi_bo", "W-9", "", 25),
            ("Chi bộ Tổ 8", "Chi bộ", "Đảng ủy phường Tân Lập", "", "30"),
        ]
    )
    r = c.post(reverse("orgs:import", args=[tree.city.pk]), {"file": f})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Unit.objects.count() == before + 3
    new_ward = Unit.objects.get(code="W-9")
    assert new_ward.member_counts.get().members == 120
    assert Unit.objects.get(name="Chi bộ Tổ 8").parent_unit() == new_ward


def test_import_any_invalid_creates_nothing_and_lists_rows(login, personas, tree):
    c = login(personas.own)
    before, audit_before = Unit.objects.count(), AuditEvent.objects.filter(refused=False).count()
    f = xlsx(
        [
            ("Chi bộ Tốt", "chi_bo", "Thị ủy Bình Yên", "", 10),
            ("Chi bộ Lạ", "loại không có", "Thị ủy Bình Yên", "", 10),
            ("Chi bộ Xa", "chi_bo", "Tỉnh ủy Phú Lâm", "", 10),
            ("", "chi_bo", "Thị ủy Bình Yên", "", 10),
            ("Chi bộ Âm", "chi_bo", "Thị ủy Bình Yên", "", -4),
        ]
    )
    r = c.post(reverse("orgs:import", args=[tree.city.pk]), {"file": f})
    page = r.content.decode()
    assert r.status_code == 400
    assert "loại hình “loại không có” không có trong danh mục" in page
    assert "không tìm thấy đơn vị cấp trên “Tỉnh ủy Phú Lâm”" in page
    assert "thiếu tên đơn vị" in page
    assert "không phải số không âm" in page
    assert Unit.objects.count() == before and AuditEvent.objects.filter(refused=False).count() == audit_before


def test_import_refuses_broken_and_hostile_files(login, personas, tree):
    c = login(personas.own)
    before = Unit.objects.count()
    broken = io.BytesIO(b"PK\x03\x04 not really a zip")
    broken.name = "x.xlsx"
    fake = io.BytesIO(b"<html>hello</html>")
    fake.name = "x.xlsx"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<x/>")
        zf.writestr("xl/big.xml", b"0" * (300 * 1024 * 1024))
    bomb.seek(0)
    bomb.name = "bomb.xlsx"
    for f, expected in [(broken, "không đúng định dạng"), (fake, "không đúng định dạng"), (bomb, "quá lớn")]:
        r = c.post(reverse("orgs:import", args=[tree.city.pk]), {"file": f})
        assert r.status_code == 400
        assert expected in r.content.decode()
    assert Unit.objects.count() == before


def test_import_outside_scope_is_404(login, personas, tree):
    f = xlsx([("Chi bộ A", "chi_bo", "Thành ủy Đông Sơn", "", 1)])
    assert (
        login(personas.own).post(reverse("orgs:import", args=[tree.sibling.pk]), {"file": f}).status_code
        == 404
    )


def test_import_template_and_export(login, personas, tree):
    c = login(personas.own)
    wb = load_workbook(io.BytesIO(c.get(reverse("orgs:import_template", args=[tree.city.pk])).content))
    assert [cell.value for cell in wb.active[1]][:3] == ["Tên đơn vị", "Loại hình", "Đơn vị cấp trên"]
    wb = load_workbook(io.BytesIO(c.get(reverse("orgs:export", args=[tree.city.pk])).content))
    names = [row[0] for row in wb.active.iter_rows(min_row=2, values_only=True)]
    assert names == ["Thị ủy Bình Yên", "Đảng ủy phường Cẩm Thủy", "Chi bộ Tổ dân phố số 1"]


def test_audit_page_for_unit_admins_only(login, personas, tree):
    c = login(personas.own)
    c.post(
        reverse("orgs:members", args=[tree.ward.pk]),
        {"as_of": "2022-06-30", "members": "41"},
        REMOTE_ADDR="10.1.2.3",
    )
    page = c.get(reverse("orgs:audit", args=[tree.city.pk])).content.decode()
    assert "unit.members" in page and "10.1.2.3" in page and "own" in page
    # They see the unit but are not its administrators: 403 (out of scope would be 404).
    assert login(personas.child).get(reverse("orgs:audit", args=[tree.ward.pk])).status_code == 403
    assert login(personas.parent).get(reverse("orgs:audit", args=[tree.city.pk])).status_code == 403
    assert login(personas.sibling).get(reverse("orgs:audit", args=[tree.city.pk])).status_code == 404


def test_as_of_opens_without_an_error_until_a_date_is_asked_for(login, personas, tree):
    """Issue 13.8: /units/as-of/ (also from a unit's page, ?root=…) said "Trường này là bắt buộc."
    before anything was typed; a bad date still explains itself."""
    c = login(personas.own)
    for params in ({}, {"root": tree.city.pk}):
        page = c.get(reverse("orgs:as_of"), params).content.decode()
        assert "bắt buộc" not in page and "errorlist" not in page, params
    bad = c.get(reverse("orgs:as_of"), {"date": "31/02/2022", "root": tree.city.pk}).content.decode()
    assert "errorlist" in bad
    empty = c.get(reverse("orgs:as_of"), {"date": ""}).content.decode()
    assert "bắt buộc" in empty  # asked with no date: now the message is due
