"""Notices: in-app once per key, e-mail after commit; a mail server that is down loses nothing."""

from __future__ import annotations

import logging
import smtplib

from django.core import mail

from trienkhai.core import notify as notify_module
from trienkhai.core.models import Notification


def test_notice_once_per_key_and_mailed_after_commit(personas, django_capture_on_commit_callbacks):
    user = personas.own
    user.email = "bithu@example.test"
    user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_module.notify(user=user, key="k1", text="Sắp đến hạn", email_subject="Nhắc việc")
        assert not notify_module.notify(user=user, key="k1", text="Sắp đến hạn", email_subject="Nhắc việc")
    assert Notification.objects.filter(user=user, key="k1").count() == 1
    assert [m.subject for m in mail.outbox] == ["Nhắc việc"]


def test_mail_failure_is_logged_and_the_notice_kept(
    personas, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    user = personas.own
    user.email = "bithu@example.test"
    user.save(update_fields=["email"])

    def down(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "down")

    monkeypatch.setattr(notify_module.EmailMessage, "send", down)
    with caplog.at_level(logging.ERROR, logger="trienkhai.core.notify"):
        with django_capture_on_commit_callbacks(execute=True):
            assert notify_module.notify(user=user, key="k2", text="Quá hạn", email_subject="Quá hạn")
    notice = Notification.objects.get(user=user, key="k2")
    assert notice.mailed_at is None and notice.mail_subject == "Quá hạn"  # still owed
    assert any("not sent" in r.getMessage() for r in caplog.records)

    # The next sweep (the reminder task) sends it once the server is back, and only once.
    monkeypatch.undo()
    assert notify_module.notice_mails_send() == 1
    assert notify_module.notice_mails_send() == 0
    assert [m.subject for m in mail.outbox] == ["Quá hạn"]
