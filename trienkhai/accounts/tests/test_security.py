"""Sign-in protection, CSRF, CSP, sessions (issue 8, point 6)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD


def _login(client: Client, username: str, password: str, ip: str = "192.0.2.10"):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_failures_lock_that_name_at_that_address_only(personas):
    c = Client()
    assert [_login(c, "own", "wrong").status_code for _ in range(4)] == [200] * 4
    assert _login(c, "own", "wrong").status_code == 429  # the fifth failure locks
    locked = _login(c, "own", PASSWORD)
    assert locked.status_code == 429 and "Tạm khóa đăng nhập" in locked.content.decode()
    # Another user from the same address still signs in; the same user from elsewhere too.
    assert _login(Client(), "child", PASSWORD).status_code == 302
    assert _login(Client(), "own", PASSWORD, ip="198.51.100.7").status_code == 302


def test_forged_forwarded_for_does_not_unlock(personas):
    c = Client()
    for _ in range(5):
        _login(c, "own", "wrong")
    r = c.post(
        reverse("accounts:login"),
        {"username": "own", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert r.status_code == 429


def test_session_key_rotates_at_login(personas, client):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    _login(client, "child", PASSWORD)
    assert client.session.session_key != before


def test_disabled_user_is_signed_out_on_the_next_request(personas, client):
    _login(client, "child", PASSWORD)
    assert client.get("/").status_code == 200
    personas.child.is_active = False
    personas.child.save()
    assert client.get("/").status_code == 302


@pytest.fixture
def require_2fa(settings):
    settings.TRIENKHAI_REQUIRE_2FA = True


def _totp(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def test_two_factor_required_for_unit_admins(require_2fa, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    c = Client()
    assert _login(c, "own", PASSWORD).status_code == 302  # own is admin at the city
    r = c.get("/rollouts/")
    assert r.status_code == 302 and reverse("accounts:otp_setup") in r["Location"]
    assert c.get("/api/v1/units/").status_code == 403
    page = c.get(reverse("accounts:otp_setup")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=personas.own)
    assert c.post(reverse("accounts:otp_setup"), {"token": "000000"}).status_code == 400
    assert (
        c.post(reverse("accounts:otp_setup"), {"token": _totp(device), "next": "/rollouts/"}).status_code
        == 302
    )
    assert c.get("/rollouts/").status_code == 200
    codes = c.get(reverse("accounts:profile")).context["backup_codes"]
    assert len(codes) == 8
    # A new sign-in asks for a code; a backup code works once.
    c2 = Client()
    _login(c2, "own", PASSWORD)
    assert reverse("accounts:otp_verify") in c2.get("/").headers["Location"]
    assert c2.post(reverse("accounts:otp_verify"), {"token": codes[0], "next": "/"}).status_code == 302
    assert c2.get("/").status_code == 200
    c3 = Client()
    _login(c3, "own", PASSWORD)
    assert c3.post(reverse("accounts:otp_verify"), {"token": "123"}).status_code == 400
    assert (
        c3.post(reverse("accounts:otp_verify"), {"token": codes[0]}).status_code == 400
    )  # used once already


def test_two_factor_optional_for_editors_and_required_for_superusers(require_2fa, personas):
    c = Client()
    _login(c, "child", PASSWORD)
    assert c.get("/").status_code == 200
    c = Client()
    _login(c, "root", PASSWORD)
    assert c.get("/").status_code == 302


def test_csrf_enforced_on_pages_and_session_api(personas):
    c = Client(enforce_csrf_checks=True)
    c.force_login(personas.own)
    assert c.post(reverse("accounts:token_create"), {"name": "x"}).status_code == 403
    r = c.post("/api/v1/documents/", {"issuing_unit_id": 1, "title": "x"}, content_type="application/json")
    assert r.status_code == 403


def test_bearer_token_api_needs_no_csrf(personas, tree):
    from trienkhai.accounts.services import api_token_create

    _t, raw = api_token_create(user=personas.own, name="script", acting_user=personas.own)
    c = Client(enforce_csrf_checks=True)
    r = c.post(
        "/api/v1/documents/",
        {"issuing_unit_id": tree.city.pk, "title": "KH", "code": "9-KH/TU"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert r.status_code == 201


def test_content_security_policy_with_nonce(personas, client):
    client.force_login(personas.child)
    r = client.get("/")
    policy = r.headers["Content-Security-Policy"]
    assert (
        "script-src 'self' 'nonce-" in policy
        and "object-src 'none'" in policy
        and "frame-ancestors 'none'" in policy
    )
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in r.content.decode()  # the htmx script carries it
    # Enforced without 'unsafe-inline' (styles too), violations reported; no report-only policy left.
    assert "style-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy
    assert "report-uri /csp-report/" in policy
    assert "Content-Security-Policy-Report-Only" not in r.headers
    assert r.headers["X-Frame-Options"] == "DENY" and r.headers["X-Content-Type-Options"] == "nosniff"


def test_csp_reports_are_accepted(client):
    assert client.post("/csp-report/", b"{}", content_type="application/csp-report").status_code == 204


def test_production_cookies_and_headers_are_secure():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "TRIENKHAI_ENV": "production",
        "TRIENKHAI_SECRET_KEY": "x" * 60,
        "TRIENKHAI_ALLOWED_HOSTS": "example.org",
        "DJANGO_SETTINGS_MODULE": "trienkhai.settings",
    }
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0,"
        " s.TRIENKHAI_REQUIRE_2FA, s.DEBUG)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["True", "True", "True", "True", "True", "False"]
