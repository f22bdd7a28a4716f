"""Issue 18 point 4: a near-duplicate practice is pointed out before saving; a unit is not
offered to introduce or adopt its own practice; every create says it was saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from trienkhai.core.scoping import SYSTEM
from trienkhai.emulation.models import Campaign, Practice
from trienkhai.emulation.services import practice_feature


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _data(tree, title):
    return {
        "unit": tree.ward.pk,
        "title": title,
        "work_kind": "hoc_tap_nghi_quyet",
        "description": "Mỗi tổ dân phố một nhóm Zalo để gửi tài liệu trước buổi sinh hoạt.",
    }


@pytest.mark.parametrize(
    "title",
    [
        "HỌC TẬP NGHỊ QUYẾT QUA NHÓM ZALO",  # case
        "Hoc tap nghi quyet qua nhom Zalo",  # no diacritics
        "Học tập nghị quyết qua các nhóm Zalo",  # one word more
        "Qua nhóm Zalo học tập nghị quyết",  # the same words in another order
    ],
)
def test_near_duplicate_is_pointed_out_before_saving(login, personas, practice, tree, title):
    # GIVEN the ward has "Học tập nghị quyết qua nhóm Zalo"; WHEN it enters a near-identical title
    c = login(personas.child)
    r = c.post(reverse("emulation:practice_create"), _data(tree, title))
    page = r.content.decode()
    # THEN nothing is saved, the existing practice is linked and "save anyway" is offered
    assert r.status_code == 200 and Practice.objects.count() == 1
    assert reverse("emulation:practice", args=[practice.pk]) in page and practice.title in page
    assert 'type="checkbox" name="save_anyway"' in page
    # Ticking it saves the new one, with a message.
    r = c.post(reverse("emulation:practice_create"), {**_data(tree, title), "save_anyway": "on"}, follow=True)
    assert Practice.objects.count() == 2
    assert _messages(r) == [f"Đã giới thiệu cách làm “{title}”."]


def test_different_title_or_other_unit_is_saved_at_once_with_a_message(login, personas, practice, tree):
    c = login(personas.child)
    r = c.post(
        reverse("emulation:practice_create"),
        _data(tree, "Tuyên truyền lồng ghép trong sinh hoạt"),
        follow=True,
    )
    assert Practice.objects.count() == 2
    assert _messages(r) == ["Đã giới thiệu cách làm “Tuyên truyền lồng ghép trong sinh hoạt”."]
    # The same title at another unit (the cell) is not a duplicate of the ward's.
    r = c.post(
        reverse("emulation:practice_create"),
        {**_data(tree, "Học tập nghị quyết qua nhóm Zalo"), "unit": tree.cell.pk},
        follow=True,
    )
    assert Practice.objects.filter(unit=tree.cell).count() == 1 and len(_messages(r)) == 1


def test_campaign_create_says_it_was_saved(login, personas, tree):
    r = login(personas.own).post(
        reverse("emulation:create"),
        {
            "unit": tree.city.pk,
            "title": "Thi đua học tập và làm theo Bác năm 2023",
            "description": "Phát động trong toàn Đảng bộ",
            "starts_on": "2023-01-01",
            "ends_on": "2023-12-31",
        },
        follow=True,
    )
    assert Campaign.objects.count() == 1
    assert _messages(r) == ["Đã phát động phong trào “Thi đua học tập và làm theo Bác năm 2023”."]


def test_unit_is_not_offered_to_feature_or_adopt_its_own_practice(login, personas, practice, tree):
    # The ward's editor: neither form names the ward, since the practice is the ward's.
    page = login(personas.child).get(reverse("emulation:practice", args=[practice.pk])).content.decode()
    assert reverse("emulation:feature", args=[practice.pk]) not in page
    assert f'<option value="{tree.ward.pk}"' not in page
    # The city (above the ward) introduces it and may adopt it.
    page = login(personas.own).get(reverse("emulation:practice", args=[practice.pk])).content.decode()
    assert reverse("emulation:feature", args=[practice.pk]) in page
    assert f'<option value="{tree.city.pk}"' in page and f'<option value="{tree.ward.pk}"' not in page
    with pytest.raises(ValidationError):
        practice_feature(practice=practice, by=tree.ward, on=dt.date(2022, 2, 1), acting_user=SYSTEM)
    practice.refresh_from_db()
    assert practice.featured_by is None
