"""A unit's record of a step: its values checked, versions, the plan it registers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.core.audit import audit_log, service
from trienkhai.core.files import check_upload
from trienkhai.core.models import discard_files, store_files
from trienkhai.core.scoping import get_scoped_or_404
from trienkhai.documents.choices import LinkKind
from trienkhai.orgs.models import MemberCount, Unit
from trienkhai.rollout.choices import Channel, ConferenceForm, Platform, RolloutStatus, StepKind
from trienkhai.rollout.models import RecordAttachment, Step, StepRecord, StepTally
from trienkhai.rollout.services._common import _fmt
from trienkhai.rollout.services.tallies import _apply_delta, units_in_scope
from trienkhai.textmine.normalize import clean_text

if TYPE_CHECKING:
    from trienkhai.documents.models import Document


def _latest_roll(unit: Unit, on: dt.date) -> int | None:
    mc = MemberCount.objects.filter(unit=unit, as_of__lte=on).order_by("-as_of").first()
    mc = mc or MemberCount.objects.filter(unit=unit).order_by("as_of").first()
    return mc.members if mc else None


def _nonneg(name: str, value: Any, errors: dict[str, list[str]], label: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(float("inf"))
        errors[name].append(_("%(f)s phải là số.") % {"f": label})
        return None
    if number > 2_147_483_647:  # the column's limit: beyond it the database would refuse (a 500)
        errors[name].append(_("%(f)s quá lớn.") % {"f": label})
        return None
    if number < 0:
        errors[name].append(_("%(f)s không được âm.") % {"f": label})
        return None
    return number


# Lazy labels, made once: translated (in the language of the request) only for a message;
# an import checks thousands of rows.
_NUMBER_LABELS = {
    "members_present": gettext_lazy("Số đảng viên tham dự"),
    "members_on_roll": gettext_lazy("Số đảng viên trong danh sách"),
    "masses": gettext_lazy("Số lượt quần chúng"),
    "reach": gettext_lazy("Số lượt người được tuyên truyền"),
}


def check_record_values(
    *,
    step: Step,
    unit: Unit,
    done_on: dt.date | None,
    today: dt.date,
    errors: dict[str, list[str]],
    form: str = "",
    platform: str = "",
    members_present: Any = None,
    members_on_roll: Any = None,
    masses: Any = None,
    channels: list[str] | None = None,
    reach: Any = None,
    outcome: str = "",
    has_plan: bool = True,
    roll_default: int | None = None,
) -> dict[str, Any]:
    """Validate one record's values for its step kind; add Vietnamese messages to ``errors``.

    Shared by the single-record service and the bulk importer, so both refuse the same things.
    """
    rollout = step.rollout
    if done_on is None:
        errors["done_on"].append(_("Hãy nhập ngày thực hiện."))
    elif done_on > today:
        errors["done_on"].append(_("Ngày %(d)s ở tương lai.") % {"d": _fmt(done_on)})
    elif done_on < rollout.starts_on:
        errors["done_on"].append(
            _("Ngày %(d)s trước khi đợt triển khai bắt đầu (%(s)s).")
            % {"d": _fmt(done_on), "s": _fmt(rollout.starts_on)}
        )
    present = _nonneg("members_present", members_present, errors, _NUMBER_LABELS["members_present"])
    roll = _nonneg("members_on_roll", members_on_roll, errors, _NUMBER_LABELS["members_on_roll"])
    masses_n = _nonneg("masses", masses, errors, _NUMBER_LABELS["masses"])
    reach_n = _nonneg("reach", reach, errors, _NUMBER_LABELS["reach"])
    channels = [c for c in (channels or []) if c]
    if step.kind == StepKind.CONFERENCE:
        if form not in ConferenceForm.values:
            errors["form"].append(_("Hãy chọn hình thức hội nghị."))
        elif form != ConferenceForm.IN_PERSON and platform not in (
            Platform.ZOOM,
            Platform.TEAMS,
            Platform.OTHER,
        ):
            errors["platform"].append(_("Hội nghị trực tuyến hoặc kết hợp: hãy chọn nền tảng."))
        if present is None:
            errors["members_present"].append(_("Hãy nhập số đảng viên tham dự."))
        if roll is None:
            roll = (
                roll_default
                if roll_default is not None
                else (_latest_roll(unit, done_on) if done_on else None)
            )
        if roll is None:
            errors["members_on_roll"].append(_("Hãy nhập số đảng viên trong danh sách."))
        if present is not None and roll is not None and present > roll:
            errors["members_present"].append(
                _("Số đảng viên tham dự (%(p)s) lớn hơn số trong danh sách (%(r)s).")
                % {"p": present, "r": roll}
            )
    if step.kind == StepKind.DISSEMINATION:
        if not channels:
            errors["channels"].append(_("Hãy chọn ít nhất một kênh tuyên truyền."))
        elif any(c not in Channel.values for c in channels):
            errors["channels"].append(_("Kênh tuyên truyền không hợp lệ."))
    if step.kind == StepKind.REVIEW and not clean_text(outcome or ""):
        errors["outcome"].append(_("Hãy ghi kết quả kiểm điểm."))
    if step.kind == StepKind.PLAN and not has_plan:
        errors["plan_title"].append(
            _("Hãy ghi số hiệu hoặc tên kế hoạch, chương trình hành động của đơn vị.")
        )
    return {
        "members_present": present,
        "members_on_roll": roll,
        "masses": masses_n,
        "reach": reach_n,
        "channels": channels,
    }


@service
def step_record_submit(
    *,
    step: Step,
    unit: Unit,
    done_on: dt.date | None,
    acting_user: Any,
    expected_version: int | None = None,
    note: str = "",
    plan_code: str = "",
    plan_title: str = "",
    form: str = "",
    platform: str = "",
    members_present: Any = None,
    members_on_roll: Any = None,
    masses: Any = None,
    channels: list[str] | None = None,
    reach: Any = None,
    outcome: str = "",
    files: list[tuple[IO[bytes], str]] | None = None,
    illustrative: bool = False,
    today: dt.date | None = None,
) -> StepRecord:
    """Record (``expected_version=None``) or correct (the version the user saw) a unit's step.

    A second submission without a version, or a correction from a stale version, is
    refused: nobody's record is silently overwritten.
    """
    get_scoped_or_404(Unit.objects, acting_user, "change", pk=unit.pk)
    today = today or timezone.localdate()
    step = Step.objects.select_related("rollout", "rollout__owner_unit", "rollout__document", "period").get(
        pk=step.pk
    )
    rollout = step.rollout
    # Lock the unit's own tally row: two submissions for the same (step, unit) queue here.
    StepTally.objects.select_for_update().filter(step=step, unit=unit).first()
    # A deadline edited meanwhile is the one counted: ``step_update`` and ``step_remove`` hold
    # every tally row of the step until they commit, so what is read after the lock is theirs.
    due = Step.objects.filter(pk=step.pk).values_list("due", flat=True).first()
    if due is None:
        raise ValidationError(_("Yêu cầu này vừa bị xóa khỏi đợt triển khai."))
    step.due = due
    if not units_in_scope(rollout=rollout, step=step).filter(pk=unit.pk).exists():
        raise ValidationError(
            _("“%(unit)s” không thuộc phạm vi thực hiện của đợt “%(r)s”.")
            % {"unit": unit.name, "r": rollout.title}
        )
    if rollout.status != RolloutStatus.ACTIVE:
        raise ValidationError(_("Đợt triển khai đã kết thúc: không ghi nhận thêm."))
    current = StepRecord.objects.select_for_update().filter(step=step, unit=unit, is_current=True).first()
    if expected_version is None and current is not None:
        raise ValidationError(
            _(
                "“%(unit)s” đã báo cáo yêu cầu này (phiên bản %(v)s, ngày %(d)s). Muốn sửa, hãy mở bản ghi và sửa."
            )
            % {"unit": unit.name, "v": current.version, "d": _fmt(current.done_on)}
        )
    if expected_version is not None and (current is None or current.version != expected_version):
        raise ValidationError(
            _(
                "Bản ghi vừa được người khác cập nhật (hiện là phiên bản %(v)s). Hãy tải lại trang, xem thay đổi "
                "rồi sửa tiếp; không có gì bị ghi đè."
            )
            % {"v": current.version if current else 0}
        )
    plan_doc = current.plan_document if current else None
    errors: dict[str, list[str]] = defaultdict(list)
    values = check_record_values(
        step=step,
        unit=unit,
        done_on=done_on,
        today=today,
        errors=errors,
        form=form,
        platform=platform,
        members_present=members_present,
        members_on_roll=members_on_roll,
        masses=masses,
        channels=channels,
        reach=reach,
        outcome=outcome,
        has_plan=bool(plan_doc or plan_code or plan_title),
    )
    present, roll, masses_n, reach_n, channels = (
        values["members_present"],
        values["members_on_roll"],
        values["masses"],
        values["reach"],
        values["channels"],
    )
    checked_files = []
    for fileobj, name in files or []:
        try:
            checked_files.append(check_upload(fileobj, name, (".pdf", ".docx", ".jpg", ".jpeg", ".png")))
        except ValidationError as exc:
            errors["files"].extend(exc.messages)
    if errors:
        raise ValidationError(dict(errors))
    if step.kind == StepKind.PLAN and (plan_code or plan_title):
        plan_doc = _register_plan(
            step=step,
            unit=unit,
            code=plan_code,
            title=plan_title,
            issued_on=done_on,  # type: ignore[arg-type]  # a plan step's record has its date (checked above)
            acting_user=acting_user,
            previous=plan_doc,
        )
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    record = StepRecord(
        step=step,
        unit=unit,
        version=(current.version + 1) if current else 1,
        supersedes=current,
        done_on=done_on,  # type: ignore[misc]  # a missing date is an error above
        submitted_by=acting_user if getattr(acting_user, "pk", None) else None,
        note=clean_text(note or "", multiline=True),
        plan_document=plan_doc,
        form=form if step.kind == StepKind.CONFERENCE else "",
        platform=platform if step.kind == StepKind.CONFERENCE and form != ConferenceForm.IN_PERSON else "",
        members_present=present if step.kind == StepKind.CONFERENCE else None,
        members_on_roll=roll if step.kind == StepKind.CONFERENCE else None,
        masses=masses_n,
        channels=channels if step.kind == StepKind.DISSEMINATION else [],
        reach=reach_n,
        outcome=clean_text(outcome or "", multiline=True),
        illustrative=illustrative,
    )
    record.save()
    stored = store_files(RecordAttachment, checked_files, record=record)
    try:
        _apply_delta(step, unit, current, record)
        audit_log(
            actor=acting_user,
            action="rollout.record" if current is None else "rollout.record_correct",
            obj=record,
            unit=unit,
            changes={"step": step.title, "version": record.version, "done_on": done_on},
        )
    except Exception:
        discard_files(stored)  # the rows roll back; their bytes must not stay behind
        raise
    return record


def _register_plan(
    *,
    step: Step,
    unit: Unit,
    code: str,
    title: str,
    issued_on: dt.date,
    acting_user: Any,
    previous: Document | None,
) -> Document:
    """The unit's plan is a document of its own, linked "implements" to the rollout's document."""
    from trienkhai.documents.selectors import document_registered
    from trienkhai.documents.services import document_link, document_register
    from trienkhai.textmine.codes import CodeError, parse_code

    target = step.rollout.document
    existing = None
    if code:
        try:
            key = parse_code(code).key
        except CodeError as exc:
            raise ValidationError({"plan_code": str(exc)}) from exc
        existing = document_registered(viewer=acting_user, issuing_unit=unit, code_key=key)
    if existing is None and previous is not None and not code and previous.title == clean_text(title or ""):
        existing = previous
    doc = existing or document_register(
        issuing_unit=unit,
        code=code,
        title=title or f"Kế hoạch thực hiện {target}",  # stored data: Vietnamese
        issued_on=issued_on,
        acting_user=acting_user,
    )
    if not doc.links_out.filter(target=target, kind=LinkKind.IMPLEMENTS).exists():
        document_link(source=doc, target=target, kind=LinkKind.IMPLEMENTS, acting_user=acting_user)
    return doc
