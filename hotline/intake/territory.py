"""Where is it? Find the district / street / community named in an address or a text.

The gazetteer is the platform's own unit tree (`orgs.Unit`: districts, streets,
communities, with their `short_name` and administrator-kept `aliases`, which may name
landmarks or roads of the place). Each name is expanded into the forms people write:

- district "望城区" → "望城区", "望城" (not for anonymised names: "A3区" stays whole);
- street "暮云街道" → "暮云街道", "暮云街道办", "暮云街道办事处", "暮云街", and "暮云" alone
  when the stem has three characters or more; "暮云镇" → "暮云镇", "暮云镇政府";
- community "新安社区" → "新安社区", "新安社区居委会", "新安居委会"; "西龙村" →
  "西龙村", "西龙村委会", "西龙村村委会"; the stem alone when three characters or more.

The text is scanned longest match first (a name inside a longer matched name does not
count), and the places found must agree with each other: a community implies its street
and district, a street its district. A result is `resolved` only when exactly one
deepest place explains every name found; otherwise it lists the `candidates` (the same
street name in two districts, two different places, a street named with a district of
another tree) and resolves nothing — the agent picks, the code never guesses.

    found = locate(address=draft.address, text=f"{draft.title} {draft.content}")
    if found.resolved: found.place.district / .street / .community
    elif found.ambiguous: found.candidates
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _

from hotline.orgs.choices import UnitKind
from hotline.orgs.models import Unit

KINDS = (UnitKind.DISTRICT, UnitKind.STREET, UnitKind.COMMUNITY)
_ANONYMISED = re.compile(r"^[A-Z]\d*[市区县]$")
_FOREIGN = re.compile(r"[A-Z]\d+[区县市]")  # an anonymised area of the data ("A7县")
_SPLIT = re.compile(r"[,，、;；\s]+")
MIN_STEM = 3  # a bare stem shorter than this ("东风") is too common to mean the place
# A bare stem followed by one of these names a road, a station or a school, not the place.
_NOT_AFTER_STEM = ("路", "道", "街", "巷", "桥", "站", "小学", "中学", "学校", "公园", "大市场")


@dataclass(frozen=True)
class Entry:
    pk: int
    name: str
    kind: str
    parent_id: int | None
    chain: tuple[int, ...]  # ancestor-or-self ids among districts/streets/communities, top first


@dataclass
class Place:
    """A place of the tree, with its parents filled in."""

    district: Unit | None = None
    street: Unit | None = None
    community: Unit | None = None

    @property
    def unit(self) -> Unit | None:
        return self.community or self.street or self.district

    @property
    def label(self) -> str:
        return "".join(u.name for u in (self.district, self.street, self.community) if u)

    @property
    def ids(self) -> dict[str, int | None]:
        return {"district": self.district.pk if self.district else None,
                "street": self.street.pk if self.street else None,
                "community": self.community.pk if self.community else None}


@dataclass
class Mention:
    text: str
    start: int
    unit_ids: tuple[int, ...]


@dataclass
class Location:
    place: Place | None = None
    candidates: list[Place] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    source: str = ""  # "address" or "text"
    outside: str = ""  # an area named that is not in the tree

    @property
    def resolved(self) -> bool:
        return self.place is not None

    @property
    def ambiguous(self) -> bool:
        """Names were found but no single place: the agent must pick (or check)."""
        return self.place is None and bool(self.candidates)

    @property
    def words(self) -> list[str]:
        return [m.text for m in self.mentions]

    def note(self) -> str:
        """One line for a dispatch reason or the agent: what was found, and where."""
        if self.place is not None:
            values = {"place": self.place.label, "words": "、".join(self.words)}
            if self.source == "address":
                return _("Place found in the address: %(place)s (from “%(words)s”).") % values
            return _("Place found in the text: %(place)s (from “%(words)s”).") % values
        if self.outside:
            return _("“%(area)s” is not in this city's tree: check the place.") % {"area": self.outside}
        if self.candidates:
            return _("Several places are named (%(words)s): pick one.") % {"words": "、".join(self.words)}
        return ""


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").upper()


def variants(name: str, kind: str) -> set[str]:
    """The forms people write for one place name."""
    return set(_variants(name, kind)[0])


def _variants(name: str, kind: str) -> tuple[set[str], str]:
    """The forms of a name, and its bare stem when that is one of them ("" otherwise)."""
    name = _normalise(name).strip()
    if not name:
        return set(), ""
    forms = {name}
    if kind == UnitKind.DISTRICT:
        if not _ANONYMISED.match(name) and name[-1] in "区县市" and len(name) >= 3:
            forms.add(name[:-1])
        return forms, ""
    if kind == UnitKind.STREET:
        for suffix in ("街道办事处", "街道办", "街道"):
            if name.endswith(suffix):
                stem = name[: -len(suffix)]
                # Many streets were towns (镇/乡) before: people still write the old name.
                forms |= {stem + "街道", stem + "街道办", stem + "街道办事处", stem + "街", stem + "镇", stem + "乡"}
                break
        else:
            stem = name[:-1] if name[-1] in "镇乡" else ""
            if stem:
                forms |= {name + "政府", name + "人民政府"}
    else:
        if name.endswith("社区"):
            stem = name[:-2]
            forms |= {name + "居委会", name + "居民委员会", stem + "居委会"}
        elif name.endswith("村"):
            stem = name[:-1]
            forms |= {name + "委会", name + "村委会", name + "民委员会"}
        else:
            stem = ""
    if len(stem) >= MIN_STEM:
        forms.add(stem)
        return forms, stem
    return forms, ""


class Gazetteer:
    """Every written form of every active district, street and community → unit ids."""

    def __init__(self, rows):
        by_pk = {pk: (name, short, aliases, kind, parent) for pk, name, short, aliases, kind, parent in rows}
        self.entries: dict[int, Entry] = {}
        for pk, (name, _short, _aliases, kind, parent) in by_pk.items():
            chain, cur = [pk], parent
            while cur in by_pk:
                chain.append(cur)
                cur = by_pk[cur][4]
            self.entries[pk] = Entry(pk, name, kind, parent if parent in by_pk else None, tuple(reversed(chain)))
        self.forms: dict[str, set[int]] = {}
        stems: set[str] = set()
        full: set[str] = set()
        for pk, (name, short, aliases, kind, _parent) in by_pk.items():
            names = [name, short, *(_SPLIT.split(aliases or ""))]
            for n in names:
                n = (n or "").strip()
                if not n:
                    continue
                # An alias is written as it is (a landmark or a road); the official names get their forms.
                forms, stem = _variants(n, kind) if n in (name, short) else ({_normalise(n)}, "")
                for form in forms:
                    self.forms.setdefault(form, set()).add(pk)
                    (stems if form == stem else full).add(form)
        self.stems = stems - full  # forms that are only ever a bare stem
        self.starts: dict[str, list[int]] = {}  # first character → lengths of the forms starting with it
        for form in self.forms:
            self.starts.setdefault(form[0], []).append(len(form))
        for lengths in self.starts.values():
            lengths.sort(reverse=True)

    def scan(self, text: str) -> list[Mention]:
        """Names in the text, longest first; a shorter name inside a longer match is not counted."""
        text = _normalise(text)
        hits = []
        for start, char in enumerate(text):
            for length in self.starts.get(char, ()):
                piece = text[start:start + length]
                if len(piece) != length or piece not in self.forms:
                    continue
                if piece in self.stems and text.startswith(_NOT_AFTER_STEM, start + length):
                    continue
                hits.append((start, length, piece))
        hits.sort(key=lambda h: (-h[1], h[0]))
        taken: set[int] = set()
        found: list[Mention] = []
        for start, length, piece in hits:
            span = range(start, start + length)
            if taken.intersection(span):
                continue
            taken.update(span)
            found.append(Mention(piece, start, tuple(sorted(self.forms[piece]))))
        found.sort(key=lambda m: m.start)
        return found

    def explain(self, mentions: list[Mention]) -> list[int]:
        """The deepest units whose chain contains a unit of every mention (or, if none does,
        of as many mentions as possible)."""
        if not mentions:
            return []
        units = {pk for m in mentions for pk in m.unit_ids}

        def covered(pk: int) -> int:
            chain = set(self.entries[pk].chain)
            return sum(1 for m in mentions if chain.intersection(m.unit_ids))

        scores = {pk: covered(pk) for pk in units}
        best = max(scores.values())
        top = {pk for pk, n in scores.items() if n == best}
        # Keep the deepest: drop a unit that is an ancestor of another kept one.
        ancestors = {a for pk in top for a in self.entries[pk].chain[:-1]}
        return sorted(pk for pk in top if pk not in ancestors)


def _rows():
    return tuple(
        Unit.objects.filter(kind__in=KINDS, is_active=True)
        .values_list("pk", "name", "short_name", "aliases", "kind", "parent_id").order_by("pk")
    )


@lru_cache(maxsize=4)
def _gazetteer(rows) -> Gazetteer:
    return Gazetteer(rows)


def gazetteer() -> Gazetteer:
    """Built from one query of the tree; rebuilt only when the tree's rows change."""
    return _gazetteer(_rows())


def _places(gaz: Gazetteer, pks: list[int]) -> list[Place]:
    need = {a for pk in pks for a in gaz.entries[pk].chain}
    units = Unit.objects.in_bulk(need)
    places = []
    for pk in pks:
        place = Place()
        for a in gaz.entries[pk].chain:
            unit = units[a]
            setattr(place, {UnitKind.DISTRICT: "district", UnitKind.STREET: "street",
                            UnitKind.COMMUNITY: "community"}[unit.kind], unit)
        places.append(place)
    return places


def _parse(gaz: Gazetteer, text: str, source: str) -> Location:
    mentions = gaz.scan(text)
    if not mentions:
        return Location(source=source)
    pks = gaz.explain(mentions)
    places = _places(gaz, pks)
    foreign = [m for m in _FOREIGN.findall(_normalise(text)) if m not in gaz.forms]
    if foreign:
        # An area outside the tree is named too ("A7县暮云镇"): the names found may be
        # another place's; show them, decide nothing.
        mentions.append(Mention(foreign[0], -1, ()))
        return Location(candidates=places, mentions=mentions, source=source, outside=foreign[0])
    if len(places) == 1:
        chain = set(gaz.entries[pks[0]].chain)
        if all(chain.intersection(m.unit_ids) for m in mentions):
            return Location(place=places[0], candidates=places, mentions=mentions, source=source)
        # Part of what was said disagrees with the best place (a street named with a
        # district of another tree): offer every reading, decide nothing.
        others = [pk for m in mentions if not chain.intersection(m.unit_ids) for pk in m.unit_ids]
        places += _places(gaz, sorted(set(others)))
    return Location(candidates=places, mentions=mentions, source=source)


def locate(*, address: str = "", text: str = "") -> Location:
    """The place named in the address, else in the text (title and content)."""
    gaz = gazetteer()
    if address.strip():
        found = _parse(gaz, address, "address")
        if found.mentions:
            return found
    return _parse(gaz, text, "text")
