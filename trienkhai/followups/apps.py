from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "trienkhai.followups"
    label = "followups"
    verbose_name = _("Việc cần theo dõi")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Theo dõi"), "followups:list", 70)
    api_prefix = "/followups"
