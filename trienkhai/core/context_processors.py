from __future__ import annotations

from functools import cache

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@cache
def _nav_items() -> tuple[tuple[str, str, str], ...]:
    """(label, url, app label) from each project app's ``nav`` attribute, in order."""
    items = []
    for config in apps.get_app_configs():
        nav = getattr(config, "nav", None)
        if not nav:
            continue
        label, url_name, order = nav
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # the app has no pages yet
        items.append((order, label, url, config.label))
    return tuple((label, url, app) for _order, label, url, app in sorted(items, key=lambda i: i[0]))


def site(request: HttpRequest) -> dict:
    return {"SITE_NAME": "Triển khai", "DEBUG": settings.DEBUG, "NAV": _nav_items()}
