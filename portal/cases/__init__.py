"""The case itself, shared by Tell us, triage and /track: references and tracking codes, recording a case from any
channel, deadlines and the stage rules, labels, the plain-words status and the history. No blueprint, no views; it
imports only platform modules and the models, never an area.

Importing it registers the flush listener that keeps each case's deadline fields in step (portal.cases.deadlines)."""

from portal.cases import deadlines  # noqa: F401 - registers the before-flush listener
