"""Public pages of the news portal: no login, only published articles, cacheable.

The public pages never read ``request.user`` (nor the session), so one copy of a
page is right for every reader and ``Cache-Control: public`` is honest. The
feedback form lives on its own page (``never_cache``, with a CSRF token) so the
article page itself stays cacheable and cookie-free.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from trienkhai.core.forms import errors_onto
from trienkhai.core.views import paginate
from trienkhai.portal import antispam, selectors, services
from trienkhai.portal.forms import FeedbackForm
from trienkhai.portal.pagecache import cached_public_page
from trienkhai.portal.richtext import html_to_text

PAGE_MAX_AGE = 60  # seconds; short, so a withdrawn article disappears quickly
IMAGE_MAX_AGE = 3600
LIST_SIZE = 12


def public_page(view):
    """Open to everyone; Cache-Control for browsers and proxies, plus the short server-side page cache."""
    return login_not_required(cached_public_page(cache_control(public=True, max_age=PAGE_MAX_AGE)(view)))


def _sidebar() -> dict:
    return {
        "side_tags": selectors.public_tags(limit=20),
        "side_photos": selectors.latest_public_photos(limit=6),
        "side_links": selectors.web_links()[:12],
    }


def _cover(article):
    photos = getattr(article, "photo_list", None)
    if photos is None:
        photos = list(article.photos.all()[:1])
    return photos[0] if photos else None


@require_GET
@public_page
def home(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.public_articles(), per_page=LIST_SIZE + 1)
    items = list(page.object_list)
    lead_article = items[0] if items and page.number == 1 else None
    rest = items[1:] if lead_article else items
    return render(
        request,
        "portal/home.html",
        {"page": page, "query": query, "lead_article": lead_article, "articles": rest, **_sidebar()},
    )


@require_GET
@public_page
def article(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    obj = selectors.public_article_get(pk=pk)
    if slug != (obj.slug or "tin"):
        return redirect(obj.get_absolute_url(), permanent=True)
    photos = list(selectors.public_photos(article=obj))
    cover = photos[0] if photos else None
    return render(
        request,
        "portal/article.html",
        {
            "article": obj,
            "photos": photos,
            "cover": cover,
            "og_image": request.build_absolute_uri(cover.public_url("full")) if cover else "",
            "canonical": request.build_absolute_uri(obj.get_absolute_url()),
            "description": obj.lead or html_to_text(obj.body)[:200],
            "related": selectors.related_articles(article=obj),
            "feedback": selectors.public_feedback(article=obj),
            **_sidebar(),
        },
    )


@login_not_required
@require_GET
def article_short(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect(selectors.public_article_get(pk=pk).get_absolute_url(), permanent=True)


@require_GET
@public_page
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    tag = selectors.public_tag_get(slug=slug)
    page, query = paginate(request, selectors.public_articles(tag=tag), per_page=LIST_SIZE)
    return render(
        request,
        "portal/list.html",
        {
            "heading": tag.name,
            "kicker": "topic",
            "page": page,
            "query": query,
            "articles": page,
            **_sidebar(),
        },
    )


@require_GET
@public_page
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.public_unit_get(pk=pk)
    page, query = paginate(request, selectors.public_articles(unit=unit), per_page=LIST_SIZE)
    return render(
        request,
        "portal/list.html",
        {
            "heading": unit.name,
            "kicker": "unit",
            "page": page,
            "query": query,
            "articles": page,
            **_sidebar(),
        },
    )


@require_GET
@public_page
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    page = query = None
    if q:
        page, query = paginate(request, selectors.public_articles(q=q), per_page=LIST_SIZE)
    return render(
        request,
        "portal/search.html",
        {"q": q, "page": page, "query": query, "articles": page or [], **_sidebar()},
    )


@require_GET
@public_page
def albums(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/albums.html", {"albums": selectors.public_albums()})


@require_GET
@public_page
def album(request: HttpRequest, pk: int) -> HttpResponse:
    obj, photos = selectors.public_album_get(pk=pk)
    return render(request, "portal/album.html", {"album": obj, "photos": photos})


@require_GET
@public_page
def links(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/links.html", {"links": selectors.web_links(), **_sidebar()})


@login_not_required
@require_GET
def image(request: HttpRequest, pk: int, size: str, version: str) -> HttpResponseBase:
    """A photo of a published article; a draft's photo is a 404 like a missing one."""
    if size not in ("full", "thumb"):
        raise Http404
    photo = selectors.public_photo_get(pk=pk)
    if not photo.sha256.startswith(version):
        return redirect(photo.public_url(size), permanent=False)
    etag = f'"{photo.sha256[:16]}-{size}"'
    cache = f"public, max-age={IMAGE_MAX_AGE}"
    response: HttpResponseBase
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        field = photo.image if size == "full" else photo.thumb
        response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["ETag"] = etag
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@never_cache
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.public_article_get(pk=pk)
    sent = request.GET.get("sent") == "1"
    form = FeedbackForm(request.POST or None, initial={"token": antispam.form_token(obj.pk)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.feedback_submit(
                    article=obj,
                    name=data["name"],
                    email=data["email"],
                    body=data["body"],
                    token=data["token"],
                    honeypot=form.honeypot(),
                    ip=request.META.get("REMOTE_ADDR"),
                )
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                return redirect(reverse("portal:feedback", args=[obj.pk]) + "?sent=1")
        status = 400
        # A fresh token for the next try; the time check restarts from now.
        form.data = form.data.copy()  # type: ignore[attr-defined]  # a bound form's data is a QueryDict
        form.data["token"] = antispam.form_token(obj.pk)  # type: ignore[index]
    return render(
        request,
        "portal/feedback.html",
        {"article": obj, "form": form, "sent": sent, "honeypot": antispam.HONEYPOT_FIELD},
        status=status,
    )
