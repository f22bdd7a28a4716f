from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "trienkhai.oversight"
    label = "oversight"
    verbose_name = _("Kiểm tra, giám sát")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Kiểm tra"), "oversight:list", 60)
    api_prefix = "/oversight"
