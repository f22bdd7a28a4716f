from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from trienkhai.portal.richtext import sanitize

register = template.Library()


@register.filter
def article_html(value: str) -> str:
    # The ONLY markup the portal renders unescaped: nh3 output (richtext.sanitize),
    # re-sanitised here on every render, so a body that reached the database any
    # other way still cannot carry script, on* handlers or javascript: links.
    return mark_safe(sanitize(value or ""))  # noqa: S308 - nh3 output, see above


@register.filter
def photo_url(photo, size: str = "thumb") -> str:
    """Public, versioned URL of a photo; in an editor's preview, the scoped preview URL."""
    if getattr(photo, "preview", False):
        from django.urls import reverse

        return reverse("portal:photo_preview", args=[photo.pk, size])
    return photo.public_url(size)
