"""Test-only pages for tests/journeys/test_harness.py: the product's URLs plus ``/_harness/…``,
each page carrying one defect the journey harness must catch. Used only through
``settings.ROOT_URLCONF`` in that test; the product's urlconf does not include it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.templatetags.static import static
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
    # a stacked card whose long column name sits in a narrow column of its own (the old rule)
    "spilled-card": ('<link rel="stylesheet" href="/_harness/asset/spill.css">', "{card}"),
    # the same card under the project's own stylesheet
    "stacked-card": ('<link rel="stylesheet" href="{app_css}">', "{card}"),
}
CARD = (
    '<table class="stack"><thead><tr><th scope="col">{label}</th><th scope="col">Số</th></tr></thead>'
    '<tbody><tr><td data-label="{label}">12</td><td data-label="Số">3</td></tr></tbody></table>'
).format(label="Xây dựng kế hoạch, chương trình hành động thực hiện nghị quyết của cấp ủy cấp trên")
ASSETS = {
    "error.js": ("text/javascript", 'console.error("harness: an error on purpose");'),
    "wide.css": ("text/css", ".too-wide { width: 1200px; background: #eee; }"),
    "spill.css": (
        "text/css",
        "table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; }"
        " table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }"
        " table.stack td { position: relative; padding-left: 40%; min-height: 1.9rem; }"
        " table.stack td::before { content: attr(data-label); position: absolute; left: 0; top: 0; width: 38%; }",
    ),
    "dot.svg": (
        "image/svg+xml",
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="4"/></svg>',
    ),
}


@login_not_required
def page(request, kind: str):
    head, body = PAGES[kind]
    head = head.replace("{app_css}", static("css/app.css"))
    return HttpResponse(PAGE.format(head=head, body=body.replace("{card}", CARD)))


@login_not_required
def missing(request):
    return HttpResponse(PAGE.format(head="", body="<p>Không có trang này.</p>"), status=404)


@login_not_required
def asset(request, name: str):
    content_type, text = ASSETS[name]
    return HttpResponse(text, content_type=content_type)


urlpatterns = [
    path("_harness/missing/", missing),
    path("_harness/asset/<str:name>", asset),
    path("_harness/<str:kind>/", page),
    path("", include("trienkhai.urls")),
]
