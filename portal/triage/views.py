"""Triage (/staff/cases): the queue, the case page and its actions, the access log, and cases that came by phone
or letter. Actions are a table, not a branch per view; when each applies is portal.cases.rules, as in the services."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from portal import outbox
from portal.access import roles
from portal.cases import labels, languages, lists, rules
from portal.cases.deadlines import (
    LONGEST_DAYS,
    RANK_UNSAFE_UNSEEN,
    RANK_URGENT,
    STANDARD_DAYS,
    deadlines_for,
    is_paused,
    received_on,
)
from portal.cases.history import changes_in_words
from portal.clock import london_today
from portal.db import get_session
from portal.forms import choices
from portal.models import Role
from portal.models.triage import ThemeKind
from portal.published import promise_choices
from portal.triage import bp, forms, queue, services

CASE_ROLES = rules.CASE_ROLES
STALE_MESSAGE = (
    "Someone else changed this case while you were working on it. What you typed is below: check the case "
    "as it is now (opens in this page when you go back), then save again."
)


@dataclass(frozen=True)
class Action:
    title: str
    form: type
    apply: Callable  # (case, user, form) -> optional message
    applies: Callable = lambda case: True  # noqa: E731 - shown on the case page only when this is true
    prepare: Callable = lambda form, case: None  # noqa: E731 - fill choices and defaults
    # Whether this person may do it to this case at all: if not, it is not shown and the page answers 403.
    allowed: Callable = lambda user, case: True  # noqa: E731
    # What to know before doing it to this case as it is now (shown above the form), or None.
    note: Callable = lambda case: None  # noqa: E731


def when(check, *args):
    """An action's applies: true when the stage rule check finds nothing against it."""
    return lambda case: rules.allows(check, case, *args)


def _default(field, value):
    if request.method == "GET" and field.data is None:
        field.data = value


def _prepare_assign(form, case):
    form.officer.choices = choices((str(u.id), f"{u.name} ({u.role.label})") for u in services.case_officers())
    _default(form.officer, str(case.assigned_to_id) if case.assigned_to_id else None)


def _prepare_categorise(form, case):
    form.service_areas.choices = [(a.id, a.name) for a in lists.service_areas()]
    form.themes.choices = [(t.id, f"{t.name} ({ThemeKind.LABELS.get(t.kind, t.kind)})") for t in lists.themes()]
    if request.method == "GET":
        form.service_areas.data = [a.id for a in case.service_areas]
        form.themes.data = [t.id for t in case.themes]


def _prepare_extend(form, case):
    running = rules.current_stage(case)
    if running is not None and running.number in LONGEST_DAYS:
        form.days.description = (
            f"Stage {running.number}: {STANDARD_DAYS[running.number]} working days as standard, "
            f"up to {LONGEST_DAYS[running.number]} with a reason"
        )
        _default(form.days, LONGEST_DAYS[running.number] if running.number == 1 else None)


def _prepare_done(form, case):
    form.learning_id.choices = choices(
        (str(item.id), item.words) for item in case.learning if item.kind == "action" and item.done_on is None
    )


def _prepare_promise(form, case):
    form.promise.choices = [(forms.NO_PROMISE, "Not about a promise"), *promise_choices()]
    _default(form.promise, str(case.promise_id) if case.promise_id else forms.NO_PROMISE)


def _prepare_close(form, case):
    form.outcome.choices = choices((o.value, labels.OUTCOME_LABELS[o]) for o in rules.closing_outcomes(case))
    waiting = rules.stage_waiting_for_its_answer(case)
    if waiting is not None:
        answer = "adjudication" if waiting == 2 else "response"
        form.outcome.description = (
            f"There is no stage {waiting} {answer} yet, so the case can only be closed as withdrawn or resolved. "
            f"To close it as upheld, partly upheld or not upheld, record the stage {waiting} {answer} first."
        )


def _close_note(case):
    running = rules.running_pause(case)
    if running is None:
        return None
    return (
        f"This case is paused ({labels.PAUSE_REASONS.get(running.reason_kind, running.reason_kind).lower()}, from "
        f"{running.started_on.day} {running.started_on:%B %Y}). Closing it ends the pause; the history will say so."
    )


def _close(case, user, form):
    ends_a_pause = rules.running_pause(case) is not None
    services.close(case, user, form.outcome.data, form.summary.data)
    return "Case closed. Its pause has ended." if ends_a_pause else "Case closed."


def _link_promise(case, user, form):
    services.link_promise(case, user, None if form.promise.data == forms.NO_PROMISE else int(form.promise.data))


def _today_default(name):
    def prepare(form, _case):
        _default(form[name], london_today())

    return prepare


def _received_default(form, case):
    _default(form.started_on, received_on(case))


def _safeguarding(case, user, form):
    services.refer_to_safeguarding(case, user, form.referred_to.data, form.their_reference.data, form.notes.data)
    # The email goes from the outbox: its state shows under Messages on the case, and a red banner if it is late.
    return "Referred to safeguarding. The email to the safeguarding inbox is on its way: see Messages below."


def _take(case, user, form):
    services.take(case, user, form.reason.data)
    return "You have taken this case. The managers have been told."


def _request(number):
    def apply(case, user, form):
        late = services.request_next_stage(case, user, number, form.requested_on.data)
        if late:
            return f"Stage {number} asked for. Flagged: the request came more than 20 working days after the response."
        return f"Stage {number} asked for."

    return apply


ACTIONS = {
    "acknowledge": Action(
        "Acknowledge",
        forms.AcknowledgeForm,
        lambda c, u, f: services.acknowledge(c, u, f.acknowledged_on.data),
        when(rules.check_acknowledge),
        _today_default("acknowledged_on"),
    ),
    "safeguarding": Action("Refer to safeguarding", forms.SafeguardingForm, _safeguarding),
    "assign": Action(
        "Assign",
        forms.AssignForm,
        lambda c, u, f: services.assign(c, u, int(f.officer.data)),
        when(rules.check_assign),
        _prepare_assign,
        allowed=lambda u, c: services.may_assign(u),
    ),
    "take": Action(
        "Take this case",
        forms.TakeForm,
        _take,
        allowed=services.may_take,  # whose case it is, and whether it is closed: nothing else to check
    ),
    "categorise": Action(
        "Service areas and themes",
        forms.CategoriseForm,
        lambda c, u, f: services.categorise(c, u, f.service_areas.data, f.themes.data),
        prepare=_prepare_categorise,
    ),
    "promise": Action("Pledge promise", forms.PromiseForm, _link_promise, prepare=_prepare_promise),
    "start-stage-1": Action(
        "Start stage 1",
        forms.StartStage1Form,
        lambda c, u, f: services.start_stage_1(c, u, f.started_on.data),
        when(rules.check_start_stage_1),
        _received_default,
    ),
    "extend": Action(
        "Extend the stage",
        forms.ExtendForm,
        lambda c, u, f: services.extend(c, u, f.days.data, f.reason.data),
        when(rules.check_extend),
        _prepare_extend,
    ),
    "respond": Action(
        "Record the response or adjudication",
        forms.RespondForm,
        lambda c, u, f: services.respond(c, u, f.responded_on.data, f.outcome.data, f.summary.data),
        when(rules.check_respond),
        _today_default("responded_on"),
    ),
    "request-stage-2": Action(
        "Stage 2 asked for",
        forms.RequestForm,
        _request(2),
        when(rules.check_request_stage, 2),
        _today_default("requested_on"),
    ),
    "start-stage-2": Action(
        "Start the stage 2 investigation",
        forms.StartStage2Form,
        lambda c, u, f: services.start_stage_2(
            c, u, f.started_on.data, f.investigating_officer.data, f.independent_person.data
        ),
        when(rules.check_start_stage_2),
    ),
    "complaint-point": Action(
        "Add a stage 2 complaint point",
        forms.PointForm,
        lambda c, u, f: services.add_point(c, u, f.summary.data, f.outcome.data),
        when(rules.check_add_point),
    ),
    "request-stage-3": Action(
        "Stage 3 asked for",
        forms.RequestForm,
        _request(3),
        when(rules.check_request_stage, 3),
        _today_default("requested_on"),
    ),
    "review-panel": Action(
        "Stage 3 review panel",
        forms.ReviewPanelForm,
        lambda c, u, f: services.record_review_panel(
            c, u, f.panel_on.data, f.report_on.data, f.responded_on.data, f.outcome.data
        ),
        when(rules.check_review_panel),
    ),
    "ombudsman": Action(
        "Ombudsman",
        forms.OmbudsmanForm,
        lambda c, u, f: services.record_ombudsman(
            c, u, f.referred_on.data, f.decided_on.data, f.decision.data, f.remedy.data
        ),
        rules.goes_through_stages,
    ),
    "pause": Action(
        "Pause the clock",
        forms.PauseForm,
        lambda c, u, f: services.pause(c, u, f.reason_kind.data, f.reason.data, f.started_on.data),
        when(rules.check_pause),
        _today_default("started_on"),
    ),
    "resume": Action(
        "Start the clock again",
        forms.ResumeForm,
        lambda c, u, f: services.resume(c, u, f.resumed_on.data),
        when(rules.check_resume),
        _today_default("resumed_on"),
    ),
    "advocacy": Action(
        "Advocacy",
        forms.AdvocacyForm,
        lambda c, u, f: services.record_advocacy(
            c, u, f.requested_on.data, f.referred_to.data, f.referred_on.data, f.provided_on.data
        ),
    ),
    "learning": Action(
        "Add a lesson or action",
        forms.LearningForm,
        lambda c, u, f: services.add_learning(
            c, u, f.kind.data, f.words.data, f.owner.data, f.due_on.data, f.publish.data
        ),
    ),
    "action-done": Action(
        "Mark an action done",
        forms.ActionDoneForm,
        lambda c, u, f: services.mark_action_done(c, u, int(f.learning_id.data), f.done_on.data),
        lambda c: any(i.kind == "action" and i.done_on is None for i in c.learning),
        lambda f, c: (_prepare_done(f, c), _today_default("done_on")(f, c)),
    ),
    "message": Action(
        "Send a message to the young person",
        forms.MessageForm,
        lambda c, u, f: services.share_message(c, u, f.message.data),
    ),
    "close": Action(
        "Close the case",
        forms.CloseForm,
        _close,
        when(rules.check_close),
        _prepare_close,
        note=_close_note,
    ),
}


def _filters_from(form):
    return queue.Filters(
        q=(form.q.data or "").strip()[:200],
        status=form.status.data or "open",
        kind=form.kind.data or "",
        officer=form.officer.data or "",
        service_area=form.service_area.data or "",
        theme=form.theme.data or "",
        promise=form.promise.data or "",
        language=form.language.data or "",
        received_from=form.received_from.data if not form.received_from.errors else None,
        received_to=form.received_to.data if not form.received_to.errors else None,
    )


def _queue_form():
    form = forms.QueueFilterForm(request.args)
    form.status.choices = queue.STATUS_CHOICES
    form.kind.choices = [("", "Any"), *((k.value, label) for k, label in labels.KIND_LABELS.items())]
    form.officer.choices = [
        ("", "Anyone"),
        ("none", "Not assigned"),
        *((str(u.id), u.name) for u in services.case_officers()),
    ]
    form.service_area.choices = [("", "Any"), *((str(a.id), a.name) for a in lists.service_areas(False))]
    form.theme.choices = [("", "Any"), *((str(t.id), t.name) for t in lists.themes(False))]
    form.promise.choices = [("", "Any"), *promise_choices()]
    form.language.choices = queue.language_choices()
    if not form.status.data:
        form.status.data = "open"
    form.validate()
    return form


@bp.get("/staff/cases")
@roles(*CASE_ROLES)
def cases():
    form = _queue_form()
    filters = _filters_from(form)
    today = london_today()
    page, next_cursor = queue.page_of_cases(filters, today, request.args.get("after"))
    # Shown above the list on every page whatever the filters: a filter answers the question it was asked (the CSV
    # too), and a young person who is not safe is everyone's first job until someone has seen them.
    unseen, unseen_total = queue.unsafe_and_not_yet_seen()
    args = filters.as_args()
    return render_template(
        "triage/queue.html",
        form=form,
        unseen=unseen,
        unseen_total=unseen_total,
        unseen_url=url_for("triage.cases", status="unsafe_unseen"),
        ranks={"unsafe_unseen": RANK_UNSAFE_UNSEEN, "urgent": RANK_URGENT},
        filter_errors=form.errors,
        cases=page,
        today=today,
        next_url=url_for("triage.cases", **args, after=next_cursor) if next_cursor else None,
        first_url=url_for("triage.cases", **args) if request.args.get("after") else None,
        export_url=url_for("triage.export", **args),
        status_labels=labels.STATUS_LABELS,
        kind_labels=labels.KIND_LABELS,
    )


@bp.get("/staff/cases.csv")
@roles(*CASE_ROLES)
def export():
    filters = _filters_from(_queue_form())
    user, today = current_user._get_current_object(), london_today()
    services.log_export(filters, today, user)
    rows = queue.export_rows(filters, today, user)
    response = Response(stream_with_context(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename=cases-{today.isoformat()}.csv"
    return response


def _case_or_404(case_id, what):
    case = services.open_case(case_id, current_user, what)
    if case is None:
        abort(404)
    return case


@bp.get("/staff/cases/<int:case_id>")
@roles(*CASE_ROLES)
def case(case_id):
    case_ = _case_or_404(case_id, "case page")
    today = london_today()
    available = [
        (slug, action.title)
        for slug, action in ACTIONS.items()
        if action.applies(case_) and action.allowed(current_user, case_)
    ]
    return render_template(
        "triage/case.html",
        case=case_,
        deadlines=deadlines_for(case_),
        today=today,
        actions=available,
        contact=services.may_see_contact_details(current_user, case_),
        status_labels=labels.STATUS_LABELS,
        kind_labels=labels.KIND_LABELS,
        channel_labels=labels.CHANNEL_LABELS,
        answer=labels.case_answer,
        outcomes=labels.OUTCOME_LABELS,
        pause_reasons=labels.PAUSE_REASONS,
        paused=is_paused(case_),
        promise_title=services.promise_title(case_.promise_id),
        changes_in_words=changes_in_words,
        messages=outbox.messages_for_case(case_.id),
        message_what=outbox.what,
        pages_language_in_words=languages.pages_language_in_words,
        interpreter_in_words=languages.interpreter_in_words,
    )


@bp.route("/staff/cases/<int:case_id>/<action>", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def case_action(case_id, action):
    spec = ACTIONS.get(action) or abort(404)
    case_ = _case_or_404(case_id, spec.title)
    if not spec.allowed(current_user, case_):
        abort(403)
    if not spec.applies(case_):
        flash(f"‘{spec.title}’ does not apply to this case as it is now.")
        return redirect(url_for("triage.case", case_id=case_.id))
    form = spec.form()
    if request.method == "GET":
        form.version.data = str(case_.version)
    spec.prepare(form, case_)
    stale = False
    if form.validate_on_submit():
        try:
            services.check_version(case_, form.version.data)
            message = spec.apply(case_, current_user, form)
        except services.StaleCase:
            get_session().rollback()
            stale = True
            form.version.data = str(get_session().get(type(case_), case_id).version)
        except services.NotAllowed:
            get_session().rollback()
            abort(403)
        except rules.ActionRefused as refused:
            get_session().rollback()
            field = form[refused.field] if refused.field and refused.field in form else None
            target = field or next(f for f in form if f.name not in ("csrf_token", "version"))
            target.errors = [*target.errors, str(refused)]
        else:
            flash(message or f"{spec.title}: saved.")
            return redirect(url_for("triage.case", case_id=case_.id))
    return render_template(
        "triage/action.html", form=form, case=case_, title=spec.title, stale=stale, note=spec.note(case_)
    )


@bp.get("/staff/cases/<int:case_id>/access-log")
@roles(Role.MANAGER)
def access_log(case_id):
    case_ = _case_or_404(case_id, "access log")
    return render_template("triage/access_log.html", case=case_, rows=services.access_log(case_))


@bp.route("/staff/cases/new", methods=["GET", "POST"])
@roles(*CASE_ROLES)
def new_case():
    form = forms.NewCaseForm()
    if request.method == "GET" and form.received_on.data is None:
        form.received_on.data = london_today()
    if form.validate_on_submit():
        case_, code = services.record_case(
            current_user,
            form.channel.data,
            form.kind.data,
            form.received_on.data,
            form.safe_now.data,
            form.told_by.data,
            form.words.data,
            form.name.data,
            form.reply_email.data,
            form.reply_phone.data,
        )
        flash(
            f"Case {case_.reference} recorded. Give the young person their private tracking code: {code}. "
            "It is shown only this once."
        )
        return redirect(url_for("triage.case", case_id=case_.id))
    return render_template("triage/action.html", form=form, case=None, title="Record a case", stale=False)
