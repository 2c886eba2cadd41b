"""How a citizen reaches a case: its number and query code, remembered in their session.

Citizens have no account. Knowing both the number and the 6-digit code opens the case
for this browser session only; a wrong pair answers like a missing case.
"""

from __future__ import annotations

import hmac

from hotline.cases.models import Case

SESSION_KEY = "portal_cases"
MAX_REMEMBERED = 20


def _lookup(number: str) -> Case | None:
    # The number and code are the citizen's credentials; no user-scoped accessor applies.
    return Case.objects.filter(number=str(number).strip()).first()


def open_with_code(request, number: str, code: str) -> Case | None:
    case = _lookup(number)
    if case is None or not hmac.compare_digest(case.query_code, str(code).strip()):
        return None
    remember(request, case.number)
    return case


def remember(request, number: str) -> None:
    numbers = [n for n in request.session.get(SESSION_KEY, []) if n != number]
    request.session[SESSION_KEY] = [number, *numbers][:MAX_REMEMBERED]


def case_in_session(request, number: str) -> Case | None:
    if number not in request.session.get(SESSION_KEY, []):
        return None
    return _lookup(number)
