"""Settings for the newsroom, read from the environment.

Production behaviour is the default: DEBUG is off, and the site refuses to start without a
secret key and allowed hosts, so a gunicorn or a Celery worker started by hand never runs
with a published key or shows tracebacks. Development opts in with ``DJANGO_DEBUG=1``
(``make run`` and ``make test`` do): SQLite, a local-memory cache, tasks in-process, and a
development-only secret key.
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set (or DJANGO_DEBUG=1 for development on this machine)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    # The article body editor (articles/desk/editor.py) and the import map its modules need.
    "django_prose_editor",
    # A second factor for staff who can publish, moderate or manage users (core.twofactor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The layers, bottom to top: a module imports its own layer and those below it
    # (checked by import-linter in `make test`; see pyproject.toml).
    "core",
    "articles",
    "comments",
    # Beside comments, each hanging off the articles and importing none of its siblings.
    "fronts",  # the home page and section fronts as editors arrange them
    "breaking",  # «عاجل»: the alert on every public page
    "pages",  # about us, contact, privacy policy, terms, corrections policy
    "liveblog",  # «تغطية مباشرة»: live pages and their entries
    "mostread",  # «الأكثر قراءة»: what readers read now, counted anonymously
    "newsroom",  # the site itself: commands that span the apps (load_demo)
    "wordpress",  # moving a site from WordPress: import_wxr and its old addresses
]

MIDDLEWARE = [
    # First: every answer, even a 400 made by the page cache for an unknown host, carries
    # the security headers.
    "core.security.SecurityHeadersMiddleware",
    # Before anything looks a request up: PostgreSQL text cannot hold a NUL byte.
    "core.hostile.NulByteMiddleware",
    # A stored page carries every header the inner ones add, and a hit skips them.
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.replica.ReplicaReadsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # An imported site's old addresses (only for what would be a 404, and /?p=12).
    "wordpress.legacy.LegacyRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): was this session's login confirmed by a second factor?
    "django_otp.middleware.OTPMiddleware",
    "core.twofactor.SecondFactorMiddleware",
    # The admin in the language each staff member chose (core.admin_language).
    "core.admin_language.AdminLanguageMiddleware",
    "core.login.AdminLoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
    {
        # Only for templates rendered many times per page; see core/jinja2.py.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "core.jinja2.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The development server and the worker write to the same file: wait for the other
    # writer instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
# A read replica, when there is one: anonymous page views read from it (core/replica.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_PREFIX = os.environ.get("DJANGO_CACHE_PREFIX", "newsroom")
if REDIS_URL:
    # The counters (login brake, comment limits) beside Celery's queue: a Redis that must
    # neither evict nor run out of room. A call waits a second at most, and is tried once
    # more, at once, only when Redis closed the connection (as core/shared_redis.py's).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_PREFIX,
            "OPTIONS": {
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
                "retry": Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _another_database(url: str) -> str:
    """``url`` with the database after its own (before it, for the last of Redis's 16)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    in_query = "db" in query or parts.scheme == "unix"
    number = int(query.get("db", "0") if in_query else parts.path.strip("/") or "0")
    other = str(number + 1 if number < 15 else number - 1)
    if in_query:
        return urlunsplit(parts._replace(query=urlencode({**query, "db": other})))
    return urlunsplit(parts._replace(path=f"/{other}"))


# The page cache's Redis: a database of its own (or, better, an instance of its own with
# maxmemory and an eviction policy such as allkeys-lru), so that stored pages can never
# evict or crowd out the counters and the queue in REDIS_URL's.
PAGE_CACHE_REDIS_URL = os.environ.get("NEWSROOM_PAGE_CACHE_REDIS_URL") or (
    _another_database(REDIS_URL) if REDIS_URL else ""
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Arabic first: the default language, and the one `/` leads to.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")

MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "en")
# A missing English text must never be filled in silently with the Arabic one.
MODELTRANSLATION_ENABLE_FALLBACKS = False
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ()}
# Read by modeltranslation's tabbed admin; served locally, never from a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("NEWSROOM_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# The most pixels a photo may have (40 megapixels by default). Checked from the file's
# header before anything decodes it, at upload, at import and in the renditions worker: a
# file of a few kilobytes can claim billions of pixels (a decompression bomb).
MAX_IMAGE_PIXELS = int(os.environ.get("NEWSROOM_MAX_IMAGE_PIXELS", str(40_000_000)))
# Uploaded images and their renditions. On one machine the filesystem (served by the site
# under MEDIA_URL, see core.views.media_file); on several, an S3-compatible store through
# django-storages (README, "Media on several machines").
FILESYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
MEDIA_STORAGE = os.environ.get("NEWSROOM_MEDIA_STORAGE", FILESYSTEM_STORAGE)
# django-storages' S3 options from the environment (credentials are read by boto3 itself
# from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the machine's role). Pages link images
# by plain URL (no signed query strings that expire inside cached pages), so the bucket
# or the CDN in front of it serves them publicly.
S3_OPTIONS = {
    option: os.environ[variable]
    for option, variable in (
        ("bucket_name", "AWS_STORAGE_BUCKET_NAME"),
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("custom_domain", "AWS_S3_CUSTOM_DOMAIN"),
    )
    if os.environ.get(variable)
}
STORAGES = {
    "default": {
        "BACKEND": MEDIA_STORAGE,
        "OPTIONS": {}
        if MEDIA_STORAGE == FILESYSTEM_STORAGE
        else {**S3_OPTIONS, "querystring_auth": False, "file_overwrite": False},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "")
# Staff holding any of these (and every superuser) reach the admin only with a second
# factor: they can publish or schedule stories and site pages, arrange the fronts, put an
# alert on every page, moderate comments, or manage users and roles.
TWO_FACTOR_PERMISSIONS = (
    "articles.publish_article",
    "breaking.post_alert",
    "comments.moderate_comment",
    "fronts.arrange_front",
    "pages.publish_page",
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
)
# The body editor's menu (django-prose-editor's groups, plus the direction buttons) and the
# newsroom's own editor extension, with what it adds to the HTML (a direction per block,
# which articles.text.sanitize keeps too).
DJANGO_PROSE_EDITOR_MENU_GROUPS = [
    {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "direction"},
    {"group": "table"},
    {"group": "history"},
    {"group": "utility"},
]
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("admin-extra/editor/newsroom.js")],
        "extensions": {
            "NewsroomText": html_tags(
                [], {tag: ["dir"] for tag in ("p", "h2", "h3", "h4", "blockquote", "li", "td", "th")}
            )
        },
    }
]
# The name authenticator apps show next to the code.
OTP_TOTP_ISSUER = SITE_NAME or "Newsroom"
# Absolute origin used in feeds, sitemaps and canonical links when set (e.g. behind a proxy).
SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "").rstrip("/")
ARTICLES_PER_PAGE = 20
# How often the article form saves what is being typed (never published; see articles/desk/autosave.py).
ARTICLE_AUTOSAVE_SECONDS = int(os.environ.get("ARTICLE_AUTOSAVE_SECONDS", "30"))
# An edit lock whose page stopped sending its heartbeat this long ago is free.
ARTICLE_LOCK_SECONDS = int(os.environ.get("ARTICLE_LOCK_SECONDS", "120"))
# How the desk hears of submitted and sent-back stories: "email" or "none".
DESK_NOTIFICATIONS = os.environ.get("DESK_NOTIFICATIONS", "email")

# Celery. With REDIS_URL, Redis is the broker. Without it, CELERY_BROKER_URL may name
# another transport (`make run` uses kombu's filesystem transport under var/, so a real
# worker and beat run with nothing else installed); with neither, tasks run in the
# calling process.
CELERY_BROKER_URL = REDIS_URL or os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# One message at a time per worker process: with late acknowledgement, a message a
# worker has taken but not finished goes back to the queue if the worker dies.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Connections in workers follow DJANGO_CONN_MAX_AGE, as in web processes (see
# newsroom/celery.py); Celery's fix-up would otherwise close them after every task.
CELERY_DB_REUSE_MAX = 1_000_000
# Everything beat runs, in one place: the task, how often (in seconds), and why.
CELERY_BEAT_SCHEDULE = {
    # Every minute: scheduled articles whose time has come are marked published (readers
    # already see them; this keeps the status editors see in the admin truthful).
    "publish-due-articles": {
        "task": "articles.tasks.publish_due_articles",
        "schedule": 60.0,
    },
    # Hourly: cache invalidations older than twice the history window serve no process.
    "forget-old-invalidations": {
        "task": "core.tasks.forget_old_invalidations",
        "schedule": 60 * 60,
    },
    # Every 6 hours: comments older than COMMENTS_TRACE_RETENTION_DAYS lose their hashed
    # address, network and browser.
    "purge-comment-traces": {
        "task": "comments.periodic.purge_comment_traces",
        "schedule": 60 * 60 * 6,
    },
    # Every COMMENTS_MODERATION_REQUEUE_EVERY seconds (60): comments still unchecked after
    # COMMENTS_MODERATION_REQUEUE_AFTER are queued again (lost message, broker outage).
    "requeue-unchecked-comments": {
        "task": "comments.periodic.requeue_unchecked_comments",
        "schedule": float(os.environ.get("COMMENTS_MODERATION_REQUEUE_EVERY", "60")),
    },
    # Every 6 hours: spam older than COMMENTS_SPAM_RETENTION_DAYS is deleted (what the model
    # learned from it is kept).
    "delete-old-spam": {
        "task": "comments.periodic.delete_old_spam",
        "schedule": 60 * 60 * 6,
    },
    # Every CELERY_RESEND_EVERY seconds (60): tasks the broker did not take when their change
    # was saved (an outage) are sent (core.UnsentTask, core.queue.send_unsent).
    "send-unsent-tasks": {
        "task": "core.tasks.send_unsent_tasks",
        "schedule": float(os.environ.get("CELERY_RESEND_EVERY", "60")),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Production hardening; TLS ends at the proxy, which sets X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Admin login (core/login.py): failed logins on one account, and from one address, in a
# window before each further attempt from there must wait (1 s, then doubling up to
# ADMIN_LOGIN_MAX_DELAY). A brake, never a lockout: behind a proxy every login may share
# one address.
ADMIN_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("ADMIN_LOGIN_FAILURES_PER_ACCOUNT", "3"))
ADMIN_LOGIN_MAX_DELAY = int(os.environ.get("ADMIN_LOGIN_MAX_DELAY", "60"))
ADMIN_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("ADMIN_LOGIN_FAILURES_PER_ADDRESS", "20"))
ADMIN_LOGIN_WINDOW_SECONDS = 15 * 60
# A staff session guarded by a second factor ends after this long without a request (a
# working day); the next page asks for the login again (core/twofactor.py).
ADMIN_SESSION_IDLE_SECONDS = int(os.environ.get("ADMIN_SESSION_IDLE_SECONDS", str(8 * 60 * 60)))

FORMAT_MODULE_PATH = ["newsroom.formats"]
# Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩) in the dates and counts Arabic pages write out
# (core.templatetags.dates); never in addresses, `datetime` attributes or structured data,
# which machines read.
ARABIC_INDIC_DIGITS = env_bool("NEWSROOM_ARABIC_INDIC_DIGITS", False)


def _trusted_proxies(value: str | None):
    """NEWSROOM_TRUSTED_PROXIES: how many proxies are in front (``1`` behind one load
    balancer or Varnish, ``0`` for none), or their networks (``10.0.0.0/8,127.0.0.1``).
    Unset: none trusted, and ``check --deploy`` warns that a proxy would make every reader
    one address (core.W001)."""
    if value is None or value.strip() == "":
        return None
    if value.strip().isdigit():
        return int(value)
    return [ipaddress.ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip()]


TRUSTED_PROXIES = _trusted_proxies(os.environ.get("NEWSROOM_TRUSTED_PROXIES"))

# Anonymous readers are served from a full-page cache (core/pagecache.py).
PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
# How long caches in front may hold a shared page (s-maxage; shortened before a scheduled
# article goes live). Varnish with the shipped VCL also hears of every change by key, on
# its purge port and on its ordinary traffic, so this bounds only what nothing announces.
# Set it low for a CDN that cannot purge by Surrogate-Key.
SHARED_MAX_AGE = int(os.environ.get("NEWSROOM_SHARED_MAX_AGE", "300"))
# Purge addresses of the shared caches in front (Varnish with xkey), comma-separated.
PURGE_URLS = env_list("NEWSROOM_PURGE_URLS")
# Sent with every purge; Varnish with the shipped VCL, given the same NEWSROOM_PURGE_SECRET
# in its environment, refuses purges without it. Empty: Varnish takes purges from its own
# machine only.
PURGE_SECRET = os.environ.get("NEWSROOM_PURGE_SECRET", "")

# Comments (WordPress's Discussion settings, in the environment).
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "0"))  # 0: never
COMMENTS_PER_PAGE = 50
COMMENTS_FORM_MAX_AGE = int(os.environ.get("COMMENTS_FORM_MAX_AGE", str(60 * 60 * 6)))
COMMENTS_MIN_SECONDS_TO_SUBMIT = 3
COMMENTS_RATE_WINDOW_SECONDS = 600
COMMENTS_RATE_LIMIT_PER_IP = int(os.environ.get("COMMENTS_RATE_LIMIT_PER_IP", "10"))
COMMENTS_RATE_LIMIT_PER_EMAIL = int(os.environ.get("COMMENTS_RATE_LIMIT_PER_EMAIL", "5"))
COMMENTS_TRACE_RETENTION_DAYS = int(os.environ.get("COMMENTS_TRACE_RETENTION_DAYS", "30"))
# A commenter sees their own pending comment through a signed cookie per comment, sent
# only with that article's pages; such a page is rendered for them, never shared.
# Double opt-in for reply emails: how long the link in the confirmation mail works, and at
# most one confirmation mail per address in this many seconds, however often it is typed.
COMMENTS_CONFIRMATION_MAX_AGE = int(os.environ.get("COMMENTS_CONFIRMATION_MAX_AGE", str(60 * 60 * 24 * 7)))
COMMENTS_CONFIRMATION_INTERVAL = int(os.environ.get("COMMENTS_CONFIRMATION_INTERVAL", str(60 * 60 * 24)))
COMMENTS_PENDING_COOKIE_PREFIX = "comment_pending_"
COMMENTS_PENDING_COOKIE_AGE = 60 * 60 * 24 * 7
# How long the browser that confirmed an address keeps the key that proves it (renewed by
# each comment it sends with that address); without it, the address lends no trust.
COMMENTS_SENDER_COOKIE_AGE = int(os.environ.get("COMMENTS_SENDER_COOKIE_AGE", str(60 * 60 * 24 * 365)))

# Spam moderation. A comment's spam probability below APPROVE_BELOW approves it, from
# SPAM_FROM marks it as spam; in between, or while the model has seen fewer than
# MIN_EXAMPLES of either class, a moderator decides. Rules are tuned in the admin.
COMMENTS_SPAM_APPROVE_BELOW = float(os.environ.get("COMMENTS_SPAM_APPROVE_BELOW", "0.2"))
COMMENTS_SPAM_SPAM_FROM = float(os.environ.get("COMMENTS_SPAM_SPAM_FROM", "0.5"))
COMMENTS_SPAM_MIN_EXAMPLES = int(os.environ.get("COMMENTS_SPAM_MIN_EXAMPLES", "20"))
COMMENTS_SPAM_RETENTION_DAYS = int(os.environ.get("COMMENTS_SPAM_RETENTION_DAYS", "30"))
# A moderator's decision retrains the model this many seconds later (decisions in
# between are learned together).
COMMENTS_SPAM_RETRAIN_DELAY = int(os.environ.get("COMMENTS_SPAM_RETRAIN_DELAY", "10"))
# Comments still unchecked after this long are queued again (lost message, broker outage);
# beat looks every COMMENTS_MODERATION_REQUEUE_EVERY seconds (CELERY_BEAT_SCHEDULE above).
COMMENTS_MODERATION_REQUEUE_AFTER = int(os.environ.get("COMMENTS_MODERATION_REQUEUE_AFTER", "180"))
# Workers and beat give up connecting to the broker after this long; requests (anything
# queued through core.queue) wait at most CELERY_PUBLISH_TIMEOUT, below.
# The visibility timeout (how long Redis waits before giving an unacknowledged message
# to another worker) must exceed the longest retry countdown of any task.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
# The longest wait before a failed task is retried (every task's retry_backoff_max);
# the system check core.E001 keeps the visibility timeout above it.
CELERY_RETRY_BACKOFF_MAX = int(os.environ.get("CELERY_RETRY_BACKOFF_MAX", "600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often a worker looks for messages whose worker died (their lease ran out).
    "unacked_restore_interval": int(os.environ.get("CELERY_UNACKED_RESTORE_SECONDS", "60")),
    "unacked_restore_throttle": 1,
    # The lock a worker holds while it restores such messages; a worker killed while
    # holding it blocks every restore until it expires.
    "unacked_mutex_expire": int(os.environ.get("CELERY_UNACKED_MUTEX_EXPIRE", "300")),
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_folder = str(BASE_DIR / "var" / "queue")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _queue_folder,
        "data_folder_out": _queue_folder,
        "control_folder": str(BASE_DIR / "var" / "control"),  # not the working directory
    }
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# How long core.queue waits for the broker to take a task, in one attempt, whoever sends it
# (an editor's save, a comment): a broker down or not answering never holds a request longer.
# What it did not take waits in the database and beat sends it (send-unsent-tasks above).
CELERY_PUBLISH_TIMEOUT = float(os.environ.get("CELERY_PUBLISH_TIMEOUT", "0.5"))

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Modules with tasks beyond the autodiscovered tasks.py (periodic jobs).
CELERY_IMPORTS = ["comments.periodic"]
