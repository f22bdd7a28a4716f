from __future__ import annotations

import pytest

from trienkhai.accounts.services import api_token_create


def test_api_requires_auth(client, tree):
    assert client.get("/api/v1/units/").status_code == 401


def test_units_list_is_scoped(login, personas, tree):
    data = login(personas.own).get("/api/v1/units/").json()
    names = {u["name"] for u in data["items"]}
    assert names == {"Thị ủy Bình Yên", "Đảng ủy phường Cẩm Thủy", "Chi bộ Tổ dân phố số 1"}


def test_search_children_history(login, personas, tree):
    c = login(personas.own)
    assert [u["name"] for u in c.get("/api/v1/units/", {"q": "cam thuy"}).json()["items"]] == [
        "Đảng ủy phường Cẩm Thủy"
    ]
    assert [u["name"] for u in c.get(f"/api/v1/units/{tree.city.pk}/children").json()] == [
        "Đảng ủy phường Cẩm Thủy"
    ]
    history = c.get(f"/api/v1/units/{tree.city.pk}/history").json()
    assert history["events"][0]["kind"] == "created"
    tree_then = c.get("/api/v1/units/as-of", {"date": "2016-01-01"}).json()
    assert tree_then[0]["name"] == "Thị ủy Bình Yên"


@pytest.mark.parametrize("who", ["sibling", "child", "other"])
def test_out_of_scope_is_404(login, personas, tree, who):
    c = login(getattr(personas, who))
    assert c.get(f"/api/v1/units/{tree.city.pk}").status_code == 404
    assert c.get(f"/api/v1/units/{tree.city.pk}/history").status_code == 404


def test_token_auth(client, personas, tree):
    _token, raw = api_token_create(user=personas.child, name="script", acting_user=personas.child)
    r = client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 200
    assert {u["name"] for u in r.json()["items"]} == {"Đảng ủy phường Cẩm Thủy", "Chi bộ Tổ dân phố số 1"}
    assert client.get("/api/v1/units/", HTTP_AUTHORIZATION="Bearer tk_wrong").status_code == 401


def test_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/units/{unit_id}/history" in doc["paths"]
    assert "/api/v1/documents/{doc_id}" in doc["paths"]
