from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    INSPECTION = "kiem_tra", _("Kiểm tra")
    SUPERVISION = "giam_sat", _("Giám sát")


class InspectionMode(models.TextChoices):
    REGULAR = "thuong_xuyen", _("Thường xuyên")
    THEMATIC = "chuyen_de", _("Chuyên đề")
