from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "trienkhai.intake"
    label = "intake"
    verbose_name = _("Nhập báo cáo")
    nav = (_("Nhập báo cáo"), "intake:list", 95)
    api_prefix = "/intake"
