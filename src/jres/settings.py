"""Settings of the JRES platform, read from the environment.

Every variable is documented in the README. With nothing set, the platform runs locally:
SQLite under var/, local-memory cache, e-mails written to var/mail/.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from jres.core.logging import logging_settings

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", PROJECT_DIR / "var"))


def envbool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def local_secret_key() -> str:
    """A key generated once into var/ so local sessions survive restarts; never for production."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = envbool("DEBUG")
HTTPS = envbool("HTTPS")
if HTTPS and not os.environ.get("SECRET_KEY"):
    # A key generated on one server would differ on the next: production must set its own.
    raise ImproperlyConfigured("SECRET_KEY must be set when HTTPS is on (production).")
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SITE_NAME = os.environ.get("SITE_NAME", "JRES")
HASHTAG = os.environ.get("HASHTAG", "#RefusÉchecScolaire")

# Behind a TLS-terminating reverse proxy (docs/deploy.md).
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse these cookies unless they are Secure, for
    # this exact host and path "/": a sibling subdomain or plain HTTP cannot plant them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Map tiles: an empty URL shows maps without a background (offline tests, no third party).
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
_tiles_origin = "/".join(MAP_TILES_URL.split("/")[:3]).replace("{s}", "*") if MAP_TILES_URL else ""

# Scripts only from our own origin or carrying the per-response nonce; no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([_tiles_origin] if _tiles_origin else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "jres.core",
    "jres.geo",
    "jres.accounts",
    "jres.editions",
    "jres.pages",
    "jres.events",
    "jres.outbox",
    "jres.registrations",
    "jres.reports",
    "jres.toolkit",
    "jres.initiatives",
    "jres.posters",
    "jres.partners",
    "jres.testimonies",
    "jres.volunteers",
    "jres.newsletter",
    "jres.exports",
    "jres.dashboard",
    "jres.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "corsheaders",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    # First: the request's id, and the request log's line once every other layer answered.
    "jres.core.middleware.request_log_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jres.core.middleware.language_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jres.core.caching.private_answers_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff who reach personal data: nothing but the set-up until they have a second factor.
    "jres.accounts.second_factor.second_factor_middleware",
    # Last: the general limit on writing requests (jres.core.ratelimits), user known.
    "jres.core.ratelimits.write_limit_middleware",
]

ROOT_URLCONF = "jres.urls"
WSGI_APPLICATION = "jres.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jres.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
SQLITE_PATH = VAR_DIR / "jres.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
    # start of a transaction, so concurrent writers queue instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How long the reverse proxy's micro-cache (deploy/nginx/) and browsers may keep a public
# page seen by an anonymous visitor: the longest a change takes to reach everyone. Its
# organiser, signed in, sees it at once.
MICRO_CACHE_SECONDS = envint("MICRO_CACHE_SECONDS", 10)

# Cache and sessions: local memory unless REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jres",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Room for the cached public pages and map tiles (the default keeps only 300 entries).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 5000)},
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "accounts:profile"
LOGIN_URL = "account_login"

# django-allauth: the e-mail address is the login, and it must be verified.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "jres.accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Client addresses for rate limits: the reverse proxy's X-Forwarded-For is trusted for as
# many hops as there are proxies, never more (a forged header cannot dodge the limits).
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1 if HTTPS else 0)
ACCOUNT_ADAPTER = "jres.accounts.adapter.AccountAdapter"
ACCOUNT_PREVENT_ENUMERATION = True
# Failed logins are throttled per address and per account (allauth's cache counters);
# the public forms of the platform are limited per address the same way. An empty rate
# lifts a limit (the registrations benchmark, whose clients all come from 127.0.0.1).
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "event_contact": "5/h/ip",
    "team_contact": os.environ.get("TEAM_CONTACT_RATE_LIMIT", "5/h/ip"),
    "initiative_contact": "5/h/ip",
    # A teacher or a parents' association may register several people from one school's
    # address: generous, but a script cannot fill an event with invented names.
    "event_registration": os.environ.get("REGISTRATION_RATE_LIMIT", "10/m/ip,40/h/ip"),
    # An authority asks once; a few tries cover typing slips.
    "partner_join": "5/h/ip",
    # Every other POST/PUT/PATCH/DELETE (jres.core.ratelimits): signed in, 120 a minute per
    # account, some 20 times the pace of a moderator labelling or an organiser ticking
    # attendance flat out, and a script's pace stopped within a minute; anonymous, 60 a
    # minute per address: its forms have narrower limits of their own, and a school's or a
    # library's shared address keeps room for many people at once. Empty lifts it.
    "write": os.environ.get("WRITE_RATE_LIMIT", "120/m/user,60/m/ip"),
}

# A second factor (allauth.mfa): an authenticator app (TOTP) and recovery codes. Staff who
# can reach personal data must have one before any other page (jres.accounts.second_factor);
# other accounts may add one from their profile. Wrong codes count as failed log-ins.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# One 30-second step either side: a phone whose clock is a little off still signs in.
MFA_TOTP_TOLERANCE = 1

# The read API (jres.api): any site may read it from a browser (CORS for GET only), and each
# client (address, as for the limits above) has API_RATE_LIMIT requests per window
# ("requests/seconds"; empty lifts it, for the benchmark whose clients share 127.0.0.1).
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Retry-After", "X-RateLimit-Limit",
                       "X-RateLimit-Remaining"]  # fmt: skip
CORS_PREFLIGHT_MAX_AGE = 86400
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/60")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SECURE = HTTPS
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
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
# Serve from the finders when collectstatic has not run (make run); production runs it.
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", DEBUG)
WHITENOISE_MANIFEST_STRICT = False

# E-mail: written to var/mail/ unless an SMTP host is given (Django 6.1's MAILERS).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    _email_port = envint("EMAIL_PORT", 587)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": _email_port,
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", _email_port == 587),
                "use_ssl": envbool("EMAIL_USE_SSL", _email_port == 465),
                "timeout": envint("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {
                "file_path": str(Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail")))
            },
        }
    }
del EMAIL_HOST
# Background work (e-mails): Django's Tasks API, stored in the database and run by
# `python -m jres db_worker` (docs/deploy.md). TASKS_BACKEND=immediate runs tasks in the
# request instead (tests, or a set-up without a worker).
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Registrants' names and addresses are erased this many days after the edition's last
# event day (`purge_registrations`, run daily); the privacy page announces it in months.
REGISTRATION_RETENTION_DAYS = envint("REGISTRATION_RETENTION_DAYS", 183)
# Mentoring volunteers' details are kept a year for the coordinator, then apply_retention
# deletes them.
VOLUNTEER_RETENTION_DAYS = envint("VOLUNTEER_RETENTION_DAYS", 365)
# A testimony's addresses only carry its private links and the moderation's answer: this
# many days after it was sent they are erased (the published text stays, anonymous) and a
# testimony never published is deleted.
TESTIMONY_RETENTION_DAYS = envint("TESTIMONY_RETENTION_DAYS", 180)
# Newsletter sign-ups never confirmed are deleted this many days after they were asked
# (never before the confirmation link lapses, 7 days); addresses that unsubscribed are
# deleted this many days after they left.
NEWSLETTER_UNCONFIRMED_RETENTION_DAYS = envint("NEWSLETTER_UNCONFIRMED_RETENTION_DAYS", 7)
NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS = envint("NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS", 30)
# Every period above is applied by one daily command, `apply_retention` (docs/deploy.md).
# Where the contact form of /contact/ goes; empty: the first team contact with an address,
# else DEFAULT_FROM_EMAIL.
TEAM_CONTACT_EMAIL = os.environ.get("TEAM_CONTACT_EMAIL", "")

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "JRES <contact@jres.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Logs go to standard error without personal data (jres.core.logging): one JSON object a
# line in production (LOG_FORMAT=json, the default with HTTPS), plain text locally. With
# LOG_REQUESTS each request adds one line (method, path without query string, status,
# duration, request id), replacing gunicorn's access log, which would write addresses.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if HTTPS else "plain")
LOG_REQUESTS = envbool("LOG_REQUESTS", HTTPS)
try:
    LOGGING = logging_settings(format=LOG_FORMAT, level=os.environ.get("LOG_LEVEL", "INFO"))
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None

# Geocoding of event addresses (jres.geo.geocoding): "offline" puts an address at its
# commune's place (else its department's centre) from the shipped data; "ban" asks the
# national address base first (production), falling back to offline when it fails.
GEOCODER = os.environ.get("GEOCODER", "offline")
GEOCODER_TIMEOUT = envint("GEOCODER_TIMEOUT", 3)
GEOCODER_BAN_URL = os.environ.get("GEOCODER_BAN_URL", "https://api-adresse.data.gouv.fr/search/")

# The communication kit (jres.toolkit): the largest file a coordinator may upload, and the
# PeerTube instances whose videos the kit may embed (YouTube and Vimeo are always allowed).
TOOLKIT_MAX_UPLOAD_MB = envint("TOOLKIT_MAX_UPLOAD_MB", 50)
TOOLKIT_PEERTUBE_HOSTS = envlist("TOOLKIT_PEERTUBE_HOSTS", "framatube.org")
