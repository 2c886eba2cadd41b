"""Compile every app's .po catalogue to .mo with polib (no GNU gettext needed)."""

from __future__ import annotations

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent


def main() -> int:
    count = 0
    for po_path in ROOT.glob("**/locale/*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    if count:
        print(f"compiled {count} translation catalogue(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
