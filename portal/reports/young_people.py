"""The annual report's version for young people: published as it stood, kept as published."""

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from portal.clock import Year
from portal.db import get_session
from portal.models import PublishedReport
from portal.suppression import FEWER_THAN, THRESHOLD, WITHHELD, figure_in_words
from portal.templating import date_in_words

# --- The young people's version -------------------------------------------------------------------------------------


def young_peoples_content(report):
    """What the published version for young people shows: a few figures (already suppressed, as the report shows
    them) and the changes written for publication, each wording once. Kept as it is when published."""
    now = report.figures
    learning = next(section for section in report.sections if section.id == "learning").learning
    return {
        "year": report.year.label,
        "as_of": report.as_of.isoformat(),
        "told_us": now["received"].text,
        "complaints": now["kind:complaint"].text,
        "representations": now["kind:representation"].text,
        "from_young_people": now["who:young_person"].text,
        "compliments": now["kind:compliment"].text,
        "ideas": now["kind:suggestion"].text,
        "advocates": now["advocacy:provided"].text,
        # The stage 1 responses sent in the year (some to messages from the year before), and those within time.
        "first_answers_sent": now["answered:1"].text,
        "answered_on_time": now["time:1:in_time"].text,
        "changes": changes_once(item["words"] for item in learning),
        "pledge_changes": report.table("pledge-changes").rows[0][1],
    }


def changes_once(words):
    """Each "you said, we did" wording once, in the order first met: one action can be recorded on many cases (the
    same change answers several complaints), and the report lists one row per case."""
    return list(dict.fromkeys(words))


@dataclass(frozen=True)
class Count:
    """A figure in a sentence: its words, and the number that picks the sentence's plural form."""

    words: str
    number: int


def _count(figure):
    """A figure on show ready for a sentence: its words in the page's language ("94", or "fewer than 5") and the number
    that picks the sentence's plural form ("fewer than 5" reads as 5 does)."""
    if figure == FEWER_THAN:
        return Count(figure_in_words(figure), THRESHOLD)
    return Count(figure, int(figure) if figure.isdigit() else THRESHOLD)


def _sentence(figure, words):
    """words(count) with the figure in it, or None when the figure is withheld ("not shown" is never read out as a
    number). The sentences are made as the page is drawn, so in its language; what is stored is only the figures."""
    if figure is None or figure == WITHHELD:
        return None
    sentence = words(_count(figure))
    return sentence[0].upper() + sentence[1:]


def _part(figure, words, withheld):
    """One kind's line in the list: its count, or, when the count is withheld, the kind named all the same (withheld),
    so the list still says what the whole is made of. A kind with none is left out (the rest still add up)."""
    if figure is None or figure == "0":
        return None
    if figure == WITHHELD:
        return withheld
    return _sentence(figure, words)


def _kinds_in_words(content):
    """Each kind of message, in the words of the list under "We got ... messages in all": together they are the
    whole. Kinds with none are left out."""
    parts = [
        _part(
            content.get("complaints"),
            lambda count: ngettext(
                "%(count)s to say something went wrong",
                "%(count)s to say something went wrong",
                count.number,
                count=count.words,
            ),
            _("Some to say something went wrong (we keep this number private)"),
        ),
        _part(
            content.get("representations"),
            lambda count: ngettext(
                "%(count)s to ask for a change", "%(count)s to ask for a change", count.number, count=count.words
            ),
            _("Some to ask for a change (we keep this number private)"),
        ),
        _part(
            content.get("compliments"),
            lambda count: ngettext(
                "%(count)s to say thank you", "%(count)s to say thank you", count.number, count=count.words
            ),
            _("Some to say thank you (we keep this number private)"),
        ),
        _part(
            content.get("ideas"),
            lambda count: ngettext(
                "%(count)s with an idea to make things better",
                "%(count)s with an idea to make things better",
                count.number,
                count=count.words,
            ),
            _("Some with an idea to make things better (we keep this number private)"),
        ),
    ]
    return [part for part in parts if part]


def what_you_told_us(content):
    """The published figures as short sentences a 9-year-old can read, leaving out any that are withheld: the whole
    ("We got 94 messages in all. They were:"), its parts, one for each kind, so they add up to it, and the rest."""
    parts = _kinds_in_words(content)
    if parts:
        whole = _sentence(
            content.get("told_us"),
            lambda count: ngettext(
                "We got %(count)s message in all. They were:",
                "We got %(count)s messages in all. They were:",
                count.number,
                count=count.words,
            ),
        )
    else:
        whole = _sentence(
            content.get("told_us"),
            lambda count: ngettext(
                "We got %(count)s message in all.", "We got %(count)s messages in all.", count.number, count=count.words
            ),
        )
    complaints = content.get("complaints")
    # Who sent them matters only when there were some: "0 of these came from young people" says nothing. Nor does
    # "0 young people got help from an advocate", which reads as a slip.
    from_young_people = None if complaints == "0" else content.get("from_young_people")
    advocates = None if content.get("advocates") == "0" else content.get("advocates")
    more = [
        _sentence(
            from_young_people,
            lambda count: ngettext(
                "%(count)s of the things that went wrong came from young people.",
                "%(count)s of the things that went wrong came from young people.",
                count.number,
                count=count.words,
            ),
        ),
        _sentence(
            advocates,
            lambda count: ngettext(
                "%(count)s young person got help from an advocate.",
                "%(count)s young people got help from an advocate.",
                count.number,
                count=count.words,
            ),
        ),
    ]
    return {"whole": whole, "parts": parts, "more": [line for line in more if line]}


def answered_on_time(content):
    """How many first answers (stage 1) we gave, and how many of those on time, as sentences."""
    # Stage 1 answers go to representations ("ask for a change") as well as complaints ("something went wrong"): "58
    # of the things you told us" beside "46 to say something went wrong" read as a mistake.
    if "first_answers_sent" in content:
        # Counted in the year each was sent, so some answer messages from the year before: not "of the messages".
        number = content["first_answers_sent"]
        answered = _sentence(
            number,
            lambda count: ngettext(
                "This year we sent %(count)s first answer to messages about something wrong or a change.",
                "This year we sent %(count)s first answers to messages about something wrong or a change.",
                count.number,
                count=count.words,
            ),
        )
    elif "answered" in content:
        # Published before answers were counted by the year they were sent: the first answers to the year's messages.
        number = content["answered"]
        answered = _sentence(
            number,
            lambda count: ngettext(
                "We sent a first answer to %(count)s of the messages about something wrong or a change.",
                "We sent a first answer to %(count)s of the messages about something wrong or a change.",
                count.number,
                count=count.words,
            ),
        )
    else:
        # Published before these figures were kept: it had the share of first answers on time.
        share = content.get("on_time", "")
        return [_("We gave %(share)s of our first answers on time.", share=share)] if share.endswith("%") else []
    if answered is None or number == "0":
        return [line for line in [answered] if line]
    on_time = _sentence(
        content["answered_on_time"],
        lambda count: ngettext(
            "%(count)s of these answers was on time.",
            "%(count)s of these answers were on time.",
            count.number,
            count=count.words,
        ),
    )
    return [line for line in (answered, on_time) if line]


def pledge_changed(content):
    """How many promises we changed because of what young people said, as a sentence; None when none were (or the
    version was published before this was counted)."""
    number = content.get("pledge_changes")
    if number in (None, "0") or not number.isdigit():
        return None
    return ngettext(
        "We changed %(num)d promise in our Pledge because of what you said.",
        "We changed %(num)d promises in our Pledge because of what you said.",
        int(number),
    )


def year_in_words(content):
    """The first and last days of the report's year, like "1 April 2025", in the page's language."""
    year = Year.parse(content["year"])
    return {"first": date_in_words(year.first_day, "d MMMM y"), "last": date_in_words(year.last_day, "d MMMM y")}


def publish_for_young_people(report, user):
    """Publish (or publish again) the young people's version of the report's year, as the report stands now."""
    db = get_session()
    published = db.scalar(select(PublishedReport).where(PublishedReport.year_start == report.year.start))
    if published is None:
        published = PublishedReport(year_start=report.year.start)
        db.add(published)
    published.published_at = datetime.now(UTC)
    published.published_by_id = user.id
    published.as_of = report.as_of
    published.content = young_peoples_content(report)
    db.commit()
    return published


def published_reports():
    return get_session().scalars(select(PublishedReport).order_by(PublishedReport.year_start.desc())).all()


def published_report(year):
    return get_session().scalar(select(PublishedReport).where(PublishedReport.year_start == year.start))
