from __future__ import annotations

import pytest
from django.urls import reverse

from trienkhai.core.scoping import SYSTEM
from trienkhai.followups.models import FollowUp
from trienkhai.oversight.models import Inspection


@pytest.mark.parametrize(
    "who,status", [("own", 200), ("child", 200), ("parent", 200), ("sibling", 404), ("other", 404)]
)
def test_detail_scope(login, personas, inspection, who, status):
    # the ward is the subject: it sees its own inspection
    assert (
        login(getattr(personas, who)).get(reverse("oversight:detail", args=[inspection.pk])).status_code
        == status
    )


def test_list_search(login, personas, inspection):
    page = login(personas.own).get(reverse("oversight:list"), {"q": "nghi quyet 35"}).content.decode()
    assert inspection.title in page and "Kế hoạch kiểm tra, giám sát năm 2022" in page
    assert inspection.title not in login(personas.sibling).get(reverse("oversight:list")).content.decode()


def test_conclude_form_and_one_click(login, personas, inspection, tree):
    c = login(personas.own)
    r = c.post(
        reverse("oversight:conclude", args=[inspection.pk]),
        {
            "findings": "Tốt",
            "conclusion": "Đạt yêu cầu",
            "concluded_on": "2022-09-20",
            "r-TOTAL_FORMS": 1,
            "r-INITIAL_FORMS": 0,
            "r-0-text": "Bổ sung kế hoạch",
            "r-0-unit": tree.ward.pk,
            "r-0-due_on": "2022-12-31",
        },
    )
    assert r.status_code == 302
    rec = Inspection.objects.get().recommendations.get()
    c.post(reverse("oversight:to_followup", args=[inspection.pk, rec.pk]))
    assert FollowUp.objects.get().unit == tree.ward


def test_create_form(login, personas, tree):
    from trienkhai.documents.services import document_register

    document_register(issuing_unit=tree.root, code="35-NQ/TW", title="NQ 35", acting_user=SYSTEM)
    c = login(personas.own)
    data = {
        "conducting_unit": tree.city.pk,
        "kind": "giam_sat",
        "mode": "chuyen_de",
        "title": "Giám sát 35",
        "subject_units": [tree.ward.pk],
        "document_codes": "35-NQ/TW",
        "start_on": "2022-10-01",
    }
    assert c.post(reverse("oversight:create"), {**data, "document_codes": "99-XX/YY"}).status_code == 400
    r = c.post(reverse("oversight:create"), data)
    assert r.status_code == 302 and Inspection.objects.get().documents.get().code == "35-NQ/TW"


# Who reads which recommendation of an inspection shared by two wards, written out by hand:
# the inspecting city and the province above it read both; each ward reads its own only.
OWN_REC, SIBLING_REC = "Bổ sung kế hoạch của phường", "Sửa quy chế của xã"
SHARED_SEES = {
    "own": {OWN_REC, SIBLING_REC},
    "parent": {OWN_REC, SIBLING_REC},
    "child": {OWN_REC},
    "neighbour": {SIBLING_REC},
}


@pytest.mark.parametrize("who", sorted(SHARED_SEES))
def test_detail_lists_only_the_recommendations_the_viewer_may_see(login, personas, shared_inspection, who):
    """GIVEN an inspection of two wards with one recommendation for each
    WHEN each persona opens it THEN only the recommendations addressed within its subtree (or all,
    at or above the inspecting city) are on the page: text, deadline and follow-up link."""
    insp, _commune, neighbour = shared_inspection
    user = neighbour if who == "neighbour" else getattr(personas, who)
    page = login(user).get(reverse("oversight:detail", args=[insp.pk])).content.decode()
    assert {t for t in (OWN_REC, SIBLING_REC) if t in page} == SHARED_SEES[who]
    assert ("30/06/2023" in page) == (OWN_REC in SHARED_SEES[who])
    assert ("31/07/2023" in page) == (SIBLING_REC in SHARED_SEES[who])
    links = {
        f.source_recommendation.text
        for f in FollowUp.objects.select_related("source_recommendation")
        if reverse("followups:detail", args=[f.pk]) in page
    }
    assert links == SHARED_SEES[who]


def test_to_followup_of_an_unseen_recommendation_is_404(login, personas, shared_inspection):
    """A ward names the sibling commune's recommendation by id: the same 404 as a missing one."""
    insp, commune, _neighbour = shared_inspection
    rec = insp.recommendations.get(unit=commune)
    r = login(personas.child).post(reverse("oversight:to_followup", args=[insp.pk, rec.pk]))
    assert r.status_code == 404


def _conclude(c, inspection, unit, text):
    return c.post(
        reverse("oversight:conclude", args=[inspection.pk]),
        {
            "findings": "Cơ bản tốt",
            "conclusion": "Đạt yêu cầu",
            "concluded_on": "2022-09-20",
            "r-TOTAL_FORMS": 1,
            "r-INITIAL_FORMS": 0,
            "r-0-text": text,
            "r-0-unit": unit.pk,
            "r-0-due_on": "2022-12-31",
        },
    )


def test_a_recommendation_goes_to_a_unit_below_and_its_task_keeps_the_link(login, personas, inspection, tree):
    """Issue 18.2. GIVEN the city inspected its ward WHEN it addresses a recommendation to a party
    cell below the ward (not an inspected unit) THEN the cell is offered and accepted and the
    one-click task goes to the cell with the recommendation as its source."""
    from trienkhai.oversight.models import Recommendation

    c = login(personas.own)
    page = c.get(reverse("oversight:detail", args=[inspection.pk])).content.decode()
    assert f'<option value="{tree.cell.pk}">' in page and f'<option value="{tree.sibling.pk}">' not in page
    _conclude(c, inspection, tree.cell, "Chi bộ bổ sung nghị quyết chuyên đề")
    rec = Recommendation.objects.get()
    assert rec.unit == tree.cell
    c.post(reverse("oversight:to_followup", args=[inspection.pk, rec.pk]))
    task = FollowUp.objects.get()
    assert task.unit == tree.cell and list(rec.followups.all()) == [task]


def test_a_recommendation_outside_the_scope_is_refused(login, personas, inspection, tree):
    _conclude(login(personas.own), inspection, tree.sibling, "Việc của Thành ủy Đông Sơn")
    inspection.refresh_from_db()
    assert inspection.concluded_on is None and not inspection.recommendations.exists()


def test_export_has_the_filtered_inspections_in_scope(login, personas, shared_inspection, inspection):
    """The list gained an export from its ListSpec: its search, filters and the viewer's scope."""
    import datetime as dt
    import io

    from openpyxl import load_workbook

    def sheet(response):
        return [[c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()]

    url = reverse("oversight:export")
    header = [
        "Từ ngày",
        "Đến ngày",
        "Cuộc kiểm tra, giám sát",
        "Loại",
        "Hình thức",
        "Đơn vị tiến hành",
        "Đối tượng",
        "Nội dung",
        "Ngày kết luận",
        "Kết luận",
    ]
    assert sheet(login(personas.own).get(url, {"q": "nghi quyet 35", "year": "2022"})) == [
        header,
        [
            dt.datetime(2022, 9, 5),
            dt.datetime(2022, 9, 9),
            "Kiểm tra việc thực hiện Nghị quyết 35-NQ/TW",
            "Kiểm tra",
            "Chuyên đề",
            "Thị ủy Bình Yên",
            "Đảng ủy phường Cẩm Thủy",
            None,
            None,
            None,
        ],
    ]
    # Both inspections by the city; the 2023 one only with its year; the plan filter keeps the 2022 one.
    assert [r[2] for r in sheet(login(personas.own).get(url, {"year": "2023"}))[1:]] == [
        "Kiểm tra hai đơn vị"
    ]
    assert [r[2] for r in sheet(login(personas.own).get(url, {"plan": str(inspection.plan_id)}))[1:]] == [
        "Kiểm tra việc thực hiện Nghị quyết 35-NQ/TW"
    ]
    assert sheet(login(personas.sibling).get(url)) == [header]
