"""Every verb that can reach a case's timeline has words for people, not a code."""

import re
from pathlib import Path

from hotline.cases.transitions import TRANSITIONS
from hotline.console.timeline import VERBS

ROOT = Path(__file__).resolve().parents[2]
ANNOTATE = re.compile(r"annotate\(\s*[\w.]+\s*,\s*\"([a-z_]+)\"")
NOTE = re.compile(r"_note\(\s*\w+\s*,\s*\"([a-z_]+)\"")


def verbs_written_in_code() -> set[str]:
    found = {"register", "merged_in", *TRANSITIONS}
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        found.update(ANNOTATE.findall(text))
        found.update(NOTE.findall(text))
    try:
        from hotline.sla import sweep

        found.update(sweep.VERBS.values())
    except (ImportError, AttributeError):
        pass
    return found


def test_every_timeline_verb_has_a_label():
    missing = sorted(verbs_written_in_code() - set(VERBS))
    assert missing == []
