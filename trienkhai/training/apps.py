from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "trienkhai.training"
    label = "training"
    verbose_name = _("Bồi dưỡng, tập huấn")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Bồi dưỡng"), "training:list", 80)
    api_prefix = "/training"
