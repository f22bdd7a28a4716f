from __future__ import annotations

import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from trienkhai.portal import antispam, services
from trienkhai.portal.choices import FeedbackStatus
from trienkhai.portal.models import Concern, Feedback


def _submit(
    article, *, email="ban.doc@example.vn", ip="203.0.113.5", body="Bài viết hữu ích, xin cảm ơn.", **kw
):
    token = kw.pop("token", None) or antispam.form_token(article.pk, now=time.time() - 10)
    return services.feedback_submit(
        article=article, name=kw.pop("name", "Nguyễn Văn A"), email=email, body=body, token=token, ip=ip, **kw
    )


def test_held_for_moderation(news):
    fb = _submit(news.published)
    assert fb.status == FeedbackStatus.PENDING


def test_only_published_articles_take_feedback(news):
    with pytest.raises(Http404):
        _submit(news.draft)
    with pytest.raises(Http404):
        _submit(news.scheduled)


@pytest.mark.parametrize(
    "kwargs,needle",
    [
        ({"honeypot": "http://spam"}, "tự động"),
        ({"token": "garbage"}, "không hợp lệ"),
        ({"body": "ngắn"}, "quá ngắn"),
        ({"body": "x" * 2001}, "dài quá"),
        ({"body": "Xem http://a.example http://b.example và www.c.example nhé"}, "đường dẫn"),
        ({"email": "khong-phai-email"}, "thư điện tử"),
        ({"name": ""}, "họ tên"),
    ],
)
def test_bad_input_is_refused_with_a_message(news, kwargs, needle):
    with pytest.raises(ValidationError) as exc:
        _submit(news.published, **kwargs)
    assert needle in " ".join(exc.value.messages).lower()
    assert not Feedback.objects.exists()


def test_time_check(news):
    now = time.time()
    with pytest.raises(ValidationError, match="quá nhanh"):
        _submit(news.published, token=antispam.form_token(news.published.pk, now=now - 1))
    with pytest.raises(ValidationError, match="quá lâu"):
        _submit(news.published, token=antispam.form_token(news.published.pk, now=now - 2 * 86400))
    with pytest.raises(ValidationError, match="không hợp lệ"):  # a token of another article
        _submit(news.published, token=antispam.form_token(news.related.pk, now=now - 10))


def test_flood_from_one_address_and_one_email(news, django_capture_on_commit_callbacks):
    for i in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            _submit(news.published, email=f"a{i}@example.vn")
    with pytest.raises(ValidationError, match="nhiều phản hồi"):
        _submit(news.published, email="moi@example.vn")  # same address
    for i in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            _submit(news.published, email="cung@example.vn", ip=f"198.51.100.{i}")
    with pytest.raises(ValidationError, match="nhiều phản hồi"):
        _submit(news.published, email="CUNG@example.vn", ip="198.51.100.99")  # same e-mail
    assert Feedback.objects.count() == 6


def test_moderation_is_for_admins_of_the_unit(news, personas):
    fb = _submit(news.published)
    # parent (a viewer above) sees it but lacks the role: 403; the ward below and the other
    # branches do not see the city's feedback: 404.
    refusals = {personas.parent: PermissionDenied}
    for who in (personas.child, personas.sibling, personas.other, personas.parent):
        with pytest.raises(refusals.get(who, Http404)):
            services.feedback_moderate(feedback=fb, decision=FeedbackStatus.APPROVED, acting_user=who)
    services.feedback_moderate(feedback=fb, decision=FeedbackStatus.APPROVED, acting_user=personas.own)
    fb = services.feedback_reply(feedback=fb, reply="Xin cảm ơn bạn.", publish=True, acting_user=personas.own)
    assert fb.reply_public and fb.status == FeedbackStatus.APPROVED


def test_concern_is_aggregated_and_anonymous(news, personas):
    """GIVEN two readers raising the same issue WHEN turned into a concern THEN one topic, count 2, no identity."""
    a = _submit(
        news.published,
        name="Trần Thị Bình",
        email="binh@example.vn",
        body="Tôi là Trần Thị Bình, gọi 0912 345 678 hoặc binh@example.vn: giá điện tăng cao.",
    )
    b = _submit(
        news.published,
        name="Lê C",
        email="c@example.vn",
        ip="203.0.113.9",
        body="Giá điện tăng khiến nhiều hộ khó khăn.",
    )
    c1 = services.feedback_raise_concern(feedback=a, topic="Giá điện", acting_user=personas.own)
    c2 = services.feedback_raise_concern(feedback=b, topic="Giá điện", acting_user=personas.own)
    assert c1.pk == c2.pk and Concern.objects.get().count == 2
    concern = Concern.objects.get()
    for secret in ("Trần Thị Bình", "binh@example.vn", "0912 345 678", "Lê C", "c@example.vn"):
        assert secret not in concern.summary
    assert concern.unit == news.published.unit
    with pytest.raises(ValidationError):
        services.feedback_raise_concern(feedback=a, topic="Giá điện", acting_user=personas.own)
    with pytest.raises(Http404):
        services.feedback_raise_concern(feedback=b, topic="X", acting_user=personas.sibling)
