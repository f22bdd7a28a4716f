from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "trienkhai.proposals"
    label = "proposals"
    verbose_name = _("Kiến nghị, đề xuất")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Kiến nghị"), "proposals:inbox", 30)
    api_prefix = "/proposals"

    def ready(self) -> None:
        from trienkhai.orgs.signals import unit_open_work, unit_succeeded
        from trienkhai.proposals.selectors import open_work_at
        from trienkhai.proposals.services import proposals_pass_to_successor

        unit_succeeded.connect(
            lambda sender, old, new, date, acting_user, **kw: proposals_pass_to_successor(
                old=old, new=new, date=date, acting_user=acting_user
            ),
            weak=False,
            dispatch_uid="proposals-succeeded",
        )
        unit_open_work.connect(
            lambda sender, units, **kw: open_work_at(units=units),
            weak=False,
            dispatch_uid="proposals-open-work",
        )
