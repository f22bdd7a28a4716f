"""Test-only pages for tests/journeys/test_harness.py: the product's URLs plus ``/_harness/…``,
each page carrying one defect the journey harness must catch. Used only through
``settings.ROOT_URLCONF`` in that test; the product's urlconf does not include it."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import include, path

PAGE = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<link rel="icon" href="/_harness/asset/dot.svg" type="image/svg+xml">'
    "<title>Kiểm tra bộ khung</title>{head}</head>"
    "<body><main><h1>Kiểm tra bộ khung</h1><p>Một trang chỉ dùng khi kiểm thử.</p>{body}</main></body></html>"
)

# What each page adds to the clean one. Scripts and styles come from this server (the policy
# allows 'self'), so each page has its one defect and no other.
PAGES = {
    "clean": ("", ""),
    "console-error": ('<script src="/_harness/asset/error.js"></script>', ""),
    "csp": ("", '<p style="color: red">Kiểu viết thẳng trong thẻ: chính sách CSP chặn.</p>'),
    "too-wide": (
        '<link rel="stylesheet" href="/_harness/asset/wide.css">',
        '<div class="too-wide">rộng</div>',
    ),
    "axe": ("", '<img src="/_harness/asset/dot.svg">'),
}
ASSETS = {
    "error.js": ("text/javascript", 'console.error("harness: an error on purpose");'),
    "wide.css": ("text/css", ".too-wide { width: 1200px; background: #eee; }"),
    "dot.svg": (
        "image/svg+xml",
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="4"/></svg>',
    ),
}


def page(request, kind: str):
    head, body = PAGES[kind]
    return HttpResponse(PAGE.format(head=head, body=body))


def missing(request):
    return HttpResponse(PAGE.format(head="", body="<p>Không có trang này.</p>"), status=404)


def asset(request, name: str):
    content_type, text = ASSETS[name]
    return HttpResponse(text, content_type=content_type)


urlpatterns = [
    path("_harness/missing/", missing),
    path("_harness/asset/<str:name>", asset),
    path("_harness/<str:kind>/", page),
    path("", include("trienkhai.urls")),
]
