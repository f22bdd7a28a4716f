"""Signals other apps listen to, so that orgs never imports them.

``unit_tree_changed`` is sent inside the service's transaction whenever a unit is
created, moved or ends; ``unit`` is the unit concerned.
"""

from django.dispatch import Signal

unit_tree_changed = Signal()

# Sent with ``units`` (a list of Unit) by a reorganisation plan's preview; each receiver
# answers a list of (label, count) of the open work at those units that the change touches
# (running rollouts, open proposals and follow-ups, roles), so orgs can show it unread.
unit_open_work = Signal()

# Sent inside the transaction when ``old`` ends on ``date`` and ``new`` takes over (a merge, a
# dissolution with a successor). Apps pass their *open* work to ``new`` (waiting proposals,
# follow-ups not done); closed history stays with ``old``, shown under its successor. Roles
# pass only when ``carry_roles`` is true: the plan's preview asks first.
unit_succeeded = Signal()
