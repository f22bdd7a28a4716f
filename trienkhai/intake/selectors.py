"""Reads of imported reports, and the review: what the text says, matched against the records.

``report_findings`` runs the extractor over the stored source and turns each finding into
a *proposed record* (a plain dict, so the page, the API and the confirmation read the
same thing): its stable ``key`` (kind + span in the cleaned text), the quote, whether the
system already holds it (``existing``, with a link), should create it (``new``) or cannot
tell (``unmatched``, with the reason), whether it is ticked by default, and the editable
fields. Nothing here writes.

The matching rules are deliberately plain and stated where they are applied; the
reviewer corrects what they get wrong before confirming.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.documents.choices import DocKind, LinkKind
from trienkhai.documents.models import Document, DocumentLink
from trienkhai.intake.choices import Finding, MatchState
from trienkhai.intake.models import ImportedFact, ImportedReport, ImportProvenance
from trienkhai.meetings.choices import MeetingForm, ParticipantRole, ParticipantSide
from trienkhai.meetings.models import Meeting
from trienkhai.opinion.choices import Mood, PeriodKind
from trienkhai.opinion.models import OpinionReport
from trienkhai.opinion.privacy import personal_data_found
from trienkhai.orgs.models import Unit, UnitVersion
from trienkhai.proposals.choices import ProposalCategory
from trienkhai.proposals.models import Proposal
from trienkhai.proposals.services import STAFF_KINDS
from trienkhai.rollout.choices import StepKind
from trienkhai.rollout.models import Rollout
from trienkhai.rollout.selectors import coverage_for
from trienkhai.textmine.codes import CodeError, find_codes, parse_code
from trienkhai.textmine.extract import Extraction, extract
from trienkhai.textmine.normalize import fold

MAX_CANDIDATE_UNITS = 3000

# Services called by the system (the demo loader, a task) pass ``acting_user=None``; the
# findings they see are everything, as a superuser would.
SYSTEM = SimpleNamespace(is_authenticated=True, is_active=True, is_superuser=True, pk=None)


def as_viewer(user: Any) -> Any:
    return SYSTEM if user is None else user


# ---------------------------------------------------------------------- reports
def report_list(*, viewer: Any) -> QuerySet[ImportedReport]:
    return ImportedReport.objects.restrict(viewer).select_related("unit", "created_by")


def report_get(*, viewer: Any, pk: Any, action: str = "view") -> ImportedReport:
    return get_scoped_or_404(ImportedReport.objects.select_related("unit"), viewer, action, pk=pk)


def report_provenance(*, viewer: Any, report: ImportedReport) -> QuerySet[ImportProvenance]:
    return ImportProvenance.objects.restrict(viewer).filter(report=report)


def report_facts(*, viewer: Any, report: ImportedReport) -> QuerySet[ImportedFact]:
    return ImportedFact.objects.restrict(viewer).filter(report=report).select_related("step", "step__rollout")


# ---------------------------------------------------------------------- the result
@dataclass
class Findings:
    report: ImportedReport
    extraction: Extraction
    text: str
    date: dt.date | None
    units: list[dict] = field(default_factory=list)  # unit mentions, typos with suggestions
    documents: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    meeting: dict | None = None
    participants: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)
    proposals: list[dict] = field(default_factory=list)
    concerns: list[dict] = field(default_factory=list)
    opinion: dict | None = None  # where the concerns would go
    notes: list[str] = field(default_factory=list)  # what could not be matched, said plainly
    unit_choices: list[Unit] = field(default_factory=list)

    GROUPS = ("documents", "links", "participants", "coverage", "proposals", "concerns")

    def items(self) -> list[dict]:
        out: list[dict] = []
        for g in ("documents", "links"):
            out += getattr(self, g)
        if self.meeting:
            out.append(self.meeting)
        for g in ("participants", "coverage", "proposals", "concerns"):
            out += getattr(self, g)
        return out

    def by_key(self) -> dict[str, dict]:
        return {i["key"]: i for i in self.items()}

    def to_dict(self) -> dict:
        def plain(v: Any) -> Any:
            if isinstance(v, dict):
                return {k: plain(x) for k, x in v.items()}
            if isinstance(v, list | tuple):
                return [plain(x) for x in v]
            if isinstance(v, dt.date):
                return v.isoformat()
            if isinstance(v, Decimal):
                return float(v)
            if isinstance(v, Unit):
                return v.pk
            return v

        return {
            "findings": self.extraction.to_dict(),
            "date": self.date.isoformat() if self.date else None,
            "proposed": plain(
                {
                    "documents": self.documents,
                    "links": self.links,
                    "meeting": self.meeting,
                    "participants": self.participants,
                    "coverage": self.coverage,
                    "proposals": self.proposals,
                    "concerns": self.concerns,
                    "opinion": self.opinion,
                }
            ),
            "unit_mentions": plain(self.units),
            "notes": self.notes,
        }


def _item(kind: str, span: tuple[int, int], quote: str, **kw: Any) -> dict:
    item = {
        "key": f"{kind}:{span[0]}-{span[1]}",
        "kind": kind,
        "span": [span[0], span[1]],
        "quote": quote,
        "state": MatchState.NEW.value,
        "selected": True,
        "note": "",
        "existing": None,
        "fields": {},
    }
    item.update(kw)
    return item


def _ref(obj: Any, label: str, url_name: str) -> dict:
    return {"type": obj._meta.label_lower, "id": obj.pk, "label": label, "url_name": url_name}


# ---------------------------------------------------------------------- units
def candidate_units(report: ImportedReport) -> list[Unit]:
    """Units a report filed under ``report.unit`` may name: its subtree, and the units above
    it with their staff bodies (the ones it reports and writes to) — including bodies that
    have since ended: a 2022 report names the Ban Tuyên giáo Trung ương of 2022."""
    below = list(
        Unit.objects.filter(path__startswith=report.unit.path).order_by("valid_to", "path")[
            :MAX_CANDIDATE_UNITS
        ]
    )
    step = Unit.steplen
    ancestors = [report.unit.path[:i] for i in range(step, len(report.unit.path), step)]
    above: list[Unit] = []
    if ancestors:
        staff = Q()
        for a in ancestors:
            staff |= Q(path__startswith=a, depth=len(a) // step + 1, kind__in=STAFF_KINDS)
        above = list(Unit.objects.filter(Q(path__in=ancestors) | staff).order_by("valid_to", "path"))
    seen: set[int] = set()
    out = []
    for u in above + below:
        if u.pk not in seen:
            seen.add(u.pk)
            out.append(u)
    return out


def _unit_names(units: list[Unit]) -> dict[str, Unit]:
    """Name → unit, current names first, then the names they had ("Thị ủy Phổ Yên")."""
    by_name: dict[str, Unit] = {}
    for u in units:
        by_name.setdefault(" ".join(u.name.split()), u)
    by_pk = {u.pk: u for u in units}
    for unit_id, name in UnitVersion.objects.filter(unit_id__in=list(by_pk)).values_list("unit_id", "name"):
        by_name.setdefault(" ".join(name.split()), by_pk[unit_id])
    return by_name


def _unit_mentions(ex: Extraction) -> list[dict]:
    out = []
    for u in ex.units:
        # A "typo" found by one edit on the folded words must still look like a name:
        # "phố đến" is one edit from "Phổ Yên" but is two ordinary words.
        if u.get("typo") and not u["text"][:1].isupper():
            continue
        out.append(u)
    return out


def _is_below(unit: Unit | None, top: Unit | None) -> bool:
    return bool(unit and top and unit.path.startswith(top.path))


# ---------------------------------------------------------------------- dates
_TIME_AFTER = re.compile(r"^\s{0,2}\d{1,2}[:h]\d")


def _event_date(ex: Extraction) -> dt.date | None:
    """The day the report speaks of: a date printed with a time (a news item's dateline),
    else the first date that is not a cited document's issue date."""
    today = timezone.localdate()
    doc_dates = {r["date"] for r in ex.doc_refs if r.get("date")}
    dated = []
    for d in ex.dates:
        day = dt.date.fromisoformat(d["date"])
        if day > today:
            continue
        dated.append((d, day))
    with_time = [day for d, day in dated if _TIME_AFTER.match(ex.text[d["span"][1] : d["span"][1] + 8])]
    if len(with_time) == 1:
        return with_time[0]
    if len(with_time) > 1:
        return min(with_time)  # a page header's "today" comes later than the article's date
    rest = [day for d, day in dated if d["date"] not in doc_dates]
    return rest[0] if rest else None


# ---------------------------------------------------------------------- documents
_TITLE_TAIL = re.compile(r"^[\s,]*(?:ngày[^,;.]{0,40},?\s*)?")


def _guess_title(text: str, end: int, kind_label: str, code: str) -> str:
    tail = text[end : end + 300]
    tail = _TITLE_TAIL.sub("", tail, count=1)
    tail = re.split(r"[.;\n]", tail, maxsplit=1)[0].strip(" ,")
    if len(tail) >= 12 and tail.split(" ", 1)[0] in ("về", "của", "thực", "tiếp"):
        return f"{kind_label} {tail}"[:300]
    return f"{kind_label} {code}"


def _issuing_unit_guess(issuer: str, report: ImportedReport) -> Unit:
    if issuer.upper() in ("TW", "TƯ"):
        root = (
            Unit.objects.filter(code="TW").first()
            or Unit.objects.filter(path=report.unit.path[: Unit.steplen]).first()
        )
        if root is not None:
            return root
    return report.unit


def _match_documents(f: Findings, viewer: Any) -> dict[str, dict]:
    """Each cited code against the registry by ``code_key`` (and issuer code when several)."""
    by_key: dict[str, dict] = {}
    visible = Document.objects.restrict(viewer)
    for ref in f.extraction.doc_refs:
        try:
            key = parse_code(ref["code"]).key
        except CodeError:
            continue
        s, e = ref["span"]
        kind = ref.get("kind") if ref.get("kind") in DocKind.values else DocKind.KHAC
        kind_label = str(DocKind(kind).label)
        issued = dt.date.fromisoformat(ref["date"]) if ref.get("date") else None
        found = list(visible.filter(code_key=key).select_related("issuing_unit")[:5])
        if len(found) > 1:
            same_issuer = [d for d in found if d.issuer_code == ref.get("issuer")]
            same_date = [d for d in found if issued and d.issued_on == issued]
            found = same_date or same_issuer or found
        unit = _issuing_unit_guess(ref.get("issuer") or "", f.report)
        item = _item(
            Finding.DOCUMENT,
            (s, e),
            ref.get("text") or ref["code"],
            label=ref["code"],
            code_key=key,
            fields={
                "code": ref["code"],
                "kind": kind,
                "title": _guess_title(f.text, e, kind_label, ref["code"]),
                "issued_on": issued,
                "issuing_unit": unit.pk,
            },
        )
        if found:
            doc = found[0]
            item["state"] = MatchState.EXISTING.value
            item["existing"] = _ref(doc, f"{doc} — {doc.title}", "documents:detail")
            item["document_id"] = doc.pk
            if issued and doc.issued_on and issued != doc.issued_on:
                item["note"] = _("Ngày trong báo cáo (%(a)s) khác ngày trong sổ văn bản (%(b)s).") % {
                    "a": f"{issued:%d/%m/%Y}",
                    "b": f"{doc.issued_on:%d/%m/%Y}",
                }
        else:
            item["note"] = _("Chưa có trong sổ văn bản: đề xuất đăng ký.")
        f.documents.append(item)
        by_key[key] = item
    return by_key


_LINK_WORDS = [
    (re.compile(r"tiếp tục thực hiện"), LinkKind.CONTINUES),
    (re.compile(r"(?:thay thế)"), LinkKind.SUPERSEDES),
    (re.compile(r"(?:sửa đổi|bổ sung)"), LinkKind.AMENDS),
    (re.compile(r"(?:thực hiện|triển khai|cụ thể hóa)"), LinkKind.IMPLEMENTS),
]


def _match_links(f: Findings, docs: dict[str, dict]) -> None:
    """ "Kế hoạch 03-KH/TW về việc thực hiện Kết luận 21-KL/TW": two codes a few words apart
    joined by "thực hiện" (or "tiếp tục thực hiện", "thay thế", "sửa đổi") is a link."""
    codes = find_codes(f.text)
    seen: set[tuple[str, str]] = set()
    for a, b in zip(codes, codes[1:], strict=False):
        between = f.text[a.span[1] : b.full_span[0]]
        if len(between) > 80 or re.search(r"[.;!?\n]", between):
            continue
        kind = next((k for rx, k in _LINK_WORDS if rx.search(between)), None)
        if kind is None or a.doc.key == b.doc.key or (a.doc.key, b.doc.key) in seen:
            continue
        seen.add((a.doc.key, b.doc.key))
        src, tgt = docs.get(a.doc.key), docs.get(b.doc.key)
        if src is None or tgt is None:
            continue
        span = (a.full_span[0], b.span[1])
        item = _item(
            Finding.LINK,
            span,
            f.text[span[0] : span[1]],
            label=f"{src['label']} → {tgt['label']}",
            source_key=src["key"],
            target_key=tgt["key"],
            fields={"kind": kind.value},
        )
        if src.get("document_id") and tgt.get("document_id"):
            link = DocumentLink.objects.filter(
                source_id=src["document_id"], target_id=tgt["document_id"]
            ).first()
            if link is not None:
                item["state"] = MatchState.EXISTING.value
                item["existing"] = _ref(link.source, str(link), "documents:detail")
                item["existing"]["id"] = link.source_id
                item["link_id"] = link.pk
                item["fields"]["kind"] = link.kind
        f.links.append(item)


# ---------------------------------------------------------------------- working session
_SESSION = re.compile(r"(?i)buổi làm việc|làm việc với|đến làm việc|hội nghị")
_ROLE_WORDS = [
    (re.compile(r"(?i)\bbáo cáo\b"), ParticipantRole.REPORTER),
    (re.compile(r"(?i)kết luận"), ParticipantRole.CONCLUDER),
    (re.compile(r"(?i)chủ trì"), ParticipantRole.CHAIR),
    (re.compile(r"(?i)phát biểu|trao đổi|ghi nhận"), ParticipantRole.SPEAKER),
]


def _position(titles: list[str]) -> str:
    """Titles joined once each: "Bí thư Thành ủy Phổ Yen" repeats "… Phổ Yên" with a slip,
    and "Bí thư Thành ủy" is the short form of it."""
    kept: list[str] = []
    for t in titles:
        ft = fold(t)
        if any(fold(k) == ft or fold(k).startswith(ft + " ") for k in kept):
            continue
        kept = [k for k in kept if not ft.startswith(fold(k) + " ")] + [t]
    return ", ".join(kept)


def _unit_in(texts: list[str], units: list[Unit]) -> Unit | None:
    """The unit whose name is the longest one written inside one of ``texts``."""
    best: Unit | None = None
    for t in texts:
        ft = f" {fold(t)} "
        for u in units:
            fu = fold(u.name)
            if f" {fu} " in ft and (best is None or len(fu) > len(fold(best.name))):
                best = u
    return best


def _visiting_unit(f: Findings, host: Unit, by_name: dict[str, Unit]) -> Unit | None:
    """The most named unit that is neither the host's own (its subtree), nor above it, nor
    a body of its parent committee ("về phía Tỉnh ủy" sits with the host)."""
    counts: Counter[int] = Counter()
    units: dict[int, Unit] = {}
    parent_path = host.path[: -Unit.steplen]
    for m in f.units:
        u = by_name.get(m["name"])
        if u is None or u.pk == host.pk:
            continue
        if u.path.startswith(host.path) or host.path.startswith(u.path):
            continue
        if parent_path and u.path.startswith(parent_path) and u.depth == host.depth:
            continue
        counts[u.pk] += 1
        units[u.pk] = u
    if not counts:
        return None
    return units[counts.most_common(1)[0][0]]


def _match_meeting(f: Findings, viewer: Any, by_name: dict[str, Unit], units: list[Unit]) -> None:
    text = f.text
    if not _SESSION.search(text) or f.date is None:
        if f.extraction.persons:
            f.notes.append(
                _(
                    "Không xác định được buổi làm việc (ngày, nơi làm việc) nên chưa đề xuất ghi người tham dự."
                )
            )
        return
    host = f.report.unit
    visiting = _visiting_unit(f, host, by_name)
    existing = (
        Meeting.objects.restrict(viewer)
        .filter(date=f.date)
        .filter(Q(host=host) | Q(visiting_units=host))
        .distinct()
        .first()
    )
    title = (
        _("%(v)s làm việc với %(h)s") % {"v": visiting.name, "h": host.name}
        if visiting
        else _("Buổi làm việc ngày %(d)s") % {"d": f"{f.date:%d/%m/%Y}"}
    )
    first = _SESSION.search(text)
    span = (first.start(), first.end())
    online = re.search(r"(?i)\b(zoom|teams|trực tuyến)\b", text)
    item = _item(
        Finding.MEETING,
        span,
        text[span[0] : span[1]],
        label=title,
        fields={
            "title": title,
            "date": f.date,
            "host": host.pk,
            "visiting": visiting.pk if visiting else None,
            "form": MeetingForm.IN_PERSON.value,
            "platform": "",
        },
    )
    item["key"] = "meeting"
    if online and not existing:
        item["note"] = _("Báo cáo có nhắc họp trực tuyến; hãy kiểm tra hình thức.")
    recorded: dict[str, Any] = {}
    if existing is not None:
        item["state"] = MatchState.EXISTING.value
        item["existing"] = _ref(existing, str(existing), "meetings:detail")
        item["meeting_id"] = existing.pk
        recorded = {fold(p.name): p for p in existing.participants.all()}
    f.meeting = item

    for p in f.extraction.persons:
        if p.get("cue") in ("byline", "photo"):
            continue
        s, e = p["span"]
        sent_s, sent_e = _sentence(text, s)
        sentence = text[sent_s:sent_e]
        if not re.search(r"(?i)làm việc", sentence):
            # Named in passing (a quoted speech, a leader of the past), not at the session.
            continue
        unit = _unit_in(p["titles"], units)
        if unit is None:
            unit = visiting or host
        side = ParticipantSide.VISITING if visiting and _is_below(unit, visiting) else ParticipantSide.HOST
        role = next((r for rx, r in _ROLE_WORDS if rx.search(sentence)), ParticipantRole.ATTENDEE)
        position = _position(p["titles"])
        pi = _item(
            Finding.PERSON,
            (s, e),
            sentence.strip()[:400],
            label=p["name"],
            fields={
                "name": p["name"],
                "position": position,
                "unit": unit.pk if unit else None,
                "side": side.value,
                "role": role.value,
            },
        )
        rec = recorded.get(fold(p["name"]))
        if rec is not None:
            pi["state"] = MatchState.EXISTING.value
            pi["existing"] = _ref(existing, str(existing), "meetings:detail")
            pi["participant_id"] = rec.pk
            pi["recorded_position"] = rec.position
        f.participants.append(pi)


_SENT_END = re.compile(r"(?<=[.!?])\s|\n")


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENT_END.finditer(text, max(0, pos - 600), pos):
        start = m.end()
    m = _SENT_END.search(text, pos)
    return start, (m.start() + 1 if m else len(text))


# ---------------------------------------------------------------------- coverage
_STEP_WORDS = [
    (re.compile(r"(?i)xây dựng (?:kế hoạch|chương trình)"), StepKind.PLAN),
    (re.compile(r"(?i)\bph\w{0,2} biến|tuyên truyền|phổ biến"), StepKind.DISSEMINATION),
    (re.compile(r"(?i)hội nghị|học tập|quán triệt"), StepKind.CONFERENCE),
    (re.compile(r"(?i)kiểm điểm"), StepKind.REVIEW),
    (re.compile(r"(?i)báo cáo"), StepKind.REPORT),
]


def _step_kind(after: str) -> str | None:
    best = None
    for rx, kind in _STEP_WORDS:
        m = rx.search(after)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else None


def _congress_docs(sentence: str, visible: QuerySet[Document]) -> list[Document]:
    """ "Nghị quyết Đại hội XIII" has no code: the registry's resolution of that congress."""
    m = re.search(r"Đại hội(?:[^.;]{0,40}?)\s(?:lần thứ\s)?([IVXL]{1,6})\b", sentence)
    if not m:
        return []
    roman = m.group(1)
    return list(
        visible.filter(code="", kind=DocKind.NGHI_QUYET, title__contains="Đại hội").filter(
            title__contains=f" {roman} "
        )[:3]
    )


def _match_coverage(f: Findings, viewer: Any, docs: dict[str, dict]) -> None:
    text = f.text
    visible_docs = Document.objects.restrict(viewer)
    rollouts = Rollout.objects.restrict(viewer).select_related("document")
    codes = find_codes(text)
    for pct in f.extraction.percents:
        s, e = pct["span"]
        ss, se = _sentence(text, s)
        after = text[e:se]
        kind = _step_kind(after.split(";")[0]) or _step_kind(after)
        sentence = text[ss:se]
        if kind is None:
            continue  # a percentage that is not a coverage statement (growth, a share …)
        # The documents the sentence names: by code, else a congress resolution by name.
        keys = [c.doc.key for c in codes if ss <= c.span[0] < se]
        named = [docs[k]["document_id"] for k in keys if k in docs and docs[k].get("document_id")]
        named_ids = list(dict.fromkeys(named + [d.pk for d in _congress_docs(sentence, visible_docs)]))
        candidates = list(rollouts.filter(document_id__in=named_ids))
        if not candidates and named_ids:
            # a rollout of a document that carries out the one named (08-CTr/TU for Đại hội XIII)
            implementing = DocumentLink.objects.filter(target_id__in=named_ids).values("source_id")
            candidates = list(rollouts.filter(document_id__in=implementing))
        # the rollout of the last document named wins ("35-NQ/TW, kế hoạch số 0091-KH/TU")
        order = {d: i for i, d in enumerate(named_ids)}
        candidates.sort(key=lambda r: -order.get(r.document_id, -1))
        step = None
        for r in candidates:
            steps = list(r.steps.filter(kind=kind).select_related("period", "rollout").order_by("due"))
            if steps:
                on = f.date or timezone.localdate()
                past = [st for st in steps if st.period.starts_on <= on]
                step = (past or steps)[-1]
                break
        value = Decimal(str(pct["value"]))
        item = _item(
            Finding.COVERAGE,
            (s, e),
            sentence.strip()[:500],
            label=f"{pct['value']}% — {pct.get('who') or ''}".strip(" —"),
            step_kind=kind,
            fields={"step": step.pk if step else None, "value": value},
            who=pct.get("who", ""),
            what=(after.split(";")[0].strip(" ,."))[:300],
        )
        if step is None:
            item["state"] = MatchState.UNMATCHED.value
            item["selected"] = False
            item["note"] = _("Không tìm thấy đợt triển khai có yêu cầu “%(k)s” cho văn bản được nêu.") % {
                "k": StepKind(kind).label
            }
        else:
            cov = coverage_for(
                rollout=step.rollout,
                unit=f.report.unit,
                viewer=viewer,
                period=step.period,
                with_children=False,
                with_series=False,
            )
            sc = next((c for c in cov.steps if c.step.pk == step.pk), None)
            counted = Decimal(str(sc.done_pct)) if sc else None
            item["step_label"] = f"{step.rollout.title} — {step.title}"
            item["rollout_id"] = step.rollout_id
            item["counted_pct"] = counted
            item["counted"] = f"{sc.done}/{sc.in_scope}" if sc else ""
            if counted is not None and abs(counted - value) < Decimal("0.05"):
                # The system already counts this figure: nothing to store.
                item["state"] = MatchState.EXISTING.value
                item["selected"] = False
                item["existing"] = _ref(step.rollout, item["step_label"], "rollout:detail")
                item["note"] = _("Khớp với số liệu đếm được (%(c)s đơn vị).") % {"c": item["counted"]}
            else:
                item["note"] = _(
                    "Khác số liệu đếm được: %(p)s%% (%(c)s đơn vị). Lưu số liệu báo cáo để đối chiếu."
                ) % {
                    "p": counted,
                    "c": item["counted"],
                }
        f.coverage.append(item)


# ---------------------------------------------------------------------- proposals
_ASK = re.compile(r"(?i)(?<!\w)(đề nghị|kiến nghị|đề xuất)(?:\s+(?:với|lên|gửi))?\s+")
_JOIN = re.compile(r"\s*(?:,|và|;)?\s*")


def _category(text: str) -> str:
    t = text.lower()
    if "tập huấn" in t or "bồi dưỡng" in t or "đào tạo" in t:
        return ProposalCategory.TRAINING
    if "chế độ" in t or "chính sách" in t:
        return ProposalCategory.POLICY
    if "hướng dẫn" in t:
        return ProposalCategory.GUIDANCE
    if "kinh phí" in t or "cơ sở vật chất" in t:
        return ProposalCategory.RESOURCES
    return ProposalCategory.OTHER


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = re.findall(r"[0-9a-z]+", fold(text))
    return set(zip(words, words[1:], strict=False))


def _similar(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def _cap(s: str) -> str:
    s = s.strip(" ,:;")
    return s[:1].upper() + s[1:]


def _match_proposals(f: Findings, viewer: Any, by_name: dict[str, Unit]) -> None:
    """A request is "<sender> đề nghị <addressee>[, <addressee>] <what>": the verb must be
    followed by a unit ("kiến nghị của Thành ủy" is about a request, "đề xuất giải pháp" is
    not addressed). Sentences that follow in the same paragraph without a subject of their
    own ("Có quy định hỗ trợ …") are further items of the same request."""
    text = f.text
    mentions = sorted(f.units, key=lambda m: m["span"][0])
    sender_default = f.report.unit
    done_sentences: set[int] = set()
    for prop in f.extraction.proposals:
        ss, se = prop["span"]
        if ss in done_sentences:
            continue
        for m in _ASK.finditer(text, ss, se):
            pos = m.end()
            addressees: list[Unit] = []
            while True:
                j = _JOIN.match(text, pos)
                p2 = j.end() if j else pos
                nxt = next((u for u in mentions if u["span"][0] == p2), None)
                if nxt is None or nxt["name"] not in by_name:
                    break
                addressees.append(by_name[nxt["name"]])
                pos = nxt["span"][1]
            if not addressees:
                continue
            before = [u for u in mentions if ss <= u["span"][0] < m.start() and u["name"] in by_name]
            sender = by_name[before[-1]["name"]] if before else sender_default
            if not _is_below(sender, f.report.unit):
                sender = sender_default
            done_sentences.add(ss)
            first = _cap(text[pos:se].strip().rstrip("."))
            parts = [(first, (ss, se))]
            # ``se`` is the next sentence's start, past the line break when the sentence
            # ends its paragraph: look for the break from the sentence's last character
            para_end = text.find("\n", se - 1)
            para_end = len(text) if para_end < 0 else para_end
            rest_pos = se
            for sm in re.finditer(r"[^.!?\n]+[.!?]?", text[se:para_end]):
                chunk = sm.group(0).strip()
                if len(chunk) < 12:
                    continue
                a = se + sm.start() + (len(sm.group(0)) - len(sm.group(0).lstrip()))
                parts.append((_cap(chunk.rstrip(".")), (a, a + len(chunk))))
                rest_pos = a + len(chunk)
            del rest_pos
            for content, span in parts:
                content = content + "."
                addressee = addressees[0]
                item = _item(
                    Finding.PROPOSAL,
                    span,
                    text[span[0] : span[1]].strip(),
                    label=content[:120],
                    also_to=[u.name for u in addressees[1:]],
                    fields={
                        "content": content,
                        "sender": sender.pk,
                        "addressee": addressee.pk,
                        "category": _category(content),
                    },
                )
                if addressees[1:]:
                    item["note"] = _("Cũng gửi: %(u)s (mỗi kiến nghị gửi một nơi; chọn nơi nhận).") % {
                        "u": "; ".join(u.name for u in addressees[1:])
                    }
                best, score = None, 0.0
                for p in Proposal.objects.restrict(viewer).filter(sender=sender).order_by("-sent_on")[:300]:
                    sc = _similar(content, p.content)
                    if sc > score:
                        best, score = p, sc
                if best is not None and score >= 0.5:
                    item["state"] = MatchState.EXISTING.value
                    item["existing"] = _ref(best, best.title, "proposals:detail")
                    item["proposal_id"] = best.pk
                    item["note"] = _("Đã có kiến nghị này (gửi %(u)s ngày %(d)s).") % {
                        "u": best.addressee.name,
                        "d": f"{best.sent_on:%d/%m/%Y}",
                    }
                f.proposals.append(item)
            break


# ---------------------------------------------------------------------- concerns
_ATTRIBUTION = re.compile(r"(?i)(cho biết|nêu rõ|phản ánh|chia sẻ|khẳng định|nhấn mạnh)\s*,?\s*")


def _aggregate(text: str, ss: int, se: int, persons: list[dict]) -> str:
    """The concern without who said it: opinion reports hold no individuals.
    "Tại buổi làm việc, đồng chí X, Bí thư …, cho biết, mặc dù …" → "Mặc dù …"."""
    sentence = text[ss:se]
    names = [p["name"] for p in persons]
    m = _ATTRIBUTION.search(sentence)
    if m and m.start() < 300:
        prefix = sentence[: m.start()]
        if re.search(r"(?i)đồng chí", prefix) or any(n in prefix for n in names):
            sentence = sentence[m.end() :]
    for n in names:
        sentence = sentence.replace(n, "…")
    sentence = re.sub(r"(?i)đồng chí\s+…[,\s]*", "", sentence)
    return _cap(sentence.strip())


def _match_concerns(f: Findings, viewer: Any) -> None:
    text = f.text
    on = f.date or timezone.localdate()
    quarter = (on.month - 1) // 3 + 1
    existing = (
        OpinionReport.objects.restrict(viewer)
        .filter(unit=f.report.unit, year=on.year)
        .filter(
            Q(period_kind=PeriodKind.QUARTER, period_no=quarter)
            | Q(period_kind=PeriodKind.QUICK, report_date=on)
        )
        .first()
    )
    mood = Mood.CONSENSUS if re.search(r"(?i)đồng thuận", text) else Mood.CONCERNED
    f.opinion = {
        "date": on,
        "mood": mood.value,
        "existing": _ref(existing, str(existing), "opinion:detail") if existing else None,
    }
    for c in f.extraction.concerns:
        ss, se = c["span"]
        desc = _aggregate(text, ss, se, f.extraction.persons)[:2000]
        item = _item(
            Finding.CONCERN,
            (ss, se),
            text[ss:se].strip()[:600],
            label=desc[:120],
            keywords=c.get("keywords", []),
            fields={"description": desc},
        )
        personal = personal_data_found(desc)
        if existing is not None:
            item["selected"] = False
            item["state"] = MatchState.EXISTING.value
            item["existing"] = f.opinion["existing"]
            item["note"] = _("Kỳ này đã có báo cáo dư luận (%(r)s); chọn để lập thêm một báo cáo nhanh.") % {
                "r": existing.period_label
            }
        if personal:
            item["selected"] = False
            item["note"] = _("Có %(w)s: hãy viết lại ở dạng tổng hợp trước khi chọn.") % {"w": personal}
        f.concerns.append(item)


# ---------------------------------------------------------------------- entry point
def report_findings(*, report: ImportedReport, viewer: Any) -> Findings:
    """The review of one report as ``viewer`` sees it (matching uses only what they may see)."""
    viewer = as_viewer(viewer)
    units = candidate_units(report)
    by_name = _unit_names(units)
    ex = extract(report.source_text, units=list(by_name))
    f = Findings(report=report, extraction=ex, text=ex.text, date=_event_date(ex), unit_choices=units)
    f.units = _unit_mentions(ex)
    docs = _match_documents(f, viewer)
    _match_links(f, docs)
    _match_meeting(f, viewer, by_name, units)
    _match_coverage(f, viewer, docs)
    _match_proposals(f, viewer, by_name)
    _match_concerns(f, viewer)
    for u in f.units:
        if u.get("typo"):
            f.notes.append(
                _("“%(w)s” có lẽ là “%(s)s” (đã đối chiếu theo tên đúng).")
                % {"w": u["text"], "s": u["suggestion"]}
            )
    if not ex.doc_refs and not ex.persons and not ex.percents and not ex.proposals:
        f.notes.append(_("Không tìm thấy văn bản, người, tỷ lệ hay kiến nghị nào trong nội dung này."))
    return f


def default_selections(findings: Findings) -> dict[str, Any]:
    """What confirming without changes would create: the ticked items, as proposed."""
    out: dict[str, Any] = {g: [] for g in Findings.GROUPS}
    for g in Findings.GROUPS:
        for item in getattr(findings, g):
            if item["selected"]:
                out[g].append({"key": item["key"], **item["fields"]})
    m = findings.meeting
    out["meeting"] = {"key": m["key"], **m["fields"]} if m and m["selected"] else None
    return out


# ---------------------------------------------------------------------- highlighting
def highlight(text: str, findings: Findings) -> SafeString:
    """The cleaned text with every finding in a ``<mark>``. Every piece of the text goes
    through ``escape``; only our own tags are marked safe (the text is the user's)."""
    outer: list[tuple[int, int, str, str, str]] = []
    for item in findings.proposals + findings.concerns:
        outer.append(
            (item["span"][0], item["span"][1], item["kind"], item["key"], str(Finding(item["kind"]).label))
        )
    outer.sort()
    kept_outer: list[tuple[int, int, str, str, str]] = []
    for o in outer:
        if kept_outer and o[0] < kept_outer[-1][1]:
            continue
        kept_outer.append(o)
    inner: list[tuple[int, int, str, str, str]] = []
    for item in findings.documents + findings.participants + findings.coverage:
        inner.append((item["span"][0], item["span"][1], item["kind"], item["key"], item.get("label", "")))
    for p in findings.extraction.persons:
        inner.append((p["span"][0], p["span"][1], Finding.PERSON, "", ", ".join(p["titles"])))
    for u in findings.units:
        title = _("Có lẽ là “%(s)s”") % {"s": u["suggestion"]} if u.get("typo") else u["name"]
        inner.append((u["span"][0], u["span"][1], "typo" if u.get("typo") else Finding.UNIT, "", title))
    for d in findings.extraction.dates:
        inner.append((d["span"][0], d["span"][1], Finding.DATE, "", d["date"]))
    inner.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept_inner: list[tuple[int, int, str, str, str]] = []
    for i in inner:
        if kept_inner and i[0] < kept_inner[-1][1]:
            continue
        # an inner mark must not cross the edge of a sentence mark
        if any(o[0] < i[1] and i[0] < o[1] and not (o[0] <= i[0] and i[1] <= o[1]) for o in kept_outer):
            continue
        kept_inner.append(i)
    # events: (position, order, html); at one position closes come before opens
    events: list[tuple[int, int, SafeString]] = []
    for layer, spans in ((0, kept_outer), (1, kept_inner)):
        for s, e, kind, key, title in spans:
            open_tag = format_html(
                '<mark class="hl hl-{}"{} title="{}">',
                kind,
                format_html(' id="f-{}"', key) if key else "",
                title,
            )
            events.append((s, 2 + layer, open_tag))
            # inner closes (0) before outer (1)
            events.append((e, 1 - layer, mark_safe("</mark>")))  # noqa: S308 — our own closing tag
    events.sort(key=lambda ev: (ev[0], ev[1]))
    parts: list[str] = []
    pos = 0
    for at, _order, tag in events:
        if at > pos:
            parts.append(escape(text[pos:at]))
            pos = at
        parts.append(tag)
    parts.append(escape(text[pos:]))
    return mark_safe("".join(parts))  # noqa: S308 — every text piece above is escaped
