from __future__ import annotations

import time

import pytest
from django.urls import reverse

from trienkhai.core.scoping import SYSTEM
from trienkhai.portal import antispam, services
from trienkhai.portal.choices import ArticleStatus
from trienkhai.portal.models import Article, Feedback, Photo
from trienkhai.portal.tests.conftest import png_bytes

SECRETS = ("Bản nháp bí mật", "Tin hẹn giờ", "Nội bộ", "Hẹn giờ", "Ảnh nháp")


def public_urls(news):
    p = news.published
    tag = p.tags.get(name="Nghị quyết 35")
    return [
        reverse("portal:home"),
        p.get_absolute_url(),
        reverse("portal:topic", args=[tag.slug]),
        reverse("portal:unit", args=[p.unit_id]),
        reverse("portal:search") + "?q=binh yen",
        reverse("portal:search") + "?q=ban nhap bi mat",
        reverse("portal:albums"),
        reverse("portal:links"),
        reverse("portal:rss"),
        reverse("portal:atom"),
        reverse("portal:feedback", args=[p.pk]),
        "/api/v1/portal/articles",
        "/api/v1/portal/articles?q=ban nhap",
        f"/api/v1/portal/articles/{p.pk}",
    ]


@pytest.mark.parametrize("who", [None, "sibling", "other", "child", "parent"])
def test_public_pages_never_leak_drafts(client, login, personas, news, who):
    """GIVEN a draft and a scheduled article WHEN anyone reads every public URL THEN neither shows."""
    c = client if who is None else login(getattr(personas, who))
    for url in public_urls(news):
        r = c.get(url)
        assert r.status_code == 200, url
        body = r.content.decode()
        for secret in SECRETS:
            assert secret not in body, (url, secret)
        assert news.draft_photo.sha256[:10] not in body and news.scheduled_photo.sha256[:10] not in body


@pytest.mark.parametrize("who", [None, "sibling", "own", "superuser"])
def test_unpublished_things_404_on_public_urls(client, login, personas, news, tree, who):
    c = client if who is None else login(getattr(personas, who))
    for art in (news.draft, news.scheduled):
        assert c.get(reverse("portal:article", args=[art.pk, art.slug])).status_code == 404
        assert c.get(reverse("portal:feedback", args=[art.pk])).status_code == 404
        assert c.get(f"/api/v1/portal/articles/{art.pk}").status_code == 404
    for photo in (news.draft_photo, news.scheduled_photo):
        for size in ("full", "thumb"):
            assert c.get(reverse("portal:image", args=[photo.pk, size, photo.sha256[:10]])).status_code == 404
    assert c.get(reverse("portal:topic", args=["noi-bo"])).status_code == 404
    assert c.get(reverse("portal:unit", args=[tree.cell.pk])).status_code == 404  # no public article


def test_article_page_has_what_a_reader_and_a_sharer_need(client, news):
    p = news.published
    r = client.get(p.get_absolute_url())
    html = r.content.decode()
    assert "public" in r["Cache-Control"] and "max-age=60" in r["Cache-Control"]
    assert "Set-Cookie" not in r.headers and "csrftoken" not in r.cookies
    assert f"<title>{p.title} · " in html
    assert '<meta property="og:type" content="article">' in html
    assert (
        f'<meta property="og:image" content="http://testserver{news.pub_photo.public_url("full")}">' in html
    )
    assert '<meta name="description" content="Hội nghị học tập nghị quyết ở Bình Yên.">' in html
    assert "Quang cảnh hội nghị" in html and 'alt="Hội trường"' in html
    assert f'width="{news.pub_photo.width}" height="{news.pub_photo.height}"' in html
    assert "<p>Đoạn một.</p>" in html and "Thu Hà" in html and "(GMT+7)" in html
    assert "Các tin khác" in html and "Đông Sơn quán triệt" in html
    assert html.index("Đông Sơn quán triệt") < html.index("Tin của Phú Lâm")  # scored above the filler
    assert "35-NQ/TW" in html and "topbar" not in html  # the public masthead, not the internal nav
    old = client.get(reverse("portal:article", args=[p.pk, "sai-duong-dan"]))
    assert old.status_code == 301 and old["Location"] == p.get_absolute_url()


def test_script_in_title_and_caption_is_escaped(client, tree):
    a = services.article_create(
        unit=tree.city,
        title='<script>alert("t")</script>Tiêu đề',
        lead="Sa-pô",
        body='<p>Thân<script>alert("b")</script><img src=x onerror=alert(1)></p>',
        acting_user=SYSTEM,
    )
    services.photo_add(
        article=a,
        upload=png_bytes(),
        caption="<img src=x onerror=alert(2)>",
        alt='"><script>',
        acting_user=SYSTEM,
    )
    services.article_publish(article=a, acting_user=SYSTEM)
    for url in (a.get_absolute_url(), reverse("portal:home"), reverse("portal:rss")):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "onerror=alert(1)" not in html
    html = client.get(a.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;Tiêu đề" in html


def test_public_image_headers_and_304(client, news):
    photo = news.pub_photo
    url = reverse("portal:image", args=[photo.pk, "thumb", photo.sha256[:10]])
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert "public" in r["Cache-Control"] and r["ETag"]
    assert b"".join(r.streaming_content)[:3] == b"\xff\xd8\xff"
    assert client.get(url, HTTP_IF_NONE_MATCH=r["ETag"]).status_code == 304


def test_search_ignores_diacritics(client, news):
    html = client.get(reverse("portal:search"), {"q": "BINH YEN nghi quyet"}).content.decode()
    assert news.published.title in html and "Tin của Phú Lâm" not in html


def test_home_lists_latest_first(client, news):
    html = client.get(reverse("portal:home")).content.decode()
    assert (
        html.index(news.published.title) < html.index("Đông Sơn quán triệt") < html.index("Tin của Phú Lâm")
    )
    assert 'loading="lazy"' in html


def test_feeds(client, news):
    rss = client.get(reverse("portal:rss")).content.decode()
    atom = client.get(reverse("portal:atom")).content.decode()
    assert "<rss" in rss and news.published.title in rss and "http://testserver/news/tin/" in rss
    assert "<feed" in atom and news.published.title in atom


def test_feedback_form_round_trip(client, news, monkeypatch):
    url = reverse("portal:feedback", args=[news.published.pk])
    r = client.get(url)
    assert r.status_code == 200 and "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]
    data = {
        "name": "Bạn đọc",
        "email": "ban@example.vn",
        "body": "Xin hỏi thêm về lịch học tập chuyên đề.",
        "token": antispam.form_token(news.published.pk, now=time.time() - 5),
        "website": "",
    }
    r = client.post(url, data)
    assert r.status_code == 302 and r["Location"].endswith("?sent=1")
    assert Feedback.objects.count() == 1
    r = client.post(url, {**data, "token": antispam.form_token(news.published.pk)})
    assert r.status_code == 400 and "quá nhanh" in r.content.decode()
    r = client.post(url, {**data, "website": "http://spam.example"})
    assert r.status_code == 400 and Feedback.objects.count() == 1
    # Approved feedback and a published reply show under the article; the e-mail never does.
    fb = Feedback.objects.get()
    services.feedback_reply(
        feedback=fb, reply="Lịch học sẽ được thông báo.", publish=True, acting_user=SYSTEM
    )
    html = client.get(news.published.get_absolute_url()).content.decode()
    assert "Xin hỏi thêm" in html and "Lịch học sẽ được thông báo." in html and "ban@example.vn" not in html


def test_feedback_flood_over_http(client, news, django_capture_on_commit_callbacks):
    url = reverse("portal:feedback", args=[news.published.pk])
    codes = []
    for i in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(
                url,
                {
                    "name": "Robot",
                    "email": f"r{i}@example.vn",
                    "body": "Nội dung lặp lại nhiều lần",
                    "token": antispam.form_token(news.published.pk, now=time.time() - 5),
                },
            )
        codes.append(r.status_code)
    assert codes == [302, 302, 302, 400, 400] and Feedback.objects.count() == 3
    assert (
        "nhiều phản hồi"
        in client.post(
            url,
            {
                "name": "R",
                "email": "x@example.vn",
                "body": "1234567890abc",
                "token": antispam.form_token(news.published.pk, now=time.time() - 5),
            },
        ).content.decode()
    )


# --- the editors' desk -------------------------------------------------------------------------


def test_desk_is_scoped(login, personas, news):
    html = login(personas.own).get(reverse("portal:manage")).content.decode()
    assert "Bản nháp bí mật" in html and "Tin của Phú Lâm" not in html and "Đông Sơn" not in html
    html = login(personas.sibling).get(reverse("portal:manage")).content.decode()
    assert "Bản nháp bí mật" not in html and "Đông Sơn" in html
    assert login(personas.parent).get(reverse("portal:manage")).status_code == 404  # a viewer writes nothing


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("child", 404), ("sibling", 404), ("other", 404), ("parent", 403)]
)
def test_draft_edit_preview_and_photo_scope(login, personas, news, who, status):
    c = login(getattr(personas, who))
    assert c.get(reverse("portal:edit", args=[news.draft.pk])).status_code == status
    assert c.get(reverse("portal:preview", args=[news.draft.pk])).status_code == status
    assert c.get(reverse("portal:photo_preview", args=[news.draft_photo.pk, "thumb"])).status_code == status
    r = c.post(reverse("portal:edit", args=[news.draft.pk]), {"unit": news.draft.unit_id, "title": "Chiếm"})
    assert r.status_code in ((200, 302) if status == 200 else (status,))
    if status != 200:
        assert Article.objects.get(pk=news.draft.pk).title == "Bản nháp bí mật của Bình Yên"


def test_anonymous_is_sent_to_login(client, news):
    r = client.get(reverse("portal:manage"))
    assert r.status_code == 302 and "/accounts/login" in r["Location"]


def test_write_submit_approve_via_pages(login, personas, tree, client):
    c = login(personas.child)
    r = c.post(
        reverse("portal:new"),
        {
            "unit": tree.ward.pk,
            "title": "Tin phường Cẩm Thủy",
            "lead": "Sa-pô",
            "body": "Nội dung",
            "tags": "Phường, Học tập",
        },
    )
    assert r.status_code == 302
    a = Article.objects.get(title="Tin phường Cẩm Thủy")
    with open_png() as f:
        c.post(reverse("portal:photo_add", args=[a.pk]), {"file": f, "caption": "Ảnh", "alt": "Ảnh"})
    assert Photo.objects.filter(article=a).count() == 1
    svg = SimpleUpload("x.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    r = c.post(reverse("portal:photo_add", args=[a.pk]), {"file": svg}, follow=True)
    assert "không phải ảnh" in r.content.decode() and Photo.objects.filter(article=a).count() == 1
    c.post(reverse("portal:action", args=[a.pk, "submit"]))
    assert Article.objects.get(pk=a.pk).status == ArticleStatus.REVIEW
    c.post(reverse("portal:action", args=[a.pk, "review"]), {"decision": "approve"})
    assert Article.objects.get(pk=a.pk).status == ArticleStatus.REVIEW  # an editor cannot approve
    own = login(personas.own)
    own.post(reverse("portal:action", args=[a.pk, "review"]), {"decision": "approve"})
    assert Article.objects.get(pk=a.pk).is_public
    own.logout()
    assert client.get(Article.objects.get(pk=a.pk).get_absolute_url()).status_code == 200


def test_moderation_queue_scoped(login, personas, news):
    fb = services.feedback_submit(
        article=news.published,
        name="Người gửi",
        email="nguoi@example.vn",
        body="Ý kiến về bài viết này.",
        token=antispam.form_token(news.published.pk, now=time.time() - 5),
    )
    assert "Ý kiến về bài viết" in login(personas.own).get(reverse("portal:moderation")).content.decode()
    for who in ("child", "sibling", "other"):
        c = login(getattr(personas, who))
        assert "Ý kiến về bài viết" not in c.get(reverse("portal:moderation")).content.decode()
        assert c.post(reverse("portal:moderate", args=[fb.pk]), {"action": "approve"}).status_code == 404
    c = login(personas.own)
    c.post(reverse("portal:moderate", args=[fb.pk]), {"action": "concern", "topic": "Góp ý"})
    assert Feedback.objects.get(pk=fb.pk).concern.topic == "Góp ý"


class SimpleUpload:
    def __new__(cls, name, data):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(name, data, content_type="image/png")


def open_png():
    import contextlib

    @contextlib.contextmanager
    def _cm():
        yield SimpleUpload("a.png", png_bytes())

    return _cm()


def test_page_cache_follows_publication(client, news, tree, django_capture_on_commit_callbacks):
    """GIVEN a cached home page WHEN an article is published or withdrawn THEN the next read shows it."""
    assert "Tin mới toanh" not in client.get(reverse("portal:home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        a = services.article_create(unit=tree.city, title="Tin mới toanh", lead="Sa-pô", acting_user=SYSTEM)
        services.article_publish(article=a, acting_user=SYSTEM)
    assert "Tin mới toanh" in client.get(reverse("portal:home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.article_withdraw(article=a, acting_user=SYSTEM)
    assert "Tin mới toanh" not in client.get(reverse("portal:home")).content.decode()
