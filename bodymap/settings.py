"""Settings for Body Map, read from the environment.

The defaults make a fresh clone work with `make run` on SQLite; production sets DJANGO_DEBUG=false,
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL (see README.md).
"""

import re
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from bodymap.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off: in production export "
            'DJANGO_SECRET_KEY="$(openssl rand -base64 48)"; for local development export '
            "DJANGO_DEBUG=true (make run and make admin do)."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "simple_history",
    "axes",
    "conditions",
    "lessons",
    "classroom",
    "patterns",
]

MIDDLEWARE = [
    # Outermost, so it times everything below it; does nothing unless SERVER_TIMING is on.
    "bodymap.timing.ServerTimingMiddleware",
    # Pages carry the whole diagram inline (~100 KB, ~15 KB gzipped). Django's GZip pads each
    # response with random bytes (Heal the Breach), and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After authentication: a signed-in editor may see drafts (conditions/preview.py).
    "conditions.preview.DraftPreviewMiddleware",
    # Last, as django-axes asks: it turns a lock-out noticed during the request into its page.
    "axes.middleware.AxesMiddleware",
]

# Server-Timing headers with app and SQL time and the query count (bodymap/timing.py), for
# `make bench`. Off in production: it would tell anyone how much work each page costs.
SERVER_TIMING = env_bool("DJANGO_SERVER_TIMING", default=False)
# After each edit, build every place's answer in the background (conditions/prewarm.py), so the
# first reader does not wait for it. Off in the tests, which build what they check themselves.
BODYMAP_PREWARM = env_bool("DJANGO_PREWARM", default=True)

ROOT_URLCONF = "bodymap.urls"
WSGI_APPLICATION = "bodymap.wsgi.application"
# Served by an ASGI server (uvicorn) so that live classes get their WebSockets; see asgi.py.
ASGI_APPLICATION = "bodymap.asgi.application"
# WhiteNoise hands Django's ASGI handler a file to stream synchronously, which Django does in a
# thread, as it should for a file, and warns about each time: noise, not news.
warnings.filterwarnings(
    "ignore", "StreamingHttpResponse must consume synchronous iterators", Warning
)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lessons.context_processors.presentation",
                "conditions.preview.context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default. WAL lets readers carry on while an editor saves; IMMEDIATE
# transactions take the write lock up front, so two writers queue (up to the busy timeout)
# instead of failing half-way with "database is locked".
DATABASE_URL = env_url("DATABASE_URL", schemes=("sqlite", "postgres", "postgresql", "pgsql"))
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # Keeping SQLite connections open across requests is cheap and avoids re-running the PRAGMAs.
    DATABASES["default"]["CONN_MAX_AGE"] = None if not DEBUG else 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer must cost a click at most this long, not hang a
            # worker: the page is then built without the cache (conditions/answer_cache.py).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Live classes: the channel layer ----------------------------------------------------------
# Several ASGI worker processes reach every student of a class through Redis; one process on its
# own (make run without REDIS_URL, the tests) keeps its groups in memory. The layer only nudges:
# the database holds each class's state, and clients fetch it over HTTP on every (re)connect,
# because a channel layer delivers at most once.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8's defaults do not suit a channel layer: its 5 s read timeout equals
                # the layer's 5 s blocking pop, so an idle wait could time out and take a
                # socket down; and its pools hold 100 connections, fewer than a class of
                # phones connecting at once asks for (make bench: 200 phones, 2 processes).
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "max_connections": 1000}],
                "prefix": env_str("CHANNELS_PREFIX", "bodymap-channels"),
                # A phone that stops reading (asleep, on a train) has 100 messages queued at
                # most; after that it misses updates and catches up when it reconnects.
                "capacity": 100,
                # Messages older than a minute are stale: the client refetches on reconnect.
                "expiry": 60,
                # A socket that vanished without a goodbye leaves its groups after a day, the
                # longest a class may last; a live socket's membership is refreshed on connect.
                "group_expiry": 24 * 60 * 60,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Authentication -------------------------------------------------------------------------
# django-axes checks every sign-in first and refuses one that is locked out; ModelBackend then
# checks the password. Anything calling authenticate() must pass the request.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (django-axes): after 5 wrong passwords for one username from one address,
# that pair waits 15 minutes. Locking the pair, not the address alone, means a classroom behind
# one NAT address is not locked out because one student mistyped. `manage.py axes_reset` unlocks.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked_out.html"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
# Where collectstatic writes; the live-HTTP tests point it at a temporary folder of their own.
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Course pages may embed the map: list their origins ("https://course.example.org").
FRAME_ANCESTORS = env_list("DJANGO_FRAME_ANCESTORS")
for _origin in FRAME_ANCESTORS:
    # The origins go into the CSP header verbatim: a stray ";" or space would add a directive.
    if not re.fullmatch(r"https?://(\*\.)?[A-Za-z0-9.-]+(:[0-9]+)?", _origin):
        raise ImproperlyConfigured(
            f"DJANGO_FRAME_ANCESTORS: {_origin!r} is not an origin like https://course.example.org"
        )
if FRAME_ANCESTORS:
    # The CSP frame-ancestors directive below decides; X-Frame-Options cannot name origins.
    MIDDLEWARE.remove("django.middleware.clickjacking.XFrameOptionsMiddleware")

if not DEBUG:
    # Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=true.
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # The same proxy appends the visitor's address to X-Forwarded-For; sign-in throttling
        # must count that address, not the proxy's.
        AXES_CLIENT_IP_CALLABLE = "bodymap.proxy.client_ip"
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)

# Scripts and styles only from our own origin: no inline scripts, no inline event handlers, no
# inline styles. htmx is configured (base.html) so that it needs neither eval nor inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [SELF, *FRAME_ANCESTORS] if FRAME_ANCESTORS else [NONE],
    }
}

LOGIN_URL = "admin:login"
# Where sign-in lands when `next=` is missing or refused (another site's address, say): the
# only signed-in pages are the admin's, and Django's default (/accounts/profile/) is a 404.
LOGIN_REDIRECT_URL = "admin:index"
# Our own page for a refused form (an expired sign-in form, say): Django's has an inline style
# the CSP blocks, and it speaks to developers, not editors.
CSRF_FAILURE_VIEW = "bodymap.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "bodymap.log.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # A request for a host we do not serve: one line, not a traceback (bodymap/log.py).
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
}
