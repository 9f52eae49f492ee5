"""The Tell us journey: which pages there are, in what order, and which apply given the answers so far.

One thing per page (GOV.UK pattern). A step with a form stores the form's fields in the draft's answers under the
fields' names; a step without a form is a page to read (the help page after "I am not safe")."""

from dataclasses import dataclass, field

from wtforms.fields.core import UnboundField

from portal.published import pledge_is_published
from portal.tell_us import forms

# The answers key listing the questions already answered (optional questions have no other trace).
SEEN = "_answered"


@dataclass(frozen=True)
class Step:
    slug: str
    form: type | None = None
    applies: object = field(default=lambda answers: True)
    template: str = "tell_us/question.html"

    @property
    def fields(self):
        """The names of this page's answers."""
        if self.form is None:
            return ()
        return tuple(name for name, value in vars(self.form).items() if isinstance(value, UnboundField))

    def answered(self, answers):
        """A page to read needs no answer; a question counts once its form was sent without errors."""
        return self.form is None or self.slug in answers.get(SEEN, ())


def _kind(answers):
    return answers.get("kind")


def _someone_else(answers):
    return answers.get("told_by_me") == "someone_else"


def _not_safe(answers):
    return answers.get("safe_now") in ("no", "not_sure")


STEPS = (
    Step("what-kind", forms.KindForm),
    Step("are-you-safe", forms.SafeForm),
    Step("get-help-now", None, _not_safe, "tell_us/get_help_now.html"),
    Step("who", forms.WhoForm),
    Step("who-you-are", forms.RelationshipForm, _someone_else),
    Step("who-else", forms.OtherRelationshipForm, lambda a: _someone_else(a) and a.get("told_by") == "other"),
    Step("do-they-agree", forms.AgreesForm, _someone_else),
    Step("what-happened", forms.WordsForm),
    # Only while a Pledge is published: which of its promises it is about (or "not sure", "none of these").
    Step("which-promise", forms.WhichPromiseForm, lambda a: pledge_is_published(), "tell_us/which_promise.html"),
    Step("when", forms.WhenForm, lambda a: _kind(a) != "suggestion"),
    Step("what-would-help", forms.OutcomeForm, lambda a: _kind(a) in ("complaint", "representation")),
    Step("advocate", forms.AdvocateForm, lambda a: _kind(a) != "compliment"),
    # Each way of replying asks for its own detail on a page of its own (GOV.UK's conditional reveal puts
    # aria-expanded on radios, which ARIA does not allow: alphagov/govuk-frontend#979).
    Step("reply", forms.ReplyForm),
    Step("reply-email", forms.ReplyEmailForm, lambda a: a.get("reply_route") == "email"),
    Step("reply-phone", forms.ReplyPhoneForm, lambda a: a.get("reply_route") == "phone"),
    Step("reply-mobile", forms.ReplyMobileForm, lambda a: a.get("reply_route") == "text"),
    Step("reply-via", forms.ReplyViaForm, lambda a: a.get("reply_route") == "social_worker"),
    Step("language", forms.LanguageForm),
    Step("which-language", forms.WhichLanguageForm, lambda a: a.get("interpreter") == "yes"),
    Step("name", forms.NameForm),
    # The optional "about you" questions come after Send (views.about_you): the case is safe before anything
    # optional is asked.
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
CHECK = "check"


def steps_for(answers):
    """The steps that apply, in order, for these answers."""
    return [step for step in STEPS if step.applies(answers)]


def next_slug(slug, answers, changing=False):
    """Where to go after slug: the next applicable step, or the check page. When changing an answer from the check
    page, go back to it, unless the change opened a step not yet answered (say, a new "who are you" question)."""
    if slug == "are-you-safe" and _not_safe(answers):
        return "get-help-now"  # always, even when changing an answer: help comes first
    if changing:
        return first_unanswered(answers) or CHECK
    slugs = [step.slug for step in steps_for(answers)]
    if slug in slugs and slugs.index(slug) + 1 < len(slugs):
        return slugs[slugs.index(slug) + 1]
    return CHECK


def previous_slug(slug, answers):
    """The page before slug, for the Back link; None for the first page."""
    slugs = [step.slug for step in steps_for(answers)]
    if slug == CHECK:
        return slugs[-1]
    if slug in slugs and slugs.index(slug) > 0:
        return slugs[slugs.index(slug) - 1]
    return None


def detour(slug, answers):
    """Where to send someone who asks for slug, or None to show it: a page that does not apply goes on to what
    does, and nobody skips ahead of a question they have not answered."""
    if not STEPS_BY_SLUG[slug].applies(answers):
        return first_unanswered(answers) or CHECK
    unanswered = first_unanswered(answers)
    slugs = [step.slug for step in steps_for(answers)]
    if unanswered and slugs.index(unanswered) < slugs.index(slug):
        return unanswered
    return None


def first_unanswered(answers):
    for step in steps_for(answers):
        if not step.answered(answers):
            return step.slug
    return None
