from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "trienkhai.documents"
    label = "documents"
    verbose_name = _("Văn bản")
    nav = (_("Văn bản"), "documents:list", 15)
    api_prefix = "/documents"
