"""Rollouts: a document carried down to every unit in scope, and what each unit did.

Counting is the point: "100% các chi bộ đã xây dựng kế hoạch" is computed from
``StepRecord`` rows. ``StepTally`` keeps, for every step and every unit that has
in-scope units below it (itself included), the counts of its subtree, updated in
the same transaction as each record, so the dashboard and the coverage page read a
handful of rows instead of rescanning records. ``tally_rebuild`` recounts from
scratch and must agree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import StoredFile, stored_file_path
from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.rollout.choices import (
    ConferenceForm,
    Platform,
    Purpose,
    Recurrence,
    RolloutStatus,
    StepKind,
)


class RolloutQuerySet(ScopedQuerySet["Rollout"]):
    # Units below the owner carry it out; units above oversee it.
    scope_fields = ("owner_unit",)
    scope_read_from_above = ("owner_unit",)


class Rollout(models.Model):
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="rollouts"
    )
    title = models.CharField(_("tên đợt triển khai"), max_length=300)
    purpose = models.CharField(_("mục đích"), max_length=20, choices=Purpose.choices)
    owner_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị chỉ đạo"), on_delete=models.PROTECT, related_name="rollouts"
    )
    scope_kinds = models.JSONField(_("loại đơn vị thực hiện"), default=list)
    scope_depth = models.PositiveSmallIntegerField(
        _("số cấp thực hiện"), null=True, blank=True, help_text=_("Để trống: mọi cấp bên dưới.")
    )
    recurrence = models.CharField(
        _("lặp lại"), max_length=12, choices=Recurrence.choices, default=Recurrence.NONE
    )
    starts_on = models.DateField(_("bắt đầu"))
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)
    step_specs = models.JSONField(default=list, editable=False)
    status = models.CharField(max_length=10, choices=RolloutStatus.choices, default=RolloutStatus.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    # Bumped in the same transaction as any change to its counts or steps; pages that show
    # the rollout cache their rendering under it (see rollout.fragments).
    version = models.PositiveIntegerField(default=0, editable=False)
    # Moves with each edit of the steps after the launch (not with records): an edit form
    # carries the number it was opened at, so a second editor is told, not overwritten.
    steps_version = models.PositiveIntegerField(default=0, editable=False)

    objects = RolloutQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("đợt triển khai")
        verbose_name_plural = _("đợt triển khai")

    def __str__(self) -> str:
        return self.title


class RolloutScopeRootQuerySet(ScopedQuerySet["RolloutScopeRoot"]):
    # Seen wherever its rollout is, like a step.
    scope_fields = ("rollout__owner_unit",)
    scope_read_from_above = ("rollout__owner_unit",)


class RolloutScopeRoot(models.Model):
    """Where the units that owe a rollout are read from, once its owner has handed it on.

    A rollout without rows is read by its rule: the units of ``scope_kinds`` under the owner,
    at most ``scope_depth`` levels down. When the owner ends with a successor, the rollout
    passes to the successor, and its scope is frozen into rows: the old owner's rule for
    ``[since, until)`` (closed: its units that ended count for the steps they recorded), and
    one open row per unit that now holds what was in scope the day before (a moved chi bộ,
    the new ward a ward merged into) with the levels left below it, so the scope follows the
    units and does not grow to the successor's whole subtree (decision 0102).
    """

    rollout = models.ForeignKey(Rollout, on_delete=models.CASCADE, related_name="scope_roots")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    # The root itself owes the steps (if of a kind in scope): a successor ward does; an owner not.
    include_self = models.BooleanField(default=True)
    # How many levels below the root count; empty: every level.
    levels = models.PositiveSmallIntegerField(null=True, blank=True)
    since = models.DateField()
    until = models.DateField(null=True, blank=True)

    objects = RolloutScopeRootQuerySet.as_manager()

    class Meta:
        ordering = ["rollout_id", "since", "id"]

    def __str__(self) -> str:
        return f"{self.rollout_id}@{self.unit_id} [{self.since} – {self.until or '…'}]"


class RolloutHandoverQuerySet(ScopedQuerySet["RolloutHandover"]):
    scope_fields = ("rollout__owner_unit",)
    scope_read_from_above = ("rollout__owner_unit",)


class RolloutHandover(models.Model):
    """A running rollout passed from ``from_unit`` (which ended) to ``to_unit`` on ``date``."""

    rollout = models.ForeignKey(Rollout, on_delete=models.CASCADE, related_name="handovers")
    from_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()  # the successor's first day (the old owner's ``valid_to``)

    objects = RolloutHandoverQuerySet.as_manager()

    class Meta:
        ordering = ["rollout_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.rollout_id}: {self.from_unit_id} → {self.to_unit_id} ({self.date})"


class RolloutPeriod(models.Model):
    rollout = models.ForeignKey(Rollout, on_delete=models.CASCADE, related_name="periods")
    index = models.PositiveSmallIntegerField()
    label = models.CharField(_("kỳ"), max_length=60, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["rollout_id", "index"]
        constraints = [models.UniqueConstraint(fields=["rollout", "index"], name="rollout_period_unique")]

    def __str__(self) -> str:
        return self.label or str(self.rollout)


class StepQuerySet(ScopedQuerySet["Step"]):
    # A step is seen wherever its rollout is: the owner's subtree and the units above it.
    scope_fields = ("rollout__owner_unit",)
    scope_read_from_above = ("rollout__owner_unit",)


class Step(models.Model):
    rollout = models.ForeignKey(Rollout, on_delete=models.CASCADE, related_name="steps")
    period = models.ForeignKey(RolloutPeriod, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("loại yêu cầu"), max_length=20, choices=StepKind.choices)
    title = models.CharField(_("yêu cầu"), max_length=300)
    due = models.DateField(_("hạn"))
    order = models.PositiveSmallIntegerField(default=0)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["period_id", "order", "id"]
        indexes = [models.Index(fields=["due"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.period})"


class StepRecordQuerySet(ScopedQuerySet["StepRecord"]):
    scope_fields = ("unit",)


class StepRecord(models.Model):
    """What a unit did for a step. A correction is a new version; the old one stays."""

    # No index of its own: the unique (step, unit, version) begins with it.
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="records", db_index=False)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    done_on = models.DateField(_("ngày thực hiện"))
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    plan_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("kế hoạch của đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    form = models.CharField(_("hình thức"), max_length=12, choices=ConferenceForm.choices, blank=True)
    platform = models.CharField(_("nền tảng"), max_length=10, choices=Platform.choices, blank=True)
    members_present = models.PositiveIntegerField(_("đảng viên tham dự"), null=True, blank=True)
    members_on_roll = models.PositiveIntegerField(_("đảng viên trong danh sách"), null=True, blank=True)
    masses = models.PositiveIntegerField(_("lượt quần chúng"), null=True, blank=True)
    channels = models.JSONField(_("kênh tuyên truyền"), default=list, blank=True)
    reach = models.PositiveIntegerField(_("lượt người được tuyên truyền"), null=True, blank=True)
    outcome = models.TextField(_("kết quả"), blank=True)
    illustrative = models.BooleanField(default=False)

    objects = StepRecordQuerySet.as_manager()

    class Meta:
        ordering = ["step_id", "unit_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "unit"], condition=models.Q(is_current=True), name="step_record_one_current"
            ),
            models.UniqueConstraint(fields=["step", "unit", "version"], name="step_record_version_unique"),
        ]
        indexes = [models.Index(fields=["step", "unit", "is_current"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.step} (v{self.version})"


# Named by migration 0001; the same function, so the field did not change.
record_file_path = stored_file_path


class RecordAttachment(StoredFile):
    record = models.ForeignKey(StepRecord, on_delete=models.CASCADE, related_name="attachments")

    def upload_dir(self) -> str:
        return f"records/{self.record.step_id}"


class StepTally(models.Model):
    """Counts over the in-scope units of ``unit``'s subtree (itself included) for ``step``."""

    # No index of its own: the unique (step, unit) begins with it, and every index costs a
    # write on each of the thousands of rows a bulk import counts.
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="tallies", db_index=False)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    in_scope = models.PositiveIntegerField(default=0)
    done_on_time = models.PositiveIntegerField(default=0)
    done_late = models.PositiveIntegerField(default=0)
    members_present = models.PositiveBigIntegerField(default=0)
    members_on_roll = models.PositiveBigIntegerField(default=0)
    masses = models.PositiveBigIntegerField(default=0)
    reach = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step", "unit"], name="step_tally_unique")]

    def __str__(self) -> str:
        return f"{self.step_id}@{self.unit_id}: {self.done}/{self.in_scope}"

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late


class StepDayTally(models.Model):
    """Records completed per day in ``unit``'s subtree, for the completion-over-time chart."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="day_tallies", db_index=False)
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    done = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step", "unit", "day"], name="step_day_tally_unique")]

    def __str__(self) -> str:
        return f"{self.step_id}@{self.unit_id} {self.day}: {self.done}"
