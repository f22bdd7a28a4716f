"""The OpenAPI document tells the whole contract: the refusals of every operation and the
bounds of every integer a client sends (issue 8, point 5)."""

from __future__ import annotations

from collections import defaultdict

import pytest


@pytest.fixture
def doc(client, db):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    return r.json()


def _operations(doc):
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            yield f"{method.upper()} {path}", method, op


def _ref(op, status):
    return op["responses"][status]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def test_every_operation_declares_its_refusals(doc):
    ops = list(_operations(doc))
    assert len(ops) >= 80
    for label, method, op in ops:
        assert _ref(op, "400") == "RuleError", label
        assert _ref(op, "404") == "Error", label
        assert _ref(op, "422") == "InputError", label
        signed_in = bool(op.get("security"))
        assert ("401" in op["responses"]) is signed_in, label
        assert ("403" in op["responses"]) is (signed_in and method in ("post", "put", "patch", "delete")), (
            label
        )
    # The public portal reads need no sign-in, so they cannot answer 401.
    assert "401" not in doc["paths"]["/api/v1/portal/articles"]["get"]["responses"]


def test_refusal_schemas_describe_the_handlers_bodies(doc, client, login, personas):
    schemas = doc["components"]["schemas"]
    assert schemas["Error"]["required"] == ["detail"]
    assert schemas["InputErrorItem"]["required"] == ["type", "loc", "msg"]
    # What the handlers send, by status: a message, messages by field, a list of invalid inputs.
    assert client.get("/api/v1/documents/").json() == {"detail": "Unauthorized"}
    c = login(personas.own)
    assert c.get("/api/v1/documents/987654").json() == {"detail": "Không tìm thấy."}
    assert isinstance(c.get("/api/v1/documents/", {"year": "x"}).json()["detail"], list)
    refused = c.get(
        "/api/v1/opinion/synthesis", {"unit": 1, "period_kind": "month", "year": 2024, "period_no": 13}
    )
    assert refused.status_code == 400 and isinstance(refused.json()["detail"]["period_no"], list)


def _integers(schema, components, seen=()):
    """Every integer a request schema contains, with the name it is sent under."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _integers(components[name], components, (*seen, name))
        return
    for part in schema.get("anyOf", []) + schema.get("allOf", []):
        yield from _integers(part, components, seen)
    if schema.get("type") == "integer":
        yield schema
    if "items" in schema:
        yield from _integers(schema["items"], components, seen)
    for prop in schema.get("properties", {}).values():
        yield from _integers(prop, components, seen)


def test_every_integer_a_client_sends_is_bounded(doc):
    components = doc["components"]["schemas"]
    unbounded = []
    for label, _method, op in _operations(doc):
        sent = [(p["name"], p["schema"]) for p in op.get("parameters", [])]
        for media in op.get("requestBody", {}).get("content", {}).values():
            sent.append(("body", media["schema"]))
        for name, schema in sent:
            for integer in _integers(schema, components):
                if "minimum" not in integer or "maximum" not in integer:
                    unbounded.append(f"{label} {name}")
    assert not unbounded


def test_schema_names_are_unique():
    """ninja names a component after its class: two schemas of the same name overwrite each
    other in the document (the units' history once pointed at the proposals' events)."""
    from ninja import Schema

    import trienkhai.api.v1  # noqa: F401 — mounts every app's router

    modules = defaultdict(set)
    stack = [Schema]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("trienkhai."):
                modules[sub.__name__].add(sub.__module__)
            stack.append(sub)
    assert {name: mods for name, mods in modules.items() if len(mods) > 1} == {}
