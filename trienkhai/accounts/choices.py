from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    VIEWER = "viewer", _("Xem")
    EDITOR = "editor", _("Cập nhật")
    ADMIN = "admin", _("Quản trị đơn vị")
