"""Issue 13.2a: ``GET /api/v1/rollouts/steps/{id}/records`` lists only the records of units in
the viewer's subtree, also when the step itself is visible to both branches (a province's
rollout reaching the chi bộ of two cities).

The expected answers are written from the tree below, not from the scoping code: the city
(Thị ủy Bình Yên, persona ``own``) holds Chi bộ Tổ dân phố số 1; the sibling city (Thành ủy
Đông Sơn, persona ``sibling``) holds Chi bộ Đông Sơn 1; the province's viewer (``parent``) sees
both; a unit of another province (``other``) sees neither and gets 404 for the step.
"""

from __future__ import annotations

import datetime as dt

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.services import unit_create
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.services import rollout_launch, step_record_submit


def test_records_of_a_shared_step_are_listed_only_within_the_viewers_subtree(tree, personas, login):
    today = dt.date(2022, 9, 1)
    sib_cell = unit_create(
        parent=tree.sibling,
        name="Chi bộ Đông Sơn 1",
        kind=UnitKind.PARTY_CELL,
        illustrative=True,
        acting_user=SYSTEM,
    )
    doc = document_register(
        issuing_unit=tree.prov,
        code="05-KH/TU",
        title="Kế hoạch 05",
        issued_on=dt.date(2022, 8, 1),
        acting_user=SYSTEM,
    )
    rollout = rollout_launch(
        document=doc,
        owner_unit=tree.prov,
        title="Học tập Kế hoạch 05",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.PARTY_CELL],
        starts_on=dt.date(2022, 8, 10),
        steps=[{"kind": StepKind.PLAN, "due": dt.date(2022, 10, 1)}],
        today=today,
        acting_user=SYSTEM,
    )
    step = rollout.steps.get()
    for unit, note in ((tree.cell, "Ghi chú của Tổ dân phố số 1"), (sib_cell, "Ghi chú của Đông Sơn 1")):
        step_record_submit(
            step=step,
            unit=unit,
            done_on=dt.date(2022, 8, 20),
            note=note,
            plan_code="01-KH/CB",
            acting_user=SYSTEM,
        )

    expected = {
        "own": {tree.cell.pk},
        "sibling": {sib_cell.pk},
        "parent": {tree.cell.pk, sib_cell.pk},
    }
    url = f"/api/v1/rollouts/steps/{step.pk}/records"
    for name, units in expected.items():
        r = login(getattr(personas, name)).get(url)
        assert r.status_code == 200, name
        body = r.json()
        items = body["items"] if isinstance(body, dict) else body
        assert {i["unit_id"] for i in items} == units, name
        shown = r.content.decode()
        if sib_cell.pk not in units:
            assert "Đông Sơn 1" not in shown, name
        if tree.cell.pk not in units:
            assert "Tổ dân phố số 1" not in shown, name
    assert login(personas.other).get(url).status_code == 404
