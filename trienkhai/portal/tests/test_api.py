from __future__ import annotations


def test_public_list_and_detail_without_login(client, news):
    items = client.get("/api/v1/portal/articles").json()["items"]
    titles = [i["title"] for i in items]
    assert (
        news.published.title in titles
        and news.draft.title not in titles
        and news.scheduled.title not in titles
    )
    d = client.get(f"/api/v1/portal/articles/{news.published.pk}").json()
    assert d["body_html"] == "<p>Đoạn một.</p>\n<p>Đoạn hai.</p>"
    assert d["photos"][0]["caption"] == "Quang cảnh hội nghị" and "35-NQ/TW" in d["documents"][0]
    assert client.get(f"/api/v1/portal/articles/{news.draft.pk}").status_code == 404
    assert [i["title"] for i in client.get("/api/v1/portal/articles", {"q": "dong son"}).json()["items"]] == [
        news.related.title
    ]


def test_desk_api_is_scoped(client, login, personas, news, tree):
    assert client.get("/api/v1/portal/manage/articles").status_code == 401
    own = login(personas.own)
    titles = {i["title"] for i in own.get("/api/v1/portal/manage/articles").json()["items"]}
    assert news.draft.title in titles and news.related.title not in titles
    sib = login(personas.sibling)
    assert sib.get(f"/api/v1/portal/manage/articles/{news.draft.pk}").status_code == 404
    r = sib.patch(
        f"/api/v1/portal/manage/articles/{news.draft.pk}", {"title": "x"}, content_type="application/json"
    )
    assert r.status_code == 404


def test_desk_api_write_flow(login, personas, tree):
    c = login(personas.child)
    r = c.post(
        "/api/v1/portal/manage/articles",
        {"unit_id": tree.ward.pk, "title": "Qua API", "lead": "Sa-pô", "body": "<p>a</p><script>x</script>"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["status"] == "draft"
    pk = r.json()["id"]
    assert c.post(f"/api/v1/portal/manage/articles/{pk}/submit").json()["status"] == "review"
    assert (
        c.post(
            f"/api/v1/portal/manage/articles/{pk}/review",
            {"decision": "approve"},
            content_type="application/json",
        ).status_code
        == 403  # the editor sees the article; reviewing is not part of the role
    )
    own = login(personas.own)
    r = own.post(
        f"/api/v1/portal/manage/articles/{pk}/review", {"decision": "return"}, content_type="application/json"
    )
    assert r.status_code == 400 and "trả lại" in str(r.json()["detail"])
    r = own.post(
        f"/api/v1/portal/manage/articles/{pk}/review",
        {"decision": "approve"},
        content_type="application/json",
    )
    assert r.json()["status"] == "published"
    assert (
        login(personas.child)
        .post(
            "/api/v1/portal/manage/articles",
            {"unit_id": tree.sibling.pk, "title": "X"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
