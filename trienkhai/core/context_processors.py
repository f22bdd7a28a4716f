from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy

# The top menu's groups: the apps' pages by what a user comes to do. Fourteen links side by side
# need two lines at a desk and a sideways scroll on a phone; five entries fit both (0070).
# An app not named here gets a link of its own after the groups.
MENU_GROUPS: tuple[tuple[str, object, tuple[str, ...]], ...] = (
    (
        "carry",
        pgettext_lazy("menu group", "Triển khai"),
        ("documents", "rollout", "targets", "oversight", "followups", "intake"),
    ),
    ("two-way", pgettext_lazy("menu group", "Hai chiều"), ("proposals", "opinion", "meetings")),
    ("people", pgettext_lazy("menu group", "Cán bộ"), ("orgs", "training", "emulation")),
)


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


@cache
def _menu() -> tuple[dict[str, Any], ...]:
    """The menu's entries: groups {key, label, links, apps} and single links {label, url, app}."""
    items = {app: (label, url, app) for label, url, app in _nav_items()}
    grouped: set[str] = set()
    entries: list[dict[str, Any]] = []
    for key, label, members in MENU_GROUPS:
        inside = tuple(items[app] for app in members if app in items)
        if inside:
            entries.append({"key": key, "label": label, "links": inside, "apps": {i[2] for i in inside}})
            grouped.update(i[2] for i in inside)
    for label, url, app in _nav_items():
        if app not in grouped:
            entries.append({"label": label, "url": url, "app": app})
    return tuple(entries)


def site(request: HttpRequest) -> dict[str, Any]:
    return {"SITE_NAME": "Triển khai", "DEBUG": settings.DEBUG, "NAV": _nav_items(), "MENU": _menu()}
