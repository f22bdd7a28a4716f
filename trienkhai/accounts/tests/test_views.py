from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD


def test_login_page_is_vietnamese_by_default(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" in page and 'lang="vi"' in page


def test_login_and_switch_to_english(client, personas):
    r = client.post(reverse("accounts:login"), {"username": "own", "password": PASSWORD})
    assert r.status_code == 302
    assert "Tổ chức" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page and "Organisation" in page and "Tổ chức" not in page


def test_wrong_password_explains(client, personas):
    r = client.post(reverse("accounts:login"), {"username": "own", "password": "nope"})
    assert r.status_code == 200 and "mật khẩu" in r.content.decode().lower()


def test_token_shown_once_and_revocable(client, personas):
    client.force_login(personas.own)
    client.post(reverse("accounts:token_create"), {"name": "kịch bản"})
    import re

    page = client.get(reverse("accounts:profile")).content.decode()
    raw = re.search(r"<code>(tk_[\w-]+)</code>", page).group(1)
    assert client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert raw not in client.get(reverse("accounts:profile")).content.decode()
    token = personas.own.api_tokens.get()
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked


def test_disabled_user_loses_api_session(client, personas):
    client.force_login(personas.own)
    assert client.get("/api/v1/units/").status_code == 200
    personas.own.is_active = False
    personas.own.save()
    assert client.get("/api/v1/units/").status_code == 401
