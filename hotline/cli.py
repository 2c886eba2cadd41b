"""The `hotline` console command: Django's management commands under one name.

`hotline migrate`, `hotline runserver`, `hotline demo`, `hotline token alice`, ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotline.settings")
    if "HOTLINE_DEV" not in os.environ and "SECRET_KEY" not in os.environ:
        # A command line on a developer's machine: development defaults.
        os.environ["HOTLINE_DEV"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hotline", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
