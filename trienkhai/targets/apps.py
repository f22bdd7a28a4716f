from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "trienkhai.targets"
    label = "targets"
    verbose_name = _("Mục tiêu, chỉ tiêu")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Chỉ tiêu"), "targets:list", 100)
    api_prefix = "/targets"
