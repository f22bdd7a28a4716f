"""``{% unit_link unit %}``: a unit's name, linked only when the viewer may open its page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from trienkhai.core.scoping import covers

register = template.Library()


def unit_page_visible(user: Any, unit: Any) -> bool:
    """The rule of ``orgs:detail`` (``unit_get``, action "view"): the unit lies in the subtree
    of one of the user's roles. Reads the roles cached for the request: no query."""
    return covers(user, unit, "view")


@register.simple_tag(takes_context=True)
def unit_link(context: template.Context, unit: Any) -> str:
    if unit is None:
        return ""
    request = context.get("request")
    if request is not None and unit_page_visible(request.user, unit):
        return format_html('<a href="{}">{}</a>', reverse("orgs:detail", args=[unit.pk]), unit.name)
    return format_html("{}", unit.name)
