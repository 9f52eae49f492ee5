"""What every template can see: the council's name, help lines, navigation, the demo banner."""

from datetime import datetime

from babel.dates import format_date
from flask import current_app, has_app_context, request, url_for
from flask_babel import get_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError

from portal import outbox
from portal.access import ANYONE, allowed_roles_for
from portal.clock import LONDON, as_utc
from portal.i18n import SOURCE, in_english, languages, page_language, page_language_name, text_direction
from portal.models import Role
from portal.site import checked_languages, demo_data_loaded

# The service navigation: (label, endpoint). Each link shows only to people allowed to open it. The links young people
# see are translated; staff pages stay in English.
NAVIGATION = (
    (_l("Home"), "public.home"),
    (_l("Our Pledge"), "pledge.home"),
    (_l("Tell us"), "tell_us.start"),
    (_l("Get help"), "public.get_help"),
    ("Cases", "triage.cases"),
    ("Pledge drafts", "drafting.drafts"),
    ("Comments to moderate", "drafting.moderation"),
    ("Keeping the Pledge", "kept.dashboard"),
    ("Your promises", "kept.partner_promises"),
    ("Role Model Army accounts", "members.accounts_page"),
    ("Users", "admin.users"),
    ("Case lists", "admin.case_lists"),
    ("Outbox", "admin.outbox_page"),
    ("Jobs", "admin.jobs"),
    ("Languages", "admin.languages"),
    ("Annual report", "reports.annual"),
)


def may_open(endpoint):
    """True if the current user may open endpoint: used to link only to what someone can use."""
    allowed = allowed_roles_for(endpoint)
    if allowed == ANYONE:
        return True
    return bool(allowed) and current_user.is_authenticated and current_user.role in allowed


def public_page():
    """True on pages anyone may open; staff pages carry noindex so search engines leave them alone."""
    return request.endpoint is not None and allowed_roles_for(request.endpoint) == ANYONE


def young_peoples_page():
    """Pages anyone may open, apart from staff signing in (and its password pages): they follow the language a young
    person chose (portal.i18n). Staff pages stay in English. "Page not found" follows it too, unless staff are signed
    in: a young person's mistyped address is no staff page."""
    if request.endpoint is None:
        return not current_user.is_authenticated
    return public_page() and request.blueprint != "auth"


def first_draft_translation():
    """True on a young people's page in a language no admin has marked as checked by a fluent reader: the page then
    says its translation is a first draft."""
    language = page_language()
    return young_peoples_page() and language != SOURCE and language not in checked_languages()


def language_url(code):
    """A language link: this page's address with `?lang=<code>` and nothing else of the request (a shared page is
    kept for everyone, so its links must not carry what one visitor put in the address). A page drawn in answer to
    a form, or for an address that is not a page, has no address of its own to show again, so its links lead home."""
    if request.method != "GET" or request.endpoint is None:
        return url_for("public.home", lang=code)
    return url_for(request.endpoint, **(request.view_args or {}), lang=code)


def navigation_items():
    return [
        {"text": str(label), "href": url_for(endpoint), "active": request.endpoint == endpoint}
        for label, endpoint in NAVIGATION
        if may_open(endpoint)
    ]


def date_in_words(day, pattern):
    """A date by a CLDR pattern ("d MMMM y", "MMMM"), in the page's language (Babel's names of days and months). A
    stored time is first turned into London's date."""
    if isinstance(day, datetime):
        day = as_utc(day).astimezone(LONDON).date()
    # Outside the app (a script, a test's expectations) there is no page, so no language but English.
    return format_date(day, pattern, locale=(get_locale() if has_app_context() else None) or SOURCE)


def long_date(day):
    """Like "Tuesday 1 December 2026": the GOV.UK date style, in the page's language."""
    return date_in_words(day, "EEEE d MMMM y")


def staff_time(moment):
    """Like "27 Nov 2026, 14:05", London time."""
    return as_utc(moment).astimezone(LONDON).strftime("%-d %b %Y, %H:%M")


def staff_date(moment):
    """Like "27 Nov 2026", London's date."""
    return staff_time(moment).split(",")[0]


def line_breaks(text):
    """Someone's words, escaped, with their line breaks as <br>: safe to pass to GOV.UK macros, which re-indent
    HTML and so would shift lines kept with white-space: pre-wrap."""
    return Markup("<br>").join(escape(text or "").split("\n"))


def minutes_in_words(minutes):
    """60 -> "1 hour", 90 -> "90 minutes", 120 -> "2 hours": how long, in plain words."""
    if minutes % 60 == 0:
        return ngettext("%(num)d hour", "%(num)d hours", minutes // 60)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


# Who sees the red banner when an urgent message has not gone out: the people who can pick up the phone.
ALERTED_ROLES = (Role.COMPLAINTS_OFFICER, Role.MANAGER)


def urgent_alerts():
    """Urgent messages not delivered within URGENT_ALERT_MINUTES, for complaints officers and managers: what, which
    case, how long. Empty for everyone else, and on an error page when the database is down."""
    if not current_user.is_authenticated or current_user.role not in ALERTED_ROLES:
        return []
    try:
        late = outbox.urgent_not_delivered()
    except SQLAlchemyError:
        return []
    return [
        {
            "what": outbox.what(message),
            "reference": reference,
            "case_url": url_for("triage.case", case_id=message.case_id) if message.case_id else None,
            "minutes": outbox.minutes_since(message.created_at),
            "failed": message.state == "failed",
        }
        for message, reference in late
    ]


def template_context():
    config = current_app.config
    return {
        "draft_idle_words": minutes_in_words(config["TELL_US_DRAFT_IDLE_MINUTES"]),
        "council_name": config["COUNCIL_NAME"],
        # The default name, "Our Pledge", is in the catalogues, so it reads in the page's language; a name a council
        # sets reads as set, unless it adds a translation of it to the catalogues.
        "service_name": gettext(config["SERVICE_NAME"]),
        "help_lines": config["HELP_LINES"],
        "contact_email": config["CONTACT_EMAIL"],
        "contact_phone": config["CONTACT_PHONE"],
        "exit_page_url": config["EXIT_PAGE_URL"],
        "navigation_items": navigation_items,
        "may_open": may_open,
        "public_page": public_page,
        "demo_data_loaded": demo_data_loaded,
        "urgent_alerts": urgent_alerts,
        "duty_team_phone": config["DUTY_TEAM_PHONE"],
        "young_peoples_page": young_peoples_page,
        "page_language": page_language,
        "page_language_name": page_language_name,
        "in_english": in_english,
        "text_direction": text_direction,
        "languages": languages,
        "first_draft_translation": first_draft_translation,
        "language_url": language_url,
    }
