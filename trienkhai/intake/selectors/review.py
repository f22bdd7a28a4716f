"""Reads of imported reports, and the review: what the text says, matched against the records.

``report_findings`` runs the extractor over the stored source and turns each finding into
a *proposed record* (a plain dict, so the page, the API and the confirmation read the
same thing): its stable ``key`` (kind + span in the cleaned text), the quote, whether the
system already holds it (``existing``, with a link), should create it (``new``) or cannot
tell (``unmatched``, with the reason), whether it is ticked by default, and the editable
fields. An item the viewer could not create is unticked and carries ``refused``, the reason
shown next to it, so confirming the defaults never fails on it. Nothing here writes.

The matching rules are deliberately plain and stated where they are applied; the
reviewer corrects what they get wrong before confirming.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trienkhai.core.scoping import covers, get_scoped_or_404
from trienkhai.documents.choices import DocKind, LinkKind
from trienkhai.documents.models import Document, DocumentLink, IssuingBody
from trienkhai.intake import figures as fig
from trienkhai.intake.choices import FigureKind, Finding, KeptApart, MatchState
from trienkhai.intake.concerns import (
    TopicMatch,
    gravest,
    kept_apart,
    kept_apart_sections,
    moods_stated,
    topics_named,
)
from trienkhai.intake.models import ImportedFact, ImportedReport, ImportProvenance
from trienkhai.meetings.choices import MeetingForm, MeetingKind, ParticipantRole, ParticipantSide
from trienkhai.meetings.models import Meeting
from trienkhai.opinion.choices import Mood, PeriodKind
from trienkhai.opinion.models import OpinionReport
from trienkhai.opinion.privacy import personal_data_found
from trienkhai.opinion.selectors import topics_active
from trienkhai.orgs.choices import UnitKind
from trienkhai.orgs.models import Unit, UnitVersion
from trienkhai.proposals.choices import ProposalCategory
from trienkhai.proposals.models import Proposal
from trienkhai.proposals.selectors import above_q_with_staff
from trienkhai.rollout.choices import Channel, RolloutStatus, StepKind
from trienkhai.rollout.models import Rollout, Step
from trienkhai.rollout.selectors import coverage_for, record_current, unit_owes
from trienkhai.textmine.codes import CodeError, find_codes, parse_code
from trienkhai.textmine.extract import (
    BODY_BEFORE_NAME,
    BODY_OF_KIND,
    COMMITTEE,
    PARENT,
    STANDING_BARE,
    Extraction,
    cap,
    extract,
)
from trienkhai.textmine.normalize import fold

MAX_CANDIDATE_UNITS = 3000


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
    # every person read, with the participant proposed for them or why none is
    people: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)
    # the unit's own records of conference and dissemination steps, filled from the figures
    records: list[dict] = field(default_factory=list)
    # every percent and count read: what it counts, and where it is used or why not
    figures: list[dict] = field(default_factory=list)
    proposals: list[dict] = field(default_factory=list)
    concerns: list[dict] = field(default_factory=list)
    opinion: dict | None = None  # where the concerns would go
    # flagged sentences that are the unit's own difficulties, lessons or work, not opinion
    kept_apart: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be matched, said plainly
    unit_choices: list[Unit] = field(default_factory=list)

    GROUPS = ("documents", "links", "participants", "coverage", "records", "proposals", "concerns")

    def items(self) -> list[dict]:
        out: list[dict] = []
        for g in ("documents", "links"):
            out += getattr(self, g)
        if self.meeting:
            out.append(self.meeting)
        for g in ("participants", "coverage", "records", "proposals", "concerns"):
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
                    "records": self.records,
                    "proposals": self.proposals,
                    "concerns": self.concerns,
                    "opinion": self.opinion,
                }
            ),
            "figures": plain(self.figures),
            "people": plain(self.people),
            "kept_apart": plain(self.kept_apart),
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
    above = list(Unit.objects.filter(above_q_with_staff(report.unit)).order_by("valid_to", "path"))
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
        kind: str = ref["kind"] if ref.get("kind") in DocKind.values else DocKind.KHAC
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


def _congress_title(ref: dict) -> str:
    """The registry title of a resolution named without a code: a national congress by its full
    name ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"), others as written."""
    if ref["kind"] == "dai_hoi" and ref.get("scope") == "toan_quoc":
        return f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {ref['congress']} của Đảng"
    text = " ".join(ref["text"].split())
    return text if text.startswith("Nghị quyết") else f"Nghị quyết {text}"


def _central_body() -> IssuingBody | None:
    """The outside body that signs the Party centre's documents: the first, in the registry's
    order, of the central bodies whose codes end in /TW."""
    return next((b for b in IssuingBody.objects.filter(kind="central") if "TW" in b.suffixes), None)


def _match_codeless(f: Findings, viewer: Any) -> None:
    """Resolutions named without a code ("Nghị quyết Đại hội XIII", "Nghị quyết Trung ương 4 khóa
    XII"): the registry's entry when it has one, else offered for registering — kind resolution,
    no code, the issuer guessed from the outside bodies for the centre's, kept in the report's
    unit's registry. Each resolution once, however often it is named."""
    visible = Document.objects.restrict(viewer)
    seen: set[str] = set()
    body: IssuingBody | None = None
    for ref in f.extraction.congress_refs:
        if not ref.get("resolution"):
            continue
        title = _congress_title(ref)
        if fold(title) in seen:
            continue
        seen.add(fold(title))
        s, e = ref["span"]
        central = ref["kind"] == "hoi_nghi_trung_uong" or ref.get("scope") == "toan_quoc"
        if central and body is None:
            body = _central_body()
        item = _item(
            Finding.DOCUMENT,
            (s, e),
            f.text[s:e],
            label=title,
            code_key="",
            codeless=True,
            fields={
                "code": "",
                "kind": DocKind.NGHI_QUYET.value,
                "title": title,
                "issued_on": None,
                "issuing_unit": f.report.unit.pk,
                "issuing_body": body.pk if central and body else None,
            },
        )
        found = (
            _congress_docs(f.text[s:e], visible)
            if ref["kind"] == "dai_hoi"
            else list(visible.filter(code="", kind=DocKind.NGHI_QUYET, title__iexact=title)[:1])
        )
        if found:
            doc = found[0]
            item["state"] = MatchState.EXISTING.value
            item["existing"] = _ref(doc, doc.title, "documents:detail")
            item["document_id"] = doc.pk
        else:
            item["note"] = _("Văn bản không có số hiệu, chưa có trong sổ: đề xuất đăng ký (không số hiệu).")
        f.documents.append(item)


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
_MEETING_KINDS = {
    fig.WORKING_SESSION: MeetingKind.WORKING_SESSION,
    fig.CONFERENCE: MeetingKind.CONFERENCE,
    fig.SEMINAR: MeetingKind.SEMINAR,
}
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
    parent_path = host.parent_path
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
    guessed, ks, ke = fig.meeting_kind(text)
    kind = _MEETING_KINDS.get(guessed, MeetingKind.WORKING_SESSION)
    form, platform = MeetingForm.IN_PERSON.value, ""
    if kind == MeetingKind.WORKING_SESSION:
        title = (
            _("%(v)s làm việc với %(h)s") % {"v": visiting.name, "h": host.name}
            if visiting
            else _("Buổi làm việc ngày %(d)s") % {"d": f"{f.date:%d/%m/%Y}"}
        )
    else:
        # a conference or seminar goes by its own name; how it was held is read from its paragraph
        title = fig.meeting_name(text, ks)[:300]
        ps = text.rfind("\n", 0, ks) + 1
        pe = text.find("\n", ke)
        paragraph = text[ps : len(text) if pe < 0 else pe]
        form, _platform = fig.conference_form(paragraph)
        platform = fig.meeting_platform(paragraph) if form != MeetingForm.IN_PERSON else ""
    first = _SESSION.search(text)
    if ks >= 0:
        span = (ks, ke)
    else:
        assert first is not None  # only a text with a session heading comes here
        span = (first.start(), first.end())
    online = re.search(r"(?i)\b(zoom|teams|trực tuyến)\b", text)
    item = _item(
        Finding.MEETING,
        span,
        text[span[0] : span[1]],
        label=title,
        fields={
            "kind": kind.value,
            "title": title,
            "date": f.date,
            "host": host.pk,
            "visiting": visiting.pk if visiting else None,
            "form": form,
            "platform": platform,
        },
    )
    item["key"] = "meeting"
    if online and not existing and kind == MeetingKind.WORKING_SESSION:
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
        sent_s, sent_e = fig.sentence_bounds(text, s)
        sentence = text[sent_s:sent_e]
        if not re.search(
            r"(?i)làm việc"
            if kind == MeetingKind.WORKING_SESSION
            else r"(?i)làm việc|hội nghị|hội thảo|tọa đàm",
            sentence,
        ):
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


def _people(f: Findings) -> None:
    """Every person textmine read, as the command line lists them: the participant proposed for
    them, or why none is (a byline, no session, named in passing)."""
    proposed = {tuple(p["span"]): p for p in f.participants}
    for p in f.extraction.persons:
        span = tuple(p["span"])
        pi = proposed.get(span)
        if pi is not None:
            why = ""
        elif p.get("cue") in ("byline", "photo"):
            why = _("tác giả bài viết, ảnh")
        elif f.meeting is None:
            why = _("không thấy buổi làm việc")
        else:
            why = _("được nêu tên nhưng không ở câu nói về buổi làm việc")
        f.people.append(
            {
                "name": p["name"],
                "titles": list(p.get("titles", [])),
                "span": list(span),
                "participant": pi["key"] if pi else "",
                "reason": why,
            }
        )


# ---------------------------------------------------------------------- coverage
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


class _Steps:
    """The rollout steps a passage of the report leads to, through the documents it names:
    by code, else a congress resolution by name; a rollout of a document that carries out
    the one named counts too (08-CTr/TU for Đại hội XIII)."""

    def __init__(self, f: Findings, viewer: Any, docs: dict[str, dict]):
        self.f, self.docs = f, docs
        self.visible_docs = Document.objects.restrict(viewer)
        self.rollouts = Rollout.objects.restrict(viewer).select_related("document")
        self.codes = find_codes(f.text)

    def rollouts_named(self, start: int, end: int) -> list[Rollout]:
        keys = [c.doc.key for c in self.codes if start <= c.span[0] < end]
        named = [
            self.docs[k]["document_id"] for k in keys if k in self.docs and self.docs[k].get("document_id")
        ]
        congress = [d.pk for d in _congress_docs(self.f.text[start:end], self.visible_docs)]
        named_ids = list(dict.fromkeys(named + congress))
        candidates = list(self.rollouts.filter(document_id__in=named_ids))
        if not candidates and named_ids:
            implementing = DocumentLink.objects.filter(target_id__in=named_ids).values("source_id")
            candidates = list(self.rollouts.filter(document_id__in=implementing))
        # the rollout of the last document named wins ("35-NQ/TW, kế hoạch số 0091-KH/TU")
        order = {d: i for i, d in enumerate(named_ids)}
        candidates.sort(key=lambda r: -order.get(r.document_id, -1))
        return candidates

    def step_of(self, rollout: Rollout, kind: str) -> Step | None:
        """The rollout's step of that kind in the period of the report's date (else the first)."""
        steps = list(rollout.steps.filter(kind=kind).select_related("period", "rollout").order_by("due"))
        if not steps:
            return None
        on = self.f.date or timezone.localdate()
        past = [st for st in steps if st.period.starts_on <= on]
        return (past or steps)[-1]

    def for_coverage(self, start: int, end: int, kind: str) -> Step | None:
        for r in self.rollouts_named(start, end):
            step = self.step_of(r, kind)
            if step is not None:
                return step
        return None

    def for_record(self, pos: int, kind: str, unit: Unit) -> tuple[Step | None, str]:
        """The step whose record the figure at ``pos`` belongs to, with the reason when there
        is none. The documents of the figure's sentence, else of its paragraph, else of the
        whole report: a ward's report names the resolution once, the attendance later."""
        text = self.f.text
        ss, se = fig.sentence_bounds(text, pos)
        ps = text.rfind("\n", 0, pos) + 1
        pe = text.find("\n", pos)
        for start, end in ((ss, se), (ps, len(text) if pe < 0 else pe), (0, len(text))):
            steps = [st for st in (self.step_of(r, kind) for r in self.rollouts_named(start, end)) if st]
            if not steps:
                continue
            owed = [st for st in steps if unit_owes(step=st, unit=unit)]
            if not owed:
                return None, _("“%(u)s” không thuộc phạm vi thực hiện “%(s)s” của đợt “%(r)s”.") % {
                    "u": unit.name,
                    "s": steps[0].title,
                    "r": steps[0].rollout.title,
                }
            active = [st for st in owed if st.rollout.status == RolloutStatus.ACTIVE]
            if not active:
                return None, _("Đợt “%(r)s” đã kết thúc: không ghi nhận thêm.") % {"r": owed[0].rollout.title}
            return active[0], ""
        return None, _("Không tìm thấy đợt triển khai có yêu cầu “%(k)s” cho văn bản được nêu.") % {
            "k": StepKind(kind).label
        }


def _match_coverage(f: Findings, viewer: Any, steps: _Steps, figures: list[fig.Figure]) -> None:
    """Each coverage statement ("100% các chi bộ đã xây dựng kế hoạch …") against the step
    of the rollout its sentence names, and against what the system counts for it."""
    text = f.text
    percents = {tuple(p["span"]): p for p in f.extraction.percents}
    for figure in figures:
        if figure.field != fig.COVERAGE:
            continue  # a percentage that is not a coverage statement (attendance, growth, a share …)
        pct = percents[figure.span]
        s, e = figure.span
        ss, se = fig.sentence_bounds(text, s)
        after = text[e:se]
        kind = figure.step_kind
        sentence = text[ss:se]
        step = steps.for_coverage(ss, se, kind)
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
            item["step_title"] = step.title
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


# ---------------------------------------------------------------------- the unit's step records
_RECORD_FIELDS = (
    "done_on",
    "form",
    "platform",
    "members_present",
    "members_on_roll",
    "masses",
    "reach",
    "channels",
    "outcome",
    "note",
)


def _kind_word(kind: str) -> str:
    return _("hội nghị") if kind == StepKind.CONFERENCE else _("tuyên truyền")


def _record_item(f: Findings, viewer: Any, step: Step, figure: fig.Figure) -> dict:
    """The unit's record of ``step`` as the report gives it: a new one, or its current record
    with the report's figures laid over (confirming then writes a corrected version)."""
    unit = f.report.unit
    current = record_current(viewer=viewer, step=step, unit=unit)
    fields: dict[str, Any] = {"step": step.pk, **dict.fromkeys(_RECORD_FIELDS)}
    fields.update(form="", platform="", channels=[], outcome="", note="", done_on=f.date)
    if current is not None:
        fields.update({name: getattr(current, name) for name in _RECORD_FIELDS})
        fields["channels"] = list(current.channels or [])
    elif step.kind == StepKind.CONFERENCE:
        ps = f.text.rfind("\n", 0, figure.span[0]) + 1
        pe = f.text.find("\n", figure.span[0])
        fields["form"], fields["platform"] = fig.conference_form(f.text[ps : len(f.text) if pe < 0 else pe])
    label = f"{step.rollout.title} — {step.title}"
    item = _item(
        Finding.STEP_RECORD,
        figure.span,
        figure.sentence,
        label=label,
        step_kind=step.kind,
        step_label=label,
        rollout_id=step.rollout_id,
        anchor=figure.key,
        fields=fields,
        counts_noted=[],
        taken={},
    )
    item["key"] = f"step_record:{step.pk}"
    if current is not None:
        item["record_version"] = current.version
        item["recorded"] = {name: fields[name] for name in _RECORD_FIELDS}
        item["existing"] = {
            "type": current._meta.label_lower,
            "id": current.pk,
            "label": _("%(u)s đã báo cáo (phiên bản %(v)s, ngày %(d)s)")
            % {"u": unit.name, "v": current.version, "d": f"{current.done_on:%d/%m/%Y}"},
            "url": reverse("rollout:record", args=[step.pk, unit.pk]),
        }
    return item


def _place(item: dict, figure: fig.Figure) -> tuple[str, str]:
    """Lay ``figure`` onto the record item: (where it went, "") or ("", why it did not). A
    field takes the first figure for it; a later one that says the same is used again, one
    that differs is not (the reviewer sees both)."""
    fields, taken = item["fields"], item["taken"]
    kind = _kind_word(item["step_kind"])
    if figure.field == fig.RATE:
        if taken.get(fig.PRESENT, ("", None))[1] == (figure.present, figure.roll):
            return _("→ %(k)s: tỷ lệ dự, khớp %(p)s/%(r)s") % {
                "k": kind,
                "p": figure.present,
                "r": figure.roll,
            }, ""
        return "", _("tỷ lệ của một số dự không được dùng cho bản ghi này.")
    if figure.field == fig.CHANNELS:
        # the record keeps which channels were used: the channel is ticked, the figure noted
        channel = Channel(figure.channel).value
        if channel not in fields["channels"]:
            fields["channels"] = [*fields["channels"], channel]
        item["counts_noted"].append(figure.quote)
        return _("→ %(k)s: kênh “%(c)s” (số liệu ghi vào ghi chú)") % {
            "k": kind,
            "c": Channel(figure.channel).label,
        }, ""
    value = (figure.present, figure.roll) if figure.field == fig.PRESENT else int(figure.value)
    if figure.field in taken and taken[figure.field][1] != value:
        return "", _("đã lấy “%(q)s” cho cùng bản ghi.") % {"q": taken[figure.field][0]}
    taken.setdefault(figure.field, (figure.quote, value))
    if figure.field == fig.PRESENT:
        fields["members_present"] = figure.present
        if figure.roll is None:
            return _("→ %(k)s: số đảng viên dự") % {"k": kind}, ""
        fields["members_on_roll"] = figure.roll
        return _("→ %(k)s: số đảng viên dự / trong danh sách") % {"k": kind}, ""
    fields[figure.field] = value
    if figure.field == fig.MASSES:
        return _("→ %(k)s: lượt quần chúng") % {"k": kind}, ""
    return _("→ %(k)s: lượt người được tuyên truyền") % {"k": kind}, ""


def _finish_record(f: Findings, item: dict) -> None:
    """The note, and whether the record is ticked: only a new record that the rollout would
    accept as it stands; the reviewer completes the others."""
    fields = item["fields"]
    del item["taken"]
    if item["counts_noted"]:
        # stored on the record, read by everyone: Vietnamese whatever the reviewer's language
        line = f"Theo báo cáo “{f.report.title[:120]}”: {'; '.join(item['counts_noted'])}."
        if line not in (fields["note"] or ""):
            fields["note"] = f"{fields['note']}\n{line}".strip() if fields["note"] else line
    if item.get("record_version"):
        item["state"] = MatchState.EXISTING.value
        item["selected"] = False
        recorded = item["recorded"]
        if all(fields[name] == recorded[name] for name in _RECORD_FIELDS):
            item["note"] = _("Bản ghi đã có khớp với số liệu của báo cáo.")
        else:
            item["note"] = _("Khác bản ghi đã có: chọn để ghi một phiên bản sửa theo số liệu của báo cáo.")
        return
    missing = []
    if fields["done_on"] is None:
        missing.append(_("ngày thực hiện"))
    if item["step_kind"] == StepKind.CONFERENCE and fields["members_present"] is None:
        missing.append(_("số đảng viên tham dự"))
    if item["step_kind"] == StepKind.DISSEMINATION and not fields["channels"]:
        missing.append(_("kênh tuyên truyền"))
    if missing:
        item["selected"] = False
        item["note"] = _("Báo cáo không nêu %(m)s: hãy ghi rồi chọn.") % {
            "m": ", ".join(str(m) for m in missing)
        }
    elif item["step_kind"] == StepKind.CONFERENCE and fields["members_on_roll"] is None:
        item["note"] = _(
            "Báo cáo không nêu số đảng viên trong danh sách: lấy số đảng viên đã khai báo của đơn vị."
        )


def _match_records(f: Findings, viewer: Any, steps: _Steps, figures: list[fig.Figure]) -> dict[str, tuple]:
    """Attendance, masses, reach and channel counts onto the unit's record of the step they
    belong to. Returns, per figure key, (the record item or None, where it went, why not)."""
    unit = f.report.unit
    by_step: dict[int, dict] = {}
    placed: dict[str, tuple] = {}
    for figure in figures:
        if not figure.placed or figure.field == fig.COVERAGE:
            continue
        step, reason = steps.for_record(figure.span[0], figure.step_kind, unit)
        if step is None:
            placed[figure.key] = (None, "", reason)
            continue
        item = by_step.get(step.pk)
        if item is None:
            item = by_step[step.pk] = _record_item(f, viewer, step, figure)
        where, why = _place(item, figure)
        placed[figure.key] = (item if where else None, where, why)
    for item in by_step.values():
        _finish_record(f, item)
        f.records.append(item)
    return placed


def _figure_rows(f: Findings, figures: list[fig.Figure], placed: dict[str, tuple]) -> None:
    """The panel: one row per figure read, with what it counts and where it went."""
    coverage = {tuple(c["span"]): c for c in f.coverage}
    for figure in figures:
        row = {
            "key": figure.key,
            "anchor": figure.key,
            "source": figure.source,
            "span": list(figure.span),
            "quote": figure.quote,
            "sentence": figure.sentence,
            "value": figure.value,
            "kind": FigureKind(figure.kind).value,
            "counts": str(FigureKind(figure.kind).label),
            # who a share is of ("các chi bộ"); a count's noun is in its quote already
            "detail": figure.detail
            if figure.kind in (FigureKind.COVERAGE, FigureKind.SHARE) and len(figure.detail) <= 60
            else "",
            "used": False,
            "place": "",
            "record": "",
            "item_key": "",
            "reason": figure.reason,
        }
        if figure.field == fig.COVERAGE:
            item = coverage[figure.span]
            row["anchor"] = row["item_key"] = item["key"]
            if item["fields"]["step"]:
                row.update(
                    used=True, place=_("→ bước: %(s)s") % {"s": item["step_title"]}, record=item["step_label"]
                )
            else:
                row["reason"] = item["note"]
        elif figure.key in placed:
            item, where, why = placed[figure.key]
            if item is not None:
                row.update(used=True, place=where, record=item["label"], item_key=item["key"])
            else:
                row["reason"] = why
        f.figures.append(row)


# ---------------------------------------------------------------------- proposals


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


_cap = cap


# A report names the committees above its writer by their kind alone: a ward writes "đề nghị
# Thành ủy …", "kiến nghị cấp trên …", "đề nghị Ban Tuyên giáo Thành ủy …". Each kind word and
# the unit kinds it stands for; a unit's own names are tried first ("Thị ủy" is the old name
# of Thành ủy Phổ Yên, and a 2021 report uses it).
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "trung ương": (UnitKind.CENTRAL_COMMITTEE,),
    "tỉnh ủy": (UnitKind.PROVINCIAL_COMMITTEE,),
    "thành ủy": (UnitKind.CITY_COMMITTEE,),
    "thị ủy": (UnitKind.TOWN_COMMITTEE,),
    "huyện ủy": (UnitKind.DISTRICT_COMMITTEE,),
    "quận ủy": (UnitKind.DISTRICT_COMMITTEE,),
    "đảng ủy": (UnitKind.WARD_COMMITTEE, UnitKind.COMMUNE_COMMITTEE, UnitKind.GRASSROOTS_COMMITTEE),
    "đảng ủy phường": (UnitKind.WARD_COMMITTEE,),
    "đảng ủy xã": (UnitKind.COMMUNE_COMMITTEE,),
}


@dataclass
class _Above:
    """What a relative addressee resolves against: the units above the sender, nearest first,
    the review's candidate units (so every addressee found is a choice on the page) and the
    folded names each has had."""

    ancestors: list[Unit]
    units: list[Unit]
    names: dict[int, list[str]]
    on: dt.date


def _above(sender: Unit, units: list[Unit], by_name: dict[str, Unit], on: dt.date) -> _Above:
    offered = {u.pk for u in units}
    ancestors = [a for a in Unit.objects.get_ancestors(sender) if a.pk in offered]
    names: dict[int, list[str]] = {}
    for name, u in by_name.items():
        names.setdefault(u.pk, []).append(fold(name))
    return _Above(ancestors=ancestors[::-1], units=units, names=names, on=on)


def _named(above: _Above, unit: Unit, key: str) -> bool:
    return any(n == key or n.startswith(key + " ") for n in above.names.get(unit.pk, [fold(unit.name)]))


def _committee(above: _Above, word: str) -> Unit | None:
    """The nearest unit above the sender that the kind word names: by its names, else its kind."""
    key = fold(word)
    named = next((a for a in above.ancestors if _named(above, a, key)), None)
    if named is not None:
        return named
    kinds = _KIND_WORDS.get(" ".join(word.lower().split()), ())
    return next((a for a in above.ancestors if a.kind in kinds), None)


def _is_current(u: Unit, on: dt.date) -> bool:
    return (u.valid_from is None or u.valid_from <= on) and (u.valid_to is None or u.valid_to > on)


def _department(above: _Above, committee: Unit, dept: str, word: str = "") -> Unit:
    """The committee's body called ``dept`` ("Ban Tuyên giáo [Thành ủy]"), or the committee itself
    when the tree holds no such body (a Ban Thường vụ is the committee between plenums)."""
    children = [
        u for u in above.units if u.path.startswith(committee.path) and u.depth == committee.depth + 1
    ]
    for key in dict.fromkeys((fold(f"{dept} {word}"), fold(dept))):
        found = [u for u in children if _named(above, u, key)]
        if found:
            found.sort(key=lambda u: not _is_current(u, above.on))  # the body of that day first
            return found[0]
    return committee


def _relative_addressee(
    text: str, pos: int, above: _Above, named_at: dict[int, tuple[Unit, int]]
) -> tuple[Unit, int] | None:
    """The unit above the sender that ``text`` names at ``pos`` relative to the sender, and where
    that name ends: "Thành ủy quan tâm …" from a ward → its Thành ủy; "cấp trên" → the direct
    parent; "Ban Tuyên giáo Thành ủy" → that Thành ủy's Ban Tuyên giáo (or the Thành ủy when the
    tree has none); "Ban Thường vụ Thành ủy Phổ Yên" → the unit named. ``named_at`` holds the
    whole unit names found in the text (start → unit, end). ``None`` when nothing is named."""
    if not above.ancestors:
        return None
    m = PARENT.match(text, pos)
    if m:
        return above.ancestors[0], m.end()
    for start, (unit, end) in sorted(named_at.items()):
        if pos < start <= pos + 80 and (m := BODY_BEFORE_NAME.fullmatch(text, pos, start)):
            return _department(above, unit, m.group("dept")), end
    m = BODY_OF_KIND.match(text, pos)
    if m:
        committee = _committee(above, m.group("kind"))
        if committee is not None:
            return _department(above, committee, m.group("dept"), m.group("kind")), m.end()
    m = STANDING_BARE.match(text, pos)
    if m:
        return above.ancestors[0], m.end()
    m = COMMITTEE.match(text, pos)
    if m:
        committee = _committee(above, m.group("kind"))
        if committee is not None:
            return committee, m.end()
    return None


def _match_proposals(f: Findings, viewer: Any, by_name: dict[str, Unit]) -> None:
    """Each request textmine read (``extract._find_proposals``: what is a request and what it
    asks is decided there, for the command line and this screen alike), with its sender (the
    last unit of the tree named before the verb, else the report's unit) and each addressee
    resolved to a unit: a whole name of the tree, or a name relative to the sender ("Thành ủy",
    "cấp trên": ``_relative_addressee``). An addressee the tree cannot place is left for the
    reviewer to choose; the request is still shown, unticked."""
    text = f.text
    mentions = sorted(f.units, key=lambda m: m["span"][0])
    named_at = {u["span"][0]: (by_name[u["name"]], u["span"][1]) for u in mentions if u["name"] in by_name}
    sender_default = f.report.unit
    on = f.date or timezone.localdate()
    aboves: dict[int, _Above] = {}
    for prop in f.extraction.proposals:
        ss = prop["sentence"][0]
        before = [u for u in mentions if ss <= u["span"][0] < prop["ask_at"] and u["name"] in by_name]
        sender = by_name[before[-1]["name"]] if before else sender_default
        if not _is_below(sender, f.report.unit):
            sender = sender_default
        if sender.pk not in aboves:
            aboves[sender.pk] = _above(sender, f.unit_choices, by_name, on)
        addressees: list[Unit | None] = []
        for a in prop["addressees"]:
            start = a["span"][0]
            found = named_at.get(start) or _relative_addressee(text, start, aboves[sender.pk], named_at)
            addressees.append(found[0] if found else None)
        known = list(dict.fromkeys(u for u in addressees if u is not None))
        content = prop["content"]
        span = tuple(prop["span"])
        item = _item(
            Finding.PROPOSAL,
            span,
            text[span[0] : span[1]].strip(),
            label=content[:120],
            # every body the sentence writes to, as written and as resolved (None: not placed);
            # the record goes to one (the first by default)
            addressees=[
                {"id": u.pk if u else None, "name": u.name if u else "", "text": a["text"]}
                for a, u in zip(prop["addressees"], addressees, strict=True)
            ],
            also_to=[u.name for u in known[1:]],
            fields={
                "content": content,
                "sender": sender.pk,
                "addressee": known[0].pk if known else None,
                "category": _category(content),
            },
        )
        if not known:
            item["selected"] = False
            item["note"] = _("Chưa xác định được đơn vị nhận “%(a)s”; hãy chọn nơi gửi.") % {
                "a": ", ".join(a["text"] for a in prop["addressees"])
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


def _opinion_existing(f: Findings, viewer: Any) -> OpinionReport | None:
    """The unit's opinion report of the period the report speaks of, if there is one."""
    on = f.date or timezone.localdate()
    quarter = (on.month - 1) // 3 + 1
    return (
        OpinionReport.objects.restrict(viewer)
        .filter(unit=f.report.unit, year=on.year)
        .filter(
            Q(period_kind=PeriodKind.QUARTER, period_no=quarter)
            | Q(period_kind=PeriodKind.QUICK, report_date=on)
        )
        .first()
    )


def _concern_item(
    f: Findings,
    span: tuple[int, int],
    desc: str,
    named: list[TopicMatch],
    keywords: list[str],
    existing: OpinionReport | None,
) -> dict:
    """One proposed concern: the worry without who said it, its topics and its stated mood."""
    text = f.text
    stated = gravest(moods_stated(text[span[0] : span[1]]))
    item = _item(
        Finding.CONCERN,
        span,
        text[span[0] : span[1]].strip()[:600],
        label=desc[:120],
        keywords=keywords,
        fields={
            "description": desc,
            "topics": [t.topic.slug for t in named],
            # a worry whose sentence names no feeling is reported as "quan tâm, băn khoăn"
            "mood": stated.mood if stated else Mood.CONCERNED.value,
        },
        topic_words={t.topic.slug: t.word for t in named},
        mood_word=stated.word if stated else "",
    )
    item["reading"] = _reading(item, named)
    personal = personal_data_found(desc)
    if existing is not None:
        item["selected"] = False
        item["state"] = MatchState.EXISTING.value
        item["existing"] = _ref(existing, str(existing), "opinion:detail")
        item["note"] = _("Kỳ này đã có báo cáo dư luận (%(r)s); chọn để lập thêm một báo cáo nhanh.") % {
            "r": existing.period_label
        }
    if personal:
        item["selected"] = False
        item["note"] = _("Có %(w)s: hãy viết lại ở dạng tổng hợp trước khi chọn.") % {"w": personal}
    return item


def _match_concerns(f: Findings, viewer: Any) -> None:
    """Each sentence the extractor flagged as worried, unless it is the unit's own
    difficulty, lesson or work (kept apart, shown on its own); with the managed topic it
    names and the mood it states (``concerns`` holds the rules and their words)."""
    text = f.text
    on = f.date or timezone.localdate()
    existing = _opinion_existing(f, viewer)
    topics = list(topics_active())
    sections = kept_apart_sections(text)
    kept_spans = [(sec.start, sec.end) for sec in sections]
    for c in f.extraction.concerns:
        ss, se = c["span"]
        desc = _aggregate(text, ss, se, f.extraction.persons)[:2000]
        named = topics_named(desc, topics)
        verdict = kept_apart(
            text,
            (ss, se),
            sections,
            topics=named,
            keywords=c.get("keywords", []),
            lessons=[tuple(le["span"]) for le in f.extraction.lessons],
        )
        if verdict is not None:
            kept_spans.append((ss, se))
            if not verdict.only_heading:  # a bare "Khó khăn, vướng mắc" line is the section's name
                f.kept_apart.append(
                    {
                        "key": f"kept:{ss}-{se}",
                        "kind": verdict.kind,
                        "label": str(KeptApart(verdict.kind).label),
                        "span": [ss, se],
                        "quote": text[ss:se].strip()[:600],
                        "heading": verdict.heading,
                    }
                )
            continue
        f.concerns.append(_concern_item(f, (ss, se), desc, named, c.get("keywords", []), existing))
    f.kept_apart.sort(key=lambda k: k["span"][0])
    # The report's general mood: the first the text states outside what was kept apart
    # (reports open with "nhân dân phấn khởi, tin tưởng …", then the worries).
    outside = list(text)
    for s, e in kept_spans:
        outside[s:e] = " " * (e - s)
    first = next(iter(moods_stated("".join(outside))), None)
    f.opinion = {
        "date": on,
        "mood": first.mood if first else Mood.CONCERNED.value,
        "mood_word": first.word if first else "",
        "existing": _ref(existing, str(existing), "opinion:detail") if existing else None,
    }


def _reading(item: dict, named: list[TopicMatch]) -> str:
    """Why the topics and mood were proposed, in words the reviewer can check against the text."""
    parts = []
    if named:
        each = [_("“%(t)s” (theo “%(w)s”)") % {"t": t.topic.name, "w": t.word} for t in named]
        parts.append(_("chủ đề %(list)s") % {"list": ", ".join(each)})
    else:
        parts.append(_("chưa nhận ra chủ đề"))
    if item["mood_word"]:
        parts.append(
            _("tâm trạng “%(m)s” (theo “%(w)s”)")
            % {"m": Mood(item["fields"]["mood"]).label, "w": item["mood_word"]}
        )
    else:
        parts.append(_("văn bản không nêu tâm trạng"))
    return _("Đề xuất: %(p)s.") % {"p": "; ".join(parts)}


# ---------------------------------------------------------------------- what the viewer may create
def _refuse(item: dict, why: str) -> None:
    """Untick an item the viewer could not create, saying why next to it: confirming the
    defaults must never fail on an item the reviewer did not choose."""
    item["selected"] = False
    item["refused"] = _("Bạn không có quyền tạo mục này: %(why)s") % {"why": why}


def _out_of_scope(unit: Unit | None, role: str) -> str:
    return _("“%(u)s” (%(r)s) nằm ngoài phạm vi bạn được cập nhật.") % {
        "u": unit.name if unit else "—",
        "r": role,
    }


def _untick_uncreatable(f: Findings, viewer: Any) -> None:
    """Each new item against the services that would create it, with the same scope rules they
    apply (``covers`` / ``restrict(viewer, "change")``): a document registers in its issuing
    unit's registry, a link is written on its source document, a meeting under its host,
    participants in the host's minutes, a proposal by its sender, figures and concerns under the
    report's unit. An item resting on one that will not be made (a link to an unregistered
    document, a participant of an unrecorded meeting) is unticked too."""
    units = {u.pk: u for u in f.unit_choices}

    def unit_of(pk: Any) -> Unit | None:
        if pk in (None, ""):
            return None
        return units.get(pk) or Unit.objects.filter(pk=pk).first()

    def may(unit: Unit | None) -> bool:
        return covers(viewer, unit, "change")

    def is_new(item: dict) -> bool:
        return item["state"] != MatchState.EXISTING.value

    docs = {d["key"]: d for d in f.documents}
    for d in f.documents:
        unit = unit_of(d["fields"].get("issuing_unit"))
        if is_new(d) and not may(unit):
            _refuse(d, _out_of_scope(unit, _("đơn vị giữ sổ văn bản")))
    changeable_docs = set(
        Document.objects.restrict(viewer, "change")
        .filter(pk__in=[d["document_id"] for d in f.documents if d.get("document_id")])
        .values_list("pk", flat=True)
    )
    for link in f.links:
        if not is_new(link):
            continue
        src, tgt = docs[link["source_key"]], docs[link["target_key"]]
        unmade = next((d for d in (src, tgt) if is_new(d) and not d["selected"]), None)
        if unmade is not None:
            _refuse(link, _("văn bản “%(d)s” sẽ không được tạo.") % {"d": unmade["label"]})
        elif src.get("document_id") and src["document_id"] not in changeable_docs:
            _refuse(
                link,
                _("liên kết được ghi vào văn bản “%(d)s”, ngoài phạm vi bạn được cập nhật.")
                % {"d": src["label"]},
            )
    m = f.meeting
    if m is not None:
        if is_new(m):
            host = unit_of(m["fields"].get("host"))
            if not may(host):
                _refuse(m, _out_of_scope(host, _("đơn vị chủ trì")))
        else:
            # No id matches no meeting.
            recorded = Meeting.objects.filter(pk=m.get("meeting_id")).select_related("host").first()  # type: ignore[misc]
            host = recorded.host if recorded else None
        for p in f.participants:
            if not is_new(p):
                continue
            if m.get("refused"):
                _refuse(p, _("buổi làm việc sẽ không được ghi."))
            elif not may(host):
                _refuse(p, _out_of_scope(host, _("đơn vị chủ trì, giữ biên bản")))
    for p in f.proposals:
        sender = unit_of(p["fields"].get("sender"))
        if is_new(p) and not may(sender):
            _refuse(p, _out_of_scope(sender, _("đơn vị kiến nghị")))
    if not may(f.report.unit):
        for item in f.coverage + f.concerns:
            if is_new(item):
                _refuse(item, _out_of_scope(f.report.unit, _("đơn vị của báo cáo")))


# ---------------------------------------------------------------------- the reviewer's changes
# What a sentence of the report can be made into by the reviewer: a request, a public-opinion
# concern, or one of the kinds kept apart from opinion (a difficulty, a lesson, own work).
EDIT_KINDS: tuple[str, ...] = (Finding.PROPOSAL.value, Finding.CONCERN.value, *KeptApart.values)
MAX_EDITS = 200


def edit_kind_choices() -> list[tuple[str, str]]:
    labels = {Finding.PROPOSAL.value: Finding.PROPOSAL.label, Finding.CONCERN.value: Finding.CONCERN.label}
    labels.update({k.value: k.label for k in KeptApart})
    return [(k, str(labels[k])) for k in EDIT_KINDS]


def span_of(text: str, quote: str, start: Any = None, end: Any = None) -> tuple[int, int] | None:
    """Where ``quote`` (text the reviewer selected or pasted) sits in the report's text: at the
    offsets given when they hold it, else its first occurrence, spaces and line breaks aside."""
    words = quote.split()
    if not words:
        return None
    try:
        s, e = int(start), int(end)
    except (TypeError, ValueError):
        s = e = -1
    if 0 <= s < e <= len(text) and text[s:e].split() == words:
        return s, e
    m = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def parse_edits(raw: Any) -> list[dict]:
    """The reviewer's changes carried by the review form (a JSON list): ``{"key", "as"}`` makes a
    proposed item another kind, ``{"span", "as"}`` adds an item from a span of the text. Anything
    else is dropped: the list comes from the browser."""
    try:
        rows = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return []
    out: list[dict] = []
    for r in rows if isinstance(rows, list) else []:
        if not isinstance(r, dict) or r.get("as") not in EDIT_KINDS:
            continue
        if isinstance(r.get("key"), str) and len(r["key"]) <= 80:
            out.append({"key": r["key"], "as": r["as"]})
        elif isinstance(r.get("span"), list) and len(r["span"]) == 2:
            try:
                s, e = int(r["span"][0]), int(r["span"][1])
            except (TypeError, ValueError):
                continue
            if 0 <= s < e:
                out.append({"span": [s, e], "as": r["as"]})
    return out[:MAX_EDITS]


def _take(f: Findings, key: str) -> tuple[tuple[int, int], str] | None:
    """Remove the item ``key`` from the group it was proposed in; its span and kind."""
    for group in ("proposals", "concerns", "kept_apart"):
        items = getattr(f, group)
        for i, item in enumerate(items):
            if item["key"] == key:
                del items[i]
                return (item["span"][0], item["span"][1]), item["kind"]
    return None


def _made_by_reviewer(f: Findings, viewer: Any, kind: str, span: tuple[int, int], note: str) -> None:
    text = f.text
    s, e = span
    quote = text[s:e].strip()
    if kind == Finding.PROPOSAL:
        sender = f.report.unit
        above = _above(sender, f.unit_choices, {}, f.date or timezone.localdate())
        to = above.ancestors[0] if above.ancestors else None
        content = _cap(quote.rstrip(".")) + "."
        item = _item(
            Finding.PROPOSAL,
            span,
            quote,
            label=content[:120],
            addressees=[],
            also_to=[],
            fields={
                "content": content,
                "sender": sender.pk,
                "addressee": to.pk if to else None,
                "category": _category(content),
            },
        )
        item["selected"] = to is not None
        f.proposals.append(item)
    elif kind == Finding.CONCERN:
        desc = _aggregate(text, s, e, f.extraction.persons)[:2000]
        named = topics_named(desc, list(topics_active()))
        item = _concern_item(f, span, desc, named, [], _opinion_existing(f, viewer))
        f.concerns.append(item)
    else:
        item = {
            "key": f"kept:{s}-{e}",
            "kind": kind,
            "label": str(KeptApart(kind).label),
            "span": [s, e],
            "quote": quote[:600],
            "heading": "",
        }
        f.kept_apart.append(item)
    item["note"] = " ".join(x for x in (note, item.get("note", "")) if x)
    item["edited"] = True


def _apply_edits(f: Findings, viewer: Any, edits: list[dict]) -> None:
    """The reviewer's changes, in the order made: another kind for a proposed sentence ("Buổi …"
    an opinion item that is a difficulty), or an item the reader missed, from a span of the text."""
    for edit in edits:
        if "key" in edit:
            taken = _take(f, edit["key"])
            if taken is None:
                continue
            span, was = taken
            if was == edit["as"]:
                continue
            note = _("Người rà soát đã đổi loại mục này.")
        else:
            span = (edit["span"][0], edit["span"][1])
            if span[1] > len(f.text) or not f.text[span[0] : span[1]].strip():
                continue
            note = _("Người rà soát thêm từ đoạn đã chọn.")
        keys = {i["key"] for i in f.proposals + f.concerns + f.kept_apart}
        if f"{edit['as']}:{span[0]}-{span[1]}" in keys or f"kept:{span[0]}-{span[1]}" in keys:
            continue
        _made_by_reviewer(f, viewer, edit["as"], span, note)
    for group in ("proposals", "concerns", "kept_apart"):
        getattr(f, group).sort(key=lambda i: i["span"][0])


# ---------------------------------------------------------------------- entry point
def report_findings(*, report: ImportedReport, viewer: Any, edits: list[dict] | None = None) -> Findings:
    """The review of one report as ``viewer`` sees it (matching uses only what they may see),
    with the reviewer's ``edits`` (``parse_edits``) applied."""
    units = candidate_units(report)
    by_name = _unit_names(units)
    ex = extract(report.source_text, units=list(by_name))
    f = Findings(report=report, extraction=ex, text=ex.text, date=_event_date(ex), unit_choices=units)
    f.units = _unit_mentions(ex)
    docs = _match_documents(f, viewer)
    _match_links(f, docs)
    _match_codeless(f, viewer)
    _match_meeting(f, viewer, by_name, units)
    _people(f)
    figures = fig.classify(ex.text, percents=ex.percents, counts=ex.counts)
    steps = _Steps(f, viewer, docs)
    _match_coverage(f, viewer, steps, figures)
    placed = _match_records(f, viewer, steps, figures)
    _figure_rows(f, figures, placed)
    _match_proposals(f, viewer, by_name)
    _match_concerns(f, viewer)
    if edits:
        _apply_edits(f, viewer, edits)
    _untick_uncreatable(f, viewer)
    for u in f.units:
        if u.get("typo"):
            f.notes.append(
                _("“%(w)s” có lẽ là “%(s)s” (đã đối chiếu theo tên đúng).")
                % {"w": u["text"], "s": u["suggestion"]}
            )
    for t in ex.typos:
        f.notes.append(_("“%(w)s” có lẽ viết sai, là “%(s)s”?") % {"w": t["text"], "s": t["suggestion"]})
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
    op = findings.opinion
    out["opinion"] = {"mood": op["mood"]} if op else None
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
    for k in findings.kept_apart:
        outer.append((k["span"][0], k["span"][1], "kept", k["key"], k["label"]))
    outer.sort()
    kept_outer: list[tuple[int, int, str, str, str]] = []
    for o in outer:
        if kept_outer and o[0] < kept_outer[-1][1]:
            continue
        kept_outer.append(o)
    inner: list[tuple[int, int, str, str, str]] = []
    for item in findings.documents + findings.participants + findings.coverage:
        inner.append((item["span"][0], item["span"][1], item["kind"], item["key"], item.get("label", "")))
    for row in findings.figures:
        if row["anchor"] == row["key"]:  # a coverage figure is marked as its coverage item
            inner.append((row["span"][0], row["span"][1], Finding.FIGURE, row["key"], row["counts"]))
    for p in findings.extraction.persons:
        inner.append((p["span"][0], p["span"][1], Finding.PERSON, "", ", ".join(p["titles"])))
    for u in findings.units:
        title = _("Có lẽ là “%(s)s”") % {"s": u["suggestion"]} if u.get("typo") else u["name"]
        inner.append((u["span"][0], u["span"][1], "typo" if u.get("typo") else Finding.UNIT, "", title))
    for t in findings.extraction.typos:
        inner.append((t["span"][0], t["span"][1], "typo", "", _("Có lẽ là “%(s)s”") % {"s": t["suggestion"]}))
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
