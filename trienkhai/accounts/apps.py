from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "trienkhai.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from trienkhai.accounts.selectors import open_work_at
        from trienkhai.accounts.services import roles_pass_to_successor
        from trienkhai.orgs.signals import unit_open_work, unit_succeeded

        def _roles(sender, old, new, carry_roles=False, acting_user=None, **kw):
            if carry_roles:
                roles_pass_to_successor(old=old, new=new, acting_user=acting_user)

        unit_succeeded.connect(_roles, weak=False, dispatch_uid="accounts-succeeded")
        unit_open_work.connect(
            lambda sender, units, **kw: open_work_at(units=units),
            weak=False,
            dispatch_uid="accounts-open-work",
        )
