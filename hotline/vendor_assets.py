"""Copy the front-end assets installed by npm into static/vendor (served locally)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
FILES = {
    "node_modules/htmx.org/dist/htmx.min.js": "htmx.min.js",
    "node_modules/echarts/dist/echarts.min.js": "echarts.min.js",
}


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    for source, target in FILES.items():
        path = ROOT / source
        if not path.exists():
            print(f"missing {source}: run `npm install` first", file=sys.stderr)
            return 1
        shutil.copyfile(path, VENDOR / target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
