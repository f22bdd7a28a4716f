import pytest

API = "/api/v1/targets"


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("parent", 200), ("child", 404), ("sibling", 404), ("other", 404)]
)
def test_target_api_scope(login, personas, city_target, who, status):
    assert login(getattr(personas, who)).get(f"{API}/{city_target.pk}").status_code == status


def test_create_and_measure(login, personas, tree, plan_step):
    c = login(personas.own)
    r = c.post(
        f"{API}/",
        {
            "unit_id": tree.city.pk,
            "title": "Số lớp bồi dưỡng",
            "term": "2020-2025",
            "kind": "number",
            "target_value": "10",
            "starts_on": "2022-01-01",
            "target_date": "2021-12-31",
        },
        content_type="application/json",
    )
    assert r.status_code == 400
    r = c.post(
        f"{API}/",
        {
            "unit_id": tree.city.pk,
            "title": "Số lớp bồi dưỡng",
            "term": "2020-2025",
            "kind": "number",
            "value_unit": "lớp",
            "target_value": "10",
            "starts_on": "2022-01-01",
            "target_date": "2022-12-31",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    tid = r.json()["id"]
    r = c.post(
        f"{API}/{tid}/measurements", {"on": "2022-06-30", "value": "6"}, content_type="application/json"
    )
    assert r.status_code == 201
    d = c.get(f"{API}/{tid}").json()
    assert d["progress"]["current"] in ("6", "6.00", 6) and len(d["measurements"]) == 1
    r = c.post(
        f"{API}/",
        {
            "unit_id": tree.city.pk,
            "title": "100%",
            "term": "2020-2025",
            "kind": "number",
            "target_value": "100",
            "starts_on": "2021-08-09",
            "target_date": "2021-09-30",
            "step_id": plan_step.pk,
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["counted"] is True
    r = c.post(
        f"{API}/{r.json()['id']}/measurements",
        {"on": "2021-09-01", "value": "100"},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert (
        login(personas.sibling)
        .post(
            f"{API}/{tid}/measurements", {"on": "2022-06-30", "value": "6"}, content_type="application/json"
        )
        .status_code
        == 404
    )
