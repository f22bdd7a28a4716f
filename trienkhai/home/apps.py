from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The signed-in home page: it composes every app's panels, so it sits above them all."""

    name = "trienkhai.home"
    label = "home"
    verbose_name = _("Trang chủ")
