"""What a report's figures say against the rollouts (rollout): coverage statements onto the
step of the rollout its sentence names, attendance, masses, reach and channels onto the unit's
own record of a step, and one row per figure read saying where it went or why not."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.documents import selectors as documents_selectors
from trienkhai.intake import figures as fig
from trienkhai.intake.choices import FigureKind, Finding, MatchState
from trienkhai.intake.selectors._common import (
    Findings,
    May,
    is_new,
    new_item,
    out_of_scope,
    record_ref,
    refuse_item,
)
from trienkhai.intake.selectors.documents import congress_docs
from trienkhai.orgs.models import Unit
from trienkhai.rollout import selectors as rollout_selectors
from trienkhai.rollout.choices import Channel, RolloutStatus, StepKind
from trienkhai.textmine.codes import find_codes

if TYPE_CHECKING:
    from trienkhai.rollout.models import Rollout, Step


class Steps:
    """The rollout steps a passage of the report leads to, through the documents it names:
    by code, else a congress resolution by name; a rollout of a document that carries out
    the one named counts too (08-CTr/TU for Đại hội XIII)."""

    def __init__(self, f: Findings, viewer: Any, docs: dict[str, dict]):
        self.f, self.viewer, self.docs = f, viewer, docs
        self.codes = find_codes(f.text)

    def rollouts_named(self, start: int, end: int) -> list[Rollout]:
        keys = [c.doc.key for c in self.codes if start <= c.span[0] < end]
        named = [
            self.docs[k]["document_id"] for k in keys if k in self.docs and self.docs[k].get("document_id")
        ]
        congress = [d.pk for d in congress_docs(self.f.text[start:end], self.viewer)]
        named_ids = list(dict.fromkeys(named + congress))
        candidates = rollout_selectors.rollouts_of_documents(viewer=self.viewer, document_ids=named_ids)
        if not candidates and named_ids:
            implementing = documents_selectors.documents_implementing(viewer=self.viewer, targets=named_ids)
            candidates = rollout_selectors.rollouts_of_documents(
                viewer=self.viewer, document_ids=implementing
            )
        # the rollout of the last document named wins ("35-NQ/TW, kế hoạch số 0091-KH/TU")
        order = {d: i for i, d in enumerate(named_ids)}
        candidates.sort(key=lambda r: -order.get(r.document_id, -1))
        return candidates

    def step_of(self, rollout: Rollout, kind: str) -> Step | None:
        """The rollout's step of that kind in the period of the report's date (else the first)."""
        steps = rollout_selectors.rollout_steps_of_kind(viewer=self.viewer, rollout=rollout, kind=kind)
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
            owed = [st for st in steps if rollout_selectors.unit_owes(step=st, unit=unit)]
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


def match_coverage(f: Findings, viewer: Any, steps: Steps, figures: list[fig.Figure]) -> None:
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
        item = new_item(
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
            cov = rollout_selectors.coverage_for(
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
                item["existing"] = record_ref(step.rollout, item["step_label"], "rollout:detail")
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
    current = rollout_selectors.record_current(viewer=viewer, step=step, unit=unit)
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
    item = new_item(
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


def match_records(f: Findings, viewer: Any, steps: Steps, figures: list[fig.Figure]) -> dict[str, tuple]:
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


def figure_rows(f: Findings, figures: list[fig.Figure], placed: dict[str, tuple]) -> None:
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


def refuse_uncreatable(f: Findings, may: May) -> None:
    """A coverage figure is kept under the report's unit."""
    if not may(f.report.unit):
        for item in f.coverage:
            if is_new(item):
                refuse_item(item, out_of_scope(f.report.unit, _("đơn vị của báo cáo")))
