"""Signals other apps listen to, so that orgs never imports them.

``unit_tree_changed`` is sent inside the service's transaction whenever a unit is
created, moved or ends; ``unit`` is the unit concerned.
"""

from django.dispatch import Signal

unit_tree_changed = Signal()
