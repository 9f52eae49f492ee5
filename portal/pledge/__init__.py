"""The Pledge: public pages and consultation (blueprint "pledge"), and the co-design tools for Role Model Army
members and participation officers (blueprint "drafting")."""

from flask import Blueprint

bp = Blueprint("pledge", __name__)
drafting_bp = Blueprint("drafting", __name__)

from portal.pledge import (  # noqa: E402, F401
    drafting_views,
    evidence_views,
    feedback_views,
    officer_views,
    translation_views,
    views,
)
