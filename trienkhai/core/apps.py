from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "trienkhai.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from trienkhai.core import checks, signals  # noqa: F401  (registers checks, connects NFC normalisation)
