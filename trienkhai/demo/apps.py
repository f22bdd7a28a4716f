from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Phổ Yên demo and its ``demo`` command: it calls every app's services."""

    name = "trienkhai.demo"
    label = "demo"
    verbose_name = _("Dữ liệu minh họa")
