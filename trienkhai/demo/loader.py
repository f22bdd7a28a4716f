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


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    units = orgs.load()
    docs = documents.load(units)
    logins = accounts.load()
    context = {"units": units, "documents": docs}
    for name in SECTIONS:
        module_name = f"trienkhai.demo.{name}"
        if find_spec(module_name) is not None:
            import_module(module_name).load(context)
    return logins
