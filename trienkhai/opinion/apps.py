from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionConfig(AppConfig):
    name = "trienkhai.opinion"
    label = "opinion"
    verbose_name = _("Tình hình tư tưởng, dư luận xã hội")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Dư luận"), "opinion:list", 40)
    api_prefix = "/opinion"
