"""Sign-in is required by one middleware, not by a decorator on each view (issue 14 point 6).

The public pages are written here by hand, from what the system is for: the sign-in and
sign-out, the public portal (news, topics, units' public pages, search, albums, links, photos,
feeds, feedback), the language switch and its catalogue, and the browser's CSP reports.
Everything else, including a view nobody remembered to decorate, asks for a signed-in user.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

PUBLIC = {
    "accounts:login",
    "accounts:logout",
    "set_language",
    "javascript-catalog",
    "csp_report",
    "portal:home",
    "portal:article_short",
    "portal:article",
    "portal:feedback",
    "portal:topic",
    "portal:unit",
    "portal:search",
    "portal:albums",
    "portal:album",
    "portal:links",
    "portal:image",
    "portal:rss",
    "portal:atom",
}
SELF_GUARDED = ("api-v1", "admin")  # the API answers 401 itself, the admin has its own sign-in


def _patterns(resolver=None, prefix=""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace in SELF_GUARDED:
                continue
            yield from _patterns(p, prefix + (p.namespace + ":" if p.namespace else ""))
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name, p.callback


def test_exactly_the_public_pages_are_open_to_everyone():
    open_ = {name for name, view in _patterns() if getattr(view, "login_required", True) is False}
    assert open_ == PUBLIC


def test_no_view_carries_its_own_login_decorator():
    root = Path(__file__).resolve().parents[2]
    offenders = [
        f"{p.relative_to(root)}:{n}"
        for p in root.rglob("*.py")
        if "tests" not in p.parts
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.match(r"\s*@login_required\b", line)
    ]
    assert offenders == []


def forgotten(request):
    """A view with no decorator at all, as a newcomer might add one."""
    return HttpResponse("secret of " + request.user.get_username())


urlpatterns = [path("forgotten/", forgotten), path("accounts/login/", forgotten, name="login")]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, LOGIN_URL="/accounts/login/")
def test_a_view_nobody_decorated_is_private(django_user_model):
    anonymous = Client().get("/forgotten/?x=1")
    assert anonymous.status_code == 302
    assert anonymous["Location"] == "/accounts/login/?next=/forgotten/%3Fx%3D1"

    signed_in = Client()
    signed_in.force_login(django_user_model.objects.create_user("ward-editor"))
    page = signed_in.get("/forgotten/")
    assert page.status_code == 200 and page.content == b"secret of ward-editor"


@pytest.mark.django_db
def test_the_api_still_answers_401_and_the_admin_its_own_sign_in():
    c = Client()
    assert c.get("/api/v1/units/").status_code == 401
    admin = c.get("/admin/")
    assert admin.status_code == 302 and admin["Location"].startswith("/admin/login/")
