"""Notices to users: in-app always, e-mail when the user has an address. Idempotent per key.

The notice row is the record of the e-mail owed (``mail_subject`` set, ``mailed_at`` empty)
until the mail server has taken it: a send that fails leaves it owed, and the next
:func:`notice_mails_send` (the reminder task and its retries) tries again.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from trienkhai.core.models import Notification

logger = logging.getLogger(__name__)

MAX_MAIL_ATTEMPTS = 10


class MailNotSent(Exception):
    """Some owed notice e-mails could not be handed to the mail server."""

    def __init__(self, failed: int, sent: int, error: BaseException | None):
        super().__init__(f"{failed} notice e-mail(s) not sent ({sent} sent): {error!r}")
        self.failed = failed
        self.sent = sent


def absolute_url(url: str) -> str:
    """A path as a link that works in a mail client (TRIENKHAI_SITE_URL in front)."""
    if not url or "://" in url:
        return url
    return settings.SITE_URL + (url if url.startswith("/") else "/" + url)


def subject_line(text: str, *, limit: int = 110) -> str:
    """A subject no longer than ``limit``, cut between words with an ellipsis, never mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 3600
MAX_TASK_ATTEMPTS = 8


def retry_delay(attempt: int) -> int:
    """Back-off before retry ``attempt + 1``: 1, 2, 4 … minutes, at most an hour."""
    return min(RETRY_BASE_SECONDS * int(2**attempt), RETRY_MAX_SECONDS)


def task_retry_later(task: Any, *, attempt: int, **kwargs: Any) -> bool:
    """Queue ``task`` again after the back-off for ``attempt``; False when it will not be retried."""
    import datetime as dt

    if attempt + 1 >= MAX_TASK_ATTEMPTS:
        logger.error("%s failed %s times; not retried again", task.name, attempt + 1)
        return False
    if not task.get_backend().supports_defer:
        logger.error("%s failed; the task backend cannot run it later, so it is not retried", task.name)
        return False
    delay = retry_delay(attempt)
    task.using(run_after=timezone.now() + dt.timedelta(seconds=delay)).enqueue(attempt=attempt + 1, **kwargs)
    logger.warning("%s failed (attempt %s); retried in %s s", task.name, attempt + 1, delay)
    return True


def notify(
    *,
    user: Any,
    key: str,
    text: str,
    url: str = "",
    email_subject: str | None = None,
    email_body: str | None = None,
    send_now: bool = True,
) -> bool:
    """Create the notice once per (user, key); returns False when it was already there.

    With ``send_now`` the e-mail is tried after commit and a failure is only logged (the
    caller's request must not fail for the mail server); with ``send_now=False`` the caller
    sends with :func:`notice_mails_send` and learns about failures.
    """
    owed = bool(user.email and email_subject)
    body = ""
    if owed:
        body = email_body if email_body is not None else text
        if url and absolute_url(url) not in body:
            body += f"\n\n{absolute_url(url)}"
    try:
        with transaction.atomic():
            notice = Notification.objects.create(
                user=user,
                key=key[:120],
                text=text[:500],
                url=url[:300],
                mail_subject=(email_subject or "")[:200] if owed else "",
                mail_body=body,
            )
    except IntegrityError:
        return False
    if owed and send_now:

        def send() -> None:
            try:
                notice_mails_send(notices=Notification.objects.filter(pk=notice.pk))
            except MailNotSent:
                logger.exception("notice e-mail to user %s not sent; it stays owed", user.pk)

        transaction.on_commit(send)
    return True


def notice_mails_send(*, notices: QuerySet[Notification] | None = None) -> int:
    """Send the owed notice e-mails (all of them, or those in ``notices``); returns how many left.

    Each mail is marked sent only once the mail server has taken it. Raises
    :class:`MailNotSent` when any could not be sent, after trying all of them, so that the
    task calling this fails and is retried.
    """
    owed = (
        (notices if notices is not None else Notification.objects.all())
        .filter(mailed_at__isnull=True, mail_attempts__lt=MAX_MAIL_ATTEMPTS)
        .exclude(mail_subject="")
    )
    sent = failed = 0
    last_error: BaseException | None = None
    for notice in owed.select_related("user").order_by("pk"):
        if not notice.user.email:
            continue
        message = EmailMessage(
            subject=notice.mail_subject,
            body=notice.mail_body or notice.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notice.user.email],
        )
        try:
            message.send()
        except Exception as exc:  # an unreachable, refusing or misconfigured mail server alike
            failed += 1
            last_error = exc
            Notification.objects.filter(pk=notice.pk).update(mail_attempts=notice.mail_attempts + 1)
            logger.warning("notice e-mail %s to user %s not sent: %r", notice.pk, notice.user_id, exc)
            continue
        sent += 1
        Notification.objects.filter(pk=notice.pk).update(
            mailed_at=timezone.now(), mail_attempts=notice.mail_attempts + 1
        )
    if failed:
        raise MailNotSent(failed, sent, last_error)
    return sent
