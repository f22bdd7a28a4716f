from __future__ import annotations

import pytest

J = "application/json"


@pytest.mark.parametrize(
    "who,sees", [("own", True), ("parent", True), ("child", False), ("sibling", False), ("other", False)]
)
def test_scope(login, personas, report, who, sees):
    c = login(getattr(personas, who))
    assert (report.pk in [r["id"] for r in c.get("/api/v1/opinion/reports").json()["items"]]) is sees
    assert c.get(f"/api/v1/opinion/reports/{report.pk}").status_code == (200 if sees else 404)


def test_submit_validates(login, personas, tree):
    c = login(personas.own)
    base = {"unit_id": tree.city.pk, "period_kind": "month", "year": 2022, "period_no": 4, "mood": "on_dinh"}
    r = c.post(
        "/api/v1/opinion/reports",
        {
            **base,
            "topics": [{"topic": "khong-co", "mood": "on_dinh", "spread": "nhieu_noi", "trend": "tang"}],
        },
        content_type=J,
    )
    assert r.status_code == 400 and "danh mục" in str(r.json()["detail"])
    r = c.post("/api/v1/opinion/reports", {**base, "overview": "Liên hệ a@b.vn"}, content_type=J)
    assert r.status_code == 400 and "thư điện tử" in str(r.json()["detail"])
    r = c.post(
        "/api/v1/opinion/reports",
        {
            **base,
            "topics": [{"topic": "moi-truong", "mood": "on_dinh", "spread": "nhieu_noi", "trend": "tang"}],
        },
        content_type=J,
    )
    assert r.status_code == 201 and r.json()["topics"][0]["topic_slug"] == "moi-truong"
    assert c.post("/api/v1/opinion/reports", base, content_type=J).status_code == 400
    assert login(personas.sibling).post("/api/v1/opinion/reports", base, content_type=J).status_code == 404


def test_synthesis_and_propose(login, personas, report, tree):
    c = login(personas.own)
    s = c.get(
        "/api/v1/opinion/synthesis",
        {"unit": tree.city.pk, "period_kind": "quarter", "year": 2022, "period_no": 3},
    ).json()
    assert (
        s["reports"] == 1
        and s["topics"][0]["is_new"]
        and s["missing"][0]["name"] == "Đảng ủy phường Cẩm Thủy"
    )
    assert (
        login(personas.child)
        .get(
            "/api/v1/opinion/synthesis",
            {"unit": tree.city.pk, "period_kind": "quarter", "year": 2022, "period_no": 3},
        )
        .status_code
        == 404
    )
    c = login(personas.own)  # one test client: log the city back in
    assert (
        c.get(
            "/api/v1/opinion/synthesis",
            {"unit": tree.city.pk, "period_kind": "quarter", "year": 2022, "period_no": 7},
        ).status_code
        == 400
    )
    issue = report.issues.get()
    r = c.post(f"/api/v1/opinion/reports/{report.pk}/issues/{issue.pk}/propose")
    assert r.status_code == 201 and r.json()["addressee_id"] == tree.prov.pk
    assert [t["slug"] for t in c.get("/api/v1/opinion/topics").json()][:1] == ["gia-ca-xang-dau"]
