from __future__ import annotations

import pytest

J = "application/json"


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("child", 200), ("parent", 200), ("sibling", 404), ("other", 404)]
)
def test_detail_scope(login, personas, inspection, who, status):
    assert login(getattr(personas, who)).get(f"/api/v1/oversight/{inspection.pk}").status_code == status


def test_conclude_and_followup(login, personas, inspection, tree):
    c = login(personas.own)
    r = c.post(
        f"/api/v1/oversight/{inspection.pk}/conclude",
        {
            "conclusion": "Đạt",
            "concluded_on": "2022-09-20",
            "recommendations": [{"text": "Bổ sung", "unit_id": tree.sibling.pk}],
        },
        content_type=J,
    )
    assert r.status_code == 400
    r = c.post(
        f"/api/v1/oversight/{inspection.pk}/conclude",
        {
            "conclusion": "Đạt",
            "concluded_on": "2022-09-20",
            "recommendations": [{"text": "Bổ sung", "unit_id": tree.ward.pk}],
        },
        content_type=J,
    )
    assert r.status_code == 200
    rec = r.json()["recommendations"][0]["id"]
    assert c.post(f"/api/v1/oversight/{inspection.pk}/recommendations/{rec}/followup").status_code == 201
    assert [p["year"] for p in c.get("/api/v1/oversight/plans").json()] == [2022]
