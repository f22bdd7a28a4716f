"""Fixtures of the reliability suite: a small campaign (a rollout over 24 chi bộ)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection

from tests.builders import DocumentFactory, RolloutFactory, UnitFactory
from trienkhai.core.scoping import SYSTEM
from trienkhai.orgs.services import member_count_set
from trienkhai.rollout.services import tally_rebuild
from trienkhai.rollout.tests.conftest import tally_snapshot

STARTS = dt.date(2022, 1, 10)
CELLS = 24

is_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
is_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


def build_campaign(tree) -> SimpleNamespace:
    cells = [tree.cell]
    cells += [UnitFactory(parent=tree.ward, name=f"Chi bộ Tổ dân phố số {n}") for n in range(2, CELLS + 1)]
    for i, c in enumerate(cells):
        member_count_set(unit=c, as_of=dt.date(2021, 12, 31), members=20 + i, acting_user=SYSTEM)
    doc = DocumentFactory(issuing_unit=tree.root, code="35-NQ/TW", title="Nghị quyết 35")
    # The builder's three steps: plan 1 Feb, conference 1 Mar, dissemination 30 Sep 2022.
    rollout = RolloutFactory(
        document=doc, owner_unit=tree.prov, title="Triển khai Nghị quyết 35", starts_on=STARTS
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
