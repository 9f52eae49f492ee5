"""The Pledge: public pages (bp "pledge"), and the co-design tools for editors (bp "drafting", in drafting.py)."""

from flask import Blueprint

bp = Blueprint("pledge", __name__)
drafting_bp = Blueprint("drafting", __name__)
