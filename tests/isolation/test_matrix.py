"""Isolation matrix (issue 8, point 1): every URL of the project × every persona.

The world is the Phổ Yên demo plus a sibling city (Thành ủy Sông Công, under the same
province) and another branch (a second province), with personas at Thành ủy Phổ Yên
("own"), a ward under it ("child"), the sibling city, the province ("parent"), the other
province, a user whose role was just removed, a user just moved to the sibling city, and
the anonymous visitor. For each URL:

- anonymous: pages redirect to the login page, the API answers 401, public pages answer;
- a URL naming an object: 404 exactly when the object is outside the persona's scope, as
  the hand-written rule of ``test_api_oracle.hand_visible`` says from the tree and the
  personas (never by asking ``restrict()``), and never a success then;
  forbidden POSTs change nothing;
- every page and API list: no text of the branches the persona may not see (markers).

A meta-test fails when a URL is added without being classified here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.isolation.conftest import client_for, record_figures
from tests.isolation.test_api_oracle import hand_visible

pytestmark = pytest.mark.django_db(transaction=False)

PUBLIC = {"accounts:login", "accounts:logout", "set_language", "javascript-catalog", "csp_report"}
PUBLIC_PREFIX = ("portal:",)  # the public portal; its manage pages are checked below
PORTAL_PRIVATE = {
    "portal:manage",
    "portal:new",
    "portal:edit",
    "portal:action",
    "portal:preview",
    "portal:photo_add",
    "portal:photo_delete",
    "portal:photo_preview",
    "portal:moderation",
    "portal:moderate",
    "portal:album_create",
}
# Pages that need no object but need a role to act (creation forms, personal pages).
SELF_PAGES = {"accounts:profile", "accounts:token_create", "accounts:otp_setup", "accounts:otp_verify"}
MARKER_SIB = "Sông Công"
MARKER_OTHER = "Bắc Giang"
MARKER_PY = "Phổ Yên"


def walk(resolver=None, prefix="", ns=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from walk(p, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), ns + (p.name or "?"), list(p.pattern.converters)


def url_names() -> dict[str, tuple[str, list[str]]]:
    return {
        name: (path, params) for path, name, params in walk() if not name.startswith(("admin:", "api-v1:"))
    }


@dataclass
class Target:
    obj: object  # the object named in the URL (its scope decides the answer)
    kwargs: dict


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


def targets(world) -> dict[str, Target | None]:
    """For each URL with parameters: an object of Phổ Yên's subtree and the URL kwargs."""
    from django.apps import apps

    M = apps.get_model
    py = world["py"]
    doc = _first(M("documents", "Document"), issuing_unit__path__startswith=py.path)
    link = _first(M("documents", "DocumentLink"), source=doc)
    att = _first(M("documents", "Attachment"), document__issuing_unit__path__startswith=py.path)
    rollout = _first(M("rollout", "Rollout"), owner_unit=py)
    step = _first(M("rollout", "Step"), rollout=rollout)
    open_step = _first(M("rollout", "Step"), period=rollout.periods.order_by("-index").first())
    cell = world["cell"]
    proposal = _first(M("proposals", "Proposal"), sender=py)
    p_att = _first(M("proposals", "ProposalAttachment"), proposal__sender=py)
    meeting = _first(M("meetings", "Meeting"))
    conclusion = _first(M("meetings", "Conclusion"), meeting=meeting)
    raised = _first(M("meetings", "RaisedProposal"), meeting=meeting)
    report = _first(M("opinion", "OpinionReport"), unit=py)
    inspection = _first(M("oversight", "Inspection"))
    rec = _first(M("oversight", "Recommendation"), inspection=inspection)
    followup = _first(M("followups", "FollowUp"), unit__path__startswith=py.path)
    r_att = _first(M("rollout", "RecordAttachment"), record__unit__path__startswith=py.path)
    # A draft reorganisation plan of Phổ Yên (no rows: applying it changes no unit).
    plan = _first(M("orgs", "ReorgPlan"), root=py) or M("orgs", "ReorgPlan").objects.create(
        root=py, date=dt.date(2025, 7, 1), rows=[]
    )
    t = {
        "orgs:detail": Target(py, {"pk": py.pk}),
        "orgs:children": Target(py, {"pk": py.pk}),
        "orgs:add_child": Target(py, {"pk": py.pk}),
        "orgs:rename": Target(py, {"pk": py.pk}),
        # A reorganisation form of a chi bộ of Phổ Yên (decided by an admin above it, decision 0067).
        "orgs:reorganise": Target(cell, {"pk": cell.pk, "op": "dissolve"}),
        "orgs:members": Target(py, {"pk": py.pk}),
        "orgs:import": Target(py, {"pk": py.pk}),
        "orgs:import_template": Target(py, {"pk": py.pk}),
        "orgs:plan_new": Target(py, {"pk": py.pk}),
        "orgs:plan_template": Target(py, {"pk": py.pk}),
        "orgs:plan": Target(py, {"plan_pk": plan.pk}),
        "orgs:plan_apply": Target(py, {"plan_pk": plan.pk}),
        "orgs:export": Target(py, {"pk": py.pk}),
        "orgs:audit": Target(py, {"pk": py.pk}),
        "documents:detail": Target(doc, {"pk": doc.pk}),
        "documents:edit": Target(doc, {"pk": doc.pk}),
        "documents:link": Target(doc, {"pk": doc.pk}),
        "documents:attach": Target(doc, {"pk": doc.pk}),
        "documents:unlink": Target(doc, {"pk": doc.pk, "link_pk": link.pk}) if link else None,
        "documents:attachment": Target(doc, {"pk": att.pk}) if att else None,
        "rollout:detail": Target(rollout, {"pk": rollout.pk}),
        "rollout:export": Target(rollout, {"pk": rollout.pk}),
        "rollout:as_of": Target(rollout, {"pk": rollout.pk}),
        "rollout:report": Target(rollout, {"pk": rollout.pk}),
        "rollout:close": Target(rollout, {"pk": rollout.pk}),
        "rollout:import": Target(rollout, {"step_pk": step.pk}),
        "rollout:import_template": Target(rollout, {"step_pk": step.pk}),
        "rollout:record": Target(cell, {"step_pk": step.pk, "unit_pk": cell.pk}),
        "rollout:steps": Target(rollout, {"pk": rollout.pk}),
        "rollout:step_add": Target(rollout, {"pk": rollout.pk}),
        # A step of the period whose steps may still be edited (the rollout's latest).
        "rollout:step_edit": Target(rollout, {"step_pk": open_step.pk}),
        "rollout:step_remove": Target(rollout, {"step_pk": open_step.pk}),
        # The demo records carry no files: classified, checked where one exists.
        "rollout:attachment": Target(r_att.record.unit, {"pk": r_att.pk}) if r_att else None,
    }
    if proposal:
        for name in ("detail", "acknowledge", "answer", "assign", "attach", "close", "decline"):
            t[f"proposals:{name}"] = Target(proposal, {"pk": proposal.pk})
        t["proposals:attachment"] = Target(proposal, {"pk": p_att.pk}) if p_att else None
    if meeting:
        for name in ("detail", "conclusion_add", "participant_add", "raised_add"):
            t[f"meetings:{name}"] = Target(meeting, {"pk": meeting.pk})
        t["meetings:to_followup"] = (
            Target(meeting, {"pk": meeting.pk, "item_pk": conclusion.pk}) if conclusion else None
        )
        t["meetings:to_proposal"] = (
            Target(meeting, {"pk": meeting.pk, "item_pk": raised.pk}) if raised else None
        )
    if report:
        t["opinion:detail"] = Target(report, {"pk": report.pk})
        t["opinion:propose"] = Target(report, {"pk": report.pk})
    if inspection:
        for name in ("detail", "conclude"):
            t[f"oversight:{name}"] = Target(inspection, {"pk": inspection.pk})
        t["oversight:to_followup"] = (
            Target(inspection, {"pk": inspection.pk, "item_pk": rec.pk}) if rec else None
        )
    if followup:
        for name in ("detail", "complete", "reopen"):
            t[f"followups:{name}"] = Target(followup, {"pk": followup.pk})
    imported = _first(M("intake", "ImportedReport"), unit=py)
    course = _first(M("training", "Course"), reach=py)
    enrol = _first(M("training", "Enrolment"), course=course)
    session = _first(M("training", "Session"), course=course)
    person = _first(M("training", "Person"), unit__path__startswith=py.path)
    for name in (
        "course",
        "edit",
        "cancel",
        "nominate",
        "participants_export",
        "participants_template",
        "participants_import",
        "attendance_template",
        "attendance_import",
    ):
        t[f"training:{name}"] = Target(course, {"pk": course.pk}) if course else None
    t["training:attendance"] = (
        Target(course, {"pk": course.pk, "session_pk": session.pk}) if session else None
    )
    t["training:complete"] = Target(course, {"pk": course.pk, "enrolment_pk": enrol.pk}) if enrol else None
    # A training request sent up to Phổ Yên: only its addressee's side answers it with a course.
    request = _first(M("proposals", "Proposal"), addressee=py, category="dao_tao")
    t["training:from_proposal"] = Target(request, {"proposal_pk": request.pk}) if request else None
    for name in ("person", "person_move"):
        t[f"training:{name}"] = Target(person, {"pk": person.pk}) if person else None
    campaign = _first(M("emulation", "Campaign"), unit=py)
    nomination = _first(M("emulation", "Nomination"), campaign=campaign)
    practice = _first(M("emulation", "Practice"), unit__path__startswith=py.path)
    pr_att = _first(M("emulation", "PracticeAttachment"), practice__unit__path__startswith=py.path)
    for name in ("campaign", "nominate", "nominations_export"):
        t[f"emulation:{name}"] = Target(campaign, {"pk": campaign.pk}) if campaign else None
    t["emulation:decide"] = Target(nomination, {"pk": nomination.pk}) if nomination else None
    for name in ("practice", "feature", "adopt"):
        t[f"emulation:{name}"] = Target(practice, {"pk": practice.pk}) if practice else None
    t["emulation:attachment"] = Target(practice, {"pk": pr_att.pk}) if pr_att else None
    target = _first(M("targets", "Target"), unit=py)
    for name in ("detail", "measure"):
        t[f"targets:{name}"] = Target(target, {"pk": target.pk}) if target else None
    # The demo imports the seed only where ../shared is present: classified either way.
    t["intake:review"] = Target(imported, {"pk": imported.pk}) if imported else None
    token = _first(M("accounts", "ApiToken"), user=world["people"]["own"])
    t["accounts:token_revoke"] = Target(token, {"pk": token.pk})
    return t


def test_every_url_is_classified(world):
    names = url_names()
    t = targets(world)
    unclassified = []
    for name, (_path, params) in names.items():
        if name in PUBLIC or name in SELF_PAGES or name.startswith(PUBLIC_PREFIX):
            continue
        if params and name not in t:
            unclassified.append(name)
    assert unclassified == [], "add these URLs to tests/isolation/test_matrix.py targets()"


def test_pages_matrix(world):
    names = url_names()
    t = targets(world)
    checked = leaks = 0
    problems = []
    from django.urls import reverse

    from trienkhai.core.models import AuditEvent

    audit_before = AuditEvent.objects.filter(refused=False).count()
    personas = {**world["people"], "anonymous": None}
    clients = {who: client_for(user) for who, user in personas.items()}
    urls = judged = named = 0
    for name, (_path, params) in sorted(names.items()):
        public = name in PUBLIC or (name.startswith(PUBLIC_PREFIX) and name not in PORTAL_PRIVATE)
        target = t.get(name) if params else None
        if params and target is None:
            continue  # no such object in the demo (listed by the meta-test if unclassified)
        if params and name.startswith(PUBLIC_PREFIX) and name not in PORTAL_PRIVATE:
            continue  # public portal pages with ids: covered by the portal's own anonymous tests
        if params and name in PORTAL_PRIVATE:
            continue  # portal manage pages with ids: covered by the portal's scope tests
        url = reverse(name, kwargs=target.kwargs if target else None)
        urls += 1
        for who, user in personas.items():
            c = clients[who]
            r = c.get(url)
            checked += 1
            status = r.status_code
            if user is None:
                if public:
                    continue
                if not (status == 302 and "/accounts/login/" in r.get("Location", "")) and status != 405:
                    problems.append((name, who, status, "anonymous must be sent to the login page"))
                if status == 405:
                    r = c.post(url)
                    if not (r.status_code == 302 and "/accounts/login/" in r.get("Location", "")):
                        problems.append((name, who, r.status_code, "anonymous POST must go to login"))
                continue
            can_see = hand_visible(world, who, target.obj) if target is not None else None
            if target is not None and who != "child":
                named += 1
                judged += can_see is not None
            if can_see is not None:
                if not can_see and status not in (404, 405):
                    problems.append((name, who, status, "out of scope must answer 404"))
                    leaks += 1
                if not can_see and status == 405:
                    r = c.post(url, {})
                    if r.status_code != 404:
                        problems.append((name, who, r.status_code, "forbidden POST must answer 404"))
                        leaks += 1
                if can_see and status == 404 and name.endswith(("detail", "children", "record")):
                    problems.append((name, who, status, "in scope but 404"))
            if status == 200 and r.get("Content-Type", "").startswith("text/html") and not public:
                body = r.content.decode("utf-8", "replace")
                forbidden = []
                if who not in ("sibling", "moved", "parent"):
                    forbidden.append(MARKER_SIB)
                if who != "other":
                    forbidden.append(MARKER_OTHER)
                if who in ("sibling", "other", "removed", "moved"):
                    forbidden.append(MARKER_PY)
                for marker in forbidden:
                    if marker in body:
                        problems.append((name, who, status, f"page shows “{marker}”"))
                        leaks += 1
    print(
        f"\nisolation matrix: {checked} URL × persona checks (of {named} naming an object, the child's aside, {judged} judged by the hand rule), {leaks} leaks"
    )
    record_figures(
        {
            "what": "pages GET × personas",
            "urls": urls,
            "personas": len(personas),
            "checks": checked,
            "judged_by_hand_rule": judged,
            "leaks": leaks,
        }
    )
    assert problems == []
    # The hand rule decides every page × persona naming an object (a ward's view of its city's
    # own objects, per kind, aside: test_api_oracle.test_what_comes_down_from_the_city).
    assert judged >= named, (judged, named)
    # Nothing the forbidden POSTs tried was written (only allowed GETs ran otherwise); their
    # refusals may be logged (``refused=True``), nothing else.
    assert AuditEvent.objects.filter(refused=False).count() == audit_before


def _api_paths():
    from trienkhai.api.v1 import api

    schema = api.get_openapi_schema()
    for path, ops in schema["paths"].items():
        if "get" in ops:
            yield path, [p["name"] for p in ops["get"].get("parameters", []) if p["in"] == "path"]


def test_api_lists_never_show_other_branches(world):
    personas = {**world["people"], "anonymous": None}
    checked = 0
    problems = []
    for path, params in _api_paths():
        if params:
            continue
        url = path
        for who, user in personas.items():
            r = client_for(user).get(url)
            checked += 1
            if user is None:
                if r.status_code not in (401, 200) or (r.status_code == 200 and "/portal" not in path):
                    problems.append((path, who, r.status_code, "anonymous must get 401"))
                continue
            if r.status_code == 200:
                body = r.content.decode()
                if who not in ("sibling", "moved", "parent") and MARKER_SIB in body:
                    problems.append((path, who, "shows the sibling city"))
                if (
                    who in ("sibling", "other", "removed", "moved")
                    and MARKER_PY in body
                    and "/portal" not in path
                ):
                    problems.append((path, who, "shows Phổ Yên"))
    print(f"\nAPI lists: {checked} path × persona checks")
    record_figures({"what": "API lists GET × personas", "checks": checked, "problems": len(problems)})
    assert problems == []


def test_api_objects_answer_404_out_of_scope(world):
    """Every API path naming an object of Phổ Yên: 404 for personas outside its scope."""
    from django.apps import apps

    py = world["py"]
    M = apps.get_model
    objects = {
        "/api/v1/units/{unit_id}": py,
        "/api/v1/documents/{doc_id}": _first(M("documents", "Document"), issuing_unit=py),
        "/api/v1/rollouts/{rollout_id}": _first(M("rollout", "Rollout"), owner_unit=py),
        "/api/v1/proposals/{proposal_id}": _first(M("proposals", "Proposal"), sender=py),
    }
    checked = 0
    problems = []
    for path, params in _api_paths():
        if len(params) != 1:
            continue
        key = next(
            (
                k
                for k in objects
                if path.startswith(k.split("{")[0])
                and path.count("{") == 1
                and path.split("{")[1].startswith(k.split("{")[1].split("}")[0])
            ),
            None,
        )
        if key is None or objects[key] is None:
            continue
        obj = objects[key]
        url = path.replace("{" + params[0] + "}", str(obj.pk))
        for who, user in world["people"].items():
            r = client_for(user).get(url)
            checked += 1
            if hand_visible(world, who, obj) is False and r.status_code != 404:
                problems.append((url, who, r.status_code))
    print(f"\nAPI objects: {checked} checks")
    record_figures({"what": "API objects GET × personas", "checks": checked, "problems": len(problems)})
    assert checked > 0 and problems == []
