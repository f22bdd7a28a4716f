"""The API's own refusals are translated like the pages: Vietnamese first, English on request."""

from __future__ import annotations

import pytest
from django.conf import settings


@pytest.mark.parametrize("language, text", [("vi", "Không tìm thấy."), ("en", "Not found.")])
def test_not_found_is_translated(login, personas, tree, language, text):
    client = login(personas.own)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/api/v1/documents/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": text}
