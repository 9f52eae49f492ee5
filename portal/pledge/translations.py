"""Translations of the Pledge's promises: one per language for a promise as written in a version, made by a
participation officer (or an admin) and perhaps checked by a fluent reader.

A translation remembers a digest of the English it was made from. It is out of date when the promise's English is
no longer that English. A version with no translation of its own takes the newest one made for the same promise in
an earlier version: so a new version of the Pledge keeps its translations, marked out of date where the English
changed."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.cases.languages import english_name
from portal.clock import now
from portal.db import get_session
from portal.i18n import SOURCE, languages, text_direction
from portal.models.pledge import PromiseTranslation, VersionPromise, VersionStatus

# The out-of-date rule lives beside the translations young people's pages read (portal.published).
from portal.published import digest_of, is_out_of_date, translations_by_language, translations_in


class TranslationError(ValueError):
    """A translation that cannot be saved or checked as asked; the message says why, for the person who asked."""


def translation_languages():
    """The languages a promise can be translated into: every language offered but English, as {code: name}."""
    return {code: name for code, name in languages().items() if code != SOURCE}


def translation_for(promise: VersionPromise, language):
    """The translation shown for this promise in this language (its own or an earlier version's), or None."""
    return translations_in([promise], language).get(promise.id)


@dataclass(frozen=True)
class TranslationStatus:
    """Where a promise stands in one language, for the staff pages."""

    code: str
    name: str  # the language's name in itself
    translation: PromiseTranslation | None
    own: bool  # made for this version's promise, not taken from an earlier version
    out_of_date: bool

    @property
    def english_name(self):
        return english_name(self.code, in_itself=False)

    @property
    def direction(self):
        return text_direction(self.code)


def statuses_of(promise: VersionPromise):
    """Each language's TranslationStatus for this promise, in the order of the LANGUAGES setting."""
    offered = translation_languages()
    found = translations_by_language([promise], offered)
    statuses = []
    for code, name in offered.items():
        translation = found.get((promise.id, code))
        statuses.append(
            TranslationStatus(
                code=code,
                name=name,
                translation=translation,
                own=translation is not None and translation.version_promise_id == promise.id,
                out_of_date=translation is not None and is_out_of_date(translation, promise),
            )
        )
    return statuses


def can_be_translated(promise: VersionPromise):
    """Drafts and the published version take new translations (published words never change, their translations
    may be added); an archived version is history and stays as it was."""
    return promise.version.status != VersionStatus.ARCHIVED and promise.removed_at is None


def save_translation(promise: VersionPromise, language, title, wording, plain_line, by):
    """Add or change this promise's own translation into `language`, made from its English as it is now. A change
    clears "checked by a fluent reader": the reader checked other words."""
    if not can_be_translated(promise):
        raise TranslationError("An archived version of the Pledge cannot take new translations")
    db = get_session()
    translation = _own(promise, language)
    if translation is None:
        translation = PromiseTranslation(version_promise_id=promise.id, language=language)
        db.add(translation)
    translation.title, translation.wording, translation.plain_line = title, wording, plain_line
    translation.source_digest = digest_of(promise)
    translation.made_by_id, translation.made_at = by.id, now()
    translation.checked_by_id = translation.checked_at = None
    try:
        db.commit()
    except IntegrityError:
        # Someone else added this language's translation at the same moment: theirs stays, nothing is lost silently.
        db.rollback()
        raise TranslationError("Someone else added this translation just now. Look at theirs, then change it") from None
    return translation


def mark_checked(promise: VersionPromise, language, by):
    """Record that a fluent reader checked this promise's own translation, as it is now."""
    translation = _own(promise, language)
    if translation is None:
        raise TranslationError("There is no translation made for this version to check")
    if is_out_of_date(translation, promise):
        raise TranslationError("The English has changed since this translation was made. Change it first")
    translation.checked_by_id, translation.checked_at = by.id, now()
    get_session().commit()
    return translation


def _own(promise, language):
    return get_session().scalar(
        select(PromiseTranslation).where(
            PromiseTranslation.version_promise_id == promise.id, PromiseTranslation.language == language
        )
    )


def translations_stamp():
    """How many translations there are and when the newest was made: part of what names the /pledge page, so a
    translation added or changed shows at once."""
    return tuple(get_session().execute(select(func.count(), func.max(PromiseTranslation.made_at))).one())
