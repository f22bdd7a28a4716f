"""System checks for what an operator must set before going live (`trienkhai check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register("mail", deploy=True)
def mail_server_configured(app_configs=None, **kwargs):
    mailer = getattr(settings, "MAILERS", {}).get("default", {})
    if mailer.get("BACKEND", "").endswith("smtp.EmailBackend") and not mailer.get("OPTIONS", {}).get("host"):
        return [
            Error(
                "No mail server: every reminder e-mail would fail.",
                hint="Set TRIENKHAI_EMAIL_URL=smtp://user:password@host:587?tls=1 (or TRIENKHAI_EMAIL_HOST…), "
                "or TRIENKHAI_EMAIL_URL=console:// to only print them. See docs/operations.md.",
                id="core.E101",
            )
        ]
    return []
