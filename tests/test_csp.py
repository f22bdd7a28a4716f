"""The content-security policy is enforced without 'unsafe-inline' (issue 8, point 6), so
no page may carry markup the browser would refuse: a style attribute, a <style> or inline
<script> without the request's nonce, an on* handler attribute.

The demo is loaded and crawled the way a signed-in user would browse it: from every URL
pattern that takes no parameter, following every link, lazy-tree address and hx-get of the
pages found (at most a few URLs per URL name), as a unit's user and as the superuser (the
admin site too); the public portal as an anonymous reader. Every HTML answer is checked, so a new page or a new
bar drawn with style="width:…" fails here before a browser ever reports it.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from trienkhai.accounts.models import User
from trienkhai.orgs.models import Unit

PER_NAME = 3  # URLs visited per URL name (e.g. three documents, three units)
SKIP_PREFIXES = ("/static/", "/media/", "/api/", "/csp-report/", "/i18n/", "/jsi18n/")
SKIP_NAMES = {"accounts:logout", "admin:logout", "set_language"}
FILES = re.compile(r"\.(xlsx|docx|pdf|csv|zip|xml|rss|atom|jpe?g|png|webp)$")  # downloads, not pages


class Markup(HTMLParser):
    """Collects what the policy would refuse, and the addresses to visit next."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.nonces: list[tuple[str, str | None]] = []  # (tag, nonce) of <style> and inline <script>
        self.links: list[tuple[str, bool]] = []  # (url, as an htmx request)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if "style" in a:
            self.problems.append(f"line {line}: <{tag} style={a['style']!r}>")
        for name in a:
            if name.startswith("on"):
                self.problems.append(f"line {line}: <{tag} {name}=…> (inline handler)")
        if tag == "style" or (tag == "script" and not a.get("src")):
            self.nonces.append((tag, a.get("nonce")))
        href = a.get("href") if tag == "a" else None
        if href and href.strip().lower().startswith("javascript:"):
            self.problems.append(f"line {line}: <a href={href!r}>")
        if href:
            self.links.append((href, False))
        for attr in ("data-children", "hx-get"):
            if a.get(attr):
                self.links.append((a[attr], True))


def header_nonce(policy: str) -> str | None:
    m = re.search(r"'nonce-([^']+)'", policy)
    return m.group(1) if m else None


def check_page(url: str, response) -> tuple[list[str], Markup]:
    policy = response.headers.get("Content-Security-Policy", "")
    problems = []
    if not policy:
        problems.append("no Content-Security-Policy header")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append(f"policy allows inline code: {policy}")
    if "style-src 'self'" not in policy:
        problems.append(f"no style-src 'self' in the policy: {policy}")
    markup = Markup()
    markup.feed(response.content.decode())
    problems += markup.problems
    nonce = header_nonce(policy)
    for tag, given in markup.nonces:
        if given is None or given != nonce:
            problems.append(f"<{tag}> without the request's nonce (nonce={given!r}, header {nonce!r})")
    return [f"{url}: {p}" for p in problems], markup


def seeds() -> list[str]:
    """Every URL pattern of the project that takes no parameter (the admin's and API's aside)."""
    out = []

    def walk(resolver, prefix):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and not p.pattern.converters:
                path = prefix + str(p.pattern)
                if not re.search(r"[\^$(\\]", path):  # a plain path, not a regex
                    out.append("/" + path)

    walk(get_resolver(), "")
    return [u for u in out if not u.startswith(SKIP_PREFIXES + ("/admin/",))]


def crawl(client: Client, start: list[str], *, limit: int = 600) -> tuple[list[str], Counter]:
    """GET pages breadth first; return every problem found and how many pages per URL name."""
    queue: deque[tuple[str, bool]] = deque((u, False) for u in start)
    seen: set[str] = set()
    per_name: Counter = Counter()
    problems: list[str] = []
    while queue and sum(per_name.values()) < limit:
        url, htmx = queue.popleft()
        url = urldefrag(url)[0]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # another site, mailto:, a relative "?page=2" handled below
        if url in seen or parts.path.startswith(SKIP_PREFIXES) or FILES.search(parts.path):
            continue
        seen.add(url)
        try:
            name = resolve(parts.path).view_name
        except Resolver404:
            continue
        if name in SKIP_NAMES or per_name[name] >= PER_NAME:
            continue
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        r = client.get(url, **headers)
        if r.status_code in (301, 302, 303) and "Location" in r.headers:
            queue.append((r.headers["Location"], False))
            continue
        if r.status_code != 200 or not r.headers.get("Content-Type", "").startswith("text/html"):
            continue
        per_name[name] += 1
        found, markup = check_page(url, r)
        problems += found
        for link, as_htmx in markup.links:
            if link.startswith("?"):
                link = parts.path + link
            queue.append((link, as_htmx))
    return problems, per_name


def test_no_page_carries_markup_the_policy_refuses(demo):
    """GIVEN the demo, WHEN a unit's user, the superuser and an anonymous reader browse every
    page they can reach, THEN no page has a style attribute, a <style> or inline <script>
    without the request's nonce, or an inline handler, and every policy is free of
    'unsafe-inline'."""
    problems: list[str] = []
    visited: Counter = Counter()
    # Pages whose bars only appear with the demo's data (its opinion reports and courses are of 2022).
    py = Unit.objects.get(code="TU-PY")
    with_data = [
        f"/opinion/synthesis/?unit={py.pk}&period_kind=quarter&year=2022&period_no=3",
        f"/training/figures/?unit={py.pk}&year=2022",
    ]
    for username, extra in (("thanhuy", []), ("admin", ["/admin/"])):
        client = Client()
        client.force_login(User.objects.get(username=username))
        found, per_name = crawl(client, ["/", *with_data, *seeds(), *extra])
        problems += found
        visited += per_name
    found, per_name = crawl(Client(), ["/accounts/login/", "/news/"])
    problems += found
    visited += per_name

    assert not problems, "\n".join(problems[:40])
    # The crawl reached the pages that draw bars and charts (a broken crawl would pass vacuously).
    for name in (
        "home",
        "rollout:dashboard",
        "rollout:detail",
        "training:figures",
        "opinion:synthesis",
        "targets:detail",
        "emulation:list",
        "portal:article",
        "orgs:children",
        "admin:index",
    ):
        assert visited[name], f"{name} was not reached"
    assert len(visited) > 60


def test_a_style_attribute_would_be_caught():
    """The checker itself: a style attribute, a bare <style> and a stale nonce are problems."""

    class R:
        headers = {"Content-Security-Policy": "style-src 'self' 'nonce-abc'; script-src 'self' 'nonce-abc'"}
        content = (
            b'<p style="width:3%">x</p><style>p{}</style><style nonce="abc">p{}</style>'
            b'<script nonce="old">1</script><script src="/static/a.js"></script><b onclick="x()">y</b>'
        )

    problems, _ = check_page("/x/", R())
    assert len(problems) == 4, problems
