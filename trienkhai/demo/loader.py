from __future__ import annotations

from django.db import transaction

from trienkhai.demo import accounts, documents, orgs


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    units = orgs.load()
    documents.load(units)
    return accounts.load()
