from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from trienkhai.core.models import AuditEvent
from trienkhai.core.scoping import SYSTEM
from trienkhai.portal import services
from trienkhai.portal.choices import ArticleStatus, ReviewDecision
from trienkhai.portal.models import Article, Photo
from trienkhai.portal.tests.conftest import png_bytes, png_declaring


def _audits(action, obj):
    return AuditEvent.objects.filter(action=action, object_id=str(obj.pk)).count()


def test_create_sanitises_body_and_keeps_title_as_text(tree, personas):
    """GIVEN script in title and body WHEN an editor saves THEN the title stays text, the body is cleaned."""
    a = services.article_create(
        unit=tree.ward,
        title="<script>alert('t')</script> Tin phường",
        body='<p>Nội dung<script>alert(1)</script><img src=x onerror="alert(2)"></p>',
        tags=["Phổ Yên", "pho yen", "Công tác tuyên giáo"],
        acting_user=personas.child,
    )
    assert a.title == "<script>alert('t')</script> Tin phường"  # escaped by templates, never |safe
    assert a.body == "<p>Nội dung</p>"
    assert a.status == ArticleStatus.DRAFT and a.created_by == personas.child
    assert sorted(t.name for t in a.tags.all()) == [
        "Công tác tuyên giáo",
        "Phổ Yên",
    ]  # one tag per folded name
    assert "tin phuong" in a.search_folded and _audits("article.create", a) == 1


def test_text_enters_nfc_with_modern_tones(tree):
    a = services.article_create(
        unit=tree.city, title=unicodedata.normalize("NFD", "Hoà bình, thuỷ lợi"), acting_user=SYSTEM
    )
    assert a.title == "Hòa bình, thủy lợi"


def test_editor_of_another_unit_cannot_write_here(tree, personas):
    with pytest.raises(Http404):
        services.article_create(unit=tree.city, title="X", acting_user=personas.sibling)
    draft = services.article_create(unit=tree.city, title="Nháp", acting_user=SYSTEM)
    with pytest.raises(Http404):
        services.article_update(article=draft, title="Y", acting_user=personas.sibling)
    with pytest.raises(PermissionDenied):
        services.article_update(article=draft, title="Y", acting_user=personas.parent)  # a viewer
    assert Article.objects.get(pk=draft.pk).title == "Nháp"


def test_units_and_documents_must_be_in_scope(tree, personas):
    with pytest.raises(ValidationError):
        services.article_create(unit=tree.ward, title="X", units=[tree.other.pk], acting_user=personas.child)
    assert not Article.objects.exists()  # nothing half-saved
    a = services.article_create(
        unit=tree.ward, title="X", units=[tree.city.pk, tree.cell.pk], acting_user=personas.child
    )
    assert {u.pk for u in a.units.all()} == {tree.city.pk, tree.cell.pk}  # the unit above may be named


def test_review_workflow(tree, personas):
    """GIVEN a ward editor's draft WHEN submitted, returned, resubmitted, approved for later THEN it is scheduled."""
    a = services.article_create(unit=tree.ward, title="Tin phường", lead="Sa-pô", acting_user=personas.child)
    services.article_submit(article=a, acting_user=personas.child)
    with pytest.raises(ValidationError):  # the editor cannot change it while it waits
        services.article_update(article=a, title="Sửa lén", acting_user=personas.child)
    with pytest.raises(PermissionDenied):  # an editor is not a reviewer
        services.article_review(article=a, decision=ReviewDecision.APPROVE, acting_user=personas.child)
    with pytest.raises(Http404):  # an admin of another branch neither
        services.article_review(article=a, decision=ReviewDecision.APPROVE, acting_user=personas.sibling)
    with pytest.raises(ValidationError):  # returning needs a note
        services.article_review(article=a, decision=ReviewDecision.RETURN, acting_user=personas.own)
    a = services.article_review(
        article=a, decision=ReviewDecision.RETURN, note="Thêm ảnh", acting_user=personas.own
    )
    assert a.status == ArticleStatus.RETURNED and a.review_note == "Thêm ảnh"
    services.article_update(article=a, title="Tin phường (đã sửa)", acting_user=personas.child)
    services.article_submit(article=a, acting_user=personas.child)
    later = timezone.now() + dt.timedelta(hours=5)
    a = services.article_review(
        article=a, decision=ReviewDecision.APPROVE, publish_at=later, acting_user=personas.own
    )
    assert a.status == ArticleStatus.PUBLISHED and a.is_scheduled and not a.is_public
    assert not Article.objects.public().filter(pk=a.pk).exists()
    assert _audits("article.approve", a) == 1 and _audits("article.return", a) == 1
    with pytest.raises(ValidationError):
        services.article_review(
            article=a,
            decision=ReviewDecision.APPROVE,
            publish_at=dt.datetime(2030, 1, 1),
            acting_user=personas.own,
        )


def test_publish_and_withdraw(tree, personas):
    a = services.article_create(unit=tree.city, title="Tin", lead="Sa-pô", acting_user=personas.own)
    with pytest.raises(Http404):
        services.article_publish(article=a, acting_user=personas.child)
    services.article_publish(article=a, acting_user=personas.own)
    assert Article.objects.public().filter(pk=a.pk).exists()
    services.article_withdraw(article=a, note="Sai số liệu", acting_user=personas.own)
    assert not Article.objects.public().filter(pk=a.pk).exists()


def test_photo_add_and_refusals_leave_nothing(tree, personas, settings):
    a = services.article_create(unit=tree.city, title="Tin", acting_user=personas.own)
    p = services.photo_add(
        article=a,
        upload=png_bytes(2000, 1000),
        caption="<b>Chú thích</b>",
        alt="Ảnh",
        acting_user=personas.own,
    )
    assert (p.width, p.height, p.thumb_width) == (1600, 800, 480) and p.caption == "<b>Chú thích</b>"
    assert p.image.name.endswith(".jpg") and _audits("photo.add", p) == 1
    files_before = sorted(x.name for x in (settings.MEDIA_ROOT / "portal" / str(a.pk)).iterdir())
    for bad in (b"<svg onload=alert(1)></svg>", png_declaring(7100, 7100)):
        with pytest.raises(ValidationError):
            services.photo_add(article=a, upload=bad, acting_user=personas.own)
    assert Photo.objects.count() == 1
    assert sorted(x.name for x in (settings.MEDIA_ROOT / "portal" / str(a.pk)).iterdir()) == files_before
    with pytest.raises(Http404):
        services.photo_add(article=a, upload=png_bytes(), acting_user=personas.sibling)
    services.photo_delete(photo=p, acting_user=personas.own)
    assert not Photo.objects.exists()


def test_weblink_validates_scheme(tree, personas):
    with pytest.raises(ValidationError):
        services.weblink_add(unit=tree.city, name="X", url="javascript:alert(1)", acting_user=personas.own)
    link = services.weblink_add(
        unit=tree.city, name="Tỉnh", url="https://example.gov.vn/", acting_user=personas.own
    )
    assert link.pk
