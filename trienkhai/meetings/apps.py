from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "trienkhai.meetings"
    label = "meetings"
    verbose_name = _("Buổi làm việc, hội nghị")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Làm việc"), "meetings:list", 50)
    api_prefix = "/meetings"
