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
