"""docs/operations.md lists every environment variable the code reads, and only those.

GIVEN the Python files under trienkhai/ (tests and migrations aside)
WHEN a `TRIENKHAI_*` name appears in them (read by settings, env.py or gunicorn_conf.py)
THEN it is a row of the variables table in docs/operations.md, and every row of that
table names a variable the code reads; every `trienkhai <command>` in the doc's code
blocks is a real management command.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "operations.md"
NAME = re.compile(r"\bTRIENKHAI_[A-Z0-9]+(?:_[A-Z0-9]+)*\b")


def read_by_code() -> set[str]:
    names = {"DATABASE_URL"}
    for path in (ROOT / "trienkhai").rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        for name in NAME.findall(path.read_text(encoding="utf-8")):
            # Prefixes in prose ("TRIENKHAI_EMAIL_*") are not variables; TRIENKHAI_PASSWORD_HASHERS
            # is a setting's name, not read from the environment.
            if not name.endswith("_") and name != "TRIENKHAI_PASSWORD_HASHERS":
                names.add(name)
    return names


def table_rows() -> set[str]:
    section = DOC.read_text(encoding="utf-8").split("## Environment variables", 1)[1]
    return set(re.findall(r"^\| `([A-Z0-9_]+)` \|", section, flags=re.M))


def test_every_variable_the_code_reads_is_in_the_table():
    missing = sorted(read_by_code() - table_rows())
    assert not missing, f"docs/operations.md lacks rows for: {', '.join(missing)}"


def test_every_row_is_read_by_the_code():
    stale = sorted(table_rows() - read_by_code())
    assert not stale, f"docs/operations.md lists variables nothing reads: {', '.join(stale)}"


def test_the_commands_in_the_doc_exist():
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    named = {m for block in blocks for m in re.findall(r"^\s*trienkhai ([a-z_]+)", block, flags=re.M)}
    named |= set(re.findall(r"`trienkhai ([a-z_]+)", text))
    assert {"serve", "worker", "backup", "restore", "migrate"} <= named
    unknown = sorted(named - set(get_commands()))
    assert not unknown, unknown
