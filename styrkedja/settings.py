"""Django settings for Styrkedja.

Everything that differs between a laptop and a production host is read from the
environment through the small helpers below; the defaults give a working
development setup on SQLite.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF

from styrkedja.web.caches import caches_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


# Off unless asked for: `make run` and the browser tests turn it on for the demo.
DEBUG = envbool("DEBUG", "false")
# The development key is only ever used with DEBUG on. Without SECRET_KEY in production, Django
# refuses whatever needs a key, and styrkedja.wsgi refuses to start; commands that need none
# (check, migrate, the reports from the command line) still run.
SECRET_KEY = os.getenv("SECRET_KEY", "dev-only-insecure-key" if DEBUG else "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # Before django.contrib.auth: its createsuperuser and changepassword replace Django's.
    "styrkedja.accounts",
    # Django's admin, whose every change (and password change) is in the audit log.
    "styrkedja.audit.sites.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_htmx",
    "csp",
    # Documents rendered in the background (styrkedja.documents.tasks): the tasks API and its
    # database backend, whose worker is `manage.py db_worker`. Before the apps, so that the
    # documents' admin may replace the task results' unaudited one.
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "styrkedja.web",
    "styrkedja.charts",
    "styrkedja.tenancy",
    "styrkedja.audit",
    "styrkedja.plans",
    "styrkedja.planning",
    "styrkedja.goals",
    "styrkedja.indicators",
    "styrkedja.activities",
    "styrkedja.followup",
    "styrkedja.approvals",
    "styrkedja.reminders",
    "styrkedja.assignments",
    "styrkedja.surveys",
    "styrkedja.meetings",
    "styrkedja.economy",
    "styrkedja.plandata",
    "styrkedja.documents",
    "styrkedja.workbook",
    "styrkedja.backup",
    "styrkedja.publishing",
    "styrkedja.public",
    "styrkedja.opendata",
    "styrkedja.plan_import",
    "styrkedja.jobs",
    "styrkedja.api",
    "styrkedja.demo",
    # Sign-in through the municipality's identity provider (OpenID Connect) and the second factor.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "styrkedja.signin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "styrkedja.accounts.sessions.SessionTimeoutMiddleware",
    "styrkedja.web.middleware.TenantMiddleware",
    "styrkedja.signin.middleware.SecondFactorMiddleware",
    "styrkedja.web.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the outcome of every log-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "styrkedja.urls"
WSGI_APPLICATION = "styrkedja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "styrkedja" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "styrkedja.web.context_processors.membership",
            ],
        },
    },
]

# SQLite is the embedded default; production (and CI's second pass) sets DATABASE_URL,
# e.g. postgres://postgres@127.0.0.1:5432/styrkedja
DATABASE_URL = os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# A PostgreSQL connection costs a few milliseconds to open, more than a small page takes to make:
# it is kept for the next request (ten minutes), and checked before reuse, so that a server
# restarted meanwhile costs one reconnect, not an error. An SQLite file opens in microseconds.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=envint("DB_CONN_MAX_AGE", "0" if DATABASE_URL.startswith("sqlite") else "600"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Many requests at once, in several processes: with the write-ahead log readers never block
    # the writer; a write waits its turn (up to the timeout, in seconds) instead of failing with
    # "database is locked"; and a transaction takes the write lock when it begins, since one
    # that read first could not get it later without failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_TIMEOUT", "20"),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's cache, from CACHE_URL (styrkedja/web/caches.py): each process's own by default, which is
# correct with several servers (the public pages' keys carry a version read from the database);
# db://styrkedja_cache shares it through the database. See the README's "Several servers".
CACHES = caches_from_url(os.getenv("CACHE_URL", "locmem://"))

# E-mail (the reminders to rapportörer): EMAIL_URL in one, e.g.
# smtp://user:password@mail.example.se:587/?tls=True or console:// (parsed by dj-email-url, as
# DATABASE_URL is by dj-database-url), or else the EMAIL_* variables one by one. What the URL leaves
# out (no user, no port) is taken from those variables, then from Django's defaults.
EMAIL_URL = os.getenv("EMAIL_URL", "")
_email = {k: v for k, v in dj_email_url.parse(EMAIL_URL).items() if v not in (None, "")} if EMAIL_URL else {}
EMAIL_BACKEND = _email.get(
    "EMAIL_BACKEND", os.getenv("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
)
EMAIL_HOST = _email.get("EMAIL_HOST", os.getenv("EMAIL_HOST", "localhost"))
EMAIL_PORT = _email.get("EMAIL_PORT", envint("EMAIL_PORT", "25"))
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", os.getenv("EMAIL_HOST_USER", ""))
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", os.getenv("EMAIL_HOST_PASSWORD", ""))
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS") or envbool("EMAIL_USE_TLS", "false")
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL") or envbool("EMAIL_USE_SSL", "false")
# A mail server that does not answer must not hold a controller's page for minutes.
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", envint("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = _email.get(
    "DEFAULT_FROM_EMAIL", os.getenv("DEFAULT_FROM_EMAIL", "Styrkedja <noreply@localhost>")
)
SERVER_EMAIL = os.getenv("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The address of the site, for the links in e-mails that a command sends (a page's own e-mails use
# the address it was asked at).
STYRKEDJA_BASE_URL = os.getenv("STYRKEDJA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "followup:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failed log-ins (django-axes), for 15 minutes: five failures for the same
# user name from the same address lock that pair; twenty from one address, over any user names
# (password spraying), lock the address. The address's limit is higher because a town hall's
# staff may share one address behind NAT. How: styrkedja/accounts/lockout.py.
LOGIN_FAILURES_PER_USERNAME = envint("AXES_FAILURE_LIMIT", "5")
LOGIN_FAILURES_PER_ADDRESS = envint("AXES_ADDRESS_FAILURE_LIMIT", "20")
AXES_FAILURE_LIMIT = "styrkedja.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "15") / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_CALLABLE = "styrkedja.accounts.views.locked_out"
# Axes would forget every failure from the address at a successful log-in; the accounts app
# forgives only that user name's (styrkedja/accounts/signals.py).
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
# Behind reverse proxies, the client's address is taken from X-Forwarded-For, as many entries
# from the right as there are proxies; with none, it is the connection's address.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "styrkedja.accounts.lockout.client_ip"

# A session ends after an hour without a request and twelve hours after the log-in, enforced on the
# server (styrkedja/accounts/sessions.py). The cookie lives as long as the longest session.
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_MINUTES", "60") * 60  # seconds
SESSION_ABSOLUTE_TIMEOUT = envint("SESSION_ABSOLUTE_HOURS", "12") * 3600  # seconds
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

# HTTPS. Behind a proxy that ends TLS, SECURE_PROXY_SSL_HEADER names the header in which the proxy
# says so (e.g. X-Forwarded-Proto); unset, no such header is trusted. A host whose proxy itself
# redirects to HTTPS may turn SECURE_SSL_REDIRECT off, and check --deploy then need not warn.
if os.getenv("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ["SECURE_PROXY_SSL_HEADER"].upper().replace("-", "_"),
        "https",
    )
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT or DEBUG else ["security.W008"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", str(not DEBUG))
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", str(not DEBUG))

# Content-Security-Policy, also with DEBUG on so that the browser tests meet it: scripts and
# styles only from the application's own files; the one inline stylesheet (the documents' web
# page) carries the request's nonce. htmx is configured not to need eval or inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Every password set (the administration pages, one's own change, Django's admin, createsuperuser and
# changepassword) passes these; the rules are explained in styrkedja/accounts/passwords.py.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "styrkedja.accounts.passwords.PasswordCharactersValidator"},
    {"NAME": "styrkedja.accounts.passwords.GuessableWordsValidator"},
]

# The user interface is written in Swedish; English follows through gettext. Until it has a
# catalogue, the browser's language is not asked (LocaleMiddleware), so that dates and texts agree.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "styrkedja" / "locale"]
# Dates are read as ÅÅÅÅ-MM-DD only (styrkedja/formats/sv): never "05/12/2023" as 12 May.
FORMAT_MODULE_PATH = ["styrkedja.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded and generated files (the kept documents, styrkedja.documents.kept): on the file system
# under MEDIA_ROOT, or with STORAGE_URL=s3://bucket?endpoint_url=https://…&region_name=… in an
# S3-compatible bucket through django-storages (`pip install -e ".[s3]"`; the keys in the usual
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables, read by boto3).
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"  # never served: the documents are answered by their views, after the access check


def _default_storage(url: str) -> dict:
    from urllib.parse import parse_qsl, urlsplit

    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ValueError(f"STORAGE_URL: only s3:// is understood, not {parts.scheme}://")
    options = {"bucket_name": parts.netloc, "location": parts.path.strip("/"), "default_acl": "private"}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options | dict(parse_qsl(parts.query))}


STORAGES = {
    "default": _default_storage(os.getenv("STORAGE_URL", "")),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "styrkedja.web.storage.CollectedStaticFilesStorage"
    },
}
# Before collectstatic has run, WhiteNoise serves the files from the apps' folders, so that the
# pages keep their stylesheet; after it, the collected, compressed, hashed files.
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "staticfiles.json").exists()

# Background tasks (the documents' renders): queued in the database, run by `manage.py db_worker`
# (`make run` starts one beside the server). TASKS_IMMEDIATE=1 runs them in the request instead,
# for a host without a worker.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if envbool("TASKS_IMMEDIATE", "0")
        else "django_tasks_db.DatabaseBackend"
    }
}

# Warnings and errors to the server's standard error (gunicorn's log): with DEBUG off, Django would
# otherwise only mail them. With DEBUG on, Django's own console handler prints them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"production": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "filters": ["production"]}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}

# The REST API (styrkedja.api): tokens only, JSON only, every list paged and filterable.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["styrkedja.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "styrkedja.api.permissions.TokenMember",
        "styrkedja.api.permissions.TokenMayWrite",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "styrkedja.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "styrkedja.api.schema.StyrkedjaSchema",
    "EXCEPTION_HANDLER": "styrkedja.api.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Styrkedja API",
    "DESCRIPTION": (
        "Kommunens planer och uppföljningar för kommunens egna system (med API-nyckel), och det "
        "kommunen har publicerat (utan inloggning)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"AssessmentEnum": "styrkedja.followup.choices.Assessment"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "styrkedja.api.schema.swedish_descriptions",
    ],
}

# Sign-in through each municipality's own identity provider: django-allauth's OpenID Connect
# provider, one SocialApp per municipality (styrkedja.signin keeps it). Password log-in stays
# Django's own view (with django-axes); allauth's own account pages are not mounted.
ACCOUNT_ADAPTER = "styrkedja.signin.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "styrkedja.signin.adapters.MunicipalityOidcAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_QUERY_EMAIL = False
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
MFA_SUPPORTED_TYPES = ["totp"]
MFA_TOTP_ISSUER = "Styrkedja"
# One step of 30 seconds either way: a telephone's clock a little off still works.
MFA_TOTP_TOLERANCE = 1
