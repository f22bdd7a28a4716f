"""Writes for rollouts, one module per concern: periods, launch, records, bulk entry, editing
the steps, reminders and tallies. Every public name is here too, so
``from trienkhai.rollout.services import X`` finds it wherever it lives; a test that replaces
a function replaces it in the module that calls it."""

from trienkhai.rollout.services.bulk import ids_in, step_records_bulk_submit
from trienkhai.rollout.services.handover import rollouts_pass_to_successor
from trienkhai.rollout.services.launch import STEP_TEMPLATE, rollout_close, rollout_launch
from trienkhai.rollout.services.periods import ROMAN, period_bounds, rollout_open_due_periods
from trienkhai.rollout.services.records import check_record_values, step_record_submit
from trienkhai.rollout.services.reminders import REMIND_DAYS_BEFORE, reminders_send
from trienkhai.rollout.services.steps import step_add, step_remove, step_update, steps_period
from trienkhai.rollout.services.tallies import (
    ScopeRoot,
    bump,
    rebuild_for_unit,
    scope_on,
    scope_roots,
    tally_rebuild,
    units_ever_reached,
    units_in_scope,
)

__all__ = [
    "REMIND_DAYS_BEFORE",
    "ROMAN",
    "STEP_TEMPLATE",
    "ScopeRoot",
    "bump",
    "check_record_values",
    "ids_in",
    "period_bounds",
    "rebuild_for_unit",
    "reminders_send",
    "rollout_close",
    "rollout_launch",
    "rollout_open_due_periods",
    "rollouts_pass_to_successor",
    "scope_on",
    "scope_roots",
    "step_add",
    "step_record_submit",
    "step_records_bulk_submit",
    "step_remove",
    "step_update",
    "steps_period",
    "tally_rebuild",
    "units_ever_reached",
    "units_in_scope",
]
