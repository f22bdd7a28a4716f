"""Hot page reads, compiled once per shape.

The ORM builds and compiles a query's SQL on every call. For the few reads a busy page
runs on every view (the rollout and its scope check, the unit, its tallies) compiling
costs several times what the database does: on SQLite, 0.5 ms to compile the scoped
rollout read against 0.06 ms to run it.

:func:`rows` takes a function that builds the query with the ORM (``restrict()`` and all,
so scope is still decided in one place) and a key naming everything the query's shape
depends on apart from its ids. The first call builds the query with stand-in ids,
compiles it, and remembers where each stand-in sits among the parameters; later calls run
the same SQL with the real ids in their place and convert the columns as the ORM would.

What must be in the key: anything the build function reads besides the ids passed as
``values`` — the viewer's scope paths, a flag that adds a filter, the number of ids in a
list. A key that leaves one out would run another caller's SQL: keys are therefore built
next to their query, and tests compare every prepared read with its ORM twin.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

# Each value stands in while the query is compiled. Stand-ins must be valid for the field
# they are compared with (the ORM answers "empty" for an id outside an integer field's
# range, and a PositiveSmallIntegerField ends at 32,767); the query is compiled with two
# sets of them, and the positions must agree, so a constant of the query that happens to
# equal a stand-in cannot be taken for a value.
_BASES = (31_000, 29_000)
# Keys carry the viewer's scope, so a province's users hold many; an entry is its SQL and
# converters (a few kB). Past the limit the least recently used is compiled again when next
# used.
_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class _Prepared:
    alias: str
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, str, int | None], ...]  # (parameter index, name, list position)
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


_cache: OrderedDict[tuple[Any, ...], _Prepared] = OrderedDict()
_lock = threading.Lock()


Value = int | str


def _stand_in(base: int, n: int, like: Value) -> Value:
    return f"~prepared{base + n}~" if isinstance(like, str) else base + n


def _stand_ins(
    base: int, values: dict[str, Any]
) -> tuple[dict[str, Any], dict[Value, tuple[str, int | None]]]:
    stand_ins: dict[str, Any] = {}
    where: dict[Value, tuple[str, int | None]] = {}
    n = 0
    for name, value in sorted(values.items()):
        if isinstance(value, (list, tuple)):
            items = []
            for i, item in enumerate(value):
                n += 1
                items.append(_stand_in(base, n, item))
                where[items[-1]] = (name, i)
            stand_ins[name] = items
        else:
            n += 1
            stand_ins[name] = _stand_in(base, n, value)
            where[stand_ins[name]] = (name, None)
    return stand_ins, where


def _compile(build: Callable[..., QuerySet[Any]], values: dict[str, Any], base: int) -> tuple[Any, ...]:
    stand_ins, where = _stand_ins(base, values)
    qs = build(**stand_ins)
    compiler = qs.query.get_compiler(using=qs.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # empty whatever the values (a viewer who sees nothing)
        return qs.db, compiler, "", (), ()
    # psycopg's typed integers (``Int4``, which Django sends for 32-bit columns) are ints too.
    slots = tuple(
        (i, *where[p])
        for i, p in enumerate(params)
        if isinstance(p, (int, str)) and not isinstance(p, bool) and p in where
    )
    if set(where) - {params[i] for i, _n, _p in slots}:
        raise ValueError("prepared query: a value does not reach the SQL as a parameter of its own")
    return qs.db, compiler, sql, tuple(params), slots


def _prepare(build: Callable[..., QuerySet[Any]], values: dict[str, Any]) -> _Prepared:
    alias, compiler, sql, params, slots = _compile(build, values, _BASES[0])
    if _compile(build, values, _BASES[1])[2:] != (sql, _swap(params, slots, values, _BASES[1]), slots):
        raise ValueError("prepared query: the values do not sit at the same places twice")
    if not sql:
        return _Prepared(alias, "", (), (), ())
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    converters = tuple(
        (pos, tuple(convs), expr) for pos, (convs, expr) in compiler.get_converters(fields).items()
    )
    return _Prepared(alias, sql, params, slots, converters)


def _swap(
    params: tuple[Any, ...], slots: tuple[Any, ...], values: dict[str, Any], base: int
) -> tuple[Any, ...]:
    """``params`` with the other set of stand-ins in the slots."""
    other, _where = _stand_ins(base, values)
    out = list(params)
    for index, name, position in slots:
        value = other[name][position] if position is not None else other[name]
        out[index] = type(out[index])(value)
    return tuple(out)


def rows(
    key: tuple[Any, ...], build: Callable[..., QuerySet[Any]], /, **values: Value | Sequence[Value]
) -> list[tuple[Any, ...]]:
    """The rows of ``build(**values)`` (a ``values_list`` query), run from SQL compiled once
    per ``key`` and shape of ``values``: their names, types, and the length of each list.

    A value (an id, a path bound) must reach the SQL unchanged as a parameter — an exact
    match, a range bound or a member of ``__in``, not a pattern the ORM rewrites (``__startswith``):
    compiling refuses a query where one does not."""
    shape = (
        key,
        tuple(
            (k, tuple(type(x) for x in v) if isinstance(v, (list, tuple)) else type(v))
            for k, v in sorted(values.items())
        ),
    )
    with _lock:
        prepared = _cache.get(shape)
        if prepared is not None:
            _cache.move_to_end(shape)
    if prepared is None:
        prepared = _prepare(build, values)
        with _lock:
            _cache[shape] = prepared
            while len(_cache) > _LIMIT:
                _cache.popitem(last=False)
    if not prepared.sql:
        return []
    params = list(prepared.params)
    for index, name, position in prepared.slots:
        value: Any = values[name]
        value = value[position] if position is not None else value
        kind = type(params[index])
        params[index] = value if kind is type(value) else kind(value)  # keep the driver's type
    connection = connections[prepared.alias]
    with connection.cursor() as cursor:
        cursor.execute(prepared.sql, params)
        data = cursor.fetchall()
    if not prepared.converters:
        return [tuple(row) for row in data]
    out = []
    for row in data:
        row = list(row)
        for pos, convs, expression in prepared.converters:
            value = row[pos]
            for converter in convs:
                value = converter(value, expression, connection)
            row[pos] = value
        out.append(tuple(row))
    return out


def clear() -> None:
    """Forget every compiled query (tests that change settings a query depends on)."""
    with _lock:
        _cache.clear()
