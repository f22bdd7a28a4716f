from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "trienkhai.training"
    label = "training"
    verbose_name = _("Bồi dưỡng, tập huấn")
    # Main navigation entry (label, url name, order); shown once the url exists.
    nav = (_("Bồi dưỡng"), "training:list", 80)
    api_prefix = "/training"

    def ready(self) -> None:
        from trienkhai.orgs.signals import unit_open_work, unit_succeeded
        from trienkhai.training.selectors import open_work_at
        from trienkhai.training.services import positions_pass_to_successor

        unit_succeeded.connect(
            lambda sender, old, new, date, acting_user, **kw: positions_pass_to_successor(
                old=old, new=new, date=date, acting_user=acting_user
            ),
            weak=False,
            dispatch_uid="training-succeeded",
        )
        unit_open_work.connect(
            lambda sender, units, **kw: open_work_at(units=units),
            weak=False,
            dispatch_uid="training-open-work",
        )
