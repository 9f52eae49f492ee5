"""Staff side of keeping the Pledge: partner leads post progress on the promises their organisation owns
(/partner/promises); participation officers and managers see /staff/pledge (late, off track and low "kept" first),
set each promise's monitoring plan, read the private "tell us more" words and record the Pledge being given out."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.access import roles
from portal.clock import london_today
from portal.kept import bp, forms, services, summaries
from portal.kept.forms import number_or_none
from portal.models import Role
from portal.published import published_text_of

STAFF = (Role.PARTICIPATION_OFFICER, Role.MANAGER)


# --- Partner leads ----------------------------------------------------------------------------------------------------


@bp.get("/partner/promises")
@roles(Role.PARTNER_LEAD)
def partner_promises():
    plans = services.plans_for_partner(current_user.partner_id) if current_user.partner_id else []
    return render_template(
        "kept/partner_promises.html",
        plans=plans,
        latest=services.latest_updates([plan.promise_id for plan in plans]),
        title_of=services.promise_title,
        today=london_today(),
    )


@bp.route("/partner/promises/<int:promise_id>", methods=["GET", "POST"])
@roles(Role.PARTNER_LEAD)
def partner_update(promise_id):
    plan = services.plan_for(promise_id) or abort(404)
    if not services.owns(current_user, plan):
        abort(403)  # another partner's promise: the service refuses it too (NotYourPromise)
    form = forms.UpdateForm()
    if form.validate_on_submit():
        services.post_update(
            current_user,
            promise_id,
            status=form.status.data,
            done=form.done.data,
            next_steps=form.next_steps.data,
            evidence_link=form.evidence_link.data,
            evidence_number=number_or_none(form.evidence_number.data),
            evidence_about=form.evidence_about.data,
        )
        flash("Your update is posted.")
        return redirect(url_for("kept.partner_promises"))
    return render_template(
        "kept/partner_update.html",
        form=form,
        plan=plan,
        title=services.promise_title(promise_id),
        updates=services.updates_for(promise_id),
        today=london_today(),
    )


# --- Participation officers and managers ------------------------------------------------------------------------


@bp.get("/staff/pledge")
@roles(*STAFF)
def dashboard():
    return render_template(
        "kept/dashboard.html",
        rows=summaries.dashboard(),
        reach=services.reach_over_time(),
        given=services.recent_given(),
        period=services.period_label(services.current_period()),
    )


@bp.get("/staff/pledge/promises/<int:promise_id>")
@roles(*STAFF)
def promise_detail(promise_id):
    text = published_text_of(promise_id) or abort(404)
    periods = services.recent_periods()
    counts = services.kept_counts([promise_id], periods)
    return render_template(
        "kept/promise_detail.html",
        text=text,
        plan=services.plan_for(promise_id),
        updates=services.updates_for(promise_id),
        periods=[(services.period_label(period), counts[(promise_id, period)]) for period in reversed(periods)],
        comments=services.kept_comments_for(promise_id),
        today=london_today(),
        label_of=services.period_label,
    )


@bp.route("/staff/pledge/promises/<int:promise_id>/plan", methods=["GET", "POST"])
@roles(*STAFF)
def edit_plan(promise_id):
    text = published_text_of(promise_id) or abort(404)
    plan = services.plan_for(promise_id)
    if plan is not None:
        data = {
            "owners": [owner.id for owner in plan.owners],
            "measure": plan.measure,
            "target": plan.target,
            "frequency": plan.frequency.value,
            "next_due": plan.next_due,
        }
    else:
        data = {"owners": [owner.id for owner in text.owners]}
    form = forms.PlanForm(data=data)
    form.owners.choices = [(partner.id, partner.name) for partner in services.all_partners()]
    if form.validate_on_submit():
        services.save_plan(
            promise_id,
            owner_ids=form.owners.data,
            measure=form.measure.data,
            target=form.target.data,
            frequency=form.frequency.data,
            next_due=form.next_due.data,
            by=current_user,
        )
        flash("The monitoring plan is saved.")
        return redirect(url_for("kept.promise_detail", promise_id=promise_id))
    return render_template("kept/plan_form.html", form=form, text=text, plan=plan)


@bp.route("/staff/pledge/given", methods=["GET", "POST"])
@roles(*STAFF)
def record_given():
    form = forms.GivenForm()
    if form.validate_on_submit():
        services.record_given(
            count=int(form.count.data), given_on=form.given_on.data, team=form.team.data, by=current_user
        )
        flash("Recorded. Thank you.")
        return redirect(url_for("kept.dashboard"))
    return render_template("kept/given_form.html", form=form)
