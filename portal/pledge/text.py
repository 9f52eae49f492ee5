"""Text tools for the Pledge: the Markdown subset promise wording may use (cleaned with nh3), word-level diffs that a
screen reader can follow, reading ages, and spotting personal details in comments."""

import difflib
import html
import re
from dataclasses import dataclass

import nh3
import textstat
from flask_babel import gettext
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

# The subset: paragraphs, line breaks, *emphasis*, **strong**, lists and links. Raw HTML is not Markdown here:
# markdown-it escapes it, and nh3 cleans whatever comes out, so nothing active can reach a page.
_markdown = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    ["emphasis", "list", "link", "newline"]
)

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
GOVUK_CLASSES = {
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
}


def clean_html(html):
    """Any HTML, made safe: only the subset's tags, links only to http(s) and mailto, no scripts or event handlers."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values=GOVUK_CLASSES,
    )


def render_wording(text):
    """Promise wording (the Markdown subset) as safe HTML in GOV.UK styles."""
    return Markup(clean_html(_markdown.render(text or "")))  # noqa: S704 - cleaned by nh3 just above


def plain_text(text):
    """The words of some wording without its Markdown, for reading ages and short titles."""
    return re.sub(r"\s+", " ", nh3.clean(_markdown.render(text or ""), tags=set())).strip()


# --- Word-level differences --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    kind: str  # "same", "added" or "removed"
    text: str


# A word (with its apostrophes) or a run of punctuation, each with the spaces after it: so "school." becoming
# "school and college." reads as "and college" added, not the whole phrase replaced.
_TOKENS = re.compile(r"\w+(?:['’]\w+)*\s*|[^\w\s]+\s*")


def word_diff(old, new):
    """The changes from old to new, word by word: runs of "same", "removed" and "added" text. A replaced word is
    its removal followed by its addition."""
    old_tokens = _TOKENS.findall(old or "")
    new_tokens = _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(
        a=[token.strip() for token in old_tokens], b=[token.strip() for token in new_tokens], autojunk=False
    )
    changes = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            changes.append(Change("same", "".join(new_tokens[b1:b2])))
            continue
        if op in ("delete", "replace"):
            changes.append(Change("removed", "".join(old_tokens[a1:a2])))
        if op in ("insert", "replace"):
            changes.append(Change("added", "".join(new_tokens[b1:b2])))
    return changes


def render_diff(changes):
    """HTML for a word diff: <del> and <ins> with words a screen reader says ("removed:", "added:") and marks that
    do not rely on colour (struck through, underlined)."""
    parts = []
    for change in changes:
        words = escape(change.text.rstrip())
        gap = " " if change.text != change.text.rstrip() else ""
        if change.kind == "same":
            parts.append(escape(change.text))
        elif change.kind == "removed":
            parts.append(
                Markup('<del class="portal-diff__removed"><span class="govuk-visually-hidden">%s </span>')
                % gettext("removed:")
                + words
                + Markup('<span class="govuk-visually-hidden"> %s</span></del>') % gettext("(end of removed)")
                + gap
            )
        else:
            parts.append(
                Markup('<ins class="portal-diff__added"><span class="govuk-visually-hidden">%s </span>')
                % gettext("added:")
                + words
                + Markup('<span class="govuk-visually-hidden"> %s</span></ins>') % gettext("(end of added)")
                + gap
            )
    return Markup("").join(parts)


def diff_html(old, new):
    return render_diff(word_diff(old, new))


def plain_word_diff(old, new):
    """The changes between two wordings as a reader sees them: the Markdown marks (``**``, list dashes, link
    addresses) taken out first, so a diff never shows raw ``**`` and a word made bold does not read as changed."""
    # plain_text returns HTML-escaped text; unescape it, or render_diff would escape "&amp;" a second time.
    return word_diff(html.unescape(plain_text(old)), html.unescape(plain_text(new)))


def has_changes(old, new):
    return any(change.kind != "same" for change in word_diff(old, new))


# --- Reading age -------------------------------------------------------------------------------------------------

PLAIN_WORDS_GRADE = 5.0


def reading_grade(text):
    """The Flesch-Kincaid grade of some words (about: reading age minus 5), or None when there are no words."""
    words = plain_text(text)
    if not re.search(r"\w", words):
        return None
    return round(textstat.flesch_kincaid_grade(words), 1)


# What a young writer is told about their words, in words they use (issue 16: "grade -0.7" and "grade 25.7" meant
# nothing to a 14-year-old). A Flesch-Kincaid grade is a US school year; add 5 for the age of a reader who finds the
# words easy. The formula runs below 0 for a few short words and past 20 for one long sentence: those ends say
# nothing more, so the age shown stays between 6 and 18.
YOUNGEST_AGE, OLDEST_AGE = 6, 18
QUITE_HARD_UP_TO_GRADE = 8.0
EASY_FOR_AGE = round(PLAIN_WORDS_GRADE) + 5


@dataclass(frozen=True)
class ReadingAge:
    level: str  # "easy", "quite hard" or "hard": also the note's style
    summary: str  # "Easy to read."
    advice: str  # what the reader's age is, and what to try next


def reading_age(text):
    """The reading-age check in plain words, or None when there are no words yet."""
    grade = reading_grade(text)
    if grade is None:
        return None
    age = min(max(round(grade) + 5, YOUNGEST_AGE), OLDEST_AGE)
    who = "an adult" if age >= OLDEST_AGE else f"about {age}"
    if grade <= PLAIN_WORDS_GRADE:
        return ReadingAge("easy", "Easy to read.", f"Most {EASY_FOR_AGE}-year-olds can read this.")
    if grade <= QUITE_HARD_UP_TO_GRADE:
        return ReadingAge(
            "quite hard",
            "Quite hard to read.",
            f"You need to be {who} to read it easily. Try shorter sentences and shorter words.",
        )
    return ReadingAge(
        "hard",
        "Hard to read.",
        f"You need to be {who} to read it easily. Split long sentences in two, and use everyday words: "
        "‘help’, not ‘facilitate’.",
    )


# --- Personal details in comments --------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# UK numbers: 07..., 01/02/03..., +44..., with spaces, dots or dashes between groups; 10 or 11 digits.
_PHONE = re.compile(r"(?<!\d)(?:\+44\s?\(?0?\)?|0)(?:[\s.-]?\d){9,10}(?!\d)")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_STREET = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][\w'-]*\s+){1,3}"
    r"(?:road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|court|ct|gardens|gdns|place|pl|crescent|"
    r"terrace|grove|hill|park|square|sq|walk|mews|row|rise|estate)\b",
    re.IGNORECASE,
)


def personal_details_in(text):
    """What looks like personal details in a comment, for the moderator: some of "phone", "email", "address"."""
    found = []
    if _PHONE.search(text or ""):
        found.append("phone")
    if _EMAIL.search(text or ""):
        found.append("email")
    if _STREET.search(text or "") or _POSTCODE.search(text or ""):
        found.append("address")
    return found
