"""What young people said, for the people writing the next Pledge (Role Model Army members and participation
officers): what the Pledge does not cover yet, a change started from it, and the meeting pack to print or download.
A promise's own evidence is on its page (drafting_views.promise_page)."""

from flask import Response, abort, render_template, request
from flask_login import current_user

from portal.access import roles
from portal.models.pledge import PledgeVersion, VersionStatus
from portal.paper import paper_pdf
from portal.pledge import drafting_bp as bp
from portal.pledge import evidence
from portal.pledge.drafting_views import EDITORS, get_or_404
from portal.published import themes_with_promises


@bp.get("/pledge/drafts/<int:version_id>/gaps")
@roles(*EDITORS)
def gaps(version_id):
    version = get_or_404(PledgeVersion, version_id)
    return render_template(
        "pledge/gaps.html", version=version, gaps=evidence.gaps(), editable=version.status == VersionStatus.DRAFT
    )


@bp.get("/pledge/drafts/<int:version_id>/gaps/change")
@roles(*EDITORS)
def change_for_gap(version_id):
    """Choose the promise to change so that it answers a row of the gaps page."""
    version = get_or_404(PledgeVersion, version_id)
    answers = evidence.parse_answers(request.args.get("answers"))
    if version.status != VersionStatus.DRAFT or answers is None or answers[0] == "promise":
        abort(404)
    return render_template(
        "pledge/change_for_gap.html",
        version=version,
        themes=themes_with_promises(version),
        answers=f"{answers[0]}:{answers[1]}",
        described=evidence.describe_answers(answers),
        suggesting=current_user.role.value == "rma_member",
    )


def _pack(version_id):
    version = get_or_404(PledgeVersion, version_id)
    year = evidence.chosen_year(request.args.get("year"))
    themes = themes_with_promises(version)
    promises = [promise for theme in themes for promise in theme.live_promises]
    return {
        "version": version,
        "year": year,
        "themes": themes,
        "evidence": {promise.promise_id: evidence.evidence_for(promise.promise_id, year) for promise in promises},
        "answers": {promise.id: evidence.describe_answers(promise.answers) for promise in promises},
        "gaps": evidence.gaps(),
    }


@bp.get("/pledge/drafts/<int:version_id>/pack")
@roles(*EDITORS)
def pack(version_id):
    return render_template("pledge/pack.html", **_pack(version_id))


@bp.get("/pledge/drafts/<int:version_id>/pack.pdf")
@roles(*EDITORS)
def pack_pdf(version_id):
    content = _pack(version_id)
    html = render_template("pledge/pack_pdf.html", **content)
    filename = f"pledge-meeting-pack-{content['version'].number}-{content['year'].label}.pdf"
    return Response(
        paper_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
