"""E-mail settings from the environment: one URL or the separate TRIENKHAI_EMAIL_* variables."""

from __future__ import annotations

import pytest
from django.test import override_settings

from trienkhai.core.checks import mail_server_configured
from trienkhai.env import env_mailer

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def clean_env(monkeypatch):
    for name in (
        "TRIENKHAI_EMAIL_URL",
        "TRIENKHAI_EMAIL_BACKEND",
        "TRIENKHAI_EMAIL_HOST",
        "TRIENKHAI_EMAIL_PORT",
        "TRIENKHAI_EMAIL_USER",
        "TRIENKHAI_EMAIL_PASSWORD",
        "TRIENKHAI_EMAIL_USE_TLS",
        "TRIENKHAI_EMAIL_USE_SSL",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_url_with_starttls_and_quoted_password(clean_env):
    clean_env.setenv("TRIENKHAI_EMAIL_URL", "smtp://bot:p%40ss@mail.example.vn:2525?tls=1")
    m = env_mailer(production=True, var_dir="/tmp")
    assert m["BACKEND"] == SMTP
    assert m["OPTIONS"] == {
        "host": "mail.example.vn",
        "port": 2525,
        "username": "bot",
        "password": "p@ss",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 10,
    }


def test_smtps_url_is_implicit_tls(clean_env):
    clean_env.setenv("TRIENKHAI_EMAIL_URL", "smtps://mail.example.vn")
    o = env_mailer(production=True, var_dir="/tmp")["OPTIONS"]
    assert o["use_ssl"] is True and o["use_tls"] is False and "port" not in o


def test_separate_variables(clean_env):
    clean_env.setenv("TRIENKHAI_EMAIL_HOST", "smtp.example.vn")
    clean_env.setenv("TRIENKHAI_EMAIL_USE_SSL", "true")
    clean_env.setenv("TRIENKHAI_EMAIL_USER", "u")
    clean_env.setenv("TRIENKHAI_EMAIL_PASSWORD", "pw")
    o = env_mailer(production=True, var_dir="/tmp")["OPTIONS"]
    assert (o["host"], o["port"], o["use_ssl"], o["use_tls"], o["username"], o["password"]) == (
        "smtp.example.vn",
        465,
        True,
        False,
        "u",
        "pw",
    )


def test_file_and_console_backends(clean_env):
    clean_env.setenv("TRIENKHAI_EMAIL_URL", "file:///srv/mail-out")
    assert env_mailer(production=True, var_dir="/tmp") == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": "/srv/mail-out"},
    }
    clean_env.setenv("TRIENKHAI_EMAIL_URL", "console://")
    assert env_mailer(production=True, var_dir="/tmp")["BACKEND"].endswith("console.EmailBackend")
    clean_env.delenv("TRIENKHAI_EMAIL_URL")
    assert env_mailer(production=False, var_dir="/tmp")["BACKEND"].endswith("console.EmailBackend")


def test_production_without_a_mail_server_fails_the_deploy_check(clean_env):
    unset = env_mailer(production=True, var_dir="/tmp")
    with override_settings(MAILERS={"default": unset}):
        assert [e.id for e in mail_server_configured()] == ["core.E101"]
    clean_env.setenv("TRIENKHAI_EMAIL_HOST", "smtp.example.vn")
    with override_settings(MAILERS={"default": env_mailer(production=True, var_dir="/tmp")}):
        assert mail_server_configured() == []
