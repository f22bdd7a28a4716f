"""The organisation tree: one stable identity per unit, its changes as dated events.

``Unit`` is a materialised-path node (django-treebeard): "this unit and
everything under it" is one indexed ``path LIKE 'prefix%'`` query on SQLite and
PostgreSQL alike. A unit's name, kind and parent change over time; each change
is a ``UnitEvent`` and closes one ``UnitVersion`` and opens the next, so the
tree "as of" any date is a single query over versions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from trienkhai.core.scoping import ScopedQuerySet, paths_above
from trienkhai.orgs.choices import UnitEventKind, UnitKind
from trienkhai.textmine.normalize import fold


class UnitQuerySet(MP_NodeQuerySet, ScopedQuerySet["Unit"]):
    scope_fields = ("",)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):  # type: ignore[misc]
    """Treebeard's manager (path order) with the scoped queryset's ``restrict()`` and
    ``restrict_by()``; treebeard's own ``get_queryset`` would drop them."""

    def get_queryset(self) -> UnitQuerySet:
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    if TYPE_CHECKING:
        # Treebeard ships no types, so what from_queryset() copied is unknown to mypy: say it.
        restrict: Callable[..., UnitQuerySet]
        restrict_by: Callable[..., UnitQuerySet]


class Unit(MP_Node):
    steplen = 4
    node_order_by: list[str] = []

    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại hình"), max_length=30, choices=UnitKind.choices)
    code = models.CharField(_("mã đơn vị"), max_length=40, null=True, blank=True, unique=True)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    valid_from = models.DateField(_("thành lập từ"), null=True, blank=True)
    valid_to = models.DateField(_("kết thúc ngày"), null=True, blank=True)
    illustrative = models.BooleanField(
        _("dữ liệu minh họa"),
        default=False,
        help_text=_("Đơn vị do bản demo tạo ra, không phải dữ kiện thật."),
    )
    contact = models.CharField(_("liên hệ công vụ"), max_length=255, blank=True)

    objects = UnitManager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        # A unit's children (treebeard: depth = d + 1 AND path in its interval) read as an
        # index range instead of scanning the whole subtree: a coverage page lists them.
        indexes = [models.Index(fields=["depth", "path"], name="orgs_unit_depth_path")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        if self.code == "":
            self.code = None
        super().save(*args, **kwargs)

    @property
    def parent_path(self) -> str:
        """The path of the unit above ("" for a root)."""
        return self.path[: -self.steplen]

    @property
    def child_path_len(self) -> int:
        """How long the path of a unit directly under this one is: a path below this unit, cut
        to that length, names the child it lies under (a roll-up by branch)."""
        return len(self.path) + self.steplen

    @classmethod
    def path_len_at(cls, depth: int) -> int:
        """How long the path of a unit at ``depth`` is (the root is depth 1): a path cut to that
        length names its ancestor at that depth (a roll-up by level, in SQL too)."""
        return depth * cls.steplen

    def is_within(self, other: Unit, *, strict: bool = False) -> bool:
        """Whether this unit is ``other`` or lies under it; ``strict``: under it, not ``other``
        itself. Read from the two paths as loaded: no query."""
        return self.path.startswith(other.path) and not (strict and self.path == other.path)

    def is_sibling_of(self, other: Unit) -> bool:
        """Whether this unit sits directly under ``other``'s parent (``other`` itself counts);
        a root has no siblings. No query."""
        parent = other.parent_path
        return bool(parent) and self.depth == other.depth and self.path.startswith(parent)

    def ancestor_paths(self, *, include_self: bool = False) -> list[str]:
        """Paths of every unit above this one, root first (no query)."""
        return paths_above(self.path, include_self=include_self)

    def parent_unit(self) -> Unit | None:
        return Unit.objects.get_parent(self) if self.depth > 1 else None

    def current_children(self):
        return Unit.objects.filter(path__startswith=self.path, depth=self.depth + 1, valid_to__isnull=True)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class UnitVersion(models.Model):
    """The unit's name, kind and parent during [valid_from, valid_to)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại hình"), max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from} – {self.valid_to or '…'}]"


class UnitEvent(models.Model):
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=20, choices=UnitEventKind.choices)
    date = models.DateField(_("ngày"), null=True, blank=True)
    old_name = models.CharField(_("tên cũ"), max_length=255, blank=True)
    new_name = models.CharField(_("tên mới"), max_length=255, blank=True)
    old_kind = models.CharField(_("loại hình cũ"), max_length=30, blank=True, choices=UnitKind.choices)
    new_kind = models.CharField(_("loại hình mới"), max_length=30, blank=True, choices=UnitKind.choices)
    old_parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    new_parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    related_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="related_events",
    )
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    # The decision in the registry the change rests on (e.g. a Quyết định of the Ban Thường vụ);
    # ``basis`` keeps free text for a basis that is not (yet) registered.
    basis_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản căn cứ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_events",
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("sự kiện của đơn vị")
        verbose_name_plural = _("sự kiện của đơn vị")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.unit}"


class MemberCount(models.Model):
    """Party members on the roll of a unit as of a date (one row per period)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="member_counts"
    )
    as_of = models.DateField(_("tính đến ngày"))
    members = models.PositiveIntegerField(_("số đảng viên"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit_id", "-as_of"]
        verbose_name = _("số đảng viên")
        verbose_name_plural = _("số đảng viên")
        constraints = [models.UniqueConstraint(fields=["unit", "as_of"], name="member_count_one_per_date")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.members} ({self.as_of})"


class ReorgPlanQuerySet(ScopedQuerySet["ReorgPlan"]):
    scope_fields = ("root",)


class ReorgPlan(models.Model):
    """Many reorganisation events at one date, checked as a whole and applied in one step.

    ``rows`` keeps the plan as the user wrote it (one dict per row: ``line``, ``unit``,
    ``op``, ``target``, ``kind``, ``parent``), so the preview and the application read
    the same thing. Applying runs the single-event services in one transaction.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Chờ áp dụng")
        APPLIED = "applied", _("Đã áp dụng")

    root = models.ForeignKey(
        Unit, verbose_name=_("đơn vị lập kế hoạch"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("ngày hiệu lực"))
    basis = models.CharField(_("căn cứ"), max_length=300, blank=True)
    basis_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản căn cứ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    rows = models.JSONField(_("các dòng"), default=list)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = ReorgPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kế hoạch sắp xếp tổ chức")
        verbose_name_plural = _("kế hoạch sắp xếp tổ chức")

    def __str__(self) -> str:
        return f"{self.root} {self.date:%d/%m/%Y}"
