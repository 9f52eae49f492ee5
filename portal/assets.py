"""Fingerprinted front-end files: static/build.mjs writes static/build/manifest.json ("portal.css" ->
"build/portal-<hash>.css"); templates ask for asset_url("portal.css"). A name with a hash of its contents can be
cached for a year: a new build is a new name."""

import hashlib
import json
import re

from flask import current_app, url_for

from portal.config import ROOT

MANIFEST = ROOT / "static" / "build" / "manifest.json"
FINGERPRINTED = re.compile(r"^/static/build/[\w.-]+-[0-9a-f]{12}\.\w+$")
A_YEAR = 365 * 24 * 3600


def load_manifest(app):
    try:
        app.extensions["asset_manifest"] = json.loads(MANIFEST.read_text())
    except FileNotFoundError:
        raise RuntimeError("static/build/manifest.json is missing: run `make assets` to build the front end") from None


def asset_url(name):
    """The URL of a built file by its plain name, e.g. asset_url("portal.js")."""
    return url_for("static", filename=current_app.extensions["asset_manifest"][name])


def theme_version(colour):
    """A short hash of the council colour, so /theme.css can be cached for a year and still change with it."""
    return hashlib.sha256(colour.encode()).hexdigest()[:12]


def is_fingerprinted(_path, url):
    """WhiteNoise's immutable_file_test: built files with a content hash in their name never change."""
    return bool(FINGERPRINTED.match(url))
