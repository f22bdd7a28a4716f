from __future__ import annotations

import pytest

J = "application/json"


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("parent", 200), ("child", 404), ("sibling", 404), ("other", 404)]
)
def test_detail_scope(login, personas, meeting, who, status):
    r = login(getattr(personas, who)).get(f"/api/v1/meetings/{meeting.pk}")
    assert r.status_code == status
    if status == 200:
        assert r.json()["participants"][0]["position"] == "Phó Bí thư thường trực"


def test_create_and_one_click(login, personas, tree, meeting):
    c = login(personas.own)
    r = c.post(
        "/api/v1/meetings/",
        {"host_id": tree.city.pk, "title": "H", "date": "2022-01-01", "form": "truc_tuyen"},
        content_type=J,
    )
    assert r.status_code == 400
    con = meeting.conclusions.get()
    item = meeting.raised_proposals.get()
    assert c.post(f"/api/v1/meetings/{meeting.pk}/conclusions/{con.pk}/followup").status_code == 201
    r = c.post(f"/api/v1/meetings/{meeting.pk}/proposals/{item.pk}/send")
    assert r.status_code == 201 and r.json()["source_meeting_id"] == meeting.pk
    assert c.post(f"/api/v1/meetings/{meeting.pk}/proposals/{item.pk}/send").status_code == 400
    assert (
        login(personas.sibling)
        .post(f"/api/v1/meetings/{meeting.pk}/conclusions/{con.pk}/followup")
        .status_code
        == 404
    )
