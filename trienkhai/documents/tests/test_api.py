from __future__ import annotations


def test_list_search_scoped(login, personas, docs):
    c = login(personas.own)
    items = c.get("/api/v1/documents/", {"q": "0091- KH/TU"}).json()["items"]
    assert [d["code"] for d in items] == ["0091-KH/TU"]
    assert items[0]["code_raw"] == "0091- KH/TU" and items[0]["kind_label"] == "Kế hoạch"
    all_codes = {d["code"] for d in c.get("/api/v1/documents/").json()["items"]}
    assert "07-KH/TU" not in all_codes


def test_detail_links_and_404(login, personas, docs):
    c = login(personas.own)
    d = c.get(f"/api/v1/documents/{docs.kh.pk}").json()
    assert [s["document"]["code"] for s in d["chain_up"]] == ["35-NQ/TW"]
    assert [s["document"]["code"] for s in d["chain_down"]] == ["12-KH/ĐU"]
    assert [s["document"]["code"] for s in c.get(f"/api/v1/documents/{docs.kh.pk}/links").json()] == [
        "35-NQ/TW"
    ]
    assert login(personas.sibling).get(f"/api/v1/documents/{docs.kh.pk}").status_code == 404
    assert c.get("/api/v1/documents/987654").status_code == 404


def test_create_via_api_validates(login, personas, tree):
    c = login(personas.own)
    r = c.post(
        "/api/v1/documents/",
        {"issuing_unit_id": tree.city.pk, "title": "KH", "code": "xx"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "số hiệu" in str(r.json()["detail"]).lower()
    r = c.post(
        "/api/v1/documents/",
        {"issuing_unit_id": tree.sibling.pk, "title": "KH", "code": "3-KH/TU"},
        content_type="application/json",
    )
    assert r.status_code == 404
    r = c.post(
        "/api/v1/documents/",
        {"issuing_unit_id": tree.city.pk, "title": "KH", "code": "3-KH/TU"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["code"] == "3-KH/TU"
