import pytest

API = "/api/v1/emulation"


@pytest.mark.parametrize("who,status", [("own", 200), ("child", 200), ("sibling", 404), ("other", 404)])
def test_campaign_api_scope(login, personas, campaign, who, status):
    assert login(getattr(personas, who)).get(f"{API}/campaigns/{campaign.pk}").status_code == status


def test_nomination_practice_adoption_flow(login, personas, tree, campaign, practice, decision):
    c = login(personas.child)
    r = c.post(
        f"{API}/campaigns/{campaign.pk}/nominations",
        {
            "unit_id": tree.ward.pk,
            "kind": "collective",
            "nominee_unit_id": tree.cell.pk,
            "achievements": "Tốt",
            "nominated_on": "2023-01-05",
        },
        content_type="application/json",
    )
    assert r.status_code == 400
    r = c.post(
        f"{API}/campaigns/{campaign.pk}/nominations",
        {
            "unit_id": tree.ward.pk,
            "kind": "collective",
            "nominee_unit_id": tree.cell.pk,
            "achievements": "Tốt",
            "nominated_on": "2022-05-05",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    nid = r.json()["id"]
    assert login(personas.sibling).get(f"{API}/nominations/{nid}").status_code == 404
    r = login(personas.own).post(
        f"{API}/nominations/{nid}/decide",
        {"approve": True, "on": "2022-12-20", "document_id": decision.pk},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"
    own = login(personas.own)
    assert (
        own.post(
            f"{API}/practices/{practice.pk}/feature",
            {"by_unit_id": tree.city.pk, "on": "2022-02-01"},
            content_type="application/json",
        ).status_code
        == 200
    )
    r = own.post(
        f"{API}/practices/{practice.pk}/adoptions",
        {"unit_id": tree.ward.pk, "adopted_on": "2022-03-01"},
        content_type="application/json",
    )
    assert r.status_code == 400
    r = own.post(
        f"{API}/practices/{practice.pk}/adoptions",
        {"unit_id": tree.cell.pk, "adopted_on": "2022-03-01"},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert own.get(f"{API}/practices/{practice.pk}").json()["adoption_count"] == 1
    assert login(personas.other).get(f"{API}/practices/{practice.pk}").status_code == 404
    r = login(personas.child).post(
        f"{API}/practices",
        {
            "unit_id": tree.ward.pk,
            "title": "Lồng ghép",
            "work_kind": "tuyen_truyen_long_ghep",
            "description": "X",
        },
    )
    assert r.status_code == 201
