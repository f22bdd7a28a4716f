"""A short server-side cache of the public pages.

Public pages are the same for every reader (they never read the user or the
session), so a rendered page can be reused for PAGE_TTL seconds. Writes that
change what the public sees bump a generation number after commit; with a
shared cache (Redis, Memcached) every worker sees the bump at once, with the
default per-process LocMem cache the other workers catch up within PAGE_TTL —
the same bound the ``Cache-Control: max-age`` already gives browsers. A
scheduled article appears at most PAGE_TTL seconds after its time.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation

PAGE_TTL = 60
GEN_KEY = "portal:pages:gen"


def _cache():
    return caches["default"]


def generation() -> int:
    return _cache().get_or_set(GEN_KEY, 1, None)


def public_changed() -> None:
    """Call after commit when published content, photos or public feedback changed."""
    cache = _cache()
    try:
        cache.incr(GEN_KEY)
    except ValueError:
        cache.set(GEN_KEY, 2, None)


def cached_public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        raw = f"{generation()}|{translation.get_language()}|{request.get_full_path()}"
        key = "portal:page:" + hashlib.sha256(raw.encode()).hexdigest()[:40]
        hit = _cache().get(key)
        if hit is not None:
            status, content_type, cache_control, body = hit
            response = HttpResponse(body, status=status, content_type=content_type)
            response["Cache-Control"] = cache_control
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            _cache().set(
                key,
                (200, response["Content-Type"], response.get("Cache-Control", ""), response.content),
                PAGE_TTL,
            )
        return response

    return wrapper
