"""Every message catalogue is complete: the UI speaks Chinese first, everywhere."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent / "hotline"
CATALOGUES = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 8


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_fully_translated(path):
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == [], f"{len(missing)} untranslated in {path}"


def test_no_message_means_two_things():
    """Django merges every app's catalogue into one: a msgid translated one way in one app
    and another way elsewhere shows one of the two everywhere. Give one a context
    (`{% translate "…" context "…" %}`, `pgettext`) instead."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    clashes = []
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr:
                continue
            key = (entry.msgctxt or "", entry.msgid)
            where = str(path.relative_to(ROOT)).split("/")[0]
            if key in seen and seen[key][0] != entry.msgstr:
                clashes.append(f"{entry.msgid!r}: {seen[key][1]} {seen[key][0]!r} / {where} {entry.msgstr!r}")
            seen.setdefault(key, (entry.msgstr, where))
    assert clashes == []
