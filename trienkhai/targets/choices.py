from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetKind(models.TextChoices):
    NUMBER = "number", _("Chỉ tiêu định lượng (số)")
    STATE = "state", _("Mục tiêu định tính (trạng thái)")


class DuePrecision(models.TextChoices):
    DAY = "day", _("Theo ngày")
    YEAR = "year", _("Theo năm (đến năm …)")


class CountedMeasure(models.TextChoices):
    DONE_PCT = "done_pct", _("Tỷ lệ đơn vị đã thực hiện (%)")
    DONE_COUNT = "done_count", _("Số đơn vị đã thực hiện")


class TargetStatus(models.TextChoices):
    ACHIEVED_EARLY = "achieved_early", _("Đã đạt, trước hoặc đúng hạn")
    ACHIEVED_LATE = "achieved_late", _("Đã đạt, sau hạn")
    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    MISSED = "missed", _("Không đạt")
