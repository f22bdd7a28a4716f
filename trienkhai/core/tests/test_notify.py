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

    monkeypatch.setattr(notify_module, "send_mail", down)
    with caplog.at_level(logging.ERROR, logger="trienkhai.core.notify"):
        with django_capture_on_commit_callbacks(execute=True):
            assert notify_module.notify(user=user, key="k2", text="Quá hạn", email_subject="Quá hạn")
    assert Notification.objects.filter(user=user, key="k2").exists()
    assert any("not sent" in r.getMessage() for r in caplog.records)
