"""What a new password must be: long enough, and not one already stolen from another website. No composition rules
(a capital, a digit, a symbol): they make passwords harder to remember, not harder to guess (NCSC and NIST SP 800-63B
say the same).

The list of stolen passwords is kept with the project and checked here, offline: nothing is sent anywhere. It is the
30,000 most used passwords from leaked password sets that zxcvbn (pinned in pyproject.toml) ships in its
frequency lists, the list Dropbox's strength meter uses."""

from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_PASSWORD_LENGTH = 12
# Long enough for any passphrase; a cap, so nobody can make Argon2 hash a megabyte.
MAX_PASSWORD_LENGTH = 200

TOO_SHORT = f"Your password must be {MIN_PASSWORD_LENGTH} characters or more"
TOO_LONG = f"Your password must be {MAX_PASSWORD_LENGTH} characters or fewer"
STOLEN = "This password is on a list of passwords that have been stolen from other websites. Choose a different one"


@cache
def stolen_passwords():
    """The kept list, as a set of lower-case passwords, read once per process."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def _forms_of(password):
    # The list is in lower case; people also pad a stolen password with spaces ("letmein letmein").
    lowered = password.lower()
    return {lowered, lowered.strip(), "".join(lowered.split())}


def is_stolen(password):
    """True if password is on the kept list of stolen passwords (any case, spaces or not)."""
    return any(form in stolen_passwords() for form in _forms_of(password))


def password_problem(password):
    """What is wrong with password as a new password, in words for the person choosing it, or None if it will do."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return TOO_LONG
    if is_stolen(password):
        return STOLEN
    return None
