from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "trienkhai.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin")
    # Main navigation entry (label, url name, order); shown once the url exists.
    # It points at the PUBLIC home page; editors find "Quản lý tin bài" from there.
    nav = (_("Tin tức"), "portal:home", 110)
    api_prefix = "/portal"
