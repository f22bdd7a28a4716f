from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "trienkhai.emulation"
    label = "emulation"
    verbose_name = _("Thi đua, cách làm hay")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Thi đua"), "emulation:list", 90)
    api_prefix = "/emulation"
