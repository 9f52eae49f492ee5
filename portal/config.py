"""Configuration, read from the environment. PORTAL_ENV picks the class: production (the default), development, test.
Production is the default so that a deployment which forgets PORTAL_ENV fails closed: it refuses to start without its
own SECRET_KEY rather than running with a key anyone can read here."""

import os
from datetime import timedelta
from pathlib import Path

from flask_babel import lazy_gettext as _l

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


# Published in this repository, so they sign nothing real: only the development and test environments use them.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret"  # noqa: S105
TEST_SECRET_KEY = "test-only-not-secret"  # noqa: S105
PUBLISHED_SECRET_KEYS = frozenset({DEVELOPMENT_SECRET_KEY, TEST_SECRET_KEY})


def _env(name, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_int(name, default):
    return int(_env(name, default))


def _env_bool(name, default):
    value = _env(name)
    if value is None:
        return default
    if value.lower() in ("true", "1", "yes", "on"):
        return True
    if value.lower() in ("false", "0", "no", "off"):
        return False
    raise RuntimeError(f"{name} must be true or false, not {value!r}")


def _default_database_url():
    return f"sqlite:///{INSTANCE / 'portal.sqlite3'}"


class Config:
    """Settings shared by every environment, read from the environment when the app is made."""

    def __init__(self):
        self.SECRET_KEY = _env("SECRET_KEY")
        self.DATABASE_URL = _env("DATABASE_URL") or _default_database_url()

        self.COUNCIL_NAME = _env("COUNCIL_NAME", "Barnet")
        self.SERVICE_NAME = _env("SERVICE_NAME", "Our Pledge")
        # The council's colour for the header bar, as #rrggbb. The app refuses to start if white text on it would
        # fall below 4.5:1 contrast.
        self.COUNCIL_COLOUR = _env("COUNCIL_COLOUR", "#0b0c0c")
        # The portal's address as people reach it, for links in emails sent with no request (reminders).
        self.PORTAL_URL = _env("PORTAL_URL", "http://127.0.0.1:5000")
        self.CONTACT_EMAIL = _env("CONTACT_EMAIL", "childrens.services@example.org")
        # The number young people call about what they told us (a lost code, asking us to look again). The default
        # is from Ofcom's range kept for drama, so a demo never rings a real person: set the council's own.
        self.CONTACT_PHONE = _env("CONTACT_PHONE", "020 7946 0000")
        # Where GOV.UK's "Exit this page" button takes someone in a hurry: an ordinary, harmless page.
        self.EXIT_PAGE_URL = _env("EXIT_PAGE_URL", "https://www.bbc.co.uk/weather")

        # Help lines shown to young people. Kept here, not in templates, so one change reaches every page.
        # The about texts are translated when a page shows them (lazy_gettext); names and numbers stay as they are.
        self.HELP_LINES = (
            {
                "name": "Childline",
                "number": _env("HELPLINE_CHILDLINE", "0800 1111"),
                "about": _l("Free, any time of day or night. It does not show on the phone bill."),
            },
            {
                "name": _l("Emergency"),  # the others are names; this one is a word to translate
                "number": _env("HELPLINE_EMERGENCY", "999"),
                "about": _l("If you or someone else is in danger right now."),
            },
            {
                "name": "Always Heard",
                "number": _env("HELPLINE_ALWAYS_HEARD", "0808 800 5792"),
                "about": _l("Free help from an advocate, for children in care and care leavers."),
            },
            {
                "name": "Help at Hand (Children's Commissioner)",
                "number": _env("HELPLINE_HELP_AT_HAND", "0800 528 0731"),
                "about": _l("Free advice if you are in care, leaving care or living away from home."),
            },
        )

        # The languages young people can read the portal in: a BCP 47 code and the language's name in itself. Adding
        # one is a catalogue (translations/<code with _>/LC_MESSAGES/messages.po, see the README) and a line here.
        # English is the source: it comes first and is the default.
        self.LANGUAGES = {
            "en": "English",
            "fa-AF": "دری",  # Dari
            "ps": "پښتو",  # Pashto
            "fa": "فارسی",  # Farsi
            "ar": "العربية",  # Arabic
            "ti": "ትግርኛ",  # Tigrinya
            "sq": "Shqip",  # Albanian
            "vi": "Tiếng Việt",  # Vietnamese
            "ckb": "کوردی",  # Sorani Kurdish
        }

        self.MAIL_SERVER = _env("MAIL_SERVER", "localhost")
        self.MAIL_PORT = _env_int("MAIL_PORT", 25)
        self.MAIL_USE_TLS = _env("MAIL_USE_TLS", "false").lower() == "true"
        self.MAIL_USERNAME = _env("MAIL_USERNAME")
        self.MAIL_PASSWORD = _env("MAIL_PASSWORD")
        self.MAIL_SENDER = _env("MAIL_SENDER", "no-reply@example.org")
        self.DUTY_INBOX = _env("DUTY_INBOX", "duty.team@example.org")
        # Told at once when staff send a case down the safeguarding route.
        self.SAFEGUARDING_INBOX = _env("SAFEGUARDING_INBOX", "safeguarding@example.org")
        # The monthly summary's address; empty means every active manager account.
        self.SENIOR_MANAGERS_INBOX = _env("SENIOR_MANAGERS_INBOX")
        # The number the red banner tells complaints officers and managers to ring when a duty alert has not gone out.
        # The default is a drama number (Ofcom's 020 7946 0xxx range): set the real one.
        self.DUTY_TEAM_PHONE = _env("DUTY_TEAM_PHONE", "020 7946 0000")
        self.MAIL_TIMEOUT_SECONDS = _env_int("MAIL_TIMEOUT_SECONDS", 10)

        # The outbox (portal/outbox.py) and its worker (flask --app wsgi worker). A message that cannot be handed over
        # is tried again after OUTBOX_RETRY_SECONDS, then twice as long each time up to OUTBOX_RETRY_MAX_SECONDS,
        # and is marked failed after OUTBOX_MAX_ATTEMPTS tries (8: about an hour of trying).
        self.OUTBOX_MAX_ATTEMPTS = _env_int("OUTBOX_MAX_ATTEMPTS", 8)
        self.OUTBOX_RETRY_SECONDS = _env_int("OUTBOX_RETRY_SECONDS", 30)
        self.OUTBOX_RETRY_MAX_SECONDS = _env_int("OUTBOX_RETRY_MAX_SECONDS", 3600)
        # A worker holds the messages it claims this long; if it dies, another takes them after. Longer than a batch
        # takes to send with every try timing out (10 messages at MAIL_TIMEOUT_SECONDS each).
        self.OUTBOX_CLAIM_SECONDS = _env_int("OUTBOX_CLAIM_SECONDS", 120)
        # How often an idle worker looks for messages and due jobs.
        self.OUTBOX_POLL_SECONDS = float(_env("OUTBOX_POLL_SECONDS", "2"))
        # An urgent message (duty alert, safeguarding) not delivered after this long puts a red banner on every page
        # of every complaints officer and manager.
        self.URGENT_ALERT_MINUTES = _env_int("URGENT_ALERT_MINUTES", 5)
        # The part of each Message-ID after the @: the portal's own name, so repeats are recognisable as ours.
        self.MESSAGE_ID_DOMAIN = _env("MESSAGE_ID_DOMAIN", "pledge-portal.invalid")
        # Whether the admin's outbox page shows each message's words: in development, where it stands in for a mailbox.
        self.OUTBOX_SHOWS_TEXT = False
        # Texts through GOV.UK Notify. Without a key, texts are not sent: the case page shows staff the words to send
        # by hand. The template holds only ((body)); the words are in templates/email/young_person_text.txt.
        self.NOTIFY_API_KEY = _env("NOTIFY_API_KEY")
        self.NOTIFY_SMS_TEMPLATE_ID = _env("NOTIFY_SMS_TEMPLATE_ID")
        self.NOTIFY_BASE_URL = _env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")

        # When the worker runs each scheduled job, in London time: "hourly", "daily HH:MM", "weekly monday HH:MM" or
        # "monthly 1 HH:MM". Each runs once per hour, day, week or month however many workers there are.
        self.DIGEST_SCHEDULE = _env("DIGEST_SCHEDULE", "daily 07:00")
        self.REMINDERS_SCHEDULE = _env("REMINDERS_SCHEDULE", "weekly monday 08:00")
        self.MONTHLY_SUMMARY_SCHEDULE = _env("MONTHLY_SUMMARY_SCHEDULE", "monthly 1 07:30")
        self.RETENTION_SCHEDULE = _env("RETENTION_SCHEDULE", "daily 02:00")
        self.EXPIRED_DRAFTS_SCHEDULE = _env("EXPIRED_DRAFTS_SCHEDULE", "hourly")

        # Forms are small; 100 KB leaves room for long complaints in any script without letting a post swamp us.
        self.MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 100 * 1024)

        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = False
        self.SESSION_COOKIE_NAME = "portal_session"
        # A signed-in session ends after this long without a request (its record on the server, user_sessions).
        self.STAFF_IDLE_TIMEOUT = timedelta(minutes=_env_int("STAFF_IDLE_MINUTES", 30))
        # How long the link in an invitation works (long enough for a weekend), and the link to choose a new password
        # after "Forgotten your password?" (short: whoever reads that email can get into the account).
        self.INVITE_HOURS = _env_int("INVITE_HOURS", 72)
        self.RESET_MINUTES = _env_int("RESET_MINUTES", 60)
        # Flask-WTF's HTTPS check wants a Referer on every POST, but Referrer-Policy: no-referrer (a house rule) means
        # browsers send none: every form would fail in production. The CSRF token, SameSite=Lax cookies and HSTS
        # (includeSubDomains) still stand.
        self.WTF_CSRF_SSL_STRICT = False
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; an expired form page would lose words
        self.HSTS = False

        # Limit counts live in the database; a Redis URL (redis://host:6379/0) keeps them there instead.
        self.LIMITS_REDIS_URL = _env("LIMITS_REDIS_URL")
        self.SIGN_IN_LIMIT_PER_ACCOUNT = _env("SIGN_IN_LIMIT_PER_ACCOUNT", "10 per 15 minutes")
        self.SIGN_IN_LIMIT_PER_ADDRESS = _env("SIGN_IN_LIMIT_PER_ADDRESS", "50 per 15 minutes")
        # "Forgotten your password?": each request sends an email, so a few an hour per email address typed (someone
        # whose first email is slow asks again), and more per address, for an office behind one.
        self.RESET_LIMIT_PER_ACCOUNT = _env("RESET_LIMIT_PER_ACCOUNT", "5 per hour")
        self.RESET_LIMIT_PER_ADDRESS = _env("RESET_LIMIT_PER_ADDRESS", "30 per hour")
        # A room of young people on one Wi-Fi address (a Role Model Army event) must all be able to send: the
        # address limit is generous, and one device (its browser session) sending over and over is what is slowed.
        self.TELL_US_LIMIT_PER_ADDRESS = _env("TELL_US_LIMIT_PER_ADDRESS", "100 per hour")
        self.TELL_US_LIMIT_PER_DEVICE = _env("TELL_US_LIMIT_PER_DEVICE", "3 per hour")
        # Wrong tracking codes. Tight per reference and address, so a bully who knows a reference locks out only
        # their own address, never the young person's. Loose per reference over a day, so many addresses together
        # still cannot guess: a code is 12 characters from a 29-letter alphabet, 29**12 (about 3.5 * 10**17) codes,
        # so 50 wrong guesses a day for the 6 years a case is kept (about 110,000 guesses) find it with odds of
        # about 1 in 3 * 10**12.
        self.TRACK_LIMIT_PER_REFERENCE_AND_ADDRESS = _env("TRACK_LIMIT_PER_REFERENCE_AND_ADDRESS", "5 per 15 minutes")
        self.TRACK_LIMIT_PER_REFERENCE = _env("TRACK_LIMIT_PER_REFERENCE", "50 per day")
        self.TRACK_LIMIT_PER_ADDRESS = _env("TRACK_LIMIT_PER_ADDRESS", "20 per hour")
        # Replies and stage 2 requests on /track: a few per device, as Tell us sends are; a room's worth per address.
        self.TRACK_REPLY_LIMIT_PER_DEVICE = _env("TRACK_REPLY_LIMIT_PER_DEVICE", "5 per hour")
        self.TRACK_REPLY_LIMIT_PER_ADDRESS = _env("TRACK_REPLY_LIMIT_PER_ADDRESS", "100 per hour")
        # Anonymous answers: one answer per device is kept, but a new cookie makes a new device, so each address is
        # limited too. A care home or an event shares one address: 30 young people answering every promise of a
        # Pledge of up to 20 promises is 600 answers in an hour (the demo Pledge has 8, so each person could also change
        # every answer once). Hundreds more from one address are someone filling in the scorecard, and are refused.
        self.KEPT_LIMIT_PER_ADDRESS = _env("KEPT_LIMIT_PER_ADDRESS", "600 per hour")
        self.CONSULTATION_LIMIT_PER_ADDRESS = _env("CONSULTATION_LIMIT_PER_ADDRESS", "600 per hour")
        # "Tell us more" follows an answer, so at most as many as answers: 30 people, a few words on every promise.
        self.TELL_US_MORE_LIMIT_PER_ADDRESS = _env("TELL_US_MORE_LIMIT_PER_ADDRESS", "600 per hour")
        # Once per person: 30 people, each on two browsers (a phone and a shared tablet).
        self.I_KNOW_LIMIT_PER_ADDRESS = _env("I_KNOW_LIMIT_PER_ADDRESS", "60 per hour")
        # Reports of a comment: a whole room reporting the same comment is 30; more is someone burying the queue.
        self.COMMENT_REPORT_LIMIT_PER_ADDRESS = _env("COMMENT_REPORT_LIMIT_PER_ADDRESS", "60 per hour")
        # How many proxies in front of us set X-Forwarded-For; 0 means trust nobody's header.
        self.PROXY_COUNT = _env_int("PROXY_COUNT", 0)

        # How long unfinished Tell us answers are kept after the last page was answered. The start page says it.
        self.TELL_US_DRAFT_IDLE_MINUTES = _env_int("TELL_US_DRAFT_IDLE_MINUTES", 60)
        # How long a case stays open on /track after its reference and code, unused: short, for shared phones.
        self.TRACK_IDLE_MINUTES = _env_int("TRACK_IDLE_MINUTES", 15)
        # Cases closed longer ago than this lose their personal details (flask retention --apply). The privacy page
        # reads this same number.
        self.CASE_RETENTION_YEARS = _env_int("CASE_RETENTION_YEARS", 6)
        # Staff who see cases sign in with a password and a code from an authenticator app (TOTP). Production
        # refuses to start without it; development and test leave it off unless asked, so demo accounts work.
        self.STAFF_SECOND_FACTOR = _env_bool("STAFF_SECOND_FACTOR", True)
        self.SECOND_FACTOR_ISSUER = _env("SECOND_FACTOR_ISSUER", f"{self.COUNCIL_NAME} {self.SERVICE_NAME}")

        # Made-up people and cases only where someone named a development or test environment.
        self.DEMO_DATA_ALLOWED = False

        # Pages are sent brotli- or gzip-compressed (static files are compressed once, at build time, and sent by
        # WhiteNoise). Streamed responses (the CSV export) stay streamed: compressing them would hold them in memory.
        self.COMPRESS_ALGORITHM = ["br", "gzip"]
        self.COMPRESS_STREAMS = False
        self.COMPRESS_MIMETYPES = ["text/html", "text/css", "application/json", "text/csv"]
        # Pages the same for every signed-out visitor (portal/shared_pages.py) are at most this old, from a worker's
        # copy or any cache after it: a newly published Pledge reaches every visitor within this many seconds.
        self.SHARED_PAGE_SECONDS = float(_env("SHARED_PAGE_SECONDS", "1"))
        # One app per process compiles each template once anyway; the tests make an app per test (portal/__init__.py).
        self.SHARE_COMPILED_TEMPLATES = False


class Development(Config):
    def __init__(self):
        super().__init__()
        self.SECRET_KEY = self.SECRET_KEY or DEVELOPMENT_SECRET_KEY
        self.DEMO_DATA_ALLOWED = True
        self.STAFF_SECOND_FACTOR = _env_bool("STAFF_SECOND_FACTOR", False)
        # No mail server unless one is named: emails are kept on the admin's outbox page, where a newcomer trying the
        # demo reads each one in full, instead of failing against a mail server that is not there.
        self.MAIL_SERVER = _env("MAIL_SERVER")
        self.OUTBOX_SHOWS_TEXT = True


class Test(Config):
    def __init__(self):
        super().__init__()
        self.TESTING = True
        self.SECRET_KEY = TEST_SECRET_KEY
        self.DEMO_DATA_ALLOWED = True
        self.DATABASE_URL = _env("TEST_DATABASE_URL") or _env("DATABASE_URL") or "sqlite:///:memory:"
        self.MAIL_SERVER = "127.0.0.1"
        self.MAIL_PORT = 0  # tests start a real SMTP server on loopback and set the port
        # Cheaper Argon2 so the suite stays quick; still Argon2id, still checked the same way.
        self.ARGON2_TIME_COST = 1
        self.ARGON2_MEMORY_KIB = 1024
        self.STAFF_SECOND_FACTOR = False  # tests that need it turn it on in their app config
        self.SHARED_PAGE_SECONDS = 0  # every change shows at once; tests/test_shared_pages.py sets a time
        self.SHARE_COMPILED_TEMPLATES = True


class Production(Config):
    def __init__(self):
        super().__init__()
        self.SESSION_COOKIE_SECURE = True
        self.HSTS = True
        self.DEMO_DATA_ALLOWED = False


CONFIGS = {"development": Development, "test": Test, "production": Production}
DEFAULT_ENV = "production"
# The only environments that may sign with a key published in this repository.
ENVS_FOR_PUBLISHED_KEYS = frozenset({"development", "test"})


def config_for(name):
    """The settings for PORTAL_ENV, read from the environment now; names we do not know are refused."""
    try:
        return CONFIGS[name]()
    except KeyError:
        raise RuntimeError(f"PORTAL_ENV must be one of {', '.join(CONFIGS)}, not {name!r}") from None


def derive_settings(config):
    """Flask's settings that follow from ours, worked out once every override (test_config too) is in."""
    # Flask refuses a session cookie signed longer ago than this, signed in or not. The staff idle time and the Tell
    # us draft's idle time are each kept by a record on the server, so the cookie must outlive both, or it would cut
    # them short (Tell us answers once vanished after 30 minutes while the start page promised 60). Answering
    # re-signs the cookie.
    config["PERMANENT_SESSION_LIFETIME"] = max(
        config["STAFF_IDLE_TIMEOUT"], timedelta(minutes=config["TELL_US_DRAFT_IDLE_MINUTES"])
    )
    config["MAX_FORM_MEMORY_SIZE"] = config["MAX_CONTENT_LENGTH"]


def check_secret_key(env, secret_key):
    """Refuse to start with no key, or outside development and test with a key published in this repository."""
    if not secret_key:
        raise RuntimeError(
            f"SECRET_KEY must be set in the environment: PORTAL_ENV is {env!r} (production unless named). For a "
            "development copy on your own machine, set PORTAL_ENV=development (make run does)."
        )
    if env not in ENVS_FOR_PUBLISHED_KEYS and secret_key in PUBLISHED_SECRET_KEYS:
        raise RuntimeError(
            "SECRET_KEY is the development or test key, published in the code, so anyone could sign a session with "
            f"it. PORTAL_ENV {env!r} needs a secret of its own, such as the output of "
            "python -c 'import secrets; print(secrets.token_hex(32))'"
        )
