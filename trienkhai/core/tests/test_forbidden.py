"""Missing and out of scope are one answer (404); a role without the function is a 403."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.orgs.models import Unit


def test_scope_decides_404_and_role_decides_403(tree, personas):
    # parent: a viewer at the province, so the city is visible but not changeable.
    assert get_scoped_or_404(Unit.objects, personas.parent, "view", pk=tree.city.pk) == tree.city
    with pytest.raises(PermissionDenied):
        get_scoped_or_404(Unit.objects, personas.parent, "change", pk=tree.city.pk)
    # other: another branch; the city is not visible, so the same 404 as a missing id.
    for pk in (tree.city.pk, 10**9):
        with pytest.raises(Http404):
            get_scoped_or_404(Unit.objects, personas.other, "change", pk=pk)
    # child: an editor at the ward may change the ward but not administer it.
    assert get_scoped_or_404(Unit.objects, personas.child, "change", pk=tree.ward.pk) == tree.ward
    with pytest.raises(PermissionDenied):
        get_scoped_or_404(Unit.objects, personas.child, "admin", pk=tree.ward.pk)


@pytest.mark.parametrize("language, text", [("vi", "Không được phép"), ("en", "Not allowed")])
def test_the_403_page_is_translated_and_changes_nothing(tree, personas, login, language, text):
    from django.conf import settings
    from django.urls import reverse

    client = login(personas.parent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    name = tree.city.name
    response = client.post(
        reverse("orgs:rename", args=[tree.city.pk]), {"name": "Đổi tên", "on": "01/01/2024"}
    )
    assert response.status_code == 403
    assert text in response.content.decode()
    tree.city.refresh_from_db()
    assert tree.city.name == name


def test_the_api_answers_403_with_the_reason(tree, personas, login):
    from trienkhai.documents.models import Document

    client = login(personas.parent)
    body = {"issuing_unit_id": tree.city.pk, "title": "Kế hoạch thử"}
    response = client.post("/api/v1/documents/", body, content_type="application/json")
    assert response.status_code == 403, response.content
    assert response.json()["detail"] == "Vai trò của bạn không cho phép thao tác này."
    # Out of scope is still the 404 of a missing unit.
    client = login(personas.other)
    assert client.post("/api/v1/documents/", body, content_type="application/json").status_code == 404
    assert not Document.objects.filter(title="Kế hoạch thử").exists()


@pytest.mark.parametrize(
    "url", ["/documents/new/", "/meetings/new/", "/oversight/new/", "/opinion/new/", "/targets/new/"]
)
def test_create_pages_refuse_a_viewer_with_403_and_a_roleless_user_with_404(tree, personas, login, url):
    from conftest import make_user

    assert login(personas.parent).get(url).status_code == 403  # sees the province, writes nowhere
    nobody = make_user("roleless", None, role="viewer")  # signed in, no role anywhere
    assert login(nobody).get(url).status_code == 404
    assert login(personas.own).get(url).status_code == 200
