"""Reminder e-mails through a real SMTP server the test starts (aiosmtpd): what the editor reads,
and what happens when the mail server is not there (the task fails, is retried, nothing is lost)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from trienkhai.accounts.models import User
from trienkhai.accounts.services import role_grant
from trienkhai.core.models import Notification
from trienkhai.core.notify import MailNotSent, retry_delay, subject_line
from trienkhai.core.scoping import SYSTEM

SITE = "https://trienkhai.example.vn"
OVERDUE_DAY = dt.date(2022, 2, 3)  # the plan (due 01/02/2022) is overdue, the conference is not yet due


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def smtp_mailer(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


@pytest.fixture
def cell_editor(cells):
    user = User.objects.create_user("cell", email="cell@example.org", password="x-long-password")
    role_grant(user=user, unit=cells[1], role="editor", acting_user=SYSTEM)
    return user


@override_settings(SITE_URL=SITE, DEFAULT_FROM_EMAIL="trienkhai@example.vn")
def test_reminder_mail_received_and_readable(smtp, rollout, cells, cell_editor):
    """GIVEN a real SMTP server and an editor of Chi bộ Tổ dân phố số 2 who owes the plan
    WHEN the reminders run on 03/02/2022
    THEN the mail arrives, in Vietnamese, with the due date in the subject, the province
    as the one asking, and a link that works outside the app."""
    from trienkhai.rollout.services import reminders_send

    port, inbox = smtp
    plan = rollout.steps.get(due=dt.date(2022, 2, 1))
    with override_settings(MAILERS=smtp_mailer(port)):
        reminders_send(today=OVERDUE_DAY)
    to_cell = [m for m in inbox.messages if m["To"] == "cell@example.org"]
    assert len(to_cell) == 1
    msg = to_cell[0]
    assert msg["From"] == "trienkhai@example.vn"
    subject = str(msg["Subject"])
    assert subject.startswith("[Triển khai] Quá hạn 01/02/2022: ")
    assert not subject.endswith(plan.title[:5]) or subject.endswith(plan.title)
    body = msg.get_content()
    assert "Chi bộ Tổ dân phố số 2" in body
    assert "Đơn vị yêu cầu: Tỉnh ủy An Hòa" in body
    assert f"{SITE}/" in body and f"/{plan.pk}/" in body
    assert Notification.objects.get(user=cell_editor).mailed_at is not None


def test_subject_cut_between_words_keeping_the_start():
    long = "[Triển khai] Quá hạn 01/02/2022: " + "Tổ chức hội nghị học tập quán triệt " * 6
    s = subject_line(long, limit=80)
    assert len(s) <= 80 and s.endswith("…")
    assert s.startswith("[Triển khai] Quá hạn 01/02/2022: Tổ chức")
    # the word before the ellipsis is whole
    assert s[:-1].split()[-1] in long.split()


@override_settings(SITE_URL=SITE)
def test_mail_server_down_fails_the_task_and_a_later_run_sends(rollout, cells, cell_editor, smtp):
    """GIVEN nothing listens on the configured SMTP port
    WHEN the reminder task runs
    THEN it fails, the notice is stored but owed; once the server is up the retry sends it, once."""
    from trienkhai.rollout.tasks import send_reminders

    port, inbox = smtp
    with override_settings(MAILERS=smtp_mailer(free_port())):
        with mock.patch("django.utils.timezone.localdate", return_value=OVERDUE_DAY):
            result = send_reminders.enqueue()
    assert result.status == "FAILED"
    notice = Notification.objects.get(user=cell_editor)
    assert notice.mailed_at is None and notice.mail_attempts == 1
    assert inbox.messages == []

    with override_settings(MAILERS=smtp_mailer(port)):
        with mock.patch("django.utils.timezone.localdate", return_value=OVERDUE_DAY):
            again = send_reminders.enqueue(attempt=1)
    assert again.status == "SUCCESSFUL"
    assert [m["To"] for m in inbox.messages].count("cell@example.org") == 1
    notice.refresh_from_db()
    assert notice.mailed_at is not None


def test_failed_task_is_queued_again_with_back_off(rollout, cells, cell_editor):
    """On the database queue the failed reminder task is queued again, later each time."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from trienkhai.rollout.tasks import send_reminders

    db_queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(MAILERS=smtp_mailer(free_port()), TASKS=db_queue):
        before = timezone.now()
        with pytest.raises(MailNotSent):
            send_reminders.call(attempt=2)
        queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"] == {"attempt": 3}
    assert queued.run_after >= before + dt.timedelta(minutes=4)
    assert queued.run_after <= timezone.now() + dt.timedelta(minutes=4, seconds=5)
    assert [retry_delay(a) for a in (0, 1, 2, 10)] == [60, 120, 240, 3600]
