import pytest

API = "/api/v1/training"


@pytest.mark.parametrize("who,status", [("own", 200), ("child", 200), ("sibling", 404), ("other", 404)])
def test_course_api_scope(login, personas, course, who, status):
    assert login(getattr(personas, who)).get(f"{API}/courses/{course.pk}").status_code == status


@pytest.mark.parametrize("who,status", [("own", 200), ("parent", 200), ("child", 404), ("sibling", 404)])
def test_person_api_scope(login, personas, people, who, status):
    assert login(getattr(personas, who)).get(f"{API}/people/{people.city.pk}").status_code == status


def test_person_api_refuses_personal_data(login, personas, tree):
    c = login(personas.own)
    r = c.post(
        f"{API}/people",
        {"unit_id": tree.city.pk, "full_name": "A", "category": "bcd35", "birth_date": "1980-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "không nhận thông tin" in str(r.json())
    r = c.post(
        f"{API}/people",
        {"unit_id": tree.city.pk, "full_name": "A", "category": "bcd35"},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = c.post(
        f"{API}/people",
        {"unit_id": tree.sibling.pk, "full_name": "A", "category": "bcd35"},
        content_type="application/json",
    )
    assert r.status_code == 404


def test_course_enrolment_attendance_flow(login, personas, tree, people):
    c = login(personas.own)
    r = c.post(
        f"{API}/courses",
        {
            "organiser_id": tree.city.pk,
            "title": "Lớp",
            "audiences": ["bcd35", "cong_tac_vien"],
            "starts_on": "2022-09-12",
            "ends_on": "2022-09-13",
            "form": "truc_tiep",
        },
        content_type="application/json",
    )
    assert r.status_code == 201
    course = r.json()
    r = c.post(
        f"{API}/courses/{course['id']}/enrolments",
        {"person_id": people.city.pk},
        content_type="application/json",
    )
    assert r.status_code == 201
    enrolment = r.json()["id"]
    session = course["sessions"][0]["id"]
    r = c.post(
        f"{API}/courses/{course['id']}/sessions/{session}/attendance",
        {"marks": [{"person_id": people.ward.pk, "present": True}]},
        content_type="application/json",
    )
    assert r.status_code == 400 and "không có trong danh sách học viên" in str(r.json())
    r = c.post(
        f"{API}/courses/{course['id']}/sessions/{session}/attendance",
        {"marks": [{"person_id": people.city.pk, "present": True}]},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = c.post(
        f"{API}/courses/{course['id']}/enrolments/{enrolment}/complete",
        {"on": "2022-09-13"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "completed"
    assert c.get(f"{API}/courses/{course['id']}/enrolments").json()[0]["attendance"] == {str(session): True}
    assert (
        login(personas.sibling).get(f"{API}/courses/{course['id']}/enrolments/{enrolment}").status_code == 404
    )
    c = login(personas.own)
    r = c.get(f"{API}/figures", {"unit_id": tree.city.pk, "year": 2022})
    assert r.json()["trained"] == 1
    assert c.get(f"{API}/courses", {"q": "lop"}).json()["count"] == 1
