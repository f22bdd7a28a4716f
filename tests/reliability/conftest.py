"""Fixtures of the reliability suite: a small campaign (a rollout over 24 chi bộ)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection

from trienkhai.core.scoping import SYSTEM
from trienkhai.documents.services import document_register
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.services import member_count_set, unit_create
from trienkhai.rollout.choices import Purpose, StepKind
from trienkhai.rollout.services import rollout_launch, tally_rebuild
from trienkhai.rollout.tests.conftest import tally_snapshot

STARTS = dt.date(2022, 1, 10)
CELLS = 24

is_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
is_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


def build_campaign(tree) -> SimpleNamespace:
    cells = [tree.cell]
    for n in range(2, CELLS + 1):
        cells.append(
            unit_create(
                parent=tree.ward,
                name=f"Chi bộ Tổ dân phố số {n}",
                kind=UnitKind.PARTY_CELL,
                acting_user=SYSTEM,
            )
        )
    for i, c in enumerate(cells):
        member_count_set(unit=c, as_of=dt.date(2021, 12, 31), members=20 + i, acting_user=SYSTEM)
    doc = document_register(
        issuing_unit=tree.root,
        code="35-NQ/TW",
        title="Nghị quyết 35",
        issued_on=dt.date(2018, 10, 22),
        acting_user=SYSTEM,
    )
    rollout = rollout_launch(
        document=doc,
        owner_unit=tree.prov,
        title="Triển khai Nghị quyết 35",
        purpose=Purpose.STUDY,
        scope_kinds=[UnitKind.WARD_COMMITTEE, UnitKind.PARTY_CELL],
        starts_on=STARTS,
        steps=[
            {"kind": StepKind.PLAN, "due": dt.date(2022, 2, 1)},
            {"kind": StepKind.CONFERENCE, "due": dt.date(2022, 3, 1)},
            {"kind": StepKind.DISSEMINATION, "due": dt.date(2022, 9, 30)},
        ],
        acting_user=SYSTEM,
    )
    steps = {s.kind: s for s in rollout.steps.all()}
    return SimpleNamespace(cells=cells, document=doc, rollout=rollout, steps=steps, tree=tree)


@pytest.fixture
def campaign(tree):
    return build_campaign(tree)


def recount(step):
    """The tallies as the incremental updates left them, and as a full recount computes them."""
    before = tally_snapshot(step)
    tally_rebuild(step=step)
    return before, tally_snapshot(step)
