from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloutConfig(AppConfig):
    name = "trienkhai.rollout"
    label = "rollout"
    verbose_name = _("Đợt triển khai")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Triển khai"), "rollout:dashboard", 20)
    api_prefix = "/rollouts"

    def ready(self) -> None:
        from trienkhai.orgs.signals import unit_tree_changed
        from trienkhai.rollout.services.tallies import _on_unit_tree_changed

        unit_tree_changed.connect(_on_unit_tree_changed, dispatch_uid="rollout-tallies")

        from trienkhai.orgs.signals import unit_succeeded
        from trienkhai.rollout.services.handover import rollouts_pass_to_successor

        unit_succeeded.connect(
            lambda sender, old, new, date, acting_user, **kw: rollouts_pass_to_successor(
                old=old, new=new, date=date, acting_user=acting_user
            ),
            weak=False,
            dispatch_uid="rollout-succeeded",
        )

        from trienkhai.orgs.signals import unit_open_work
        from trienkhai.rollout.selectors import open_work_at

        unit_open_work.connect(
            lambda sender, units, **kw: open_work_at(units=units),
            weak=False,
            dispatch_uid="rollout-open-work",
        )
