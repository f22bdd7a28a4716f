"""The ``trienkhai`` command: Django's management commands with the project's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    # `extract` and `parse-code` are pure textmine and must not need a database.
    if len(argv) > 1 and argv[1] in {"extract", "parse-code"}:
        from trienkhai.textmine.cli import cli_main

        args = argv[2:] if argv[1] == "extract" else ["parse-code", *argv[2:]]
        sys.exit(cli_main(args))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
