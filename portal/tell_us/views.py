"""Tell us (/tell-us): send a complaint, representation, suggestion or compliment without an account."""

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError

from portal.access import public
from portal.db import get_session
from portal.limits import limit_posts, per_address
from portal.security import is_cross_origin, mark_private
from portal.tell_us import bp, forms, services
from portal.tell_us.journey import (
    CHECK,
    STEPS_BY_SLUG,
    detour,
    first_unanswered,
    next_slug,
    previous_slug,
    steps_for,
)
from portal.tell_us.wording import check_rows, question_for

TELL_US_LIMIT_MESSAGE = _l(
    "You have sent us a lot of messages in a short time, so we have paused sending for a while. "
    "Your answers are still saved on this device."
)


@bp.before_request
def journey_pages_are_private():
    # Every page here can show someone's answers: never cached, so a shared phone keeps nothing after they go.
    mark_private()


@bp.get("/tell-us")
@public
def start():
    # /tell-us?promise=ID (from the Pledge page): start with that promise chosen; the check page shows it.
    chosen = services.promise_id_of(request.args.get("promise"))
    if chosen is not None:
        services.save_answers(services.current_draft(create=True), "which-promise", {"promise": str(chosen)})
    return render_template("tell_us/start.html", first_step=steps_for({})[0].slug)


@bp.route("/tell-us/<slug>", methods=["GET", "POST"])
@public
def step(slug):
    step_ = STEPS_BY_SLUG.get(slug) or abort(404)
    draft = services.current_draft(create=request.method == "POST")
    answers = services.answers_of(draft)
    changing = request.args.get("change") == "1"

    instead = detour(slug, answers)
    if instead:
        return redirect(_step_url(instead, changing))

    if step_.form is None:
        next_url = _step_url(next_slug(slug, answers, changing), changing)
        return render_template(step_.template, next_url=next_url, **_page(slug, answers, changing))

    form = (
        step_.form(data={name: answers.get(name) for name in step_.fields}) if request.method == "GET" else step_.form()
    )
    if form.validate_on_submit():
        services.save_answers(draft, slug, {name: form[name].data for name in step_.fields})
        return redirect(_step_url(next_slug(slug, services.answers_of(draft), changing), changing))
    return render_template(step_.template, form=form, field=form[step_.fields[0]], **_page(slug, answers, changing))


def _step_url(slug, changing=False):
    if slug == CHECK:
        return url_for("tell_us.check")
    return url_for("tell_us.step", slug=slug, change="1" if changing else None)


def _page(slug, answers, changing=False):
    previous = CHECK if changing else previous_slug(slug, answers)
    return {
        "answers": answers,
        "back_url": _step_url(previous) if previous else url_for("tell_us.start"),
        "question": question_for(slug, answers),
    }


@bp.get("/tell-us/check")
@public
def check():
    draft = services.current_draft()
    answers = services.answers_of(draft)
    unanswered = first_unanswered(answers)
    if unanswered:
        return redirect(_step_url(unanswered))
    if draft.case_id is not None:
        return redirect(url_for("tell_us.sent"))
    return render_template(
        "tell_us/check.html", check_rows=check_rows, **_page(CHECK, services.applicable_answers(answers))
    )


def _case_created():
    return g.get("case_created", False)


def _already_sent():
    # A double-tapped Send finds the case already made: it shows it again, and is no new send to count.
    draft = services.current_draft()
    return draft is not None and draft.case_id is not None


@bp.post("/tell-us/send")
@public
@limit_posts(
    "TELL_US_LIMIT_PER_DEVICE", services.device_key, _case_created, TELL_US_LIMIT_MESSAGE, exempt=_already_sent
)
@limit_posts(
    "TELL_US_LIMIT_PER_ADDRESS",
    per_address("TELL_US_LIMIT_PER_ADDRESS"),
    _case_created,
    TELL_US_LIMIT_MESSAGE,
    exempt=_already_sent,
)
def send():
    draft = services.current_draft()
    if draft is None or first_unanswered(draft.answers):
        return redirect(url_for("tell_us.check"))
    try:
        services.send(draft, session[services.SESSION_CODE])
    except SQLAlchemyError:
        get_session().rollback()
        current_app.logger.exception("Could not save a Tell us case")
        answers = services.applicable_answers(services.answers_of(draft))
        return render_template("tell_us/not_sent.html", **_page(CHECK, answers)), 503
    return redirect(url_for("tell_us.sent"))


@bp.get("/tell-us/sent")
@public
def sent():
    draft = services.current_draft()
    if draft is None or draft.case_id is None:
        return redirect(url_for("tell_us.start"))
    return render_template(
        "tell_us/sent.html",
        case=draft.case,
        tracking_code=session.get(services.SESSION_CODE),
        about_you_answered=draft.case.equality is not None,
    )


@bp.route("/tell-us/about-you", methods=["GET", "POST"])
@public
def about_you():
    """The optional equality questions, after the case is sent: they go straight to their own table."""
    draft = services.current_draft()
    if draft is None or draft.case_id is None:
        return redirect(url_for("tell_us.start"))
    form = forms.AboutYouForm()
    if form.validate_on_submit():
        services.save_equality_answers(draft.case, form.data)
        return redirect(url_for("tell_us.sent", _anchor="about-you-done"))
    told_by_me = draft.answers.get("told_by_me")
    return render_template(
        "tell_us/about_you.html", form=form, answers={"told_by_me": told_by_me}, back_url=url_for("tell_us.sent")
    )


@bp.post("/tell-us/forget")
@public
def forget():
    """Exit this page: the button's script tells us (navigator.sendBeacon) as it leaves, and the draft goes."""
    services.forget_this_device()
    return "", 204


@bp.get("/tell-us/exit")
@public
def exit_this_page():
    """Exit this page without JavaScript: the link comes here, the draft and the session's code go, and a 303 sends
    the person on to the exit address. So Back or reload afterwards finds nothing to show. (With JavaScript the
    button goes straight to the exit address and a beacon to /tell-us/forget does the forgetting.)"""
    # A link on another site must not be able to wipe someone's answers: only our own pages (or a typed address)
    # forget. Everyone is sent on, whatever sent them.
    if not is_cross_origin(request.headers, request.host):
        services.forget_this_device()
    return redirect(current_app.config["EXIT_PAGE_URL"], code=303)


@bp.post("/tell-us/finish")
@public
def finish():
    services.finish(services.current_draft())
    return redirect(url_for("tell_us.finished"))


@bp.get("/tell-us/finished")
@public
def finished():
    return render_template("tell_us/finished.html")
