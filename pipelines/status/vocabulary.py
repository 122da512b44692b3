"""The status vocabulary, declared once for the rules, the curation file and the tables."""

from __future__ import annotations

STATUSES = (
    "applied",
    "shortlisted",
    "selected",
    "advanced",
    "eliminated",
    "considering",
    "intends_to_apply",
    "declined",
)

# Statuses under which a team is still in the programme (as in warehouse/views.sql).
COMPETING_STATUSES = ("applied", "shortlisted", "selected", "advanced")
