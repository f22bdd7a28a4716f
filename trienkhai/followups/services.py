"""Writes of follow-up tasks. Meetings, oversight and proposals call these too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.scoping import get_scoped_or_404, require
from trienkhai.followups.models import FollowUp
from trienkhai.orgs.models import Unit
from trienkhai.textmine.normalize import clean_text, fold

DEFAULT_DAYS = 30


def _search_text(f: FollowUp) -> str:
    return fold(" ".join([f.title, f.expected_result, f.accountable, f.unit.name]))


# What a follow-up may come from: a meeting's conclusion, an inspection's recommendation, a
# proposal. The classes are read off FollowUp's own foreign keys, so followups imports none of
# those apps' models (decision 0093).
SOURCE_FIELDS = ("source_conclusion", "source_recommendation", "source_proposal")


def _source_of(source: Any) -> dict[str, Any]:
    if source is None:
        return {}
    for name in SOURCE_FIELDS:
        model = FollowUp._meta.get_field(name).related_model
        if model is not None and isinstance(source, model):
            return {name: source}
    raise TypeError(f"not a follow-up source: {source!r}")


@service
def followup_create(
    *,
    unit: Unit,
    title: str,
    due_on: dt.date | None,
    assigned_by: Unit | None = None,
    expected_result: str = "",
    accountable: str = "",
    source: Any = None,
    illustrative: bool = False,
    assigned_on: dt.date | None = None,
    acting_user: Any,
) -> FollowUp:
    # The unit that sets the task (or one above the unit that owes it) may create it.
    require(acting_user, assigned_by, unit)
    title = clean_text(title or "")
    if not title:
        raise ValidationError({"title": _("Hãy ghi nội dung công việc.")})
    if due_on is None:
        raise ValidationError({"due_on": _("Hãy đặt hạn hoàn thành.")})
    # A task from a 2022 meeting may go to a unit that ended in 2025: judge at the source's date.
    assigned_on = assigned_on or timezone.localdate()
    if unit.valid_to is not None and unit.valid_to <= assigned_on:
        raise ValidationError(
            {"unit": _("Đơn vị “%(u)s” đã kết thúc hoạt động, không giao việc được.") % {"u": unit.name}}
        )
    if source is None and assigned_by is not None and not unit.is_within(assigned_by):
        raise ValidationError(
            {
                "unit": _("Chỉ giao việc cho chính đơn vị giao hoặc đơn vị trực thuộc “%(u)s”.")
                % {"u": assigned_by.name}
            }
        )
    f = FollowUp(
        unit=unit,
        assigned_by=assigned_by,
        title=title[:500],
        expected_result=clean_text(expected_result or "", multiline=True),
        accountable=clean_text(accountable or "")[:255],
        due_on=due_on,
        illustrative=illustrative,
        created_by=acting_user if getattr(acting_user, "pk", None) else None,
        **_source_of(source),
    )
    f.search_folded = _search_text(f)
    f.full_clean(exclude=["unit", "assigned_by", "created_by"])
    f.save()
    audit_log(
        actor=acting_user,
        action="followup.create",
        obj=f,
        unit=unit,
        changes={
            "title": f.title,
            "due_on": due_on,
            "assigned_by": assigned_by,
            "source": str(source) if source is not None else None,
        },
    )
    return f


def _locked(followup: FollowUp, acting_user: Any) -> FollowUp:
    qs = FollowUp.objects.select_for_update(of=("self",)).select_related("unit", "assigned_by")
    return get_scoped_or_404(qs, acting_user, "change", pk=followup.pk)


@service
def followup_complete(
    *, followup: FollowUp, done_on: dt.date | None, result_note: str, acting_user: Any
) -> FollowUp:
    f = _locked(followup, acting_user)
    require(acting_user, f.unit, f.assigned_by)
    if f.done_on is not None:
        raise ValidationError(
            _("Việc này đã được báo cáo hoàn thành ngày %(d)s.") % {"d": f"{f.done_on:%d/%m/%Y}"}
        )
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Ngày hoàn thành ở tương lai.")})
    result_note = clean_text(result_note or "", multiline=True)
    if not result_note:
        raise ValidationError({"result_note": _("Hãy ghi kết quả thực hiện.")})
    f.done_on, f.result_note = done_on, result_note
    f.save(update_fields=["done_on", "result_note"])
    audit_log(
        actor=acting_user,
        action="followup.complete",
        obj=f,
        unit=f.unit,
        changes={"done_on": done_on, "result_note": result_note, "state": f.state},
    )
    return f


@service
def followup_reopen(*, followup: FollowUp, reason: str, acting_user: Any) -> FollowUp:
    """The unit that set the task finds the result insufficient: the task is open again."""
    f = _locked(followup, acting_user)
    require(acting_user, f.assigned_by or f.unit)
    if f.done_on is None:
        raise ValidationError(_("Việc này chưa hoàn thành."))
    reason = clean_text(reason or "", multiline=True)
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do mở lại.")})
    before = {"done_on": f.done_on, "result_note": f.result_note}
    f.done_on, f.result_note = None, ""
    f.save(update_fields=["done_on", "result_note"])
    audit_log(
        actor=acting_user, action="followup.reopen", obj=f, unit=f.unit, changes={"reason": reason, **before}
    )
    return f


def followups_pass_to_successor(*, old: Any, new: Any, date: dt.date, acting_user: Any) -> int:
    """Follow-up tasks ``old`` still owes (or set and still watches) become ``new``'s; done ones
    stay with ``old``. Called inside the reorganisation's transaction."""
    open_ = FollowUp.objects.filter(done_on__isnull=True)
    owed = open_.filter(unit=old).update(unit=new)
    watched = open_.filter(assigned_by=old).update(assigned_by=new)
    if owed or watched:
        audit_log(
            actor=acting_user,
            action="followup.succeeded",
            obj=new,
            unit=new,
            changes={"from": old.name, "owed": owed, "watched": watched, "date": date.isoformat()},
        )
    return owed + watched
