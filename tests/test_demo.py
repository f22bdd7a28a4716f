"""The Phổ Yên demo: what the foundation promises it holds, and that loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from trienkhai.accounts.models import Role, User
from trienkhai.core.models import AuditEvent
from trienkhai.documents.models import Document, DocumentLink
from trienkhai.documents.selectors import document_chain
from trienkhai.orgs.models import Unit, UnitEvent, UnitVersion
from trienkhai.orgs.selectors import tree_as_of


def counts():
    return [
        m.objects.count()
        for m in (Unit, UnitEvent, UnitVersion, Document, DocumentLink, User, Role, AuditEvent)
    ]


def test_demo_holds_what_the_issues_promise_and_loading_twice_changes_nothing(demo, client):
    """One load (the demo takes seconds), every promise checked, then a second load."""
    check_tree_has_the_real_bodies_and_phuong_xa()
    check_phu_yen_was_a_town_before_10_4_2022()
    check_documents_and_chains()
    check_demo_logins(client)
    check_2025_mergers_are_recorded()
    check_demo_rollouts_count_the_seed_figures()
    before = counts()
    call_command("demo", no_serve=True, stdout=open("/dev/null", "w"))
    assert counts() == before


def check_tree_has_the_real_bodies_and_phuong_xa():
    """The seed's tree, as it stood until 30/6/2025 (the units keep their place, ended, after the
    1/7/2025 plan: tests/test_demo_current.py checks today's tree)."""
    py = Unit.objects.get(code="TU-PY")
    assert py.name == "Thành ủy Phổ Yên"
    direct = {u.name for u in Unit.objects.filter(path__startswith=py.path, depth=py.depth + 1)}
    for name in [
        "Ban Tuyên giáo Thành ủy Phổ Yên",
        "Ban Chỉ đạo 35 thành phố Phổ Yên",
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Phổ Yên",
        "Đảng ủy phường Ba Hàng",
        "Đảng ủy xã Vạn Phái",
    ]:
        assert name in direct
    assert sum(1 for n in direct if n.startswith(("Đảng ủy phường", "Đảng ủy xã"))) == 18
    cells = Unit.objects.filter(kind="chi_bo", path__startswith=Unit.objects.get(code="TU-TN").path)
    assert cells.count() == 54 and all(c.illustrative for c in cells)
    # The call list reaches a ward that is behind itself: every ward and commune had a number.
    committees = Unit.objects.filter(
        path__startswith=py.path, depth=py.depth + 1, kind__in=["dang_uy_phuong", "dang_uy_xa"]
    )
    assert committees.count() == 18 and all(sum(ch.isdigit() for ch in u.contact) >= 9 for u in committees)
    assert Unit.objects.filter(name="Ban Tuyên giáo Trung ương").exists()


def check_phu_yen_was_a_town_before_10_4_2022():
    su = User.objects.get(username="admin")
    py = Unit.objects.get(code="TU-PY")
    then = tree_as_of(viewer=su, date=dt.date(2021, 8, 9), root=py)
    assert then[0].name == "Thị ủy Phổ Yên"
    assert tree_as_of(viewer=su, date=dt.date(2022, 8, 11), root=py)[0].name == "Thành ủy Phổ Yên"


def check_documents_and_chains():
    codes = set(Document.objects.values_list("code", flat=True))
    assert {
        "08-CTr/TU",
        "03-KH/TW",
        "21-KL/TW",
        "37-QĐ/TW",
        "01-KL/TW",
        "05-CT/TW",
        "35-NQ/TW",
        "0091-KH/TU",
    } <= codes
    assert Document.objects.filter(
        title__startswith="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII"
    ).exists()
    su = User.objects.get(username="admin")
    plan = Document.objects.get(code="0091-KH/TU")
    assert plan.code_raw == "0091- KH/TU"
    assert [s.document.code for s in document_chain(viewer=su, document=plan)["up"]] == ["35-NQ/TW"]
    ctr = Document.objects.get(code="08-CTr/TU")
    assert ctr.issued_on == dt.date(2021, 8, 9)
    assert document_chain(viewer=su, document=ctr)["up"][0].document.title.startswith("Nghị quyết Đại hội")
    assert Document.objects.get(code="37-QĐ/TW").kind == "quy_dinh"


def check_demo_logins(client):
    for username in ["admin", "thanhuy", "phuong", "chibo", "tinhuy", "vanphong", "phoyen"]:
        r = client.post("/accounts/login/", {"username": username, "password": "trienkhai-demo"})
        assert r.status_code == 302, username
        client.post("/accounts/logout/")
    assert User.objects.get(username="admin").is_superuser
    # the Ba Hàng office's role, and the one it was confirmed into on 1/7/2025
    assert {r.unit.name for r in Role.objects.filter(user__username="phuong")} == {
        "Đảng ủy phường Ba Hàng",
        "Đảng ủy phường Phổ Yên",
    }
    assert Role.objects.get(user__username="chibo").unit.kind == "chi_bo"


def check_2025_mergers_are_recorded():
    board = Unit.objects.get(code="BTGDVTW")
    merged = set(
        UnitEvent.objects.filter(related_unit=board, kind="merged_into").values_list("unit__name", flat=True)
    )
    assert merged == {"Ban Tuyên giáo Trung ương", "Ban Dân vận Trung ương"}


def check_demo_rollouts_count_the_seed_figures():
    """The seed's figures as of its session (11/8/2022), and today's dashboard on today's tree."""
    from trienkhai.rollout.models import Rollout
    from trienkhai.rollout.selectors import coverage_as_of, dashboard

    su = User.objects.get(username="admin")
    py = Unit.objects.get(code="TU-PY")
    session = dt.date(2022, 8, 11)

    def totals(code, kind):
        rollout = Rollout.objects.get(document__code=code)
        cov = coverage_as_of(viewer=su, rollout=rollout, unit=py, date=session)
        return cov.totals[[s.kind for s in cov.steps].index(kind)]

    plan = totals("08-CTr/TU", "plan")
    assert (plan.done, plan.in_scope) == (72, 72)  # "100% … đã xây dựng kế hoạch"
    dissem = totals("0091-KH/TU", "dissemination")
    assert dissem.done == dissem.in_scope == 72
    vanphong = User.objects.get(username="vanphong")
    rows = {r.rollout.document.code: r for r in dashboard(viewer=vanphong)}
    assert set(rows) >= {"08-CTr/TU", "03-KH/TW", "0091-KH/TU", "05-CT/TW", "15-KH/TU"}
    assert any(r.overdue for r in rows.values())  # and realistic gaps elsewhere
    thematic = rows["05-CT/TW"].rollout.periods.count()
    assert thematic == 4
