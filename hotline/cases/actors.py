"""Who is acting: a staff member with a role and a unit, a citizen, or the system."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hotline.orgs.models import User

CITIZEN = "citizen"
SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    user: User | None
    role: str
    unit_id: int | None = None

    @classmethod
    def staff(cls, user: User) -> Actor:
        return cls(user=user, role=user.role, unit_id=user.unit_id)

    @classmethod
    def citizen(cls) -> Actor:
        return cls(user=None, role=CITIZEN)

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None, role=SYSTEM)

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None
