"""Reads compiled once per shape (core.prepared) answer as the ORM does, for every viewer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from trienkhai.core import prepared
from trienkhai.core.scoping import SYSTEM, get_scoped_or_404, scope_paths
from trienkhai.orgs.models import Unit
from trienkhai.rollout import selectors
from trienkhai.rollout.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    prepared.clear()
    yield
    prepared.clear()


def _units(viewer, depth, lo, hi):
    return (
        Unit.objects.restrict(viewer)
        .filter(depth=depth, path__range=(lo, hi))
        .order_by("path")
        .values_list("id", "name", "valid_from", "illustrative")
    )


def test_the_same_rows_as_the_orm_for_every_viewer_and_value(tree, personas):
    """Compiled once with stand-ins, run with real values: ids, path bounds, dates and
    booleans come back as the ORM gives them; each viewer's scope is its own key."""
    for user in vars(personas).values():
        key = ("units", tuple(p for p in (scope_paths(user) or ["*"])))
        for parent in (tree.root, tree.prov, tree.city, tree.ward):
            lo, hi = Unit._get_children_path_interval(parent.path)
            got = prepared.rows(
                key,
                lambda depth, lo, hi, u=user: _units(u, depth, lo, hi),
                depth=parent.depth + 1,
                lo=lo,
                hi=hi,
            )
            assert got == list(_units(user, parent.depth + 1, lo, hi)), (user.username, parent.name)
    # The province's children as the city admin sees them: the city only, not its sibling.
    lo, hi = Unit._get_children_path_interval(tree.prov.path)
    seen = prepared.rows(
        ("units", tuple(scope_paths(personas.own))),
        lambda depth, lo, hi: _units(personas.own, depth, lo, hi),
        depth=tree.prov.depth + 1,
        lo=lo,
        hi=hi,
    )
    assert [r[0] for r in seen] == [tree.city.pk]
    assert isinstance(seen[0][2], dt.date) and seen[0][3] is False


def test_lists_of_ids_of_any_length(tree):
    ids = list(Unit.objects.values_list("pk", flat=True))

    def build(ids):
        return Unit.objects.filter(pk__in=ids).order_by("pk").values_list("pk", flat=False)

    for n in (1, 2, len(ids)):
        assert prepared.rows(("by ids",), build, ids=ids[:n]) == [(pk,) for pk in sorted(ids[:n])]


def test_a_repeat_runs_one_statement_and_compiles_nothing(tree, personas):
    selectors.unit_get(viewer=personas.own, pk=tree.ward.pk)
    with CaptureQueriesContext(connection) as ctx:
        unit = selectors.unit_get(viewer=personas.own, pk=tree.ward.pk)
    assert len(ctx) == 1 and unit == tree.ward and unit.name == tree.ward.name


def test_a_value_the_orm_rewrites_is_refused():
    """``__startswith`` turns the value into a pattern: it cannot be swapped in afterwards."""
    with pytest.raises(ValueError, match="parameter"):
        prepared.rows(
            ("bad",), lambda path: Unit.objects.filter(path__startswith=path).values_list("pk"), path="0001"
        )


def test_a_constant_equal_to_a_stand_in_is_refused_not_confused():
    """The query is compiled with two sets of stand-ins; a constant that equals one of them
    moves in one compile and not the other, and the query is refused."""

    def build(depth):
        return Unit.objects.filter(depth=depth).exclude(numchild=31_001).values_list("pk")

    with pytest.raises(ValueError, match="same places"):
        prepared.rows(("clash",), build, depth=3)


def test_a_viewer_who_sees_nothing_runs_no_query(tree):
    from django.contrib.auth.models import AnonymousUser

    with CaptureQueriesContext(connection) as ctx, pytest.raises(Http404):
        selectors.unit_get(viewer=AnonymousUser(), pk=tree.ward.pk)
    assert len(ctx) == 0


def test_selectors_answer_as_get_scoped_or_404(tree, personas, rollout):
    """The page's prepared reads: same object, same 404s, for every viewer, one after the
    other in one process (a compiled read must not carry one viewer's scope to the next)."""
    for user in vars(personas).values():
        for unit in Unit.objects.all():
            try:
                expected = get_scoped_or_404(Unit.objects, user, "view", pk=unit.pk)
            except Http404:
                with pytest.raises(Http404):
                    selectors.unit_get(viewer=user, pk=unit.pk)
            else:
                got = selectors.unit_get(viewer=user, pk=unit.pk)
                assert [getattr(got, f.attname) for f in Unit._meta.concrete_fields] == [
                    getattr(expected, f.attname) for f in Unit._meta.concrete_fields
                ]
                assert [u.pk for u in selectors.breadcrumb(viewer=user, unit=got)] == list(
                    Unit.objects.restrict(user)
                    .filter(path__in=[got.path[:i] for i in range(Unit.steplen, len(got.path), Unit.steplen)])
                    .order_by("depth")
                    .values_list("pk", flat=True)
                )
        try:
            expected = selectors.rollout_get(viewer=user, pk=rollout.pk)
        except Http404:
            with pytest.raises(Http404):
                selectors.rollout_head(viewer=user, pk=rollout.pk)
        else:
            got = selectors.rollout_head(viewer=user, pk=rollout.pk)
            for f in type(got)._meta.concrete_fields:
                assert getattr(got, f.attname) == getattr(expected, f.attname), f.attname
            assert got.document.title == expected.document.title and str(got.document) == str(
                expected.document
            )
            assert got.owner_unit.path == expected.owner_unit.path
    for bad in ("abc", "", "-1", "0", str(2**63), "1e3", None):
        with pytest.raises(Http404):
            selectors.rollout_head(viewer=personas.superuser, pk=bad)
        with pytest.raises(Http404):
            selectors.unit_get(viewer=personas.superuser, pk=bad)


def test_coverage_reads_agree_with_the_tallies_through_the_orm(tree, personas, rollout, cells):
    from trienkhai.rollout.models import StepTally
    from trienkhai.rollout.services import step_record_submit

    step = rollout.steps.get(kind="dissemination")
    step_record_submit(
        step=step, unit=cells[0], done_on=TODAY, channels=["zalo"], reach=40, acting_user=SYSTEM
    )
    for unit in (tree.prov, tree.city, tree.ward, cells[0]):
        cov = selectors.coverage_for(rollout=rollout, unit=unit, viewer=personas.superuser, today=TODAY)
        tallies = {t.step_id: t for t in StepTally.objects.filter(unit=unit)}
        for s in cov.steps:
            t = tallies.get(s.step.pk)
            assert (s.in_scope, s.done_on_time, s.done_late, s.reach) == (
                (t.in_scope, t.done_on_time, t.done_late, t.reach) if t else (0, 0, 0, 0)
            )
        assert any(s.done for s in cov.steps), unit.name
        for child in cov.children:
            child_tallies = {t.step_id: t for t in StepTally.objects.filter(unit=child.unit)}
            assert [c.in_scope for c in child.steps] == [
                child_tallies[c.step.pk].in_scope if c.step.pk in child_tallies else 0 for c in child.steps
            ]
