"""The world of the isolation tests: the Phổ Yên demo, a sibling city, another province and
the personas (own, child, sibling, parent, other, removed, moved; anonymous is ``None``).

Built once for the package: the demo takes most of a minute.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from django.test import Client

from trienkhai.accounts.services import role_grant, role_revoke, user_create
from trienkhai.core.scoping import SYSTEM

FIGURES = os.environ.get("RELIABILITY_FIGURES", "/tmp/trienkhai-reliability-figures.jsonl")
PERSONAS = ("own", "child", "sibling", "parent", "other", "removed", "moved")


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, demo_2022_snapshot):
    """Built once for the package (the demo takes seconds). Tests read it; the write matrix
    rolls back every write that went through (see ``test_writes.attempt``)."""
    from django.db import transaction

    # Everything built here is rolled back at the end: the next modules find the database
    # as the migrations left it (a flush would also drop the data migrations' rows).
    blocker = django_db_blocker.unblock()
    blocker.__enter__()
    outer = transaction.atomic()
    outer.__enter__()
    try:
        from conftest import load_demo
        from trienkhai.orgs.choices import UnitKind
        from trienkhai.orgs.models import Unit
        from trienkhai.orgs.services import unit_create

        load_demo(demo_2022_snapshot)
        tn, tw, py = (
            Unit.objects.get(code="TU-TN"),
            Unit.objects.get(code="TW"),
            Unit.objects.get(code="TU-PY"),
        )
        ward = Unit.objects.get(name="Đảng ủy phường Ba Hàng")
        cell = ward.current_children().order_by("path").first()
        sib = unit_create(
            parent=tn,
            name="Thành ủy Sông Công",
            kind=UnitKind.CITY_COMMITTEE,
            illustrative=True,
            acting_user=SYSTEM,
        )
        other = unit_create(
            parent=tw,
            name="Tỉnh ủy Bắc Giang",
            kind=UnitKind.PROVINCIAL_COMMITTEE,
            illustrative=True,
            acting_user=SYSTEM,
        )
        unit_create(
            parent=sib,
            name="Chi bộ Sông Công 1",
            kind=UnitKind.PARTY_CELL,
            illustrative=True,
            acting_user=SYSTEM,
        )

        def persona(name, unit, role):
            u = user_create(username=f"iso-{name}", password="iso-a-long-password", acting_user=SYSTEM)
            if unit is not None:
                role_grant(user=u, unit=unit, role=role, acting_user=SYSTEM)
            return u

        people = {
            "own": persona("own", py, "admin"),
            "child": persona("child", ward, "editor"),
            "sibling": persona("sibling", sib, "admin"),
            "parent": persona("parent", tn, "viewer"),
            "other": persona("other", other, "admin"),
        }
        removed = persona("removed", py, "admin")
        from trienkhai.accounts.models import Role

        role_revoke(role=Role.objects.get(user=removed), acting_user=SYSTEM)
        moved = persona("moved", py, "admin")
        role_revoke(role=Role.objects.get(user=moved), acting_user=SYSTEM)
        role_grant(user=moved, unit=sib, role="admin", acting_user=SYSTEM)
        people.update(removed=removed, moved=moved)
        from trienkhai.accounts.services import api_token_create

        api_token_create(user=people["own"], name="iso", acting_user=people["own"])
        import datetime as dt

        from trienkhai.documents.services import document_register

        # A document no persona but "other" may see: the foreign id of the bulk mixes.
        other_doc = document_register(
            issuing_unit=other,
            code="01-KH/TU",
            title="Kế hoạch của Tỉnh ủy Bắc Giang",
            issued_on=dt.date(2024, 3, 1),
            acting_user=SYSTEM,
        )
        # A cadre of the sibling city: the foreign id of the people mixes.
        from trienkhai.training.models import Course
        from trienkhai.training.services import person_create

        course = Course.objects.filter(reach=py).order_by("pk").first()
        sib_person = person_create(
            unit=sib,
            full_name="Lê Văn Sông",
            category=course.audiences[0] if course and course.audiences else "tuyen_giao",
            illustrative=True,
            acting_user=SYSTEM,
        )
        # ... and one of the ward, of the same category (the inside id of those mixes).
        ward_person = person_create(
            unit=ward,
            full_name="Phạm Thị Phường",
            category=sib_person.category,
            illustrative=True,
            acting_user=SYSTEM,
        )
        # A reader's feedback on a published article of Phổ Yên (the moderation desk's object).
        import time

        from trienkhai.portal import antispam
        from trienkhai.portal.models import Article
        from trienkhai.portal.services import feedback_submit

        article = Article.objects.public().filter(unit=py).order_by("pk").first()
        if article is not None:
            feedback_submit(
                article=article,
                name="Bạn đọc",
                email="ban.doc@example.vn",
                body="Bài viết hữu ích.",
                token=antispam.form_token(article.pk, now=time.time() - 60),
            )
        # An imported report waiting for review (the import screen's write). The demo imports
        # the seed article when ../shared is beside the project; without it, one of our own.
        from trienkhai.intake.models import ImportedReport
        from trienkhai.intake.services import imported_report_create

        if not ImportedReport.objects.filter(unit=py).exists():
            imported_report_create(
                unit=py,
                title="Báo cáo thử của ma trận phân quyền",
                data="Thực hiện Kế hoạch số 0091-KH/TU, 100% chi bộ đã xây dựng kế hoạch.".encode(),
                file_name="bao-cao-thu.txt",
                acting_user=SYSTEM,
            )
        data = {
            "py": py,
            "ward": ward,
            "cell": cell,
            "sib": sib,
            "other": other,
            "tn": tn,
            "other_doc": other_doc,
            "sib_person": sib_person,
            "ward_person": ward_person,
            "people": people,
        }
        yield data
    finally:
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        blocker.__exit__(None, None, None)


def visible(user, obj, action: str = "view") -> bool:
    """The one scope rule, asked directly: may ``user`` act (``action``) on ``obj``?"""
    if type(obj).__name__ == "ApiToken":
        return obj.user_id == getattr(user, "pk", None)  # a token is its owner's alone
    manager = type(obj).objects
    if hasattr(manager, "restrict"):
        return manager.restrict(user, action).filter(pk=obj.pk).exists()
    return True


def client_for(user) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def record_figures(entry: dict) -> None:
    entry = {"test": "isolation", "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **entry}
    print("\n" + json.dumps(entry, ensure_ascii=False))
    try:
        with open(FIGURES, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError:
        pass
