from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "trienkhai.orgs"
    label = "orgs"
    verbose_name = _("Tổ chức")
    nav = (_("Tổ chức"), "orgs:tree", 10)
    api_prefix = "/units"
