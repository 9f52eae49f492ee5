"""Comparing promise texts and versions word by word (the revisions page, suggestions and the versions page)."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.models.pledge import (
    Amendment,
    VersionPromise,
)
from portal.pledge.drafting import owner_names
from portal.pledge.text import plain_word_diff, word_diff
from portal.published import live_promises, themes_with_promises

# Each part's name, in the page's language (the public versions page may be in another; staff pages are English).
TEXT_FIELDS = (("title", _l("Short title")), ("wording", _l("Promise")), ("plain_line", _l("What this means for you")))


def compare_texts(old, new, as_read=False):
    """(label, changes) for each text field of two promise texts (revisions or version promises); either may be
    None (added or removed). as_read compares the words without their Markdown marks, for pages that are read (the
    public versions page, a suggested change); the pages where words are edited keep the marks, so an editor sees a
    word made bold."""
    diff = plain_word_diff if as_read else word_diff
    rows = []
    for name, label in TEXT_FIELDS:
        before = getattr(old, name) if old is not None else ""
        after = getattr(new, name) if new is not None else ""
        rows.append((str(label), diff(before, after)))
    if isinstance(old, Amendment) or isinstance(new, Amendment):
        return rows  # a suggestion changes the words only
    rows.append((_("Who makes this promise"), word_diff(_owners_text(old), _owners_text(new))))
    return rows


def only_formatting_differs(old, new, rows_as_read):
    """Whether two texts read the same (rows_as_read, from compare_texts(as_read=True), show no change) though what was
    typed differs: a word made bold, say. A diff as read shows nothing then, so the page says what does change."""
    reads_the_same = all(change.kind == "same" for _label, changes in rows_as_read for change in changes)
    return reads_the_same and any(getattr(old, name) != getattr(new, name) for name, _label in TEXT_FIELDS)


def _owners_text(text):
    if text is None:
        return ""
    if isinstance(text, VersionPromise):
        return owner_names(text.owners)
    return text.owner_names or ""


@dataclass
class PromiseComparison:
    theme: str
    old: VersionPromise | None
    new: VersionPromise | None
    rows: list

    @property
    def status(self):
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        if any(change.kind != "same" for _label, changes in self.rows for change in changes):
            return "changed"
        return "unchanged"


def compare_versions(old_version, new_version, as_read=False):
    """Promise by promise (matched by identity), what changed from old_version to new_version; old_version may be
    None (everything is added). as_read: see compare_texts."""
    old_by_identity = {p.promise_id: p for p in (live_promises(old_version) if old_version else [])}
    comparisons = []
    for theme in themes_with_promises(new_version):
        for promise in theme.live_promises:
            old = old_by_identity.pop(promise.promise_id, None)
            comparisons.append(PromiseComparison(theme.title, old, promise, compare_texts(old, promise, as_read)))
    for old in old_by_identity.values():
        comparisons.append(PromiseComparison(old.theme.title, old, None, compare_texts(old, None, as_read)))
    return comparisons
