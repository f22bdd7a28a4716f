"""Issue 8 point 5 (API): Schemathesis against /api/v1/openapi.json, in process (WSGI).

Every operation gets a bounded number of generated requests (positive and negative
data), authenticated with a bearer token of a demo user, and every Schemathesis check:
no 5xx, status codes / content types / headers / bodies conform to the schema, invalid
data is rejected, valid data accepted. Needs schemathesis (a test-only tool):
skipped if it is not installed. ``RELIABILITY_API_EXAMPLES`` sets examples per
operation and mode (default 25).
"""

from __future__ import annotations

import json
import logging
import os
import time

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

from .test_backup import FIGURES  # noqa: E402


def modes(examples: int) -> list[tuple[GenerationMode, int]]:
    """The generation modes and their examples for ``examples`` per operation: half positive
    (the odd one too), half negative. A mode left with none is not run at all: hypothesis
    refuses ``max_examples=0`` (``RELIABILITY_API_EXAMPLES=1`` once broke the whole module)."""
    if examples < 1:
        raise ValueError(f"RELIABILITY_API_EXAMPLES must be at least 1, not {examples}.")
    positive = (examples + 1) // 2
    planned = [(GenerationMode.POSITIVE, positive), (GenerationMode.NEGATIVE, examples - positive)]
    return [(mode, n) for mode, n in planned if n > 0]


EXAMPLES = int(os.environ.get("RELIABILITY_API_EXAMPLES", "25"))  # per operation
MODES = modes(EXAMPLES)
EXAMPLES_POSITIVE = dict(MODES)[GenerationMode.POSITIVE]


def fuzz(op, mode, examples, auth, stats, failures) -> None:
    from django.db import transaction

    label = f"{op.method.upper()} {op.path}"

    @given(case=op.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        stats["examples"] += 1
        # Each example in its own savepoint, rolled back: one request's failed statement
        # (or a write) must not leak into the next example.
        with transaction.atomic():
            try:
                try:
                    response = case.call(headers=auth)
                except Exception as exc:  # noqa: BLE001 — the in-process call itself broke
                    failures.setdefault(
                        (label, "call", type(exc).__name__), f"{mode.value} {case.query}: {exc!r}"[:800]
                    )
                    return
                stats["statuses"][response.status_code] = stats["statuses"].get(response.status_code, 0) + 1
                if response.status_code >= 500:
                    failures.setdefault(
                        (label, "5xx", str(response.status_code)),
                        f"{mode.value} {case.query} {case.body!r}"[:800],
                    )
                try:
                    case.validate_response(response, headers=auth)
                except BaseExceptionGroup as group:
                    for exc in group.exceptions:
                        key = (label, type(exc).__name__, str(response.status_code))
                        failures.setdefault(
                            key,
                            f"{mode.value} {case.path_parameters} {case.query} "
                            f"{str(case.body)[:200]}: {str(exc)[:500]}",
                        )
                except AssertionError as exc:
                    failures.setdefault((label, "assertion", str(response.status_code)), str(exc)[:800])
            finally:
                transaction.set_rollback(True)

    run()


@pytest.fixture(scope="module")
def fuzzed(django_db_setup, django_db_blocker, demo_snapshot):
    """Load the Phổ Yên demo and fuzz every operation once, all in a transaction rolled back
    afterwards; hand the findings to the tests below."""
    from django.core.wsgi import get_wsgi_application
    from django.db import transaction

    from trienkhai.accounts.models import User
    from trienkhai.accounts.services import api_token_create

    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    report: dict[str, dict] = {}
    failures: dict[tuple, str] = {}
    # As Django's test client does: a request must not close the connection whose
    # transaction holds the token and every example's savepoint.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        try:
            # The demo too is loaded in the transaction rolled back at the end: no flush
            # (a flush would drop the rows seeded by migrations for the tests after these).
            with transaction.atomic():
                from conftest import load_demo

                load_demo(demo_snapshot)
                user = User.objects.get(username="vanphong")  # writes today (the city office reads only)
                _token, raw = api_token_create(user=user, name="schemathesis", acting_user=user)
                auth = {"Authorization": f"Bearer {raw}"}
                schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
                started = time.perf_counter()
                for result in schema.get_all_operations():
                    op = result.ok()
                    label = f"{op.method.upper()} {op.path}"
                    stats = report.setdefault(label, {"examples": 0, "statuses": {}})
                    for mode, n in MODES:
                        fuzz(op, mode, n, auth, stats, failures)
                seconds = time.perf_counter() - started
                transaction.set_rollback(True)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
    total = sum(s["examples"] for s in report.values())
    lines = [
        f"{label:<55} {s['examples']:4d}  {dict(sorted(s['statuses'].items()))}"
        for label, s in report.items()
    ]
    print("\n" + "\n".join(lines) + f"\n{len(report)} operations, {total} requests, {seconds:.0f} s")
    kinds: dict[str, int] = {}
    for _label, kind, _status in failures:
        kinds[kind] = kinds.get(kind, 0) + 1
    with FIGURES.open("a") as fh:
        fh.write(
            json.dumps(
                {
                    "point": 5,
                    "target": "api",
                    "operations": len(report),
                    "requests": total,
                    "seconds": round(seconds, 1),
                    "findings": kinds,
                    "per_operation": report,
                    "failures": {" | ".join(k): v for k, v in failures.items()},
                },
                default=str,
            )
            + "\n"
        )
    return report, failures


@pytest.mark.parametrize("examples", [1, 2, 3, 25])
def test_every_planned_mode_is_run_with_at_least_one_example(examples):
    planned = modes(examples)
    assert sum(n for _mode, n in planned) == examples
    assert dict(planned)[GenerationMode.POSITIVE] == (examples + 1) // 2
    for _mode, n in planned:
        settings(max_examples=n)  # what fuzz() asks of hypothesis; refuses 0


def test_no_example_at_all_is_refused_in_plain_words():
    with pytest.raises(ValueError, match="RELIABILITY_API_EXAMPLES"):
        modes(0)


def _found(failures, *kinds):
    return {k: v for k, v in failures.items() if k[1] in kinds}


def test_api_every_operation_was_exercised(fuzzed, db):
    report, _failures = fuzzed
    assert len(report) >= 20
    assert all(s["examples"] >= EXAMPLES_POSITIVE for s in report.values())


def test_api_no_server_errors(fuzzed, db):
    """Huge or negative integers once reached the database or ``datetime`` (a 500); every
    integer parameter is now bounded (``api/types.py``, ``api/pagination.py``), and a value
    the database cannot hold is a 400 (``api/v1.py``)."""
    _report, failures = fuzzed
    found = _found(failures, "5xx", "call", "ServerError")
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_api_response_bodies_conform(fuzzed, db):
    _report, failures = fuzzed
    found = _found(
        failures,
        "JsonSchemaError",
        "MalformedJson",
        "MissingContentType",
        "UndefinedContentType",
        "MissingHeaders",
        "JsonSchemaError",
    )
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_api_status_codes_documented(fuzzed, db):
    """The refusals (400, 401, 403, 404, 422) are declared once for every operation
    (``api/errors.py``), with the bodies the exception handlers send."""
    _report, failures = fuzzed
    found = _found(failures, "UndefinedStatusCode")
    assert not found, "\n".join(f"{k}: {v}" for k, v in list(found.items())[:20])


def test_api_rejections_are_business_rules(fuzzed, db):
    """Schema-valid requests refused (400/422) are refused by the services' rules (dates, scope,
    sizes): reported, not failures. None of them may be a server error."""
    _report, failures = fuzzed
    for (label, kind, status), text in failures.items():
        if kind == "RejectedPositiveData":
            assert status in ("400", "404", "422"), (label, status, text)
