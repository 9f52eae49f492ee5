"""What is published now: the Pledge young people can read, its themes and promises, and the choices that name a
promise. A shared module: Tell us, triage, "is it kept", reports and the Pledge itself ask here, not one another."""

import hashlib

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from portal.db import get_session
from portal.i18n import SOURCE, in_english, page_language
from portal.models import SiteFlag
from portal.models.pledge import PledgeVersion, PromiseTranslation, Theme, VersionPromise, VersionStatus
from portal.site import DEMO_FLAG

# The answers to "Which promise is it about?" that name no promise (lazy: Tell us shows
# them in the young person's language).
NOT_ABOUT_A_PROMISE = {"not_sure": _l("I am not sure"), "none": _l("None of these")}

_PUBLISHED = PledgeVersion.status == VersionStatus.PUBLISHED
# Built once: /pledge runs it on every request, and building a statement costs more than SQLite takes to answer it.
_PUBLISHED_STAMP = select(
    select(PledgeVersion.id).where(_PUBLISHED).scalar_subquery(),
    select(PledgeVersion.published_at).where(_PUBLISHED).scalar_subquery(),
    exists().where(SiteFlag.name == DEMO_FLAG),
)


def init_app(app):
    """Template globals (not a context processor) so imported macros can use them too."""
    # For the Tell us question "Which promise is it about?" (templates/tell_us/which_promise.html).
    app.add_template_global(promise_choices_by_theme, "promise_choices_by_theme")
    app.add_template_global(NOT_ABOUT_A_PROMISE, "not_about_a_promise")


def published_version():
    """The version of the Pledge people can see now, or None before anything is published."""
    return get_session().scalar(select(PledgeVersion).where(_PUBLISHED))


def published_stamp():
    """(id, published_at) of the published version, or (None, None), and whether demo data is loaded: all that
    names what /pledge shows, in one round trip."""
    return get_session().execute(_PUBLISHED_STAMP).one()


def pledge_is_published():
    """True while a version of the Pledge is published; asked once per request (the Tell us journey asks often)."""
    if "pledge_is_published" not in g:
        g.pledge_is_published = get_session().scalar(select(PledgeVersion.id).where(_PUBLISHED).limit(1)) is not None
    return g.pledge_is_published


def themes_with_promises(version):
    """A version's themes in order (removed ones left out), each with its promises in order, removed ones left out,
    as .live_promises."""
    themes = (
        get_session()
        .scalars(
            select(Theme)
            .where(Theme.version_id == version.id, Theme.removed_at.is_(None))
            .order_by(Theme.position, Theme.id)
            .options(selectinload(Theme.promises).selectinload(VersionPromise.owners))
        )
        .all()
    )
    for theme in themes:
        # Sorted here: a collection already loaded in this session keeps the order it was loaded in.
        theme.live_promises = sorted(
            (p for p in theme.promises if p.removed_at is None), key=lambda p: (p.position, p.id)
        )
    return themes


def live_promises(version):
    """A version's promises (VersionPromise rows) in theme order, removed ones left out."""
    return [promise for theme in themes_with_promises(version) for promise in theme.live_promises]


def published_themes():
    """The published Pledge's themes in order, each with .live_promises (VersionPromise rows, in order). A
    VersionPromise's .promise_id is the promise's identity; .owners its owner partners. [] before publishing."""
    version = published_version()
    return themes_with_promises(version) if version else []


def published_promises():
    """The published Pledge's promises (VersionPromise rows) in theme order; [] before publishing."""
    return [promise for theme in published_themes() for promise in theme.live_promises]


def version_published_at(moment):
    """The version people could read at `moment`: the one published most recently by then and not archived before
    it; None if none was. A closed year's annual report shows the Pledge as it stood at the end of that year."""
    return get_session().scalar(
        select(PledgeVersion)
        .where(
            PledgeVersion.status.in_((VersionStatus.PUBLISHED, VersionStatus.ARCHIVED)),
            PledgeVersion.published_at <= moment,
            or_(PledgeVersion.archived_at.is_(None), PledgeVersion.archived_at > moment),
        )
        .order_by(PledgeVersion.published_at.desc(), PledgeVersion.id.desc())
        .limit(1)
    )


def promises_published_at(moment):
    """The promises (VersionPromise rows, in theme order) of the version people could read at `moment`; [] if none."""
    version = version_published_at(moment)
    return live_promises(version) if version else []


def promises_changed_by_what_young_people_said(start, end):
    """How many promises the versions published from `start` up to `end` (moments) changed because of what young
    people said: those carrying a "you said, we changed it" sentence. Promises, not people, so never suppressed."""
    return get_session().scalar(
        select(func.count())
        .select_from(VersionPromise)
        .join(PledgeVersion, VersionPromise.version_id == PledgeVersion.id)
        .where(
            PledgeVersion.published_at >= start,
            PledgeVersion.published_at < end,
            VersionPromise.you_said.is_not(None),
            VersionPromise.removed_at.is_(None),
        )
    )


def published_text_of(promise_id):
    """The published wording (VersionPromise) of the promise with this identity, or None if not published now."""
    if promise_id is None:
        return None
    return get_session().scalar(
        select(VersionPromise)
        .join(PledgeVersion, VersionPromise.version_id == PledgeVersion.id)
        .where(VersionPromise.promise_id == promise_id, _PUBLISHED, VersionPromise.removed_at.is_(None))
    )


def promise_choices_by_theme():
    """The published Pledge's promises by theme, as [(theme, [(promise identity, short title)])]; themes with no
    promise left out. Titles are in the page's language where translated, else in English marked as English (staff
    pages are English). Themes' headings are English: they have no translations yet."""
    themes = [theme for theme in published_themes() if theme.live_promises]
    translated = in_page_language([p for theme in themes for p in theme.live_promises])
    return [
        (
            in_english(theme.title),
            [
                (str(p.promise_id), translated[p.id].title if p.id in translated else in_english(p.title))
                for p in theme.live_promises
            ],
        )
        for theme in themes
    ]


def promise_choices():
    """The promises a choice can name: [(promise identity, short title)], the published Pledge's, in theme order."""
    return [choice for _theme, choices in promise_choices_by_theme() for choice in choices]


def promise_labels():
    """Every answer to "Which promise is it about?", value to words."""
    return {**dict(promise_choices()), **NOT_ABOUT_A_PROMISE}


# --- Translations of promises (made and checked in portal.pledge.translations) -------------------------------------


def english_digest(title, wording, plain_line):
    """sha256 of a promise's English title, wording and plain line. The parts are joined with a character none of
    them holds (a unit separator), so moving words from one part to the next changes the digest."""
    source = "\x1f".join((title or "", wording or "", plain_line or ""))
    return hashlib.sha256(source.encode()).hexdigest()


def digest_of(promise: VersionPromise):
    return english_digest(promise.title, promise.wording, promise.plain_line)


def is_out_of_date(translation: PromiseTranslation, promise: VersionPromise):
    """True when the English the translation was made from is not this promise's English now."""
    return translation.source_digest != digest_of(promise)


def translations_in(version_promises, language):
    """{version promise id: translation} for these promises in one language (see translations_by_language)."""
    found = translations_by_language(version_promises, [language])
    return {promise_id: translation for (promise_id, _language), translation in found.items()}


def translations_by_language(version_promises, languages):
    """{(version promise id, language): translation} for these promises in these languages, in one query: each
    one's own translation, else the newest made for the same promise identity in an earlier version (by version
    number)."""
    if not version_promises:
        return {}
    by_identity = {promise.promise_id: promise for promise in version_promises}
    rows = get_session().execute(
        select(PromiseTranslation, VersionPromise.promise_id, PledgeVersion.number)
        .join(VersionPromise, PromiseTranslation.version_promise_id == VersionPromise.id)
        .join(PledgeVersion, VersionPromise.version_id == PledgeVersion.id)
        .where(PromiseTranslation.language.in_(list(languages)), VersionPromise.promise_id.in_(by_identity))
    )
    best = {}
    for translation, promise_id, number in rows:
        promise = by_identity[promise_id]
        if number > promise.version.number:
            continue  # a later version's words are not this version's
        own = translation.version_promise_id == promise.id
        rank = (own, number, translation.made_at)
        key = (promise.id, translation.language)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, translation)
    return {key: translation for key, (_rank, translation) in best.items()}


def in_page_language(version_promises):
    """{version promise id: translation} in this page's language, for a young people's page that shows promises
    (empty in English, and on staff pages, which are English)."""
    language = page_language()
    return translations_in(version_promises, language) if language != SOURCE else {}


def up_to_date_in_page_language(version_promises):
    """in_page_language, leaving out translations made from English that has changed since: for pages that show a
    promise's words with no room to say the translation is out of date (the scorecard, the pocket card). /pledge
    shows them, with a note and the new English."""
    by_id = {promise.id: promise for promise in version_promises}
    return {
        promise_id: translation
        for promise_id, translation in in_page_language(version_promises).items()
        if not is_out_of_date(translation, by_id[promise_id])
    }


def title_in_page_language(promise):
    """A promise's short title as this page shows it: its translation's, else the English, marked as English."""
    translation = in_page_language([promise]).get(promise.id)
    return translation.title if translation else in_english(promise.title)
