"""Every API operation with path parameters × the personas, against an oracle written by hand
(issue 13.2c).

The other matrices ask ``restrict()`` what a persona may see, so a leak in ``restrict()`` would
pass them. Here the expected answer comes only from the tree and the personas of
``conftest.world``, written below:

- each path parameter names an object picked by hand from Thành ủy Phổ Yên's subtree: every
  unit the object names (the fields listed in ``OBJECTS``, chosen by reading the models, not by
  asking their querysets) lies under Phổ Yên, found by the materialised path prefix;
- ``own`` (admin at Phổ Yên) and ``parent`` (viewer at the province above it) may read such an
  object: a GET answers 200;
- ``sibling`` (the city beside Phổ Yên), ``other`` (another province), ``removed`` (role
  revoked) and ``moved`` (now only at the sibling city) may not: a GET answers 404 with the
  body a missing id gets, and names nothing of Phổ Yên; a write answers exactly what the same
  write on a missing id answers, and writes nothing;
- ``child`` (a ward under Phổ Yên) is left out: what a ward may see of its city's objects
  differs per kind (documents and rollouts come down, proposals do not) and is covered by the
  page journeys.

A meta-test fails when an operation's parameter has no object here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from django.apps import apps

from tests.isolation.conftest import client_for, record_figures

pytestmark = pytest.mark.django_db(transaction=False)

MISSING = 2_000_000_000
READERS = ("own", "parent")
OUTSIDERS = ("sibling", "other", "removed", "moved")
PUBLIC_OPS = {("get", "/api/v1/portal/articles/{article_id}")}  # the public portal's published articles
# GETs that need an editor's role as well as the scope: the province's viewer gets 403 there.
ROLE_GATED = {"/api/v1/portal/manage/articles/{article_id}"}

# parameter (with the path segment before it, where the name alone is ambiguous) →
# (model, the fields that lead from the object to a unit). Written from the models by hand.
OBJECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "units/{unit_id}": ("orgs.Unit", ("",)),
    "rollouts/steps/{step_id}/units/{unit_id}": ("orgs.Unit", ("",)),
    "{doc_id}": ("documents.Document", ("issuing_unit",)),
    "{adoption_id}": ("emulation.Adoption", ("unit", "practice__unit")),
    "{campaign_id}": ("emulation.Campaign", ("unit",)),
    "{nomination_id}": ("emulation.Nomination", ("unit", "campaign__unit", "nominee_unit")),
    "{practice_id}": ("emulation.Practice", ("unit",)),
    "followups/{item_id}": ("followups.FollowUp", ("unit", "assigned_by")),
    "conclusions/{item_id}": ("meetings.Conclusion", ("meeting__host", "unit")),
    "proposals/{item_id}": ("meetings.RaisedProposal", ("meeting__host", "sender", "addressee")),
    "recommendations/{item_id}": ("oversight.Recommendation", ("unit", "inspection__conducting_unit")),
    "intake/{report_id}": ("intake.ImportedReport", ("unit",)),
    "reports/{report_id}": ("opinion.OpinionReport", ("unit",)),
    "{issue_id}": ("opinion.PressingIssue", ("report__unit",)),
    "{meeting_id}": ("meetings.Meeting", ("host", "visiting_units")),
    "{inspection_id}": ("oversight.Inspection", ("conducting_unit", "subject_units")),
    "{article_id}": ("portal.Article", ("unit",)),
    "{proposal_id}": ("proposals.Proposal", ("sender", "addressee", "department")),
    "{rollout_id}": ("rollout.Rollout", ("owner_unit",)),
    "{step_id}": ("rollout.Step", ("rollout__owner_unit",)),
    "{target_id}": ("targets.Target", ("unit",)),
    "{course_id}": ("training.Course", ("organiser", "reach")),
    "{enrolment_id}": ("training.Enrolment", ("unit", "course__organiser", "course__reach")),
    "{session_id}": ("training.Session", ("course__organiser", "course__reach")),
    "{person_id}": ("training.Person", ("unit",)),
}


@dataclass
class Operation:
    method: str
    path: str
    params: list[str]


def operations() -> list[Operation]:
    from trienkhai.api.v1 import api

    ops = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, spec in methods.items():
            params = [p["name"] for p in spec.get("parameters", []) if p["in"] == "path"]
            if params:
                ops.append(Operation(method, path, params))
    return ops


def key_for(path: str, param: str) -> str:
    """The most specific ``OBJECTS`` key naming ``param`` in ``path``."""
    for key in sorted(OBJECTS, key=len, reverse=True):
        if key.endswith("{" + param + "}") and path.replace("/api/v1/", "").endswith(key):
            return key
        tail = path.split("{" + param + "}")[0].replace("/api/v1/", "") + "{" + param + "}"
        if tail.endswith(key):
            return key
    raise KeyError(f"{path}: no object for {{{param}}}")


def inside(unit, py) -> bool:
    return unit is None or unit.path.startswith(py.path)


def pick(world, key: str):
    """An object of Phổ Yên's subtree whose every unit field lies under Phổ Yên (by path)."""
    label, fields = OBJECTS[key]
    model = apps.get_model(label)
    py = world["py"]
    if label == "orgs.Unit":
        return world["cell"]
    first = fields[0]
    for obj in model.objects.filter(**{f"{first}__path__startswith": py.path}).order_by("pk")[:200]:
        if all_inside(world, obj, fields):
            return obj
    return None


def all_inside(world, obj, fields: tuple[str, ...]) -> bool:
    """Every unit ``obj`` names through ``fields`` lies under Phổ Yên (by path)."""
    py = world["py"]
    for f in fields:
        if f in ("visiting_units", "subject_units"):
            # Visitors (the central board at Phổ Yên's 2022 session) may come from outside
            # Phổ Yên if no outsider's unit lies under them: neither the sibling city nor
            # the other province is then at or below anything the object names.
            outsiders = (world["sib"], world["other"])
            if not all(
                inside(u, py) or not any(o.path.startswith(u.path) for o in outsiders)
                for u in getattr(obj, f).all()
            ):
                return False
            continue
        value = obj
        for part in f.split("__"):
            value = getattr(value, part, None)
        if not inside(value, py):
            return False
    return True


def url_of(op: Operation, ids: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), op.path)


def call(user, op: Operation, url: str):
    c = client_for(user)
    if op.method == "get":
        return c.get(url)
    return getattr(c, op.method)(url, data="{}", content_type="application/json")


def audit_rows() -> int:
    from trienkhai.core.models import AuditEvent

    return AuditEvent.objects.filter(refused=False).count()


def check(world, ops: list[Operation]) -> tuple[int, list, list]:
    people = world["people"]
    checked, problems, unmatched = 0, [], []
    py_name = world["py"].name
    for op in ops:
        objs = {p: pick(world, key_for(op.path, p)) for p in op.params}
        if any(o is None for o in objs.values()):
            unmatched.append((op.method, op.path))
            continue
        real = url_of(op, {p: o.pk for p, o in objs.items()})
        missing = url_of(op, dict.fromkeys(op.params, MISSING))
        public = (op.method, op.path) in PUBLIC_OPS
        if op.method == "get":
            for who in READERS:
                if who == "parent" and op.path in ROLE_GATED:
                    continue
                r = call(people[who], op, real)
                checked += 1
                if r.status_code != 200:
                    problems.append((op.method, real, who, r.status_code, "a reader is refused"))
        for who in () if public else OUTSIDERS:
            before = audit_rows()
            r, m = call(people[who], op, real), call(people[who], op, missing)
            checked += 1
            body, missing_body = r.content.decode(), m.content.decode()
            if op.method == "get" and r.status_code != 404:
                problems.append((op.method, real, who, r.status_code, "not 404"))
            if (r.status_code, _shape(body)) != (m.status_code, _shape(missing_body)):
                problems.append(
                    (op.method, real, who, r.status_code, f"differs from a missing id ({m.status_code})")
                )
            if py_name in body:
                problems.append((op.method, real, who, r.status_code, "names Phổ Yên"))
            if audit_rows() != before:
                problems.append((op.method, real, who, r.status_code, "wrote"))
    return checked, problems, unmatched


def _shape(body: str) -> str:
    """A response body with ids taken out (a 422 names the fields, never the object)."""
    try:
        return json.dumps(json.loads(body), sort_keys=True)
    except ValueError:
        return re.sub(r"\d+", "#", body)


def test_every_parameterised_operation_has_an_object_here():
    missing = []
    for op in operations():
        for p in op.params:
            try:
                key_for(op.path, p)
            except KeyError as exc:
                missing.append(str(exc))
    assert missing == []


def test_parameterised_api_operations_against_the_hand_written_oracle(world):
    ops = operations()
    checked, problems, unmatched = check(world, ops)
    gets = sum(op.method == "get" for op in ops)
    print(
        f"\nAPI operations with path parameters: {len(ops)} ({gets} GET), {checked} checks, "
        f"{len(unmatched)} without a Phổ Yên object in the demo: {unmatched}"
    )
    record_figures(
        {
            "what": "API operations with path parameters × personas, hand-written oracle",
            "operations": len(ops),
            "get": gets,
            "checks": checked,
            "without_object": len(unmatched),
            "problems": len(problems),
        }
    )
    assert problems == []
    # The demo holds an object for nearly every operation; a drop here means the oracle went blind.
    assert len(unmatched) <= len(ops) // 5, unmatched


def test_the_oracle_catches_a_leak_in_restrict(world, monkeypatch):
    """Break the one scope rule on purpose (chain-scoped models: proposals, meetings, follow-ups,
    inspections… return every row): the hand-written oracle reports it."""
    from trienkhai.followups.scoping import ChainScopedQuerySet

    monkeypatch.setattr(ChainScopedQuerySet, "restrict", lambda self, user, action=None: self)
    ops = [op for op in operations() if op.method == "get" and op.path == "/api/v1/proposals/{proposal_id}"]
    _, problems, unmatched = check(world, ops)
    assert unmatched == []
    assert {who for _, _, who, _, _ in problems} == set(OUTSIDERS)


def test_pages_naming_a_phổ_yên_object_answer_404_to_outsiders(world):
    """The page matrix's objects (test_matrix.targets), judged by the same hand-written rule:
    an object all of whose units lie under Phổ Yên is a 404 page for every outsider."""
    from django.urls import reverse

    from tests.isolation.test_matrix import targets

    fields_of = {label: fields for label, fields in OBJECTS.values()}
    checked, problems, judged = 0, [], 0
    for name, t in targets(world).items():
        if t is None or t.obj._meta.label not in fields_of:
            continue
        if not (
            t.obj == world["cell"]
            or t.obj == world["py"]
            or all_inside(world, t.obj, fields_of[t.obj._meta.label])
        ):
            continue
        judged += 1
        url = reverse(name, kwargs=t.kwargs)
        for who in OUTSIDERS:
            r = client_for(world["people"][who]).get(url)
            checked += 1
            # 405: a POST-only URL refuses a GET before it looks anything up, for a missing id too.
            if r.status_code not in (404, 405):
                problems.append((name, url, who, r.status_code))
    print(f"\npages judged by the hand-written oracle: {judged} URLs, {checked} checks")
    record_figures(
        {
            "what": "pages × outsiders, hand-written oracle",
            "urls": judged,
            "checks": checked,
            "problems": len(problems),
        }
    )
    assert judged >= 40 and problems == []
