from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "trienkhai.followups"
    label = "followups"
    verbose_name = _("Việc cần theo dõi")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Theo dõi"), "followups:list", 70)
    api_prefix = "/followups"

    def ready(self) -> None:
        from trienkhai.followups.selectors import open_work_at
        from trienkhai.followups.services import followups_pass_to_successor
        from trienkhai.orgs.signals import unit_open_work, unit_succeeded

        unit_succeeded.connect(
            lambda sender, old, new, date, acting_user, **kw: followups_pass_to_successor(
                old=old, new=new, date=date, acting_user=acting_user
            ),
            weak=False,
            dispatch_uid="followups-succeeded",
        )
        unit_open_work.connect(
            lambda sender, units, **kw: open_work_at(units=units),
            weak=False,
            dispatch_uid="followups-open-work",
        )
