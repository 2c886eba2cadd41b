"""Units and staff of the demo city."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from hotline.orgs.choices import Role, UnitKind
from hotline.orgs.models import Unit, User

from . import places

PASSWORD = "demo12345"  # noqa: S105 - published on purpose: this is the demo city


@dataclass
class City:
    units: dict[str, Unit] = field(default_factory=dict)  # by code
    users: dict[str, User] = field(default_factory=dict)  # by username
    handlers: dict[int, User] = field(default_factory=dict)  # unit id → its handler
    leaders: dict[int, User] = field(default_factory=dict)  # unit id → its unit leader
    streets: list[Unit] = field(default_factory=list)
    communities: list[Unit] = field(default_factory=list)
    districts: list[Unit] = field(default_factory=list)

    def user(self, username: str) -> User:
        return self.users[username]


def _aliases(text: str) -> str:
    return ",".join(a.strip() for a in text.split(",") if a.strip())


def build_units(city: City) -> None:
    def add(code, name, kind, parent, aliases="", phone=""):
        unit = Unit.objects.create(
            code=code, name=name, kind=kind, parent=parent, aliases=_aliases(aliases), phone=phone,
        )
        city.units[code] = unit
        return unit

    top = add(places.CITY[0], places.CITY[1], UnitKind.CITY, None, places.CITY[2])
    add(places.CENTRE[0], places.CENTRE[1], UnitKind.CENTRE, top, places.CENTRE[2], "12345")
    for d_code, d_name, d_aliases, streets in places.DISTRICTS:
        district = add(d_code, d_name, UnitKind.DISTRICT, top, d_aliases)
        city.districts.append(district)
        for s_code, s_name, s_aliases, communities in streets:
            street = add(s_code, s_name, UnitKind.STREET, district, s_aliases)
            city.streets.append(street)
            for c_code, c_name, c_aliases in communities:
                community = add(c_code, c_name, UnitKind.COMMUNITY, street, c_aliases)
                city.communities.append(community)
                if c_code in places.GRIDDED:
                    for n in (1, 2):
                        add(f"{c_code}-g{n}", f"{c_name}第{n}网格", UnitKind.GRID, community)
    for kind, rows in [
        (UnitKind.DEPARTMENT, places.DEPARTMENTS),
        (UnitKind.UTILITY, places.UTILITIES),
        (UnitKind.PROVIDER, places.PROVIDERS),
        (UnitKind.VOLUNTEER_TEAM, places.VOLUNTEER_TEAMS),
        (UnitKind.MEDIATION, places.MEDIATION),
        (UnitKind.EXTERNAL, places.EXTERNAL),
    ]:
        for code, name, aliases in rows:
            add(code, name, kind, top, aliases)


def _short(unit: Unit) -> str:
    return unit.name.removeprefix("A市").removeprefix("国网A市")


def build_staff(city: City) -> None:
    """One password hash for everyone: hashing 200 passwords with Argon2 would take minutes."""
    hashed = make_password(PASSWORD)
    u = city.units
    rows: list[tuple[str, str, Unit, str]] = [
        ("admin", Role.ADMIN, u["centre"], "系统管理员"),
        ("agent1", Role.AGENT, u["centre"], "话务员王小燕"),
        ("agent2", Role.AGENT, u["centre"], "话务员刘婷"),
        ("agent3", Role.AGENT, u["centre"], "话务员陈思"),
        ("dispatcher1", Role.DISPATCHER, u["centre"], "派单员李建军"),
        ("dispatcher2", Role.DISPATCHER, u["centre"], "派单员赵敏"),
        ("supervisor", Role.SUPERVISOR, u["centre"], "督办科周强"),
        ("auditor", Role.AUDITOR, u["centre"], "审计员孙丽"),
        ("leader", Role.LEADER, u["a-city"], "分管副市长"),
        ("centre_leader", Role.LEADER, u["centre"], "热线中心主任"),
    ]
    for n, code in enumerate(places.GRIDDED, start=1):
        rows.append((f"inspector{n}", Role.INSPECTOR, u[f"{code}-g1"], f"网格员{_short(u[code])}"))
    worked = [
        unit for unit in u.values()
        if unit.kind in {UnitKind.DEPARTMENT, UnitKind.UTILITY, UnitKind.PROVIDER,
                         UnitKind.VOLUNTEER_TEAM, UnitKind.MEDIATION, UnitKind.DISTRICT,
                         UnitKind.STREET}
    ]
    # Every street's first community has its own staff (the others are reached via the street).
    seen_streets: set[int] = set()
    for community in city.communities:
        if community.parent_id not in seen_streets:
            seen_streets.add(community.parent_id)
            worked.append(community)
    for unit in worked:
        rows.append((f"{unit.code}_handler", Role.HANDLER, unit, f"{_short(unit)}承办人"))
        rows.append((f"{unit.code}_leader", Role.UNIT_LEADER, unit, f"{_short(unit)}负责人"))
    users = [
        User(username=username, role=role, unit=unit, display_name=name, password=hashed,
             is_staff=username == "admin", is_superuser=username == "admin")
        for username, role, unit, name in rows
    ]
    User.objects.bulk_create(users)
    for user in User.objects.filter(username__in=[r[0] for r in rows]).select_related("unit"):
        city.users[user.username] = user
        if user.role == Role.HANDLER:
            city.handlers[user.unit_id] = user
        elif user.role == Role.UNIT_LEADER:
            city.leaders[user.unit_id] = user


def load_city() -> City:
    """The City of an already loaded demo (for a second run's summary)."""
    city = City()
    for unit in Unit.objects.all():
        city.units[unit.code] = unit
    for user in User.objects.select_related("unit"):
        city.users[user.username] = user
    return city
