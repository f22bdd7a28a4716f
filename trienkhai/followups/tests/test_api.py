from __future__ import annotations

import pytest

J = "application/json"


@pytest.mark.parametrize(
    "who,sees", [("own", True), ("child", True), ("parent", True), ("sibling", False), ("other", False)]
)
def test_scope(login, personas, task, who, sees):
    c = login(getattr(personas, who))
    assert (task.pk in [x["id"] for x in c.get("/api/v1/followups/").json()["items"]]) is sees
    assert c.get(f"/api/v1/followups/{task.pk}").status_code == (200 if sees else 404)


def test_create_complete_reopen(login, personas, tree, task):
    c = login(personas.own)
    r = c.post(
        "/api/v1/followups/",
        {"unit_id": tree.ward.pk, "assigned_by_id": tree.city.pk, "title": " ", "due_on": "2030-01-01"},
        content_type=J,
    )
    assert r.status_code == 400
    r = login(personas.child).post(
        f"/api/v1/followups/{task.pk}/complete",
        {"done_on": "2022-06-29", "result_note": "Xong"},
        content_type=J,
    )
    assert r.status_code == 200 and r.json()["state"] == "done_on_time"
    c = login(personas.own)  # one test client: log the city back in
    assert (
        c.post(f"/api/v1/followups/{task.pk}/reopen", {"reason": "Thiếu"}, content_type=J).json()["state"]
        == "overdue"
    )
    assert c.get("/api/v1/followups/", {"unit": tree.ward.pk, "state": "overdue"}).json()["count"] == 1
