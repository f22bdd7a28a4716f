"""People the system tracks, their positions over time, and training courses.

Only what the work needs is stored about a person: name, the unit and title of each
position with its dates, the role category, and a contact for official use. No member
dossier (birth date, ID numbers, home address, ethnicity …): services refuse such
fields by name, so an importer or API client that sends them gets a message, not a
silent drop.

A person is scoped by ``unit``, the unit of their current position (kept equal to it by
the services), so "this person is visible within the subtree of that unit" is the same
prefix query as everything else. A course is scoped by its organiser and, like a
rollout, also visible below it: the units it trains must see it to nominate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.scoping import ScopedQuerySet
from trienkhai.training.choices import CourseForm, EnrolmentStatus, RoleCategory


class PersonQuerySet(ScopedQuerySet["Person"]):
    scope_fields = ("unit",)


class Person(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=120)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    category = models.CharField(_("nhóm cán bộ"), max_length=20, choices=RoleCategory.choices)
    contact = models.CharField(
        _("liên hệ công vụ"),
        max_length=200,
        blank=True,
        help_text=_("Điện thoại cơ quan hoặc thư điện tử công vụ; không ghi thông tin cá nhân."),
    )
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    name_folded = models.CharField(max_length=400, editable=False, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        indexes = [models.Index(fields=["unit", "category"])]

    def __str__(self) -> str:
        return self.full_name


class PositionQuerySet(ScopedQuerySet["Position"]):
    scope_fields = ("unit",)


class Position(models.Model):
    """A person's position at a unit during [started_on, ended_on] (``ended_on`` empty: current)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("chức vụ"), max_length=200)
    category = models.CharField(_("nhóm cán bộ"), max_length=20, choices=RoleCategory.choices)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["person_id", "-started_on", "-id"]
        verbose_name = _("chức vụ, vị trí công tác")
        verbose_name_plural = _("chức vụ, vị trí công tác")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(ended_on__isnull=True), name="position_one_current"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"


class CourseQuerySet(ScopedQuerySet["Course"]):
    """Changed by the organiser's side; read also by every unit the course trains.

    A course reaches the subtree of ``reach``: the organiser itself, or — when the
    organiser is a staff body (Ban Tuyên giáo, Ban Chỉ đạo 35) — the committee it works
    for, so a city's propaganda board trains the wards of the city. The units there must
    read the course to nominate their people.
    """

    scope_fields = ("organiser",)
    scope_read_from_above = ("reach",)


class Course(models.Model):
    organiser = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    reach = models.ForeignKey(
        "orgs.Unit", verbose_name=_("phạm vi học viên"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên lớp"), max_length=300)
    audiences = models.JSONField(_("đối tượng"), default=list)
    starts_on = models.DateField(_("ngày khai giảng"))
    ends_on = models.DateField(_("ngày bế giảng"))
    form = models.CharField(_("hình thức"), max_length=12, choices=CourseForm.choices)
    venue = models.CharField(_("địa điểm"), max_length=300, blank=True)
    link = models.URLField(_("đường dẫn học trực tuyến"), max_length=300, blank=True)
    syllabus = models.TextField(_("chương trình, nội dung"), blank=True)
    materials = models.ManyToManyField(
        "documents.Document", verbose_name=_("tài liệu"), blank=True, related_name="+"
    )
    source_proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("trả lời kiến nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_on = models.DateField(_("ngày hủy lớp"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy lớp"), blank=True)
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("lớp bồi dưỡng, tập huấn")
        verbose_name_plural = _("lớp bồi dưỡng, tập huấn")
        indexes = [models.Index(fields=["organiser", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    def audience_labels(self) -> list[str]:
        labels = dict(RoleCategory.choices)
        return [str(labels.get(a, a)) for a in self.audiences]


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    index = models.PositiveSmallIntegerField(_("buổi"))
    on = models.DateField(_("ngày học"))
    topic = models.CharField(_("chuyên đề"), max_length=300, blank=True)

    class Meta:
        ordering = ["course_id", "index"]
        verbose_name = _("buổi học")
        verbose_name_plural = _("buổi học")
        constraints = [models.UniqueConstraint(fields=["course", "index"], name="session_unique_index")]

    def __str__(self) -> str:
        return f"{self.index}. {self.topic or self.on}"


class EnrolmentQuerySet(ScopedQuerySet["Enrolment"]):
    # The nominating unit sees its people's enrolments; the organiser sees every one.
    scope_fields = ("unit", "course__organiser")


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("đơn vị cử"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("kết quả"), max_length=14, choices=EnrolmentStatus.choices, default=EnrolmentStatus.NOMINATED
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    result_note = models.CharField(_("ghi chú kết quả"), max_length=300, blank=True)
    nominated_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["course_id", "person__full_name", "id"]
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="enrolment_once")]
        # "Was this person trained in year Y?" is asked per person by the figures.
        indexes = [models.Index(fields=["person", "status", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.course}"


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("có mặt"))
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        ordering = ["session_id", "enrolment_id"]
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="attendance_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} @ {self.session}"
