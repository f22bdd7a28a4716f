"""Typed readers for settings taken from the environment."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


_MAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def env_mailer(*, production: bool, var_dir: str) -> dict:
    """The default MAILERS entry, from TRIENKHAI_EMAIL_URL or the TRIENKHAI_EMAIL_* variables.

    ``smtp://user:pass@host:587?tls=1``, ``smtps://user:pass@host`` (implicit TLS, 465),
    ``console://``, ``file:///var/mail-out``. Without any of them: the console in
    development, SMTP without a host in production (see ``core.E101``).
    """
    from urllib.parse import parse_qs, unquote, urlsplit

    url = os.environ.get("TRIENKHAI_EMAIL_URL", "")
    timeout = env_int("TRIENKHAI_EMAIL_TIMEOUT", 10)
    if url:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if scheme in {"smtp", "smtps", "smtp+tls", "smtp+ssl", "submission"}:
            use_ssl = scheme in {"smtps", "smtp+ssl"} or query.get("ssl", "") in {"1", "true", "yes"}
            use_tls = not use_ssl and (
                scheme in {"smtp+tls", "submission"} or query.get("tls", "") in {"1", "true", "yes"}
            )
            if not parts.hostname:
                raise ImproperlyConfigured("TRIENKHAI_EMAIL_URL needs a host: smtp://user:password@host:587.")
            options = {
                "host": parts.hostname,
                "port": parts.port,
                "username": unquote(parts.username) if parts.username else None,
                "password": unquote(parts.password) if parts.password else None,
                "use_tls": use_tls,
                "use_ssl": use_ssl,
                "timeout": timeout,
            }
            return {
                "BACKEND": _MAIL_BACKENDS["smtp"],
                "OPTIONS": {k: v for k, v in options.items() if v is not None},
            }
        if scheme == "file":
            return {
                "BACKEND": _MAIL_BACKENDS["file"],
                "OPTIONS": {"file_path": unquote(parts.path) or var_dir},
            }
        if scheme in _MAIL_BACKENDS:
            return {"BACKEND": _MAIL_BACKENDS[scheme]}
        raise ImproperlyConfigured(
            f"TRIENKHAI_EMAIL_URL: unknown scheme {scheme!r} (smtp, smtps, console, file, locmem, dummy)."
        )
    backend = os.environ.get("TRIENKHAI_EMAIL_BACKEND", "")
    host = os.environ.get("TRIENKHAI_EMAIL_HOST", "")
    if backend in _MAIL_BACKENDS:
        backend = _MAIL_BACKENDS[backend]
    if not backend:
        backend = _MAIL_BACKENDS["smtp"] if (production or host) else _MAIL_BACKENDS["console"]
    if backend == _MAIL_BACKENDS["file"]:
        path = env_str("TRIENKHAI_EMAIL_FILE_PATH", os.path.join(var_dir, "mail"))
        return {"BACKEND": backend, "OPTIONS": {"file_path": path}}
    if backend != _MAIL_BACKENDS["smtp"]:
        return {"BACKEND": backend}
    if not host:
        # Left without a host on purpose: settings still load (migrations, backups), the
        # deploy check `core.E101` says what to set, and every send fails loudly and is retried.
        return {"BACKEND": backend, "OPTIONS": {}}
    use_ssl = env_bool("TRIENKHAI_EMAIL_USE_SSL", False)
    use_tls = env_bool("TRIENKHAI_EMAIL_USE_TLS", not use_ssl)
    if use_ssl and use_tls:
        raise ImproperlyConfigured("TRIENKHAI_EMAIL_USE_TLS and TRIENKHAI_EMAIL_USE_SSL: set at most one.")
    options = {
        "host": host,
        "port": env_int("TRIENKHAI_EMAIL_PORT", 465 if use_ssl else 587 if use_tls else 25),
        "username": os.environ.get("TRIENKHAI_EMAIL_USER") or None,
        "password": os.environ.get("TRIENKHAI_EMAIL_PASSWORD") or None,
        "use_tls": use_tls,
        "use_ssl": use_ssl,
        "timeout": timeout,
    }
    return {"BACKEND": backend, "OPTIONS": {k: v for k, v in options.items() if v is not None}}
