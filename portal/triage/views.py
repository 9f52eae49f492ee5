"""Triage (/staff/cases): the queue, the case page and its actions, the access log, cases that came by phone or
letter, and (for admins) the lists of service areas and themes. Actions are a table, not a branch per view."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user

from portal.access import roles
from portal.db import get_session
from portal.forms import choices
from portal.models import QualityTheme, Role, ServiceArea
from portal.models.triage import ThemeKind
from portal.triage import bp, deadlines, forms, queue, services
from portal.triage.deadlines import LONGEST_DAYS, london_today

CASE_ROLES = services.CASE_ROLES
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


def _is_open(case):
    return case.status not in (services.CaseStatus.CLOSED, services.CaseStatus.SAFEGUARDING)


def _stage(case, number):
    return deadlines.stage(case, number)


def _default(field, value):
    if request.method == "GET" and field.data is None:
        field.data = value


def _prepare_assign(form, case):
    form.officer.choices = choices((str(u.id), f"{u.name} ({u.role.label})") for u in services.case_officers())
    _default(form.officer, str(case.assigned_to_id) if case.assigned_to_id else None)


def _prepare_categorise(form, case):
    form.service_areas.choices = [(a.id, a.name) for a in services.service_areas()]
    form.themes.choices = [(t.id, f"{t.name} ({ThemeKind.LABELS.get(t.kind, t.kind)})") for t in services.themes()]
    if request.method == "GET":
        form.service_areas.data = [a.id for a in case.service_areas]
        form.themes.data = [t.id for t in case.themes]


def _prepare_extend(form, case):
    running = services.current_stage(case)
    if running is not None and running.number in LONGEST_DAYS:
        form.days.description = (
            f"Stage {running.number}: {deadlines.STANDARD_DAYS[running.number]} working days as standard, "
            f"up to {LONGEST_DAYS[running.number]} with a reason"
        )
        _default(form.days, LONGEST_DAYS[running.number] if running.number == 1 else None)


def _prepare_done(form, case):
    form.learning_id.choices = choices(
        (str(item.id), item.words) for item in case.learning if item.kind == "action" and item.done_on is None
    )


def _prepare_promise(form, case):
    form.promise.choices = [(forms.NO_PROMISE, "Not about a promise"), *services.promise_choices()]
    _default(form.promise, str(case.promise_id) if case.promise_id else forms.NO_PROMISE)


def _link_promise(case, user, form):
    services.link_promise(case, user, None if form.promise.data == forms.NO_PROMISE else int(form.promise.data))


def _today_default(name):
    def prepare(form, _case):
        _default(form[name], london_today())

    return prepare


def _received_default(form, case):
    _default(form.started_on, deadlines.received_on(case))


def _safeguarding(case, user, form):
    sent = services.refer_to_safeguarding(case, user, form.referred_to.data, form.their_reference.data, form.notes.data)
    if not sent:
        return "The referral is recorded, but the email to the safeguarding inbox failed: phone them now."
    return "Referred to safeguarding. The safeguarding inbox has been emailed."


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
        lambda c: c.acknowledged_on is None and c.status != services.CaseStatus.CLOSED,
        _today_default("acknowledged_on"),
    ),
    "safeguarding": Action("Refer to safeguarding", forms.SafeguardingForm, _safeguarding),
    "assign": Action(
        "Assign",
        forms.AssignForm,
        lambda c, u, f: services.assign(c, u, int(f.officer.data)),
        lambda c: c.status != services.CaseStatus.CLOSED,
        _prepare_assign,
        allowed=lambda u, c: services.may_assign(u),
    ),
    "take": Action(
        "Take this case",
        forms.TakeForm,
        _take,
        lambda c: c.assigned_to_id is None and c.status != services.CaseStatus.CLOSED,
        allowed=services.may_take,
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
        lambda c: _is_open(c) and c.kind in services.STAGED_KINDS and _stage(c, 1) is None,
        _received_default,
    ),
    "extend": Action(
        "Extend the stage",
        forms.ExtendForm,
        lambda c, u, f: services.extend(c, u, f.days.data, f.reason.data),
        lambda c: (
            _is_open(c)
            and (s := services.current_stage(c)) is not None
            and s.number in LONGEST_DAYS
            and s.started_on is not None
        ),
        _prepare_extend,
    ),
    "respond": Action(
        "Record the response or adjudication",
        forms.RespondForm,
        lambda c, u, f: services.respond(c, u, f.responded_on.data, f.outcome.data, f.summary.data),
        lambda c: (
            _is_open(c)
            and (s := services.current_stage(c)) is not None
            and s.number in (1, 2)
            and s.started_on is not None
        ),
        _today_default("responded_on"),
    ),
    "request-stage-2": Action(
        "Stage 2 asked for",
        forms.RequestForm,
        _request(2),
        lambda c: _is_open(c) and (s := _stage(c, 1)) is not None and s.responded_on and _stage(c, 2) is None,
        _today_default("requested_on"),
    ),
    "start-stage-2": Action(
        "Start the stage 2 investigation",
        forms.StartStage2Form,
        lambda c, u, f: services.start_stage_2(
            c, u, f.started_on.data, f.investigating_officer.data, f.independent_person.data
        ),
        lambda c: _is_open(c) and (s := _stage(c, 2)) is not None and s.responded_on is None,
    ),
    "complaint-point": Action(
        "Add a stage 2 complaint point",
        forms.PointForm,
        lambda c, u, f: services.add_point(c, u, f.summary.data, f.outcome.data),
        lambda c: _stage(c, 2) is not None,
    ),
    "request-stage-3": Action(
        "Stage 3 asked for",
        forms.RequestForm,
        _request(3),
        lambda c: _is_open(c) and (s := _stage(c, 2)) is not None and s.responded_on and _stage(c, 3) is None,
        _today_default("requested_on"),
    ),
    "review-panel": Action(
        "Stage 3 review panel",
        forms.ReviewPanelForm,
        lambda c, u, f: services.record_review_panel(
            c, u, f.panel_on.data, f.report_on.data, f.responded_on.data, f.outcome.data
        ),
        lambda c: _is_open(c) and _stage(c, 3) is not None,
    ),
    "ombudsman": Action(
        "Ombudsman",
        forms.OmbudsmanForm,
        lambda c, u, f: services.record_ombudsman(
            c, u, f.referred_on.data, f.decided_on.data, f.decision.data, f.remedy.data
        ),
        lambda c: c.kind in services.STAGED_KINDS,
    ),
    "pause": Action(
        "Pause the clock",
        forms.PauseForm,
        lambda c, u, f: services.pause(c, u, f.reason_kind.data, f.reason.data, f.started_on.data),
        lambda c: _is_open(c) and not deadlines.is_paused(c),
        _today_default("started_on"),
    ),
    "resume": Action(
        "Start the clock again",
        forms.ResumeForm,
        lambda c, u, f: services.resume(c, u, f.resumed_on.data),
        deadlines.is_paused,
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
        lambda c, u, f: services.close(c, u, f.outcome.data, f.summary.data),
        lambda c: c.status != services.CaseStatus.CLOSED,
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
        received_from=form.received_from.data if not form.received_from.errors else None,
        received_to=form.received_to.data if not form.received_to.errors else None,
    )


def _queue_form():
    form = forms.QueueFilterForm(request.args)
    form.status.choices = queue.STATUS_CHOICES
    form.kind.choices = [("", "Any"), *((k.value, label) for k, label in forms.KIND_LABELS.items())]
    form.officer.choices = [
        ("", "Anyone"),
        ("none", "Not assigned"),
        *((str(u.id), u.name) for u in services.case_officers()),
    ]
    form.service_area.choices = [("", "Any"), *((str(a.id), a.name) for a in services.service_areas(False))]
    form.theme.choices = [("", "Any"), *((str(t.id), t.name) for t in services.themes(False))]
    form.promise.choices = [("", "Any"), *services.promise_choices()]
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
    args = filters.as_args()
    return render_template(
        "triage/queue.html",
        form=form,
        filter_errors=form.errors,
        cases=page,
        today=today,
        next_url=url_for("triage.cases", **args, after=next_cursor) if next_cursor else None,
        first_url=url_for("triage.cases", **args) if request.args.get("after") else None,
        export_url=url_for("triage.export", **args),
        status_labels=forms.STATUS_LABELS,
        kind_labels=forms.KIND_LABELS,
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
        deadlines=deadlines.deadlines_for(case_),
        today=today,
        actions=available,
        contact=services.may_see_contact_details(current_user, case_),
        status_labels=forms.STATUS_LABELS,
        kind_labels=forms.KIND_LABELS,
        channel_labels=forms.CHANNEL_LABELS,
        outcomes=forms.OUTCOMES,
        pause_reasons=forms.PAUSE_REASONS,
        paused=deadlines.is_paused(case_),
        promise_title=services.promise_title(case_.promise_id),
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
        except services.ActionRefused as refused:
            get_session().rollback()
            field = form[refused.field] if refused.field and refused.field in form else None
            target = field or next(f for f in form if f.name not in ("csrf_token", "version"))
            target.errors = [*target.errors, str(refused)]
        else:
            flash(message or f"{spec.title}: saved.")
            return redirect(url_for("triage.case", case_id=case_.id))
    return render_template("triage/action.html", form=form, case=case_, title=spec.title, stale=stale)


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


# Admin: the lists of service areas and themes ---------------------------------------------------------------------

LISTS = {"service-areas": (ServiceArea, "Service areas"), "themes": (QualityTheme, "Themes")}


@bp.get("/admin/case-lists")
@roles(Role.ADMIN)
def lists():
    return render_template(
        "triage/lists.html",
        areas=services.service_areas(False),
        themes=services.themes(False),
        theme_kinds=ThemeKind.LABELS,
    )


@bp.route("/admin/case-lists/<which>/<int:item_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def list_item(which, item_id):
    model, label = LISTS.get(which) or abort(404)
    item = None if item_id == 0 else (get_session().get(model, item_id) or abort(404))
    form = forms.ListItemForm()
    if model is QualityTheme:
        form.kind.choices = choices(ThemeKind.LABELS.items())
        form.kind.validators = [forms.DataRequired("Choose the kind of theme")]
    else:
        del form.kind
    if request.method == "GET" and item is not None:
        form.name.data = item.name
        form.active.data = "yes" if item.active else "no"
        if model is QualityTheme:
            form.kind.data = item.kind
    if form.validate_on_submit():
        try:
            services.save_list_item(
                model,
                item,
                form.name.data,
                form.active.data == "yes",
                form.kind.data if model is QualityTheme else None,
            )
        except services.ActionRefused as refused:
            form.name.errors = [*form.name.errors, str(refused)]
        else:
            flash(f"{label}: ‘{form.name.data}’ saved.")
            return redirect(url_for("triage.lists"))
    title = f"Change ‘{item.name}’" if item else f"Add to {label.lower()}"
    return render_template(
        "triage/action.html", form=form, case=None, title=title, stale=False, back=url_for("triage.lists")
    )


@bp.app_template_filter("staff_time")
def staff_time(moment):
    """Like "27 Nov 2026, 14:05", London time."""
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=deadlines.UTC)
    return moment.astimezone(deadlines.LONDON).strftime("%-d %b %Y, %H:%M")


@bp.app_template_filter("staff_date")
def staff_date(moment):
    return staff_time(moment).split(",")[0]
