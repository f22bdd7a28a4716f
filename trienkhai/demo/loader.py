from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.db import transaction

from trienkhai.demo import accounts, documents, orgs

# Later sections, in dependency order; each module has ``load(context: dict) -> None``
# and is idempotent on its own. A section whose module does not exist yet is skipped.
SECTIONS = [
    "rollout",
    "proposals",
    "opinion",
    "meetings",
    "oversight",
    "followups",
    "training",
    "emulation",
    "targets",
    "portal",
    "intake",
]
# 1/7/2025 and after: the reorganisation plan, then today's logins and rollout.
AFTER_REFORM = ["reorganisation", "current"]


@transaction.atomic
def load_demo(*, before_reform: bool = False) -> list[tuple[str, str, str]]:
    """The demo as it stands today; with ``before_reform`` as it stood on 30/6/2025 (the city
    level still there), for training on the old structure and for tests about it."""
    units = orgs.load()
    docs = documents.load(units)
    accounts.load()
    context = {"units": units, "documents": docs}
    for name in SECTIONS + ([] if before_reform else AFTER_REFORM):
        module_name = f"trienkhai.demo.{name}"
        if find_spec(module_name) is not None:
            import_module(module_name).load(context)
    return accounts.describe()
