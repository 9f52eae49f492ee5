"""A case's history: every change is an append-only event, saying what changed from what to what, and some events
are messages the young person sees on /track."""

from portal.clock import now


def _text(value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return str(value)


def set_noting_changes(obj, changes, **values):
    """Set attributes, noting each one that really changes as [before, after] in changes."""
    for name, value in values.items():
        before = getattr(obj, name)
        if before != value:
            changes[name] = [_text(before), _text(value)]
            setattr(obj, name, value)


def record_event(case, user, kind, summary, changes=None, shared=False):
    """Add an event by this member of staff to the case's history (shared: the young person sees it on /track)."""
    case.changed_at = now()  # always an UPDATE of the case row, so its version moves on and races are caught
    case.add_event(kind, summary, by_user_id=user.id, changes=changes or None, shared_with_young_person=shared)


def shared_messages(case):
    """The events staff chose to share with the young person, oldest first."""
    return [event for event in case.events if event.shared]
