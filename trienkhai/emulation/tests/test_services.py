import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.emulation import selectors, services
from trienkhai.emulation.models import Adoption, Campaign, Nomination, Practice
from trienkhai.orgs.services import unit_create


def test_campaign_end_before_start_refused(tree, personas):
    with pytest.raises(ValidationError, match="trước ngày bắt đầu"):
        services.campaign_create(
            unit=tree.city,
            title="X",
            starts_on=dt.date(2022, 5, 1),
            ends_on=dt.date(2022, 1, 1),
            acting_user=personas.own,
        )
    assert not Campaign.objects.exists()


def test_nomination_outside_period_refused(campaign, tree, personas):
    with pytest.raises(ValidationError, match="ngoài thời gian của phong trào"):
        services.nomination_create(
            campaign=campaign,
            unit=tree.ward,
            kind="collective",
            nominee_unit=tree.cell,
            achievements="Tốt",
            nominated_on=dt.date(2023, 2, 1),
            acting_user=personas.child,
        )
    assert (
        not Nomination.objects.exists()
        and not AuditEvent.objects.filter(action="emulation.nominate").exists()
    )


def test_nominate_and_decide_with_decision_document(campaign, tree, personas, decision):
    n = services.nomination_create(
        campaign=campaign,
        unit=tree.ward,
        kind="collective",
        nominee_unit=tree.cell,
        achievements="100% đảng viên học tập chuyên đề",
        nominated_on=dt.date(2022, 11, 1),
        acting_user=personas.child,
    )
    assert n.nominee_name == tree.cell.name
    with pytest.raises(PermissionDenied, match="Chỉ đơn vị phát động"):  # a role, not a rule
        services.nomination_decide(nomination=n, approve=True, document=decision, acting_user=personas.child)
    with pytest.raises(ValidationError, match="quyết định khen thưởng"):
        services.nomination_decide(
            nomination=n, approve=True, on=dt.date(2022, 12, 20), acting_user=personas.own
        )
    n = services.nomination_decide(
        nomination=n, approve=True, on=dt.date(2022, 12, 20), document=decision, acting_user=personas.own
    )
    assert n.status == "approved" and n.decision_document == decision
    assert AuditEvent.objects.filter(action="emulation.decide").count() == 1
    with pytest.raises(ValidationError, match="đã được xét"):
        services.nomination_decide(nomination=n, approve=False, note="x", acting_user=personas.own)


def test_nominate_individual_must_work_under_the_unit(campaign, tree, personas):
    from trienkhai.training.services import person_create

    p = person_create(unit=tree.sibling, full_name="Người ngoài", category="bao_cao_vien", acting_user=SYSTEM)
    with pytest.raises(ValidationError):
        services.nomination_create(
            campaign=campaign,
            unit=tree.city,
            kind="individual",
            person=p,
            achievements="x",
            nominated_on=dt.date(2022, 3, 1),
            acting_user=SYSTEM,
        )


def test_adoption_of_own_practice_refused(practice, tree, personas):
    with pytest.raises(ValidationError, match="chính mình"):
        services.adoption_record(
            practice=practice, unit=tree.ward, adopted_on=dt.date(2022, 1, 1), acting_user=personas.child
        )
    assert not Adoption.objects.exists()


def test_feature_makes_practice_visible_to_other_units_and_adoption_counts(practice, tree, personas):
    other_ward = unit_create(
        parent=tree.city, name="Đảng ủy phường Đông", kind="dang_uy_phuong", acting_user=SYSTEM
    )
    from conftest import make_user

    neighbour = make_user("neighbour", other_ward, "editor")
    with pytest.raises(Http404):
        services.adoption_record(
            practice=practice, unit=other_ward, adopted_on=dt.date(2022, 3, 1), acting_user=neighbour
        )
    with pytest.raises(Http404):
        services.practice_feature(practice=practice, by=tree.city, acting_user=personas.child)
    services.practice_feature(
        practice=practice, by=tree.city, on=dt.date(2022, 2, 1), acting_user=personas.own
    )
    a = services.adoption_record(
        practice=practice,
        unit=other_ward,
        adopted_on=dt.date(2022, 3, 1),
        outcome="Tỷ lệ đảng viên đọc tài liệu trước tăng",
        acting_user=neighbour,
    )
    assert AuditEvent.objects.filter(action="emulation.adopt").count() == 1
    assert selectors.practice_get(viewer=personas.own, pk=practice.pk).adoption_count == 1
    # The sibling city (another branch under the province) still does not see it.
    assert not selectors.practice_search(viewer=personas.sibling).exists()
    with pytest.raises(ValidationError, match="đã ghi áp dụng"):
        services.adoption_record(
            practice=practice, unit=other_ward, adopted_on=dt.date(2022, 3, 2), acting_user=SYSTEM
        )
    assert a.unit == other_ward


def test_practice_refuses_disguised_attachment(tree, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match="không phải PDF"):
        services.practice_create(
            unit=tree.ward,
            title="X",
            work_kind="khac",
            description="Y",
            attachments=[(io.BytesIO(b"not a pdf"), "a.pdf")],
            acting_user=personas.child,
        )
    assert not Practice.objects.exists()
    p = services.practice_create(
        unit=tree.ward,
        title="X",
        work_kind="khac",
        description="Y",
        attachments=[(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "cach-lam.pdf")],
        acting_user=personas.child,
    )
    assert p.attachments.get().original_name == "cach-lam.pdf"


def test_panel_and_report(campaign, practice, tree, personas):
    panel = selectors.recognition_panel(viewer=personas.own, unit=tree.city, today=dt.date(2022, 6, 1))
    assert panel.active_campaigns == [campaign] and panel.practices == 1
    assert selectors.report_sections(viewer=personas.own, unit=tree.city, year=2022)[0].body
