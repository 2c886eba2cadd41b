"""The agent console's duplicate warning: the rule lives in `hotline.intake.duplicates`.

Here only what the screen adds: the person's view of cases (`cases.access`) and, when no
street was picked, the place found in the text (`intake.territory`).
"""

from __future__ import annotations

from hotline.cases.access import visible_cases
from hotline.intake.duplicates import Duplicate, Probe, duplicates_of, find

__all__ = ["Duplicate", "similar_open_cases", "possible_targets"]


def similar_open_cases(
    user, *, category_id: int | None = None, street_id: int | None = None, community_id: int | None = None,
    phone: str = "", title: str = "", content: str = "", exclude_pk: int | None = None, limit: int = 5,
) -> list[Duplicate]:
    probe = Probe(title=title or "", content=content or "", category_id=category_id, street_id=street_id,
                  community_id=community_id, phone=phone or "", exclude_pk=exclude_pk)
    return find(probe, base=visible_cases(user), limit=limit)


def possible_targets(case, user, limit: int = 5) -> list[Duplicate]:
    """Open cases this registered case could be merged into (for its page)."""
    return duplicates_of(case, base=visible_cases(user), limit=limit)
