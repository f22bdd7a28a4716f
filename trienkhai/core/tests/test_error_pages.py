"""400, 403, 404 and 500 answer the project's own page, in the layout, in Vietnamese or English.

Run with DEBUG off (pytest-django's default), as the demo now serves: Django's debug pages,
English and listing every URL pattern, must never reach a user.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

# (status, Vietnamese title, English title): written here, not read from the templates.
PAGES = [
    (400, "Yêu cầu không hợp lệ", "Bad request"),
    (403, "Không được phép", "Not allowed"),
    (404, "Không tìm thấy", "Not found"),
    (500, "Lỗi hệ thống", "System error"),
]


def _get(path: str, language: str | None):
    client = Client(raise_request_exception=False)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(path)


def _assert_in_layout(html: str, language: str) -> None:
    assert f'<html lang="{language}">' in html
    assert 'class="topbar"' in html and 'class="brand"' in html and "Triển khai</a>" in html
    assert '<footer class="foot">' in html
    assert "/static/css/app.css" in html
    # Nothing of Django's technical pages.
    for debug_text in ("URLconf", "Traceback", "DEBUG = True", "Using the URLconf", "Request Method"):
        assert debug_text not in html


@pytest.mark.urls("trienkhai.core.tests.error_urls")
@pytest.mark.parametrize("status, vi_title, en_title", PAGES)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_error_status_has_its_page_in_the_layout(status, vi_title, en_title, language):
    # No `db` fixture: pytest-django refuses any query, so none of these pages needs the database.
    assert settings.DEBUG is False
    response = _get(f"/boom/{status}/", language if language == "en" else None)
    assert response.status_code == status
    html = response.content.decode()
    _assert_in_layout(html, language)
    title, other = (vi_title, en_title) if language == "vi" else (en_title, vi_title)
    assert f"<h1>{title}</h1>" in html
    assert other not in html
    assert "the database went away" not in html and "no such thing" not in html


@pytest.mark.django_db
def test_an_unknown_address_answers_the_translated_404_not_the_url_list():
    response = _get("/khong-co-trang-nay/", None)
    assert response.status_code == 404
    html = response.content.decode()
    _assert_in_layout(html, "vi")
    assert "<h1>Không tìm thấy</h1>" in html
    assert "rollouts/" not in html and "api/v1/" not in html


def test_the_500_page_survives_a_broken_template(monkeypatch):
    from django.template import loader

    from trienkhai.core import errors

    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(loader, "get_template", broken)
    from django.test import RequestFactory

    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.content.decode()
