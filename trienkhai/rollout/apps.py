from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloutConfig(AppConfig):
    name = "trienkhai.rollout"
    label = "rollout"
    verbose_name = _("Đợt triển khai")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Triển khai"), "rollout:dashboard", 20)
    api_prefix = "/rollouts"
