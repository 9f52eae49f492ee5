"""Argon2id hashes of secrets (passwords, recovery codes, case tracking codes), and the SHA-256 of random tokens, in
one platform module so that accounts and cases can both use them without one area importing the other."""

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


def init_password_hashing(app):
    """Argon2id: memory-hard, so guessing is costly. The library's defaults (RFC 9106 low-memory profile) unless
    the config lowers them, which only the test config does, to keep the suite quick."""
    hasher = PasswordHasher(
        time_cost=app.config.get("ARGON2_TIME_COST", 3), memory_cost=app.config.get("ARGON2_MEMORY_KIB", 65536)
    )
    app.extensions["password_hasher"] = hasher
    # Checked against when the email is unknown, so a wrong email takes as long as a wrong password.
    app.extensions["unknown_user_hash"] = hasher.hash("no account has this password")


def password_hasher():
    """This app's hasher, with its cost settings."""
    return current_app.extensions["password_hasher"]


def hash_password(password):
    """The Argon2id hash of a password or other secret, to store instead of it."""
    return password_hasher().hash(password)


def secret_matches(stored_hash, secret):
    """True if secret matches stored_hash. With no stored hash, checks a dummy one, so the answer takes as long
    either way and timing does not tell whether an account (or a case reference) exists."""
    try:
        password_hasher().verify(stored_hash or current_app.extensions["unknown_user_hash"], secret)
    except (VerificationError, InvalidHashError):
        return False
    return stored_hash is not None


def token_digest(token):
    """The SHA-256 (hex) of a random token (a session's, an emailed link's), to keep and look it up by instead of the
    token. Enough for 32 random bytes: there is nothing to guess, only to look up, so no slow hash is needed."""
    return hashlib.sha256((token or "").encode("utf-8", "replace")).hexdigest()
