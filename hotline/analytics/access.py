"""Who may open the leaders' view, the reports and the problem of the month."""

from __future__ import annotations

from hotline.orgs.choices import Role

# Leaders, the centre and auditors see the whole city; a unit leader sees its subtree
# (through `cases.access`); handlers and inspectors have their own screens.
READERS = (Role.LEADER, Role.AUDITOR, Role.ADMIN, Role.AGENT, Role.DISPATCHER, Role.SUPERVISOR, Role.UNIT_LEADER)
# Who picks a problem of the month and records its actions.
PROBLEM_EDITORS = (Role.LEADER, Role.ADMIN)


def may_edit_problems(user) -> bool:
    return bool(user.is_superuser or user.role in PROBLEM_EDITORS)
