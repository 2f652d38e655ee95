"""Settings for Shandong Records, read from the environment.

Every variable is documented in README.md ("Configuration"). A malformed value
stops start-up with a message that names the variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    """Read a boolean variable; anything but true/false (or 1/0, yes/no) is an error."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {os.environ[name]!r}.")


def env_list(name, default=""):
    """Read a comma-separated list; blank items are dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    # ASCII digits only: "²".isdigit() is true, and int() refuses it.
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name} must be a whole number, not {os.environ[name]!r}.")
    return int(value)


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def env_log_level(name, default):
    value = os.environ.get(name, "").strip().upper() or default
    if value not in LOG_LEVELS:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(LOG_LEVELS)}, not {os.environ[name]!r}."
        )
    return value


def env_str(name, default):
    return os.environ.get(name, "").strip() or default


#: DRF's periods: a number of requests per second, minute, hour or day.
RATE_PERIODS = ("s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day")


def env_rate(name, default):
    """Read a request rate such as "120/min"; DRF would read "120/mango" as per minute."""
    value = os.environ.get(name, "").strip() or default
    number, _, period = value.partition("/")
    if (
        not (number.isascii() and number.isdigit() and int(number) > 0)
        or period not in RATE_PERIODS
    ):
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per s, min, hour or day, such as "
            f"'120/min', not {os.environ[name]!r}."
        )
    return value


#: PostgreSQL settings for the site's connections (env_database).
PAGE_QUERIES = "-c max_parallel_workers_per_gather=0 -c enable_memoize=off"


def env_database(name, default):
    url = os.environ.get(name, "").strip() or default
    try:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several kinds for bad URLs
        raise ImproperlyConfigured(f"{name} is not a usable database URL: {exc}") from None
    if database["ENGINE"] == "django.db.backends.postgresql":
        # Page queries read a few dozen rows, and two of PostgreSQL's plans for big
        # tables cost them more than they save (docs/performance.md, issue 20):
        # - parallel workers: an ordered scan split between two read thousands of rows
        #   before the first page was merged (statements by topic in the API: 200 ms
        #   with them, 40-70 ms without); whole-table exports ask for them (exports.py);
        # - Memoize: with its nodes (one a lookup), the statements list's query ran in
        #   3.6-3.7 ms, 0.3 ms of it inside the plan's nodes; without, in 0.2-0.3 ms.
        database.setdefault("OPTIONS", {}).setdefault("options", PAGE_QUERIES)
    return database


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# With debug off and no key, commands that sign nothing (migrate, makemigrations,
# check) still run, Django refuses any use of the empty key, and serving refuses to
# start: wsgi.py and asgi.py call require_secret_key().
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-key-only-used-with-DJANGO_DEBUG"


def require_secret_key():
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=true for local development."
        )


ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "shandong",  # first, so its templates override the admin's
    "shandong.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs' Swagger UI, served from STATIC_URL
    "simple_history",
    "axes",
    "entities",
    "statements",
    "ingest",
    "api",
    "perf",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "shandong.replica.ReplicaReadsMiddleware",  # before anything that reads the database
    "shandong.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "shandong.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "shandong.wsgi.application"

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Optional read replica (a PostgreSQL streaming standby of DATABASE_URL): public pages,
# search and exports read from it; the admin and every write use the primary.
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = env_database("DATABASE_REPLICA_URL", "")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["shandong.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Production security, on by default whenever debug is off. An operator loosens one only
# by naming its variable (README, "Production settings"); `check --deploy` is clean.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SECURE_REFERRER_POLICY = env_str("DJANGO_SECURE_REFERRER_POLICY", "same-origin")
X_FRAME_OPTIONS = env_str("DJANGO_X_FRAME_OPTIONS", "DENY")
# Behind a proxy that terminates TLS: the header it sets and the value meaning HTTPS,
# e.g. "X-Forwarded-Proto: https". Trust it only if the proxy always sets it.
if os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip():
    header, _, value = os.environ["DJANGO_SECURE_PROXY_SSL_HEADER"].partition(":")
    if not header.strip() or not value.strip():
        raise ImproperlyConfigured(
            "DJANGO_SECURE_PROXY_SSL_HEADER must look like 'X-Forwarded-Proto: https'."
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + header.strip().upper().replace("-", "_"), value.strip())

# Admin sessions end when the browser closes, and after this long in any case.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp): everything from this site, no inline script or
# style anywhere, public pages or admin; nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Failed admin logins (django-axes): after this many for one username from one address,
# that pair is locked out for the cool-off time; a success clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

# The read-only JSON API (api/, README "API and data formats"): public, anonymous, JSON
# only, throttled per client address. Throttle counts live in the default cache, which is
# per process: each gunicorn worker counts on its own.
API_RATE = env_rate("DJANGO_API_RATE", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shandong Records API",
    "DESCRIPTION": (
        "Read-only JSON API of the published records of Shandong Records. "
        "Lists take the same filters as the public lists and page by cursor."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Several models have a `kind`, each its own choices: each gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "entities.models.DatePrecision",
        **{
            f"{model}KindEnum": f"{app}.models.{model}.Kind"
            for app, model in [
                *[("entities", m) for m in ("Place", "Topic", "Organisation", "Source", "Project")],
                ("statements", "Statement"),
            ]
        },
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Rendered public pages are cached per process until any record changes (shandong/cache.py);
# this bounds their life after writes that bypass Django. 0 turns the cache off.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 300)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_log_level("DJANGO_LOG_LEVEL", "WARNING")},
}
