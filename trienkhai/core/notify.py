"""Notices to users: in-app always, e-mail when the user has an address. Idempotent per key."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from trienkhai.core.models import Notification

logger = logging.getLogger(__name__)


def notify(*, user, key: str, text: str, url: str = "", email_subject: str | None = None) -> bool:
    """Create the notice once per (user, key); returns False when it was already sent."""
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, key=key[:120], text=text[:500], url=url[:300])
    except IntegrityError:
        return False
    if user.email and email_subject:
        body = text + (f"\n\n{url}" if url else "")

        def send() -> None:
            # The in-app notice is the record; a mail server that is down must not undo it.
            try:
                send_mail(email_subject, body, None, [user.email])
            except Exception:
                logger.exception("notice e-mail to user %s not sent", user.pk)

        transaction.on_commit(send)
    return True
