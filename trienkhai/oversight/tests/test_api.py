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


OWN_REC, SIBLING_REC = "Bổ sung kế hoạch của phường", "Sửa quy chế của xã"
SHARED_SEES = {
    "own": {OWN_REC, SIBLING_REC},
    "parent": {OWN_REC, SIBLING_REC},
    "child": {OWN_REC},
    "neighbour": {SIBLING_REC},
}


@pytest.mark.parametrize("who", sorted(SHARED_SEES))
def test_detail_lists_only_the_recommendations_the_viewer_may_see(login, personas, shared_inspection, who):
    """GIVEN an inspection of two wards WHEN each persona reads it by API THEN the
    ``recommendations`` hold exactly those it may see (written out above, not asked of the code)."""
    insp, _commune, neighbour = shared_inspection
    user = neighbour if who == "neighbour" else getattr(personas, who)
    r = login(user).get(f"/api/v1/oversight/{insp.pk}")
    assert r.status_code == 200
    assert {x["text"] for x in r.json()["recommendations"]} == SHARED_SEES[who]
    assert SIBLING_REC not in r.content.decode() or SIBLING_REC in SHARED_SEES[who]


def test_followup_of_an_unseen_recommendation_is_404(login, personas, shared_inspection):
    insp, commune, _neighbour = shared_inspection
    rec = insp.recommendations.get(unit=commune)
    c = login(personas.child)
    assert c.post(f"/api/v1/oversight/{insp.pk}/recommendations/{rec.pk}/followup").status_code == 404
