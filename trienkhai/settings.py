"""One settings module, read from the environment.

Defaults work on a laptop (SQLite under ./var/); ``TRIENKHAI_ENV=production``
switches on the values that pass ``check --deploy``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from trienkhai.env import env_bool, env_int, env_list, env_mailer, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TRIENKHAI_VAR_DIR", str(BASE_DIR / "var")))

ENV = env_str("TRIENKHAI_ENV", "development")
PRODUCTION = ENV == "production"
TESTING = env_bool("TRIENKHAI_TESTING", "pytest" in sys.modules)

SECRET_KEY = env_str("TRIENKHAI_SECRET_KEY", None if PRODUCTION else "dev-only-insecure-key-change-me")
DEBUG = env_bool("TRIENKHAI_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "TRIENKHAI_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "ninja",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "trienkhai.core",
    "trienkhai.accounts",
    "trienkhai.orgs",
    "trienkhai.documents",
    "trienkhai.rollout",
    "trienkhai.proposals",
    "trienkhai.opinion",
    "trienkhai.meetings",
    "trienkhai.oversight",
    "trienkhai.followups",
    "trienkhai.training",
    "trienkhai.emulation",
    "trienkhai.targets",
    "trienkhai.portal",
    "trienkhai.intake",
    "trienkhai.home",
    "trienkhai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trienkhai.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "trienkhai.core.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "trienkhai.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trienkhai.core.middleware.RequestContextMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trienkhai.urls"
WSGI_APPLICATION = "trienkhai.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "trienkhai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trienkhai.core.context_processors.site",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
_default_sqlite = f"sqlite:///{VAR_DIR / 'trienkhai.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_sqlite), conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue instead of failing halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("TRIENKHAI_TEST_SQLITE", "") or None}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("TRIENKHAI_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and sessions -----------------------------------------------------------
# TRIENKHAI_CACHE_URL (redis://host:6379/0) gives every gunicorn worker one shared cache:
# the rollout pages cached under their versions, the portal's pages and rate limits, and
# the sessions (read from the cache, written through to the database, so a restart of
# Redis signs nobody out). Without it: a per-process memory cache and database sessions,
# which is all `make demo` and the tests need. See docs/decisions/0010.
CACHE_URL = env_str("TRIENKHAI_CACHE_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("TRIENKHAI_CACHE_URL must be a redis://, rediss:// or unix:// URL.")
    CACHES = {
        "default": {
            # Django's RedisCache that answers as an empty cache while Redis is down or
            # hanging, and doesn't try again for TRIENKHAI_CACHE_RETRY seconds (decisions/0061).
            "BACKEND": "trienkhai.core.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str("TRIENKHAI_CACHE_PREFIX", "trienkhai"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": 2,
                "socket_timeout": 2,
                "retry_after": env_int("TRIENKHAI_CACHE_RETRY", 30),
            },
        }
    }
    # Not the plain cache engine: a session must outlive a Redis restart or eviction.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # A per-process cache can't hold sessions: a sign-out in one worker would leave the
    # session alive in the other's copy.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "trienkhai"}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- tasks ----------------------------------------------------------------------
# Background work (reminders, escalations, imports, reports) goes through django.tasks.
# TRIENKHAI_TASKS_BACKEND=db (the default): queued in the database, run by `trienkhai worker`
# (django-tasks-db). =rq: queued in Redis (TRIENKHAI_TASKS_REDIS_URL), run by any number of
# `trienkhai worker` processes on any number of machines (django-tasks-rq); a task whose worker
# died is retried after its heartbeat lapses (decisions/0063). The tests run tasks at once
# unless they ask for a backend; TRIENKHAI_TASK_BACKEND (a class path) still overrides all.
TASKS_BACKEND = env_str("TRIENKHAI_TASKS_BACKEND", "immediate" if TESTING else "db")
_TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("TRIENKHAI_TASKS_BACKEND must be db or rq, not " + repr(TASKS_BACKEND) + ".")
TASKS = {"default": {"BACKEND": env_str("TRIENKHAI_TASK_BACKEND", _TASK_BACKENDS[TASKS_BACKEND])}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    TASKS_REDIS_URL = env_str("TRIENKHAI_TASKS_REDIS_URL", "redis://127.0.0.1:6379/1")
    TASKS_RQ_WORKER = env_str("TRIENKHAI_TASKS_RQ_WORKER", "simple")
    _RQ_WORKERS = {"simple": "trienkhai.core.rq.SimpleWorker", "fork": "trienkhai.core.rq.Worker"}
    if TASKS_RQ_WORKER not in _RQ_WORKERS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "TRIENKHAI_TASKS_RQ_WORKER must be simple or fork, not " + repr(TASKS_RQ_WORKER) + "."
        )
    RQ_QUEUES = {
        "default": {
            "URL": TASKS_REDIS_URL,
            # A task that runs longer than this is stopped and counts as failed (then retried).
            "DEFAULT_TIMEOUT": env_int("TRIENKHAI_TASKS_TIMEOUT", 600),
        }
    }
    # How long a finished task's result stays readable in Redis (seconds): a day, not RQ's 500 s.
    TASKS_RESULT_TTL = env_int("TRIENKHAI_TASKS_RESULT_TTL", 86400)
    RQ = {
        "QUEUE_CLASS": "trienkhai.core.rq.Queue",
        # simple: one process runs job after job (default, decisions/0074); fork: a work horse
        # per job, as RQ does by default (a job that leaks memory or state dies with its horse).
        "WORKER_CLASS": _RQ_WORKERS[TASKS_RQ_WORKER],
        "JOB_CLASS": "django_tasks_rq.backend.Job",
    }
    # Retries of a failed or abandoned task: how many, and the pause before each (seconds).
    TASKS_RETRY_DELAYS = [int(d) for d in env_list("TRIENKHAI_TASKS_RETRY_DELAYS", ["10", "60", "300"])]
    # A worker that stops sending heartbeats for this long is taken as dead and its task as
    # abandoned; every worker looks for abandoned tasks this often (seconds).
    TASKS_HEARTBEAT_SECONDS = env_int("TRIENKHAI_TASKS_HEARTBEAT_SECONDS", 30)
    TASKS_HEARTBEAT_GRACE = env_int("TRIENKHAI_TASKS_HEARTBEAT_GRACE", 60)
    TASKS_MAINTENANCE_SECONDS = env_int("TRIENKHAI_TASKS_MAINTENANCE_SECONDS", 60)

# --- language -----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "trienkhai" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

# --- files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "trienkhai" / "static"]
MEDIA_ROOT = Path(env_str("TRIENKHAI_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: downloads go through scoped views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "trienkhai.core.staticfiles.ProjectStaticStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# In production too: a worker started before `collectstatic` serves the plain files from the
# apps' folders instead of 404s (trienkhai/core/staticfiles.py).
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_ATTACHMENT_BYTES = env_int("TRIENKHAI_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)
MAX_IMPORT_BYTES = env_int("TRIENKHAI_MAX_IMPORT_BYTES", 10 * 1024 * 1024)

# --- mail -----------------------------------------------------------------------
# TRIENKHAI_EMAIL_URL or TRIENKHAI_EMAIL_HOST/PORT/USER/PASSWORD/USE_TLS/USE_SSL (trienkhai/env.py);
# production without a mail server is refused here, not discovered on the first reminder.
MAILERS = {"default": env_mailer(production=PRODUCTION, var_dir=str(VAR_DIR))}
DEFAULT_FROM_EMAIL = env_str("TRIENKHAI_FROM_EMAIL", "trienkhai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails must be absolute: a mail is read far from the request that caused it.
SITE_URL = env_str("TRIENKHAI_SITE_URL", "http://localhost:8000").rstrip("/")

# --- security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("TRIENKHAI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("TRIENKHAI_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# In every mode: a demo or a test server behind a TLS proxy posts from an origin of its own too.
CSRF_TRUSTED_ORIGINS = env_list("TRIENKHAI_CSRF_TRUSTED_ORIGINS", [])

# --- sign-in protection ------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked (name, address) before checking the password
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("TRIENKHAI_LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = env_int("TRIENKHAI_LOGIN_FAILURES", 5)
# Locked per (name, address): another user at the same address still signs in.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = env_int("TRIENKHAI_LOGIN_LOCK_HOURS", 1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_CLIENT_IP_CALLABLE = "trienkhai.accounts.security.client_ip"
AXES_VERBOSE = False
# Two-factor sign-in (TOTP) is available to everyone and required of unit administrators
# and superusers where this is on (production by default; the demo keeps it off).
TRIENKHAI_REQUIRE_2FA = env_bool("TRIENKHAI_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Triển khai"

# --- content security policy ------------------------------------------------------
from django.utils.csp import CSP  # noqa: E402

# Enforced, with no 'unsafe-inline' anywhere: scripts and <style> elements need the request's
# nonce, and style attributes are refused outright (bars are <meter> or SVG with their geometry
# in attributes, spacing is a class, htmx's injected indicator style is turned off in base.html).
# It ran report-only first; now that pages report nothing it is enforced, and a violation is
# both blocked and posted to /csp-report/ (logged on "trienkhai.csp"). The browser tests fail on
# any report. No report-only policy remains: the stricter candidate, Trusted Types, would flag
# every htmx swap (innerHTML) until the project has a policy for it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "report-uri": ["/csp-report/"],
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane): 23 ms of CPU a sign-in against 357 ms
# for Django's PBKDF2 (decisions/0064). The others still check older hashes, each rewritten
# as Argon2id at its owner's next sign-in.
TRIENKHAI_PASSWORD_HASHERS = [
    "trienkhai.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_HASHERS = TRIENKHAI_PASSWORD_HASHERS
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TRIENKHAI_LOG_LEVEL", "WARNING")},
}

PAGE_SIZE = 25
