"""What the rollout services share: dates as the messages write them."""

from __future__ import annotations

import datetime as dt


def _fmt(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")
