"""Editing a rollout's steps after the launch (decision 0013)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from trienkhai.core.audit import audit_log, service
from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.rollout.choices import RolloutStatus, StepKind
from trienkhai.rollout.models import Rollout, RolloutPeriod, Step, StepDayTally, StepRecord, StepTally
from trienkhai.rollout.services._common import _fmt
from trienkhai.rollout.services.tallies import tally_rebuild
from trienkhai.textmine.normalize import clean_text

# --- editing the steps after the launch ------------------------------------------------------------
#
# Only the rollout's latest period — the running one, or one that has not started — has steps
# that can be edited: an earlier period's records were judged by its deadlines and stay so.
# Every edit also rewrites ``step_specs`` from that period's steps, so the periods a recurring
# rollout opens later carry the edited steps (decision 0013).


def steps_period(rollout: Rollout) -> RolloutPeriod | None:
    """The period whose steps may still be edited: the rollout's latest."""
    return rollout.periods.order_by("-index").first()


def _period_base(rollout: Rollout, period: RolloutPeriod) -> dt.date:
    """The day a period's deadlines count from, as in :func:`_open_period`."""
    return rollout.starts_on if period.index == 0 else period.starts_on


def _steps_stale(current: int) -> ValidationError:
    return ValidationError(
        _(
            "Các yêu cầu vừa được người khác sửa (hiện là lần sửa thứ %(v)s). Hãy tải lại trang, xem thay "
            "đổi rồi sửa tiếp; không có gì bị ghi đè."
        )
        % {"v": current}
    )


def _steps_editable(*, rollout_id: int, expected_version: int | None) -> tuple[Rollout, RolloutPeriod]:
    """The rollout as it is now and its editable period; refuses a closed rollout or a stale form.

    ``expected_version`` is the ``steps_version`` the editor's form was opened at (``None``:
    no check, for callers that are not people filling a form)."""
    rollout = Rollout.objects.select_related("owner_unit").get(pk=rollout_id)
    if rollout.status != RolloutStatus.ACTIVE:
        raise ValidationError(_("Đợt triển khai đã kết thúc: không sửa được các yêu cầu."))
    if expected_version is not None and rollout.steps_version != expected_version:
        raise _steps_stale(rollout.steps_version)
    period = steps_period(rollout)
    if period is None:  # a launch always opens the first period
        raise ValidationError(_("Đợt triển khai chưa có kỳ nào."))
    return rollout, period


def _step_values(
    *,
    rollout: Rollout,
    period: RolloutPeriod,
    title: str | None,
    due: dt.date | None,
    errors: dict[str, list[str]],
) -> str:
    """Check a step's title and deadline; return the title as stored (NFC, folded spaces)."""
    clean = clean_text(title or "")
    if not clean:
        errors["title"].append(_("Hãy nhập nội dung yêu cầu."))
    elif len(clean) > 300:
        errors["title"].append(_("Nội dung yêu cầu dài quá 300 ký tự."))
    base = _period_base(rollout, period)
    if not isinstance(due, dt.date):
        errors["due"].append(_("Hãy nhập hạn hoàn thành."))
    elif due < base:
        errors["due"].append(
            _("Hạn %(due)s trước ngày bắt đầu của kỳ (%(start)s).") % {"due": _fmt(due), "start": _fmt(base)}
        )
    return clean


def _lock_tallies(step: Step) -> None:
    """Lock a step's tally rows before recounting or deleting them, deepest units first.

    A record locks its own unit's row, then its ancestors' (``step_record_submit``); taking
    the rows in the same direction makes an edit wait behind a record in flight instead of
    deadlocking with it, and a record that comes after the edit reads the new deadline."""
    list(
        StepTally.objects.select_for_update(of=("self",))
        .filter(step=step)
        .order_by("-unit__depth", "unit_id")
        .values_list("pk", flat=True)
    )


def _steps_changed(*, rollout: Rollout, period: RolloutPeriod, expected_version: int | None) -> None:
    """Write the period's steps back as the rollout's step template and move both versions
    (``rollout`` is refreshed: its ``steps_version`` is what the next edit must send).

    The version check is repeated here as a conditional UPDATE: of two editors who read the
    same version, the second one's UPDATE waits for the first one's commit, then matches no
    row, and the whole edit rolls back."""
    base = _period_base(rollout, period)
    specs = [
        {"kind": s.kind, "title": s.title, "offset_days": (s.due - base).days}
        for s in Step.objects.filter(period=period).order_by("order", "id")
    ]
    rows = Rollout.objects.filter(pk=rollout.pk)
    if expected_version is not None:
        rows = rows.filter(steps_version=expected_version)
    updated = rows.update(step_specs=specs, steps_version=F("steps_version") + 1, version=F("version") + 1)
    if not updated:
        rollout.refresh_from_db(fields=["steps_version"])
        raise _steps_stale(rollout.steps_version)
    rollout.refresh_from_db(fields=["steps_version", "version", "step_specs"])


def _step_for_edit(
    *, step: Step, expected_version: int | None, removing: bool = False
) -> tuple[Step, Rollout, RolloutPeriod]:
    """The step, locked, with its rollout and editable period. The lock comes first: edits of
    one step queue here, before any of its tallies is touched, and the rollout read after it
    is the one the previous edit committed. Refused when the step was removed meanwhile or
    belongs to a period already past.

    An edit takes ``FOR NO KEY UPDATE`` (PostgreSQL), as the UPDATE it makes would: a record
    being inserted holds ``FOR KEY SHARE`` on its step (the foreign key's check) while it
    waits for tally rows this edit may hold, and ``FOR UPDATE`` would wait for it in turn —
    a deadlock. A removal needs the full lock its DELETE takes."""
    locked = (
        Step.objects.select_for_update(of=("self",), no_key=not removing)
        .filter(pk=step.pk, rollout_id=step.rollout_id)
        .first()
    )
    rollout, period = _steps_editable(rollout_id=step.rollout_id, expected_version=expected_version)
    if locked is None:  # removed by someone else since the form was opened
        raise _steps_stale(rollout.steps_version)
    if locked.period_id != period.pk:
        raise ValidationError(
            _("Yêu cầu “%(s)s” thuộc một kỳ đã qua: chỉ sửa được các yêu cầu của kỳ %(p)s.")
            % {"s": locked.title, "p": period.label or _fmt(period.starts_on)}
        )
    locked.rollout = rollout
    return locked, rollout, period


@service
def step_update(
    *,
    step: Step,
    title: str | None = None,
    due: dt.date | None = None,
    expected_version: int | None,
    acting_user: Any,
) -> Step:
    """Change a step's title and/or deadline (``None``: keep it). A new deadline moves records
    between on time and late, so the step's tallies are recounted in the same transaction."""
    get_scoped_or_404(Rollout.objects, acting_user, "change", pk=step.rollout_id)
    step, rollout, period = _step_for_edit(step=step, expected_version=expected_version)
    errors: dict[str, list[str]] = defaultdict(list)
    new_title = _step_values(
        rollout=rollout,
        period=period,
        title=step.title if title is None else title,
        due=step.due if due is None else due,
        errors=errors,
    )
    if due is None or due == step.due:
        errors.pop("due", None)  # an unchanged deadline is not re-judged
    if errors:
        raise ValidationError(dict(errors))
    from trienkhai.core.audit import diff, snapshot

    before = snapshot(step, ["title", "due"])
    new_due = step.due if due is None else due
    if before == {"title": new_title, "due": new_due}:
        return step  # nothing to change: no version, no audit event
    step.title, step.due = new_title, new_due
    step.save(update_fields=["title", "due"])
    if new_due != before["due"]:
        _lock_tallies(step)
        tally_rebuild(step=step)
    _steps_changed(rollout=rollout, period=period, expected_version=expected_version)
    audit_log(
        actor=acting_user,
        action="rollout.step_update",
        obj=step,
        unit=rollout.owner_unit,
        changes={
            **diff(before, {"title": step.title, "due": step.due}),
            "rollout": rollout.title,
            "recounted": new_due != before["due"],
        },
    )
    return step


@service
def step_add(
    *,
    rollout: Rollout,
    kind: str,
    title: str,
    due: dt.date | None,
    expected_version: int | None,
    acting_user: Any,
) -> Step:
    """Add a step to the rollout's editable period: every unit in scope owes it from now."""
    get_scoped_or_404(Rollout.objects, acting_user, "change", pk=rollout.pk)
    rollout, period = _steps_editable(rollout_id=rollout.pk, expected_version=expected_version)
    errors: dict[str, list[str]] = defaultdict(list)
    if kind not in StepKind.values:
        errors["kind"].append(_("Loại yêu cầu không hợp lệ."))
    clean = _step_values(rollout=rollout, period=period, title=title, due=due, errors=errors)
    if errors:
        raise ValidationError(dict(errors))
    last = Step.objects.filter(period=period).order_by("-order").values_list("order", flat=True).first()
    step = Step(
        rollout=rollout,
        period=period,
        kind=kind,
        title=clean,
        due=due,  # type: ignore[misc]  # a missing due date is an error above
        order=0 if last is None else last + 1,
    )
    step.full_clean(exclude=["rollout", "period"])
    step.save()
    tally_rebuild(step=step)
    _steps_changed(rollout=rollout, period=period, expected_version=expected_version)
    audit_log(
        actor=acting_user,
        action="rollout.step_add",
        obj=step,
        unit=rollout.owner_unit,
        changes={"rollout": rollout.title, "kind": kind, "title": step.title, "due": due},
    )
    return step


@service
def step_remove(*, step: Step, expected_version: int | None, acting_user: Any) -> Rollout:
    """Remove a step nobody has recorded (a record, once made, is never deleted with it)."""
    get_scoped_or_404(Rollout.objects, acting_user, "change", pk=step.rollout_id)
    step, rollout, period = _step_for_edit(step=step, expected_version=expected_version, removing=True)
    # A record in flight holds its unit's tally row: wait for it, then count it below.
    _lock_tallies(step)
    done = StepRecord.objects.filter(step=step).values("unit_id").distinct().count()
    if done:
        raise ValidationError(
            _(
                "Yêu cầu “%(s)s” đã có kết quả của %(n)s đơn vị: không xóa được. Có thể sửa nội dung "
                "hoặc hạn của yêu cầu."
            )
            % {"s": step.title, "n": done}
        )
    # Other apps may count from a step (a target, a figure of an imported report).
    for rel in Step._meta.get_fields(include_hidden=True):
        if not rel.auto_created or rel.concrete or rel.related_model in (StepRecord, StepTally, StepDayTally):
            continue
        # What is left is a reverse relation (auto-created, not concrete): it has both.
        if rel.related_model._base_manager.filter(**{rel.field.name: step}).exists():  # type: ignore[union-attr]
            raise ValidationError(
                _("Yêu cầu “%(s)s” đang được dùng ở %(where)s: không xóa được.")
                % {"s": step.title, "where": rel.related_model._meta.verbose_name}  # type: ignore[union-attr]
            )
    if Step.objects.filter(period=period).count() <= 1:
        raise ValidationError(_("Đợt triển khai phải còn ít nhất một yêu cầu."))
    audit_log(
        actor=acting_user,
        action="rollout.step_remove",
        obj=step,
        unit=rollout.owner_unit,
        changes={"rollout": rollout.title, "kind": step.kind, "title": step.title, "due": step.due},
    )
    StepTally.objects.filter(step=step).delete()
    StepDayTally.objects.filter(step=step).delete()
    step.delete()
    _steps_changed(rollout=rollout, period=period, expected_version=expected_version)
    return rollout
