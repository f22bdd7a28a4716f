from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "trienkhai.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from trienkhai.accounts.selectors import open_work_at
        from trienkhai.orgs.signals import unit_open_work

        unit_open_work.connect(
            lambda sender, units, **kw: open_work_at(units=units),
            weak=False,
            dispatch_uid="accounts-open-work",
        )
