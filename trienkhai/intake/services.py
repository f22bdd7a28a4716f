"""Writes of the import screen: store a report, and confirm what the reviewer chose.

``imported_report_confirm`` creates every chosen record through the owning app's own
service, in one transaction: if any item fails, nothing is created and the error names
the item. Each record keeps an ``ImportProvenance`` row (report, record, quote); an item
that already has one is reused, so confirming twice creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, overload

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.scoping import get_scoped_or_404, require
from trienkhai.documents import selectors as documents_selectors
from trienkhai.documents.services import document_link, document_register
from trienkhai.intake.choices import MatchState, ReportStatus
from trienkhai.intake.concerns import graver
from trienkhai.intake.models import ImportedFact, ImportedReport, ImportProvenance
from trienkhai.intake.selectors import (
    Findings,
    default_selections,
    refused_items,
    report_findings,
    set_aside_refused,
)
from trienkhai.meetings import selectors as meetings_selectors
from trienkhai.meetings.choices import MeetingKind
from trienkhai.meetings.services import meeting_create, participant_add
from trienkhai.opinion.choices import Mood, PeriodKind, Spread, Trend
from trienkhai.opinion.services import report_submit
from trienkhai.orgs.models import Unit
from trienkhai.proposals import selectors as proposals_selectors
from trienkhai.proposals.services import proposal_send
from trienkhai.rollout import selectors as rollout_selectors
from trienkhai.rollout.services import step_record_submit
from trienkhai.textmine.files import FileError, read_text_bytes
from trienkhai.textmine.normalize import clean_text
from trienkhai.textmine.title import guess_title

if TYPE_CHECKING:
    from trienkhai.documents.models import Document
    from trienkhai.meetings.models import Meeting
    from trienkhai.rollout.models import Step

MAX_TEXT_CHARS = 500_000


class ImportItemError(ValidationError):
    """One chosen item could not be created; the whole confirmation was rolled back."""

    def __init__(self, item_key: str, label: str, exc: Exception):
        if isinstance(exc, ValidationError):
            detail = " ".join(exc.messages)
        elif isinstance(exc, Http404):
            detail = _("ngoài phạm vi quyền của bạn hoặc không tồn tại.")
        elif isinstance(exc, PermissionDenied):
            detail = str(exc) or _("vai trò của bạn không cho phép tạo mục này.")
        else:
            detail = str(exc)
        self.item_key = item_key
        self.item_label = label
        super().__init__(
            _("Mục “%(label)s”: %(detail)s Chưa có bản ghi nào được tạo.")
            % {"label": label, "detail": detail}
        )


# ---------------------------------------------------------------------- storing a report
def read_upload(*, data: bytes, filename: str) -> str:
    """The text of an uploaded report, or a ``ValidationError`` carrying textmine's message."""
    limit = settings.MAX_IMPORT_BYTES
    if len(data) > limit:
        raise ValidationError(
            {
                "file": _("Tệp “%(n)s” quá lớn; giới hạn là %(mb)s MB.")
                % {"n": filename, "mb": limit // 1048576}
            }
        )
    if not data:
        raise ValidationError({"file": _("Tệp rỗng.")})
    try:
        return read_text_bytes(data, filename)
    except FileError as exc:
        raise ValidationError({"file": str(exc)}) from None


@service
def imported_report_create(
    *,
    unit: Unit,
    title: str = "",
    text: str = "",
    file_name: str = "",
    data: bytes | None = None,
    acting_user: Any,
) -> ImportedReport:
    """Store a pasted text, or an uploaded file's text (``data`` + ``file_name``)."""
    require(acting_user, unit)
    file_name = clean_text(file_name or "").replace("/", "_").replace("\\", "_")[:255]
    if data is not None:
        text = read_upload(data=data, filename=file_name or "tep.txt")
        raw = data
    else:
        raw = (text or "").encode("utf-8")
    text = (text or "").replace("\x00", "")
    if not text.strip():
        raise ValidationError(
            {"file" if data is not None else "text": _("Không có nội dung để đọc (tệp không có chữ?).")}
        )
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError({"text": _("Nội dung quá dài (hơn %(n)s ký tự).") % {"n": MAX_TEXT_CHARS}})
    title = clean_text(title or "")
    if not title:
        # the document's own title line or headline, not a print date or a letterhead line
        title = (guess_title(text) or file_name or _("Báo cáo nhập"))[:200]
    report = ImportedReport(
        unit=unit,
        title=title[:300],
        source_text=text,
        file_name=file_name,
        sha256=hashlib.sha256(raw).hexdigest(),
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    report.full_clean(exclude=["unit", "created_by", "confirmed_by"])
    report.save()
    audit_log(
        actor=acting_user,
        action="intake.report_create",
        obj=report,
        unit=unit,
        changes={"title": report.title, "file_name": file_name, "sha256": report.sha256, "chars": len(text)},
    )
    return report


# ---------------------------------------------------------------------- confirming
def _as_date(v: Any) -> dt.date | None:
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        raise ValidationError(_("Ngày không hợp lệ: “%(v)s”.") % {"v": v}) from None


@overload
def _as_unit(v: Any) -> Unit: ...
@overload
def _as_unit(v: Any, *, required: bool) -> Unit | None: ...
def _as_unit(v: Any, *, required: bool = True) -> Unit | None:
    if v in (None, ""):
        if required:
            raise ValidationError(_("Hãy chọn đơn vị."))
        return None
    if isinstance(v, Unit):
        return v
    try:
        return Unit.objects.get(pk=int(v))
    except (Unit.DoesNotExist, TypeError, ValueError):
        raise ValidationError(_("Đơn vị không hợp lệ.")) from None


class _Run:
    """One confirmation: the findings, the provenance already recorded, what was made."""

    def __init__(self, report: ImportedReport, findings: Findings, user: Any):
        self.report, self.findings, self.user = report, findings, user
        self.items = findings.by_key()
        self.prov = {p.item_key: p for p in ImportProvenance.objects.filter(report=report)}
        self.created = 0
        self.recognised = 0
        self.documents: dict[str, Document] = {}  # document item key → document

    def item(self, key: str) -> dict:
        item = self.items.get(key)
        if item is None:
            raise ValidationError(
                _("Mục “%(k)s” không còn trong kết quả đọc báo cáo; hãy tải lại trang.") % {"k": key}
            )
        return item

    def record(self, item: dict, obj: Any, *, created: bool) -> None:
        s, e = item["span"]
        ImportProvenance.objects.create(
            report=self.report,
            item_key=item["key"],
            record_type=obj._meta.label_lower,
            record_id=obj.pk,
            span_start=s,
            span_end=e,
            quote=item["quote"][:2000] or self.findings.text[s:e],
            created_record=created,
        )
        if created:
            self.created += 1
        else:
            self.recognised += 1

    def done_before(self, key: str) -> ImportProvenance | None:
        return self.prov.get(key)


def _step(run: _Run, key: str, label: str, fn: Any) -> Any:
    """Run one item; any failure becomes an ``ImportItemError`` naming it (and rolls back)."""
    try:
        return fn()
    except ImportItemError:
        raise
    except (ValidationError, Http404, PermissionDenied) as exc:
        # A role that sees a unit but may not write there (PermissionDenied) is refused like a
        # unit out of scope: on the item, so the review page comes back with every correction.
        raise ImportItemError(key, label, exc) from exc


def _confirm_documents(run: _Run, rows: list[dict]) -> None:
    for row in rows:
        item = run.item(row["key"])

        def one(item: dict = item, row: dict = row) -> None:
            prev = run.done_before(item["key"])
            if prev is not None:
                run.documents[item["key"]] = _document(run, prev.record_id)
                return
            if item["state"] == MatchState.EXISTING and item.get("document_id"):
                doc = _document(run, item["document_id"])
                run.record(item, doc, created=False)
            else:
                body = row.get("issuing_body") or item["fields"].get("issuing_body")
                issuing_body = documents_selectors.issuing_body_find(pk=body) if body else None
                if body and issuing_body is None:
                    raise ValidationError(_("cơ quan ban hành không có trong sổ văn bản."))
                doc = document_register(
                    issuing_unit=_as_unit(row.get("issuing_unit")),
                    title=row.get("title") or item["label"],
                    # a document named without a code stays without one unless the reviewer gives it
                    code=row.get("code") or ("" if item.get("codeless") else item["label"]),
                    issuing_body=issuing_body,
                    kind=row.get("kind") or None,
                    issued_on=_as_date(row.get("issued_on")),
                    acting_user=run.user,
                )
                run.record(item, doc, created=True)
            run.documents[item["key"]] = doc

        _step(run, item["key"], item["label"], one)


def _document(run: _Run, pk: Any) -> Document:
    """A document of the registry the confirming user sees (404 else, named on the item)."""
    return documents_selectors.document_get(viewer=run.user, pk=pk)


def _document_for(run: _Run, doc_key: str) -> Document | None:
    if doc_key in run.documents:
        return run.documents[doc_key]
    item = run.items.get(doc_key)
    if item and item.get("document_id"):
        return _document(run, item["document_id"])
    prev = run.done_before(doc_key)
    return _document(run, prev.record_id) if prev else None


def _confirm_links(run: _Run, rows: list[dict]) -> None:
    for row in rows:
        item = run.item(row["key"])

        def one(item: dict = item, row: dict = row) -> None:
            if run.done_before(item["key"]) is not None:
                return
            if item["state"] == MatchState.EXISTING and item.get("link_id"):
                link = documents_selectors.document_link_get(viewer=run.user, pk=item["link_id"])
                run.record(item, link, created=False)
                return
            source, target = _document_for(run, item["source_key"]), _document_for(run, item["target_key"])
            if source is None or target is None:
                raise ValidationError(_("hãy chọn đăng ký cả hai văn bản trước khi liên kết."))
            # A missing kind is refused by document_link itself.
            link = document_link(source=source, target=target, kind=row.get("kind"), acting_user=run.user)  # type: ignore[arg-type]
            run.record(item, link, created=True)

        _step(run, item["key"], item["label"], one)


def _confirm_meeting(run: _Run, row: dict | None, participants: list[dict]) -> None:
    meeting: Meeting | None = None
    m_item = run.findings.meeting
    if row is not None:
        item = run.item(row["key"])

        def make() -> Meeting:
            prev = run.done_before(item["key"])
            if prev is not None:
                return meetings_selectors.meeting_get(viewer=run.user, pk=prev.record_id)
            if item["state"] == MatchState.EXISTING and item.get("meeting_id"):
                m = meetings_selectors.meeting_get(viewer=run.user, pk=item["meeting_id"])
                run.record(item, m, created=False)
                return m
            host = _as_unit(row.get("host"))
            visiting = _as_unit(row.get("visiting"), required=False)
            date = _as_date(row.get("date"))
            if date is None:
                raise ValidationError(_("Hãy ghi ngày buổi làm việc."))
            m = meeting_create(
                host=host,
                title=row.get("title") or item["label"],
                date=date,
                form=row.get("form") or "truc_tiep",
                kind=row.get("kind") or MeetingKind.WORKING_SESSION,
                platform=row.get("platform") or "",
                visiting_units=[visiting] if visiting else [],
                documents=[d for d in run.documents.values()],
                acting_user=run.user,
            )
            run.record(item, m, created=True)
            return m

        meeting = _step(run, item["key"], item["label"], make)
    elif m_item is not None:
        # participants of the session recorded before (by this report, or already in the system)
        prev = run.done_before(m_item["key"])
        pk = prev.record_id if prev is not None else m_item.get("meeting_id")
        if pk:
            try:
                meeting = meetings_selectors.meeting_get(viewer=run.user, pk=pk)
            except Http404:
                meeting = None
    for prow in participants:
        item = run.item(prow["key"])

        def one(item: dict = item, prow: dict = prow) -> None:
            if run.done_before(item["key"]) is not None:
                return
            if meeting is None:
                raise ValidationError(_("hãy chọn ghi buổi làm việc trước khi ghi người tham dự."))
            if item["state"] == MatchState.EXISTING and item.get("participant_id"):
                p = meetings_selectors.participant_get(viewer=run.user, pk=item["participant_id"])
                run.record(item, p, created=False)
                return
            p = participant_add(
                meeting=meeting,
                name=prow.get("name") or item["label"],
                position=prow.get("position") or "",
                unit=_as_unit(prow.get("unit"), required=False),
                side=prow.get("side") or "host",
                role=prow.get("role") or "du",
                acting_user=run.user,
            )
            run.record(item, p, created=True)

        _step(run, item["key"], item["label"], one)


def _confirm_proposals(run: _Run, rows: list[dict]) -> None:
    on = run.findings.date or timezone.localdate()
    for row in rows:
        item = run.item(row["key"])

        def one(item: dict = item, row: dict = row) -> None:
            if run.done_before(item["key"]) is not None:
                return
            if item["state"] == MatchState.EXISTING and item.get("proposal_id"):
                p = proposals_selectors.proposal_get(viewer=run.user, pk=item["proposal_id"])
                run.record(item, p, created=False)
                return
            content = row.get("content") or item["fields"]["content"]
            p = proposal_send(
                sender=_as_unit(row.get("sender")),
                addressee=_as_unit(row.get("addressee")),
                category=row.get("category") or "khac",
                title=content.split("\n")[0][:200],
                content=content,
                sent_on=on,
                acting_user=run.user,
            )
            run.record(item, p, created=True)

        _step(run, item["key"], item["label"], one)


def _visible_step(run: _Run, value: Any, message: str) -> Step:
    """The step ``value`` names, if the confirming user sees its rollout; else ``message``."""
    try:
        return rollout_selectors.step_get(viewer=run.user, pk=int(value or 0))
    except (Http404, TypeError, ValueError, OverflowError):
        raise ValidationError(message) from None


def _confirm_coverage(run: _Run, rows: list[dict]) -> None:
    for row in rows:
        item = run.item(row["key"])

        def one(item: dict = item, row: dict = row) -> None:
            if run.done_before(item["key"]) is not None:
                return
            step = _visible_step(
                run, row.get("step"), _("hãy chọn yêu cầu của đợt triển khai để gắn số liệu.")
            )
            try:
                value = Decimal(str(row.get("value")))
            except (InvalidOperation, TypeError):
                raise ValidationError(_("tỷ lệ không hợp lệ.")) from None
            if not Decimal(0) <= value <= Decimal(100):
                raise ValidationError(_("tỷ lệ phải từ 0 đến 100."))
            counted = item.get("counted_pct") if item["fields"].get("step") == step.pk else None
            fact = ImportedFact(
                report=run.report,
                step=step,
                unit=run.report.unit,
                value=value,
                who=(item.get("who") or "")[:200],
                what=(item.get("what") or "")[:300],
                quote=item["quote"],
                counted_pct=counted,
            )
            fact.full_clean(exclude=["report", "step", "unit"])
            fact.save()
            audit_log(
                actor=run.user,
                action="intake.fact_record",
                obj=fact,
                unit=run.report.unit,
                changes={
                    "step": str(step),
                    "value": str(value),
                    "counted": str(counted) if counted else None,
                },
            )
            run.record(item, fact, created=True)

        _step(run, item["key"], item["label"], one)


def _confirm_records(run: _Run, rows: list[dict]) -> None:
    """The unit's record of each chosen step, written by the rollout's own service (its
    checks apply: in scope, rollout active, the date, attendance, channels). A record the
    unit already has is corrected from the version the review read; one changed since is
    refused by the service, naming the item."""
    for row in rows:
        item = run.item(row["key"])

        def one(item: dict = item, row: dict = row) -> None:
            if run.done_before(item["key"]) is not None:
                return
            step = _visible_step(
                run, _chosen(item, row, "step"), _("hãy chọn yêu cầu của đợt triển khai để ghi kết quả.")
            )
            same_step = step.pk == item["fields"]["step"]
            record = step_record_submit(
                step=step,
                unit=run.report.unit,
                done_on=_as_date(_chosen(item, row, "done_on")),
                expected_version=item.get("record_version") if same_step else None,
                form=_chosen(item, row, "form") or "",
                platform=_chosen(item, row, "platform") or "",
                members_present=_chosen(item, row, "members_present"),
                members_on_roll=_chosen(item, row, "members_on_roll"),
                masses=_chosen(item, row, "masses"),
                reach=_chosen(item, row, "reach"),
                channels=_slugs(_chosen(item, row, "channels")),
                outcome=item["fields"].get("outcome") or "",
                note=_chosen(item, row, "note") or "",
                acting_user=run.user,
            )
            run.record(item, record, created=True)

        _step(run, item["key"], item["label"], one)


def _chosen(item: dict, row: dict, name: str) -> Any:
    """The reviewer's value when the row carries the field (even emptied), else the proposal."""
    return row[name] if name in row else item["fields"].get(name)


def _slugs(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value if v]


def _concern_topics(todo: list[tuple[dict, dict]]) -> list[dict]:
    """One topic row per chosen topic, in the order the concerns raise them. A topic raised by
    several concerns takes the gravest of their moods. Spread and trend are not in a single
    report's text: the modest values, "một số nơi" and "không đổi", are written (decision 0070)."""
    rows: dict[str, dict] = {}
    for item, row in todo:
        mood = _chosen(item, row, "mood") or Mood.CONCERNED.value
        for slug in _slugs(_chosen(item, row, "topics")):
            if slug in rows:
                rows[slug]["mood"] = graver(rows[slug]["mood"], mood)
            else:
                rows[slug] = {
                    "topic": slug,
                    "mood": mood,
                    "spread": Spread.FEW.value,
                    "trend": Trend.STEADY.value,
                }
    return list(rows.values())


def _confirm_concerns(run: _Run, rows: list[dict], opinion: dict | None) -> None:
    todo = []
    for row in rows:
        item = run.item(row["key"])
        if run.done_before(item["key"]) is None:
            todo.append((item, row))
    if not todo:
        return
    op = run.findings.opinion or {}
    on = op.get("date") or timezone.localdate()
    first = todo[0][0]

    def make() -> None:
        report = report_submit(
            unit=run.report.unit,
            period_kind=PeriodKind.QUICK,
            year=on.year,
            report_date=on,
            mood=(opinion or {}).get("mood") or op.get("mood") or Mood.CONCERNED.value,
            overview=_("Tổng hợp từ báo cáo nhập “%(t)s”.") % {"t": run.report.title[:200]},
            topics=_concern_topics(todo),
            issues=[
                {
                    "description": row.get("description") or item["fields"]["description"],
                    # a pressing issue has one topic: the first the concern names
                    "topic": next(iter(_slugs(_chosen(item, row, "topics"))), None),
                }
                for item, row in todo
            ],
            acting_user=run.user,
        )
        issues = list(report.issues.order_by("pk"))
        run.created += 1  # the opinion report is the record; its issues carry the provenance
        for (item, _row), issue in zip(todo, issues, strict=True):
            s, e = item["span"]
            ImportProvenance.objects.create(
                report=run.report,
                item_key=item["key"],
                record_type=issue._meta.label_lower,
                record_id=issue.pk,
                span_start=s,
                span_end=e,
                quote=item["quote"][:2000],
                created_record=True,
            )

    _step(run, first["key"], first["label"], make)


@service
def imported_report_confirm(
    *,
    report: ImportedReport,
    selections: dict | None,
    acting_user: Any,
    edits: list[dict] | None = None,
    unticked: list[str] | None = None,
    set_aside: bool = False,
) -> dict:
    """Create the chosen records; all or nothing. ``selections`` has one list per group
    (``documents``, ``links``, ``participants``, ``coverage``, ``records`` — the unit's step
    records the figures fill —, ``proposals``, ``concerns``) of ``{"key": …, <edited
    fields>}``, ``meeting`` (one such dict or None) and ``opinion`` (``{"mood": …}``, the
    general mood of the opinion report the concerns make, or None for the proposed one); see
    ``selectors.default_selections``, which ``None`` stands for. ``edits`` are the reviewer's
    changes of kind and added items (``selectors.edits``) the selections' keys refer to;
    ``unticked`` are keys left out of the selections. A field a row leaves out keeps its
    proposed value.

    A chosen item the user may not create fails the whole confirmation, naming it — unless
    ``set_aside`` (the API): then it is left out, judged on the values chosen for it, and
    returned under ``refused`` with why, and the others are created. Without selections the
    items the reading refuses are returned there. Returns the counts of created and recognised
    records, the refused items and the changes made (with the keys of the items they made)."""
    qs = ImportedReport.objects.select_for_update(of=("self",)).select_related("unit")
    report = get_scoped_or_404(qs, acting_user, "change", pk=report.pk)
    findings = report_findings(report=report, viewer=acting_user, edits=edits)
    refused: list[dict] = []
    if selections is None:
        sel = default_selections(findings)
        refused = refused_items(findings)
    else:
        sel = _completed(findings, selections)
        if set_aside:
            sel, refused = set_aside_refused(findings, acting_user, sel)
    if unticked:
        sel = _untick(findings, sel, unticked)
    run = _Run(report, findings, acting_user)
    _confirm_documents(run, list(sel.get("documents") or []))
    _confirm_links(run, list(sel.get("links") or []))
    _confirm_meeting(run, sel.get("meeting"), list(sel.get("participants") or []))
    _confirm_proposals(run, list(sel.get("proposals") or []))
    _confirm_coverage(run, list(sel.get("coverage") or []))
    _confirm_records(run, list(sel.get("records") or []))
    _confirm_concerns(run, list(sel.get("concerns") or []), sel.get("opinion"))
    first_time = report.status != ReportStatus.CONFIRMED
    report.status = ReportStatus.CONFIRMED
    report.confirmed_at = timezone.now()
    report.confirmed_by = acting_user if getattr(acting_user, "pk", None) else None
    report.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    audit_log(
        actor=acting_user,
        action="intake.confirm",
        obj=report,
        unit=report.unit,
        changes={
            "created": run.created,
            "recognised": run.recognised,
            "again": not first_time,
            "refused": [r["key"] for r in refused],
        },
    )
    return {"created": run.created, "recognised": run.recognised, "refused": refused, "edits": findings.edits}


def _completed(findings: Findings, selections: dict) -> dict:
    """Each chosen row with the proposed value of every field it leaves out (the page sends them
    all; an API client may send a key alone, or only what it changes)."""
    items = findings.by_key()

    def complete(row: dict) -> dict:
        item = items.get(str(row.get("key")))
        return {**item["fields"], **row} if item is not None else row

    out = dict(selections)
    for g in Findings.GROUPS:
        out[g] = [complete(r) for r in selections.get(g) or []]
    if selections.get("meeting"):
        out["meeting"] = complete(selections["meeting"])
    return out


def _untick(findings: Findings, selections: dict, keys: list[str]) -> dict:
    """``selections`` without the items ``keys``; a key the reading does not have is refused."""
    known = findings.by_key()
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValidationError(
            {"unticked": [_("Không có mục “%(k)s” trong kết quả đọc báo cáo.") % {"k": k} for k in unknown]}
        )
    out = dict(selections)
    for g in Findings.GROUPS:
        out[g] = [r for r in selections.get(g) or [] if r.get("key") not in keys]
    if (selections.get("meeting") or {}).get("key") in keys:
        out["meeting"] = None
    return out
