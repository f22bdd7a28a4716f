"""Isolation matrix, unsafe methods (issue 8, point 1): every write × every persona.

Every page that accepts a POST (forms, htmx fragments, uploads, imports) and every API
POST/PUT/PATCH/DELETE is sent, with a payload that the own unit's administrator could
submit, by each persona: own unit, child, sibling, parent, another branch, a user whose
role was removed, a user moved to the sibling city, and the anonymous visitor. The scope
rule (``Model.objects.restrict``) on the object the write names says what must happen:

- anonymous: the login page (pages) or 401 (API);
- object outside the persona's view scope: 404 (for an object chosen in the form rather
  than in the URL, the form refuses the choice: 400 or 404);
- object seen but not changeable (a viewer, a function the role lacks): refused;
- refused means NOTHING written: no INSERT/UPDATE/DELETE on any table but the audit trail
  (a statement-level probe on the connection), no audit event other than ``refused=True``,
  and every domain table's content is identical before and after the whole matrix.

Writes that go through (the allowed personas) run in a savepoint that is rolled back, so
every persona meets the same world. Bulk actions (lists of ids, spreadsheets naming many
units) get a mix of ids inside and outside the persona's subtree: refused, nothing changed,
no audit event of success.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import resolve, reverse

from tests.isolation.conftest import PERSONAS, client_for, record_figures, visible
from tests.isolation.test_api_oracle import hand_visible
from tests.isolation.test_matrix import PORTAL_PRIVATE, PUBLIC, PUBLIC_PREFIX, SELF_PAGES, targets, url_names
from trienkhai.accounts.services import role_grant, role_revoke, user_create
from trienkhai.core.scoping import SYSTEM

pytestmark = pytest.mark.django_db(transaction=False)

TODAY = dt.date.today().isoformat()
TEXT = "Kiểm tra cô lập"

# Tables a refused request may still write: the refusal's own audit row (checked apart:
# only refused=True may appear) and the session (the test client's sign-in).
LOG_TABLES = {"core_auditevent", "django_session"}
# Not domain data: left out of the before/after checksum.
NOT_DOMAIN = {
    "core_auditevent",
    "django_session",
    "django_migrations",
    "django_content_type",
    "auth_permission",
}

# Page URLs that only read (lists, details, exports, downloads, templates, fragments).
# A POST to each of them by the own unit's administrator must write nothing.
READ_ONLY = {
    "home",
    "about",
    "accounts:profile",
    "orgs:tree",
    "orgs:as_of",
    "orgs:detail",
    "orgs:children",
    "orgs:import_template",
    "orgs:plan_template",
    "orgs:plan",
    "rollout:as_of",
    "orgs:export",
    "orgs:audit",
    "documents:list",
    "documents:export",
    "documents:detail",
    "documents:attachment",
    "rollout:dashboard",
    "rollout:todo",
    "rollout:periodic",
    "rollout:attachment",
    "rollout:detail",
    "rollout:export",
    "rollout:report",
    "rollout:import_template",
    "rollout:steps",
    "proposals:inbox",
    "proposals:outbox",
    "proposals:export",
    "proposals:detail",
    "proposals:attachment",
    "opinion:list",
    "opinion:synthesis",
    "opinion:synthesis_docx",
    "opinion:detail",
    "meetings:list",
    "meetings:export",
    "meetings:detail",
    "oversight:list",
    "oversight:export",
    "oversight:detail",
    "followups:list",
    "followups:export",
    "followups:detail",
    "training:list",
    "training:export",
    "training:course",
    "training:participants_export",
    "training:participants_template",
    "training:attendance_template",
    "training:proposals",
    "training:people",
    "training:people_export",
    "training:person",
    "training:figures",
    "emulation:list",
    "emulation:export",
    "emulation:campaign",
    "emulation:nominations_export",
    "emulation:practices",
    "emulation:practices_export",
    "emulation:practice",
    "emulation:attachment",
    "targets:list",
    "targets:export",
    "targets:detail",
    "portal:manage",
    "portal:preview",
    "portal:photo_preview",
    "portal:moderation",
    "intake:list",
}
# The sign-in pages and the language switch: public by design, no scoped object.
ACCOUNT_WRITES = {"accounts:login", "accounts:logout", "set_language", "csp_report", "javascript-catalog"}
ACCOUNT_SELF = {"accounts:token_create", "accounts:otp_setup", "accounts:otp_verify"}


# --- the probe: what a request wrote ---------------------------------------------------------

WRITE_RE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?', re.I)


SAVEPOINT_RE = re.compile(r'^\s*(SAVEPOINT|ROLLBACK\s+TO\s+SAVEPOINT|RELEASE\s+SAVEPOINT)\s+"?(\w+)"?', re.I)


class WriteProbe:
    """Every table an INSERT, UPDATE or DELETE touched on the default connection, less the
    statements a savepoint rollback undid inside the request (a service that refuses after
    writing, all-or-nothing imports): ``tables`` is what the request left written."""

    def __init__(self):
        self.tables: list[str] = []
        self.undone: list[str] = []
        self._marks: list[tuple[str, int]] = []

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        m = WRITE_RE.match(sql)
        if m:
            self.tables.append(m.group(1).split(".")[-1])
        elif (sp := SAVEPOINT_RE.match(sql)) is not None:
            verb, name = sp.group(1).upper().split()[0], sp.group(2)
            if verb == "SAVEPOINT":
                self._marks.append((name, len(self.tables)))
            else:
                i = max((k for k, (n, _pos) in enumerate(self._marks) if n == name), default=None)
                if i is not None:
                    pos = self._marks[i][1]
                    if verb == "ROLLBACK":
                        self.undone += self.tables[pos:]
                        del self.tables[pos:]
                        del self._marks[i + 1 :]
                    else:
                        del self._marks[i:]
        return result


def domain_snapshot() -> dict[str, str]:
    """sha256 of every domain table's rows in key order (what "nothing changed" compares)."""
    out = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in NOT_DOMAIN or not model._meta.managed:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        h = hashlib.sha256()
        n = 0
        for row in rows.iterator(chunk_size=2000):
            h.update(repr(row).encode())
            n += 1
        out[table] = f"{n}:{h.hexdigest()[:16]}"
    return out


@dataclass
class Result:
    status: int
    location: str
    writes: list[str]
    audit_ok: int  # audit events of success (refused=False) the request added

    @property
    def domain_writes(self) -> list[str]:
        return sorted({t for t in self.writes if t not in LOG_TABLES})

    @property
    def to_login(self) -> bool:
        return self.status == 302 and "/accounts/login/" in self.location


def attempt(client, method: str, url: str, data=None, *, json_body: bool = False) -> Result:
    """One request in a savepoint: kept when it wrote nothing of the domain (its refusal's
    audit row stays), rolled back when it wrote (an allowed write, or a leak being reported)."""
    from trienkhai.core.models import AuditEvent

    ok_before = AuditEvent.objects.filter(refused=False).count()
    sid = transaction.savepoint_create()
    probe = WriteProbe()
    kwargs = {}
    if json_body:
        kwargs = {"data": json.dumps(data or {}), "content_type": "application/json"}
    elif data is not None:
        kwargs = {"data": data}
    with connection.execute_wrapper(probe):
        r = getattr(client, method.lower())(url, **kwargs)
    result = Result(
        r.status_code,
        r.get("Location", ""),
        probe.tables,
        AuditEvent.objects.filter(refused=False).count() - ok_before,
    )
    if result.domain_writes or result.audit_ok:
        transaction.savepoint_rollback(sid)
        cache.clear()  # rolled-back versions must not leave cached pages behind
    else:
        transaction.savepoint_commit(sid)
    return result


# --- payloads --------------------------------------------------------------------------------


class Forms(HTMLParser):
    """The POST forms of a page: action and the values a browser would send as they are."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "data": {},
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "option" and self._select:
            value = a.get("value", "")
            if "selected" in a:
                self._form["data"][self._select].append(value)
            if value and self._form["first"].get(self._select) is None:
                self._form["first"][self._select] = value
            return
        if not a.get("name"):
            return
        name, data = a["name"], self._form["data"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    data.setdefault(name, []).append(a.get("value", "on"))
                return
            value = a.get("value", "")
            if not value and "required" in a:
                value = {"date": TODAY, "number": "1"}.get(kind, TEXT)
            data.setdefault(name, []).append(value)
        elif tag == "select":
            self._select = name
            data.setdefault(name, [])
            self._form.setdefault("first", {})[name] = None
        elif tag == "textarea":
            self._textarea = name
            data.setdefault(name, []).append("")
            if "required" in a:
                self._form.setdefault("required_text", set()).add(name)

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            f = self._form
            for name, first in f.get("first", {}).items():
                if not f["data"][name] and first is not None:
                    f["data"][name] = [first]
            for name in f.get("required_text", ()):
                if not f["data"][name][-1].strip():
                    f["data"][name][-1] = TEXT
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["data"][self._textarea][-1] += data


def pdf_file(name="kiem-tra.pdf"):
    f = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    f.name = name
    return f


def xlsx_file(rows, name="nhap.xlsx"):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = name
    return buf


def png_file(name="anh.png"):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(buf, "PNG")
    buf.seek(0)
    buf.name = name
    return buf


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").first()


@dataclass
class Write:
    """One unsafe endpoint: where, with what, and the object whose scope decides."""

    name: str
    url: str
    obj: object
    data: dict | None = None
    method: str = "POST"
    api: bool = False
    json_body: bool = True
    action: str = "change"
    in_body: bool = False  # the object is chosen in the payload, not named in the URL
    files: dict = field(default_factory=dict)

    def payload(self):
        if self.files:
            data = dict(self.data or {})
            for k, make in self.files.items():
                data[k] = make()
            return data
        return self.data


HOSTS = (
    # Pages that hold the forms of the writes, read as the own unit's administrator.
    "documents:create",
    "documents:detail",
    "documents:edit",
    "orgs:detail",
    "rollout:launch",
    "rollout:detail",
    "rollout:steps",
    "rollout:record",
    "proposals:create",
    "proposals:detail",
    "opinion:create",
    "opinion:detail",
    "meetings:create",
    "meetings:detail",
    "oversight:plan_create",
    "oversight:create",
    "oversight:detail",
    "followups:create",
    "followups:detail",
    "training:create",
    "training:course",
    "training:edit",
    "training:from_proposal",
    "training:person_create",
    "training:person",
    "emulation:create",
    "emulation:campaign",
    "emulation:practice_create",
    "emulation:practice",
    "targets:create",
    "targets:detail",
    "portal:manage",
    "portal:new",
    "intake:create",
    "intake:review",
    "accounts:profile",
)


def harvest(world, t) -> dict[str, dict]:
    """url name → the form data the own unit's administrator's pages would send."""
    own = client_for(world["people"]["own"])
    found: dict[str, dict] = {}
    for host in HOSTS:
        target = t.get(host)
        if target is None and any(p for p in url_names()[host][1]):
            continue
        url = reverse(host, kwargs=target.kwargs if target else None)
        r = own.get(url)
        if r.status_code != 200:
            continue
        parser = Forms()
        parser.feed(r.content.decode("utf-8", "replace"))
        for form in parser.forms:
            if form["method"] != "post":
                continue
            match = resolve((form["action"] or url).split("?")[0])
            name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
            found.setdefault(name, {k: v if len(v) != 1 else v[0] for k, v in form["data"].items()})
    return found


def page_writes(world) -> list[Write]:
    M = apps.get_model
    py, ward, cell, tn = world["py"], world["ward"], world["cell"], world["tn"]
    t = targets(world)
    forms = harvest(world, t)
    out: list[Write] = []

    def form(name, **override):
        data = {k: v for k, v in forms.get(name, {}).items() if k != "csrfmiddlewaretoken"}
        data.update(override)
        return data

    # Writes that name their object in the URL: the scope of that object decides.
    extra = {
        "documents:attach": {"file": pdf_file},
        "proposals:attach": {"file": pdf_file},
        "rollout:import": {
            "file": lambda: xlsx_file([["Đơn vị", "Ngày thực hiện"], [cell.name, TODAY]]),
        },
        "orgs:import": {
            "file": lambda: xlsx_file(
                [
                    ["Tên đơn vị", "Loại", "Đơn vị cấp trên", "Mã", "Số đảng viên"],
                    [TEXT, "Chi bộ", py.name, "", 10],
                ]
            )
        },
        "training:participants_import": {"file": lambda: xlsx_file([["Họ và tên"], [TEXT]])},
        "training:attendance_import": {"file": lambda: xlsx_file([["Họ và tên"], [TEXT]])},
    }
    manual = {
        "proposals:acknowledge": {"on": TODAY, "note": TEXT},
        "proposals:assign": {"on": TODAY, "note": TEXT, "department": str(py.pk)},
        "proposals:answer": {"on": TODAY, "text": TEXT},
        "proposals:decline": {"on": TODAY, "reason": TEXT},
        "proposals:close": {"on": TODAY, "note": TEXT},
        "followups:reopen": {"reason": TEXT},
        "training:cancel": {"reason": TEXT},
        "orgs:rename": {"new_name": "Thành ủy Phổ Yên mới", "date": TODAY},
        "orgs:reorganise": {"date": TODAY},
        "oversight:conclude": {
            "findings": TEXT,
            "conclusion": TEXT,
            "concluded_on": TODAY,
            "form-TOTAL_FORMS": "0",
            "form-INITIAL_FORMS": "0",
        },
    }
    # A new title, so that the allowed edit of a step writes (the harvested form is unchanged).
    if t.get("rollout:step_edit") is not None:
        manual["rollout:step_edit"] = {f"s{t['rollout:step_edit'].kwargs['step_pk']}-title": TEXT}
    person = _first(M("training", "Person"), unit__path__startswith=py.path)
    if person:
        manual["training:nominate"] = {"person": str(person.pk)}
    issue = _first(M("opinion", "PressingIssue"), report__unit__path__startswith=py.path)
    if issue is not None:
        manual["opinion:propose"] = {"issue": str(issue.pk)}
    if issue is not None:
        t["opinion:propose"] = type(t["orgs:detail"])(issue.report, {"pk": issue.report_id})
    # The addressee's steps on a proposal sent up to Phổ Yên (the sender's side may not take them).
    inbound = _first(M("proposals", "Proposal"), addressee=py)
    if inbound is not None:
        for step in ("acknowledge", "assign", "answer", "decline", "close"):
            t[f"proposals:{step}"] = type(t["orgs:detail"])(inbound, {"pk": inbound.pk})
    for name, target in t.items():
        if target is None or name.split(":")[0] in ("accounts",) or name in READ_ONLY:
            continue
        url = reverse(name, kwargs=target.kwargs)
        data = form(name, **manual.get(name, {}))
        # A reorganisation is decided by an admin above the unit: "admin", not "change".
        action = "admin" if name in ("orgs:reorganise", "orgs:plan_new", "orgs:plan_apply") else "change"
        out.append(
            Write(name, url, target.obj, data, json_body=False, files=extra.get(name, {}), action=action)
        )
    # The portal's editing desk: an article of Phổ Yên, its photo, a reader's feedback.
    article = _first(M("portal", "Article"), unit=py)
    if article is not None:
        out.append(
            Write(
                "portal:edit",
                reverse("portal:edit", args=[article.pk]),
                article,
                {"unit": str(py.pk), "title": TEXT, "lead": TEXT, "body": TEXT},
                json_body=False,
            )
        )
        for action in ("submit", "review", "archive"):
            out.append(
                Write(
                    "portal:action",
                    reverse("portal:action", args=[article.pk, action]),
                    article,
                    {"decision": "approve", "note": TEXT},
                    json_body=False,
                )
            )
        out.append(
            Write(
                "portal:photo_add",
                reverse("portal:photo_add", args=[article.pk]),
                article,
                {"caption": TEXT},
                json_body=False,
                files={"file": png_file},
            )
        )
    photo = _first(M("portal", "Photo"), article__unit=py)
    if photo is not None:
        out.append(
            Write(
                "portal:photo_delete",
                reverse("portal:photo_delete", args=[photo.pk]),
                photo,
                {},
                json_body=False,
            )
        )
    feedback = _first(M("portal", "Feedback"), article__unit=py)
    if feedback is not None:
        out.append(
            Write(
                "portal:moderate",
                reverse("portal:moderate", args=[feedback.pk]),
                feedback,
                {"action": "approve"},
                json_body=False,
                action="admin",
            )
        )
    # Writes whose object is chosen in the form: every unit field names Phổ Yên.
    due = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    unit_fields = {
        "documents:create": {"issuing_unit": py.pk, "title": TEXT},
        "rollout:launch": {"owner_unit": py.pk, **{f"step_{i}_due": due for i in range(5)}},
        "proposals:create": {"sender": py.pk, "addressee": tn.pk, "content": TEXT},
        "opinion:create": {"unit": py.pk, "period_kind": "quarter", "period_no": 1},
        "meetings:create": {"host": py.pk},
        "oversight:plan_create": {"unit": py.pk},
        "oversight:create": {"conducting_unit": py.pk, "subject_units": [ward.pk]},
        "followups:create": {"assigned_by": py.pk, "unit": ward.pk},
        "training:create": {"organiser": py.pk, "audiences": ["tuyen_giao"]},
        "training:person_create": {"unit": py.pk},
        "emulation:create": {"unit": py.pk},
        "emulation:practice_create": {"unit": py.pk},
        "targets:create": {"unit": py.pk, "kind": "state", "target_text": TEXT},
        "portal:new": {"unit": py.pk},
        "portal:album_create": {"unit": py.pk, "title": TEXT},
        "intake:create": {"unit": py.pk, "text": TEXT},
    }
    for name, override in unit_fields.items():
        data = form(
            name, **{k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in override.items()}
        )
        out.append(Write(name, reverse(name), py, data, json_body=False, in_body=True))
    # A personal write: revoking someone else's API token is refused to all but its owner.
    token = _first(M("accounts", "ApiToken"), user=world["people"]["own"])
    out.append(
        Write(
            "accounts:token_revoke",
            reverse("accounts:token_revoke", args=[token.pk]),
            token,
            {},
            json_body=False,
        )
    )
    return out


def api_writes(world) -> list[Write]:
    M = apps.get_model
    py, ward, cell, tn = world["py"], world["ward"], world["cell"], world["tn"]
    doc = _first(M("documents", "Document"), issuing_unit=py)
    doc2 = (
        M("documents", "Document")
        .objects.filter(issuing_unit__path__startswith=py.path)
        .exclude(pk=doc.pk)
        .order_by("pk")
        .first()
    )
    rollout = _first(M("rollout", "Rollout"), owner_unit=py)
    step = _first(M("rollout", "Step"), rollout=rollout)
    proposal = _first(M("proposals", "Proposal"), sender=py)
    meeting = _first(M("meetings", "Meeting"), host__path__startswith=py.path) or _first(
        M("meetings", "Meeting")
    )
    conclusion = _first(M("meetings", "Conclusion"), meeting=meeting)
    raised = _first(M("meetings", "RaisedProposal"), meeting=meeting)
    inspection = _first(M("oversight", "Inspection"), conducting_unit__path__startswith=py.path) or _first(
        M("oversight", "Inspection")
    )
    rec = _first(M("oversight", "Recommendation"), inspection=inspection)
    followup = _first(M("followups", "FollowUp"), unit__path__startswith=py.path) or _first(
        M("followups", "FollowUp")
    )
    course = _first(M("training", "Course"), reach=py)
    session = _first(M("training", "Session"), course=course)
    enrol = _first(M("training", "Enrolment"), course=course)
    person = _first(M("training", "Person"), unit__path__startswith=py.path)
    campaign = _first(M("emulation", "Campaign"), unit=py)
    nomination = _first(M("emulation", "Nomination"), campaign=campaign)
    practice = _first(M("emulation", "Practice"), unit__path__startswith=py.path)
    target = _first(M("targets", "Target"), unit=py)
    article = _first(M("portal", "Article"), unit=py)
    imported = _first(M("intake", "ImportedReport"), unit=py)
    A = "/api/v1"
    w: list[Write] = []

    def add(path, obj, data=None, method="POST", **kw):
        if obj is None:
            return
        w.append(Write(f"{method} {path}", path, obj, data, method=method, api=True, **kw))

    add(f"{A}/documents/", py, {"issuing_unit_id": py.pk, "title": TEXT}, in_body=True)
    add(
        f"{A}/documents/{doc.pk}/links", doc, {"target_id": doc2.pk if doc2 else doc.pk, "kind": "implements"}
    )
    add(
        f"{A}/rollouts/",
        py,
        {
            "document_id": doc.pk,
            "owner_unit_id": py.pk,
            "title": TEXT,
            "purpose": "hoc_tap",
            "scope_kinds": ["chi_bo"],
            "starts_on": TODAY,
            "steps": [{"kind": "plan", "due": (dt.date.today() + dt.timedelta(days=30)).isoformat()}],
        },
        in_body=True,
    )
    # A unit of the ward with no record yet on a step of Phổ Yên's rollouts (the child may write it).
    from trienkhai.rollout.importers import template_rows

    for st in (
        M("rollout", "Step")
        .objects.filter(rollout__owner_unit=py, kind__in=("review", "report"))
        .order_by("pk")
    ):
        free = [r[0] for r in template_rows(step=st, viewer=world["people"]["own"])]
        unit = (
            M("orgs", "Unit").objects.filter(pk__in=free, path__startswith=ward.path).order_by("path").first()
        )
        if unit is not None:
            step, cell = st, unit
            break
    add(
        f"{A}/rollouts/steps/{step.pk}/units/{cell.pk}/record",
        cell,
        {"done_on": TODAY, "note": TEXT, "outcome": TEXT},
    )
    # Editing the steps of Phổ Yên's rollout: a step of its latest period (the editable one).
    open_step = _first(M("rollout", "Step"), period=rollout.periods.order_by("-index").first())
    due = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    add(
        f"{A}/rollouts/{rollout.pk}/steps",
        rollout,
        {"kind": "report", "title": TEXT, "due": due, "expected_steps_version": rollout.steps_version},
    )
    add(
        f"{A}/rollouts/steps/{open_step.pk}",
        rollout,
        {"title": TEXT, "due": due, "expected_steps_version": rollout.steps_version},
        method="PATCH",
    )
    path = f"{A}/rollouts/steps/{open_step.pk}"
    w.append(
        Write(
            f"DELETE {path}",
            f"{path}?expected_steps_version={rollout.steps_version}",
            rollout,
            method="DELETE",
            api=True,
        )
    )
    add(
        f"{A}/proposals/",
        py,
        {"sender_id": py.pk, "addressee_id": tn.pk, "category": "dao_tao", "content": TEXT},
        in_body=True,
    )
    if proposal:
        p = f"{A}/proposals/{proposal.pk}"
        add(f"{p}/attachments", proposal, {}, json_body=False, files={"file": pdf_file})
        inbound = _first(M("proposals", "Proposal"), addressee=py)
        if inbound is not None:  # the addressee's steps: on a proposal sent up to Phổ Yên
            proposal, p = inbound, f"{A}/proposals/{inbound.pk}"
        add(f"{p}/acknowledge", proposal, {"on": TODAY, "note": TEXT})
        add(f"{p}/assign", proposal, {"on": TODAY, "department_id": tn.pk})
        add(f"{p}/answer", proposal, {"on": TODAY, "text": TEXT})
        add(f"{p}/decline", proposal, {"on": TODAY, "reason": TEXT})
        add(f"{p}/close", proposal, {"on": TODAY, "note": TEXT})
    add(
        f"{A}/opinion/reports",
        py,
        {
            "unit_id": py.pk,
            "period_kind": "quick",
            "year": dt.date.today().year,
            "report_date": TODAY,
            "mood": "on_dinh",
        },
        in_body=True,
    )
    issue = _first(M("opinion", "PressingIssue"), report__unit__path__startswith=py.path)
    if issue is not None:
        add(f"{A}/opinion/reports/{issue.report_id}/issues/{issue.pk}/propose", issue.report, {})
    add(
        f"{A}/meetings/",
        py,
        {"host_id": py.pk, "title": TEXT, "date": TODAY, "form": "truc_tiep"},
        in_body=True,
    )
    if meeting:
        m = f"{A}/meetings/{meeting.pk}"
        add(f"{m}/participants", meeting, {"name": "Nguyễn Văn Kiểm"})
        add(f"{m}/conclusions", meeting, {"text": TEXT})
        add(f"{m}/proposals", meeting, {"text": TEXT, "sender_id": py.pk, "addressee_id": tn.pk})
        if conclusion:
            add(f"{m}/conclusions/{conclusion.pk}/followup", meeting, {})
        if raised:
            add(f"{m}/proposals/{raised.pk}/send", meeting, {})
    add(
        f"{A}/oversight/plans",
        py,
        {"unit_id": py.pk, "year": dt.date.today().year, "title": TEXT},
        in_body=True,
    )
    add(
        f"{A}/oversight/",
        py,
        {
            "conducting_unit_id": py.pk,
            "kind": "kiem_tra",
            "mode": "chuyen_de",
            "title": TEXT,
            "start_on": TODAY,
            "subject_unit_ids": [ward.pk],
        },
        in_body=True,
    )
    if inspection:
        i = f"{A}/oversight/{inspection.pk}"
        add(f"{i}/conclude", inspection, {"conclusion": TEXT, "concluded_on": TODAY})
        if rec:
            add(f"{i}/recommendations/{rec.pk}/followup", inspection, {})
    add(
        f"{A}/followups/",
        py,
        {"unit_id": ward.pk, "assigned_by_id": py.pk, "title": TEXT, "due_on": TODAY},
        in_body=True,
    )
    if followup:
        add(f"{A}/followups/{followup.pk}/complete", followup, {"result_note": TEXT})
        add(f"{A}/followups/{followup.pk}/reopen", followup, {"reason": TEXT})
    add(
        f"{A}/training/people",
        py,
        {"unit_id": py.pk, "full_name": "Trần Thị Kiểm", "category": "tuyen_giao"},
        in_body=True,
    )
    add(
        f"{A}/training/courses",
        py,
        {
            "organiser_id": py.pk,
            "title": TEXT,
            "audiences": ["tuyen_giao"],
            "starts_on": TODAY,
            "ends_on": TODAY,
            "form": "truc_tiep",
        },
        in_body=True,
    )
    if course:
        c = f"{A}/training/courses/{course.pk}"
        if person:
            add(f"{c}/enrolments", course, {"person_id": person.pk})
        if session and enrol:
            add(
                f"{c}/sessions/{session.pk}/attendance",
                course,
                {"marks": [{"person_id": enrol.person_id, "present": True}]},
            )
        if enrol:
            add(f"{c}/enrolments/{enrol.pk}/complete", course, {"completed": True, "on": TODAY})
    add(
        f"{A}/emulation/campaigns",
        py,
        {"unit_id": py.pk, "title": TEXT, "starts_on": TODAY, "ends_on": TODAY},
        in_body=True,
    )
    if campaign:
        add(
            f"{A}/emulation/campaigns/{campaign.pk}/nominations",
            campaign,
            {"unit_id": py.pk, "kind": "collective", "achievements": TEXT, "nominee_unit_id": ward.pk},
        )
    if nomination:
        add(f"{A}/emulation/nominations/{nomination.pk}/decide", nomination, {"approve": True, "on": TODAY})
    add(
        f"{A}/emulation/practices",
        py,
        {"unit_id": py.pk, "title": TEXT, "work_kind": "tuyen_truyen", "description": TEXT},
        json_body=False,
        in_body=True,
    )
    if practice:
        add(f"{A}/emulation/practices/{practice.pk}/feature", practice, {"by_unit_id": py.pk, "on": TODAY})
        add(
            f"{A}/emulation/practices/{practice.pk}/adoptions",
            practice,
            {"unit_id": ward.pk, "adopted_on": TODAY},
        )
    add(
        f"{A}/targets/",
        py,
        {
            "unit_id": py.pk,
            "title": TEXT,
            "term": "2025-2030",
            "kind": "state",
            "target_text": TEXT,
            "starts_on": TODAY,
            "target_date": (dt.date.today() + dt.timedelta(days=365)).isoformat(),
        },
        in_body=True,
    )
    if target:
        add(f"{A}/targets/{target.pk}/measurements", target, {"on": TODAY, "reached": True, "note": TEXT})
    add(f"{A}/portal/manage/articles", py, {"unit_id": py.pk, "title": TEXT}, in_body=True)
    if article:
        a = f"{A}/portal/manage/articles/{article.pk}"
        add(a, article, {"title": TEXT}, method="PATCH")
        add(f"{a}/submit", article, {})
        add(f"{a}/review", article, {"decision": "approve"})
    add(f"{A}/intake/", py, {"unit_id": py.pk, "text": TEXT}, json_body=False, in_body=True)
    if imported:
        add(f"{A}/intake/{imported.pk}/confirm", imported, {})
    # Reorganisations (decision 0067): decided by an admin of the unit above, so the deciding
    # object is the changed unit and the action "admin" (on its parent, checked by the service).
    Unit = M("orgs", "Unit")
    other_ward = py.current_children().exclude(pk=ward.pk).order_by("path").first() or py
    ended = (
        Unit.objects.filter(path__startswith=py.path, depth__gt=py.depth, valid_to__isnull=False)
        .order_by("path")
        .first()
    )
    u = f"{A}/units"
    add(f"{u}/{ward.pk}/move", ward, {"new_parent_id": other_ward.pk, "date": TODAY}, action="admin")
    add(f"{u}/{cell.pk}/merge", cell, {"source_ids": [], "target_id": ward.pk, "date": TODAY}, action="admin")
    add(
        f"{u}/{ward.pk}/split",
        ward,
        {"parts": [{"name": "Đảng ủy phường Tách Mới"}], "date": TODAY},
        action="admin",
    )
    add(f"{u}/{cell.pk}/dissolve", cell, {"date": TODAY}, action="admin")
    add(f"{u}/{(ended or cell).pk}/reestablish", ended or cell, {"date": TODAY}, action="admin")
    add(f"{u}/{cell.pk}/rename", cell, {"new_name": "Chi bộ đổi tên", "date": TODAY}, action="admin")
    # A plan of the ward's: its chi bộ renamed, applied at once.
    plan_row = {"unit": cell.code or cell.name, "op": "đổi tên", "target": "Chi bộ theo kế hoạch"}
    add(f"{u}/{ward.pk}/plans", ward, {"date": TODAY, "rows": [plan_row], "apply": True}, action="admin")
    return w


# --- the oracle ------------------------------------------------------------------------------


def expected(user, spec: Write, world=None, who: str | None = None) -> str:
    """Whether the persona sees the object comes from the hand-written rule of
    ``test_api_oracle.hand_visible`` wherever it decides (the tree and the personas); only the
    rest (a ward at its city's objects, objects outside Phổ Yên) and the role asks the models."""
    if user is None:
        return "anonymous"
    seen = hand_visible(world, who, spec.obj) if world is not None else None
    if seen is None:
        seen = visible(user, spec.obj, "view")
    if not seen:
        return "out_of_scope"
    if not visible(user, spec.obj, spec.action):
        return "lacks_role"
    return "allowed"


REFUSED_PAGE = {302, 400, 403, 404}  # a redirect back with the error, a form error, refused
REFUSED_API = {400, 403, 404, 409, 422}


def check(spec: Write, exp: str, res: Result) -> tuple[str, str | None]:
    """(the expectation, a problem or None)."""
    if res.status >= 500:
        return exp, f"server error {res.status}"
    if exp == "allowed":
        return exp, None  # counted: whether the payload was enough for an allowed write
    wrote = res.domain_writes
    if wrote or res.audit_ok:
        return exp, f"refused persona changed {wrote or 'the audit trail'} (HTTP {res.status})"
    if exp == "anonymous":
        ok = res.status == 401 if spec.api else res.to_login
        return exp, None if ok else f"anonymous answered {res.status} {res.location}"
    if exp == "out_of_scope":
        # An object chosen in a form: the choice is not offered (a form error, or a redirect
        # back with the error); in the API, 404 (or 400 when the id list is checked whole).
        ok = (
            res.status in ({400, 404} if spec.api else {302, 400, 404}) if spec.in_body else res.status == 404
        )
        ok = ok and not res.to_login
        return exp, None if ok else f"out of scope answered {res.status} (expected 404)"
    allowed = REFUSED_API if spec.api else REFUSED_PAGE
    if res.status not in allowed or res.to_login:
        return exp, f"role lacks the function but answered {res.status}"
    return exp, None


# --- the tests -------------------------------------------------------------------------------


def test_every_write_is_in_the_matrix(world):
    """A new page URL must be classified: read-only (and then proven so below) or a write."""
    names = set(url_names())
    writes = {w.name for w in page_writes(world)}
    known = READ_ONLY | writes | ACCOUNT_WRITES | ACCOUNT_SELF | PUBLIC | {"portal:photo_preview"}
    portal_public = {n for n in names if n.startswith(PUBLIC_PREFIX) and n not in PORTAL_PRIVATE}
    missing = sorted(names - known - portal_public - SELF_PAGES)
    assert missing == [], "classify these URLs in tests/isolation/test_writes.py (READ_ONLY or a Write)"
    from trienkhai.api.v1 import api

    ops = {
        f"{m.upper()} {p}"
        for p, item in api.get_openapi_schema()["paths"].items()
        for m in item
        if m in ("post", "put", "patch", "delete")
    }
    covered = {re.sub(r"/\d+", "/{}", w.name) for w in api_writes(world)}
    templ = {re.sub(r"\{[^}]+\}", "{}", op) for op in ops}
    assert sorted(templ - covered) == [], "add these API writes to api_writes()"


def test_read_only_pages_write_nothing_when_posted(world):
    """The READ_ONLY list is not trusted: each is POSTed by the most powerful persona."""
    t = targets(world)
    own = client_for(world["people"]["own"])
    problems = []
    checked = 0
    for name in sorted(READ_ONLY):
        params = url_names()[name][1]
        target = t.get(name) if params else None
        if params and target is None:
            continue
        if name.startswith("portal:") and params:
            continue
        res = attempt(own, "POST", reverse(name, kwargs=target.kwargs if target else None), {})
        checked += 1
        if res.domain_writes or res.audit_ok or res.status >= 500:
            problems.append((name, res.status, res.domain_writes))
    print(f"\nread-only pages POSTed: {checked}")
    assert checked > 40 and problems == []


@pytest.fixture(scope="module")
def write_matrix(world):
    """Run every write × persona once; the tests below read the outcome."""
    people = {**{k: world["people"][k] for k in PERSONAS}, "anonymous": None}
    specs = page_writes(world) + api_writes(world)
    clients = {who: client_for(user) for who, user in people.items()}  # signing in writes
    before = domain_snapshot()
    rows = []
    for spec in specs:
        for who, user in people.items():
            exp = expected(user, spec, world, who)
            res = attempt(
                clients[who], spec.method, spec.url, spec.payload(), json_body=spec.api and spec.json_body
            )
            exp, problem = check(spec, exp, res)
            rows.append((spec, who, exp, res, problem))
    after = domain_snapshot()
    return {"specs": specs, "rows": rows, "before": before, "after": after}


def test_write_matrix_zero_unexpected_successes(world, write_matrix):
    rows = write_matrix["rows"]
    problems = [(s.name, s.url, who, exp, r.status, p) for s, who, exp, r, p in rows if p]
    allowed = [(s, r) for s, who, exp, r, p in rows if exp == "allowed"]
    allowed_ok = [s for s, r in allowed if r.domain_writes and r.status < 400]
    by_exp: dict[str, int] = {}
    answers: dict[str, dict[int, int]] = {}
    for _s, _who, exp, r, _p in rows:
        by_exp[exp] = by_exp.get(exp, 0) + 1
        answers.setdefault(exp, {})
        answers[exp][r.status] = answers[exp].get(r.status, 0) + 1
    pages = {s.name for s in write_matrix["specs"] if not s.api}
    api = {s.name for s in write_matrix["specs"] if s.api}
    leaks = sum(1 for *_x, p in rows if p and "changed" in p)
    record_figures(
        {
            "what": "writes × personas",
            "page_writes": len(pages),
            "api_writes": len(api),
            "checks": len(rows),
            "by_expectation": by_exp,
            "answers": answers,
            "allowed_writes_that_went_through": f"{len(allowed_ok)}/{len(allowed)}",
            "problems": len(problems),
            "leaks": leaks,
        }
    )
    for p in problems[:60]:
        print(p)
    if os.environ.get("ISOLATION_VERBOSE"):
        for s, r in allowed:
            if s not in allowed_ok:
                print("allowed but not written:", s.name, s.url, r.status, r.location)
    assert problems == []


def test_refused_writes_left_every_domain_table_as_it_was(write_matrix):
    before, after = write_matrix["before"], write_matrix["after"]
    changed = sorted(t for t in before if before[t] != after.get(t))
    assert len(before) > 40 and changed == []


# --- bulk actions: a mix of ids inside and outside the subtree --------------------------------


@dataclass
class Bulk:
    name: str
    who: str
    method: str
    url: str
    mixed: object  # payload naming ids inside and outside the persona's subtree
    control: object  # the same payload with the inside ids only: must go through
    api: bool = True
    json_body: bool = True


def bulk_cases(world) -> list[Bulk]:
    from trienkhai.orgs.models import Unit
    from trienkhai.rollout.importers import columns, template_rows

    M = apps.get_model
    py, ward, sib, other_doc = world["py"], world["ward"], world["sib"], world["other_doc"]
    own = world["people"]["own"]
    doc = _first(M("documents", "Document"), issuing_unit=py)
    A = "/api/v1"
    cases: list[Bulk] = []

    def files(make):
        return lambda: {"file": make()}

    # Records of many units from one spreadsheet, by the ward's editor: a unit of the ward
    # and a unit of Phổ Yên outside the ward.
    for step in M("rollout", "Step").objects.filter(rollout__owner_unit=py).order_by("pk"):
        rows = template_rows(step=step, viewer=own)
        inside = [r for r in rows if Unit.objects.get(pk=r[0]).path.startswith(ward.path)]
        outside = [r for r in rows if not Unit.objects.get(pk=r[0]).path.startswith(ward.path)]
        if inside and outside:
            break
    headers = [label for _k, label in columns(step.kind)]
    keys = [k for k, _l in columns(step.kind)]

    def row(r):
        values = {"unit_id": r[0], "unit": r[1], "done_on": dt.date.today().strftime("%d/%m/%Y")}
        values.update(
            outcome=TEXT,
            plan_code=f"{r[0]}-KH/ĐU",
            plan_title=TEXT,
            form="trực tiếp",
            members_present=10,
            members_on_roll=12,
            masses=0,
            channels="loa",
            reach=100,
        )
        return [values.get(k, "") for k in keys]

    url = reverse("rollout:import", args=[step.pk])
    cases.append(
        Bulk(
            "rollout:import (records of 2 units)",
            "child",
            "POST",
            url,
            files(lambda: xlsx_file([headers, row(inside[0]), row(outside[0])])),
            files(lambda: xlsx_file([headers, row(inside[0])])),
            api=False,
        )
    )
    # Units created under the ward from a spreadsheet, one row under Phổ Yên itself.
    unit_url = reverse("orgs:import", args=[ward.pk])
    unit_headers = ["Tên đơn vị", "Loại hình", "Đơn vị cấp trên", "Mã đơn vị", "Số đảng viên"]
    cases.append(
        Bulk(
            "orgs:import (units under 2 parents)",
            "child",
            "POST",
            unit_url,
            files(
                lambda: xlsx_file(
                    [
                        unit_headers,
                        ["Chi bộ Kiểm tra 1", "Chi bộ", ward.name, "", 10],
                        ["Chi bộ Kiểm tra 2", "Chi bộ", py.name, "", 10],
                    ]
                )
            ),
            files(lambda: xlsx_file([unit_headers, ["Chi bộ Kiểm tra 1", "Chi bộ", ward.name, "", 10]])),
            api=False,
        )
    )
    # Participants of a course by id: a cadre of Phổ Yên and one of the sibling city.
    course = _first(M("training", "Course"), reach=py)
    mine = world["ward_person"]
    if course and mine:
        purl = reverse("training:participants_import", args=[course.pk])
        cases.append(
            Bulk(
                "training:participants_import (2 cadres)",
                "own",
                "POST",
                purl,
                files(lambda: xlsx_file([["Mã cán bộ"], [mine.pk], [world["sib_person"].pk]])),
                files(lambda: xlsx_file([["Mã cán bộ"], [mine.pk]])),
                api=False,
            )
        )
    # Lists of ids in the API.
    today = TODAY
    meeting = {"host_id": py.pk, "title": TEXT, "date": today, "form": "truc_tiep"}
    cases.append(
        Bulk(
            "API meetings: document_ids",
            "own",
            "POST",
            f"{A}/meetings/",
            {**meeting, "document_ids": [doc.pk, other_doc.pk]},
            {**meeting, "document_ids": [doc.pk]},
        )
    )
    insp = {
        "conducting_unit_id": py.pk,
        "kind": "kiem_tra",
        "mode": "chuyen_de",
        "title": TEXT,
        "start_on": today,
    }
    cases.append(
        Bulk(
            "API oversight: subject_unit_ids",
            "own",
            "POST",
            f"{A}/oversight/",
            {**insp, "subject_unit_ids": [ward.pk, sib.pk]},
            {**insp, "subject_unit_ids": [ward.pk]},
        )
    )
    cases.append(
        Bulk(
            "API oversight: document_ids",
            "own",
            "POST",
            f"{A}/oversight/",
            {**insp, "subject_unit_ids": [ward.pk], "document_ids": [doc.pk, other_doc.pk]},
            {**insp, "subject_unit_ids": [ward.pk], "document_ids": [doc.pk]},
        )
    )
    crs = {
        "organiser_id": py.pk,
        "title": TEXT,
        "audiences": ["tuyen_giao"],
        "starts_on": today,
        "ends_on": today,
        "form": "truc_tiep",
    }
    cases.append(
        Bulk(
            "API training course: material_ids",
            "own",
            "POST",
            f"{A}/training/courses",
            {**crs, "material_ids": [doc.pk, other_doc.pk]},
            {**crs, "material_ids": [doc.pk]},
        )
    )
    art = {"unit_id": py.pk, "title": TEXT}
    cases.append(
        Bulk(
            "API portal article: document_ids",
            "own",
            "POST",
            f"{A}/portal/manage/articles",
            {**art, "document_ids": [doc.pk, other_doc.pk]},
            {**art, "document_ids": [doc.pk]},
        )
    )
    article = _first(M("portal", "Article"), unit=py, status="draft")
    if article:
        cases.append(
            Bulk(
                "API portal article PATCH: document_ids",
                "own",
                "PATCH",
                f"{A}/portal/manage/articles/{article.pk}",
                {"document_ids": [doc.pk, other_doc.pk]},
                {"document_ids": [doc.pk]},
            )
        )
    session = _first(M("training", "Session"), course=course)
    enrol = _first(M("training", "Enrolment"), course=course)
    if session and enrol:
        cases.append(
            Bulk(
                "API training attendance: marks",
                "own",
                "POST",
                f"{A}/training/courses/{course.pk}/sessions/{session.pk}/attendance",
                {
                    "marks": [
                        {"person_id": enrol.person_id, "present": True},
                        {"person_id": world["sib_person"].pk, "present": True},
                    ]
                },
                {"marks": [{"person_id": enrol.person_id, "present": True}]},
            )
        )
    # The same lists in the pages' forms.
    for name, field_, ids_in, ids_out in (
        ("oversight:create", "subject_units", [ward.pk], [sib.pk]),
        ("portal:new", "documents", [doc.pk], [other_doc.pk]),
    ):
        spec = next(w for w in page_writes(world) if w.name == name)
        base = dict(spec.data)
        cases.append(
            Bulk(
                f"{name}: {field_}",
                "own",
                "POST",
                spec.url,
                {**base, field_: [str(x) for x in ids_in + ids_out]},
                {**base, field_: [str(x) for x in ids_in]},
                api=False,
            )
        )
    return cases


def _payload(p):
    return p() if callable(p) else p


def test_bulk_mixes_change_nothing(world):
    from trienkhai.core.models import AuditEvent

    cases = bulk_cases(world)
    problems = []
    for case in cases:
        user = world["people"][case.who]
        c = client_for(user)
        before = domain_snapshot()
        ok_before = AuditEvent.objects.filter(refused=False).count()
        mixed = attempt(c, case.method, case.url, _payload(case.mixed), json_body=case.api and case.json_body)
        if mixed.domain_writes or mixed.audit_ok:
            problems.append((case.name, "mixed ids changed", mixed.domain_writes, mixed.status))
        if mixed.status not in (400, 404):
            problems.append((case.name, "mixed ids answered", mixed.status))
        if domain_snapshot() != before or AuditEvent.objects.filter(refused=False).count() != ok_before:
            problems.append((case.name, "a domain table changed"))
        # The control: the inside ids alone go through (then rolled back), so it is the
        # foreign id that the mix was refused for.
        control = attempt(
            c, case.method, case.url, _payload(case.control), json_body=case.api and case.json_body
        )
        if not control.domain_writes or control.status >= 400:
            problems.append((case.name, "control (inside ids only) did not go through", control.status))
    record_figures(
        {
            "what": "bulk mixes",
            "cases": len(cases),
            "names": [c.name for c in cases],
            "problems": len(problems),
        }
    )
    for p in problems:
        print(p)
    assert len(cases) >= 10 and problems == []


# --- personas changed while signed in ---------------------------------------------------------


def _member_write(unit):
    return reverse("orgs:members", args=[unit.pk]), {"as_of": TODAY, "members": "123"}


def test_role_removed_mid_session_loses_access_on_the_next_request(world):
    from trienkhai.accounts.models import Role

    py = world["py"]
    user = user_create(username="iso-mid-removed", password="iso-a-long-password", acting_user=SYSTEM)
    role_grant(user=user, unit=py, role="admin", acting_user=SYSTEM)
    c = client_for(user)  # one session throughout
    page, api = reverse("orgs:detail", args=[py.pk]), f"/api/v1/units/{py.pk}"
    url, data = _member_write(py)
    assert c.get(page).status_code == 200 and c.get(api).status_code == 200
    assert attempt(c, "POST", url, data).domain_writes  # it could write (rolled back)
    role_revoke(role=Role.objects.get(user=user), acting_user=SYSTEM)
    assert c.get(page).status_code == 404
    assert c.get(api).status_code == 404
    res = attempt(c, "POST", url, data)
    assert res.status == 404 and res.domain_writes == [] and res.audit_ok == 0
    api_res = attempt(
        c, "POST", "/api/v1/documents/", {"issuing_unit_id": py.pk, "title": TEXT}, json_body=True
    )
    assert api_res.status == 404 and api_res.domain_writes == []


def test_user_moved_mid_session_sees_only_the_new_subtree(world):
    from trienkhai.accounts.models import Role

    py, sib = world["py"], world["sib"]
    user = user_create(username="iso-mid-moved", password="iso-a-long-password", acting_user=SYSTEM)
    role_grant(user=user, unit=py, role="admin", acting_user=SYSTEM)
    c = client_for(user)
    assert c.get(reverse("orgs:detail", args=[py.pk])).status_code == 200
    assert c.get(reverse("orgs:detail", args=[sib.pk])).status_code == 404
    # Moved: the old role removed, a role at the sibling city granted, same session.
    role_revoke(role=Role.objects.get(user=user), acting_user=SYSTEM)
    role_grant(user=user, unit=sib, role="admin", acting_user=SYSTEM)
    assert c.get(reverse("orgs:detail", args=[py.pk])).status_code == 404
    assert c.get(f"/api/v1/units/{py.pk}").status_code == 404
    assert c.get(reverse("orgs:detail", args=[sib.pk])).status_code == 200
    body = c.get(reverse("documents:list")).content.decode()
    assert "Phổ Yên" not in body
    old = attempt(c, "POST", *_member_write(py))
    assert old.status == 404 and old.domain_writes == []
    new = attempt(c, "POST", *_member_write(sib))
    assert new.status == 302 and "orgs_membercount" in new.domain_writes


# --- the matrix itself must catch a missing scope check ---------------------------------------


def test_the_matrix_catches_a_write_without_scope_check(world, monkeypatch):
    """With the scope rule switched off (every ``restrict`` returns everything) the same
    oracle and probe must report the refused personas' writes: the matrix can fail."""
    from trienkhai.core.scoping import ScopedQuerySet

    specs = [
        w
        for w in page_writes(world) + api_writes(world)
        if w.name in ("orgs:members", "POST /api/v1/documents/")
    ]
    people = {k: world["people"][k] for k in ("sibling", "other", "removed")}
    expectations = {(s.name, who): expected(u, s) for s in specs for who, u in people.items()}
    clients = {who: client_for(u) for who, u in people.items()}
    monkeypatch.setattr(ScopedQuerySet, "restrict", lambda self, user, action=None: self)
    caught = []
    for spec in specs:
        for who in people:
            res = attempt(
                clients[who], spec.method, spec.url, spec.payload(), json_body=spec.api and spec.json_body
            )
            _exp, problem = check(spec, expectations[(spec.name, who)], res)
            if problem and "changed" in problem:
                caught.append((spec.name, who))
    assert len(specs) == 2 and len(caught) == 2 * len(people), caught
