"""System checks for what an operator must set before going live (`trienkhai check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register


@register("mail", deploy=True)
def mail_server_configured(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
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


@register("staticfiles", deploy=True)
def static_files_collected(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    backend = settings.STORAGES.get("staticfiles", {}).get("BACKEND", "")
    if not backend.endswith("ProjectStaticStorage"):
        return []
    from trienkhai.core.staticfiles import manifest_is_stale

    why = manifest_is_stale()
    if why:
        return [
            Warning(
                f"Static files are not collected: {why}. Pages fall back to the plain, uncompressed files.",
                hint="Run `trienkhai collectstatic --no-input`, or start with `trienkhai serve`, which does it.",
                id="core.W102",
            )
        ]
    return []
