"""Keeping spam and abuse out of "Phản hồi" without any third-party service.

Five cheap checks, each with a Vietnamese answer: a honeypot field people never
see, a signed timestamp (too fast = a script, too old = a replayed form), length
limits, at most two links, and a rate limit per address and per e-mail kept in
Django's default cache (LocMem unless the deployment configures a shared one).
"""

from __future__ import annotations

import hashlib
import re
import time

from django.core import signing
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SALT = "portal.feedback.form"
MIN_SECONDS = 3
MAX_SECONDS = 24 * 3600
RATE_LIMIT = 3
RATE_WINDOW = 600
MAX_LINKS = 2
HONEYPOT_FIELD = "website"

_URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(com|net|org|info|xyz|ru|top|vn)(/\S*)?\b", re.I)


def form_token(article_id: int, now: float | None = None) -> str:
    return signing.dumps({"a": article_id, "t": now if now is not None else time.time()}, salt=SALT)


def check_token(token: str, article_id: int, now: float | None = None) -> None:
    now = now if now is not None else time.time()
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_SECONDS)
    except signing.SignatureExpired as exc:
        raise ValidationError(
            _("Biểu mẫu đã mở quá lâu (hơn một ngày). Hãy tải lại trang và gửi lại.")
        ) from exc
    except signing.BadSignature as exc:
        raise ValidationError(_("Biểu mẫu không hợp lệ. Hãy tải lại trang và gửi lại.")) from exc
    if not isinstance(data, dict) or data.get("a") != article_id:
        raise ValidationError(_("Biểu mẫu không hợp lệ. Hãy tải lại trang và gửi lại."))
    elapsed = now - float(data.get("t", 0))
    if elapsed < MIN_SECONDS:
        raise ValidationError(_("Phản hồi được gửi quá nhanh. Hãy đọc lại và gửi sau vài giây."))
    if elapsed > MAX_SECONDS:
        raise ValidationError(_("Biểu mẫu đã mở quá lâu (hơn một ngày). Hãy tải lại trang và gửi lại."))


def count_links(text: str) -> int:
    return len(_URL.findall(text or ""))


def _key(kind: str, value: str) -> str:
    # Hashed: the cache never holds an address or an e-mail in clear.
    return "portal:fb:" + kind + ":" + hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def rate_limited(*, ip: str | None, email: str) -> bool:
    """True when this address or this e-mail already sent RATE_LIMIT in the window."""
    cache = caches["default"]
    keys = [_key("email", email)] + ([_key("ip", ip)] if ip else [])
    return any((cache.get(k) or 0) >= RATE_LIMIT for k in keys)


def rate_count(*, ip: str | None, email: str) -> None:
    cache = caches["default"]
    for k in [_key("email", email)] + ([_key("ip", ip)] if ip else []):
        if not cache.add(k, 1, RATE_WINDOW):
            try:
                cache.incr(k)
            except ValueError:  # expired between add and incr
                cache.add(k, 1, RATE_WINDOW)
