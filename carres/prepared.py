"""Querysets compiled to SQL once per process, then run again with new values.

Django builds a queryset and compiles it to SQL on every evaluation. On a dossier page that
is most of each read: the timeline's one query costs 0.92 ms of CPU, of which building and
compiling are 0.65 and running it 0.16 (measured on the benchmark data set, issue 23). A
page makes a dozen such reads with the same shape for every dossier: only the ids change.

`PreparedQuery(build)` builds and compiles `build(**markers)` the first time (per language
and `shape`, on the database the router gives then), notes where each marker's value sits
among the SQL's parameters, and keeps the compiler (its SQL, and how rows become objects,
`select_related` included).
Each later call copies that compiler with the new values in place and lets Django's own
iterable turn the rows into model instances, exactly as the queryset would have.

Only for querysets whose SQL text does not depend on the values: comparisons with an id, a
string, a date or a time; no `__in` list, no `None` (which becomes IS NULL). A value of
another type than its marker (a str for an int id, a datetime for a date) is not swapped in:
the queryset is then built and run the ordinary way, so a surprise costs time, never a
wrong answer.
"""

import copy
import datetime
import itertools

from django.db import connections, router
from django.utils.translation import get_language

# One counter for every marker: itertools.count's next() is one call under the interpreter
# lock, where a generator's next() raises ValueError when two threads compile at once.
_MARKER_NUMBERS = itertools.count()
_MARKERS = {
    # Within a 32-bit column's range: Django answers an out-of-range value with no SQL at all.
    int: lambda n: 2**31 - 1 - n,
    str: lambda n: f"\x1fprepared-{n}\x1f",
    datetime.date: lambda n: datetime.date(1971, 1, 1) + datetime.timedelta(days=n),
    datetime.datetime: lambda n: (
        datetime.datetime(1971, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(seconds=n)
    ),
}


class PreparedQuery:
    """`query(*shape, **values)`: the list `build(*shape, **values)` would give."""

    def __init__(self, build, **kinds):
        """`build(*shape, **values)` returns a queryset; `kinds` gives each value's type
        ({"object_id": int, ...})."""
        self.build = build
        self.kinds = kinds
        self._compiled = {}

    def __call__(self, *shape, **values):
        if values.keys() != self.kinds.keys() or any(
            type(values[name]) is not kind for name, kind in self.kinds.items()
        ):
            return list(self.build(*shape, **values))
        compiled = self._compiled.get((shape, get_language()))
        if compiled is None:
            compiled = self._compile(shape)
        queryset, alias, compiler, sql, params, positions = compiled
        params = list(params)
        for name, places in positions.items():
            for place in places:
                params[place] = values[name]
        run = copy.copy(compiler)
        run.connection = connections[alias]  # this thread's connection
        run.as_sql = lambda *args, **kwargs: (sql, tuple(params))
        query = copy.copy(queryset.query)
        query.get_compiler = lambda *args, **kwargs: run
        fresh = queryset._chain()
        fresh.query = query
        return list(fresh)

    def first(self, *shape, **values):
        """The first row `query(*shape, **values)` gives, or None."""
        rows = self(*shape, **values)
        return rows[0] if rows else None

    def _compile(self, shape):
        markers = {name: _MARKERS[kind](next(_MARKER_NUMBERS)) for name, kind in self.kinds.items()}
        queryset = self.build(*shape, **markers)
        alias = queryset.db or router.db_for_read(queryset.model)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        positions = {
            name: [place for place, param in enumerate(params) if param == marker]
            for name, marker in markers.items()
        }
        if not all(positions.values()):
            raise ValueError(f"{self.build}: a value is not a parameter of the SQL: {positions}")
        compiled = (queryset, alias, compiler, sql, params, positions)
        self._compiled[(shape, get_language())] = compiled
        return compiled


_RELATIONS = {}


def prefetch(instance, *lookups):
    """`prefetch_related_objects([instance], *lookups)` for one instance, queries prepared.

    Each lookup names a reverse foreign key or a many-to-many relation of `instance`, after
    forward foreign keys already loaded ("legal_form__required_documents"). The rows land
    in the prefetch cache, where `instance.<relation>.all()` finds them, as Django's own
    prefetch leaves them (each row's foreign key back to `instance` filled in too)."""
    for lookup in lookups:
        _prefetch(instance, lookup)


def _prefetch(instance, lookup):
    *path, name = lookup.split("__")
    for step in path:
        instance = getattr(instance, step)
        if instance is None:
            return
    relation = _RELATIONS.get((type(instance), name))
    if relation is None:
        relation = _RELATIONS[(type(instance), name)] = _relation(instance, name)
    query, cache_name, back = relation
    rows = query(pk=instance.pk)
    if back is not None:
        for row in rows:
            back.set_cached_value(row, instance)
    fill_prefetched(instance, name, rows, cache_name=cache_name)


def fill_prefetched(instance, name, rows, *, cache_name=None):
    """Leave `rows` where `instance.<name>.all()` finds them, as a prefetch would."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[cache_name or manager.prefetch_cache_name] = queryset


def _relation(instance, name):
    """(prepared query of the related rows by the instance's pk, prefetch cache name, the
    related model's foreign key to fill in or None) for relation `name`."""
    manager = getattr(instance, name)
    cache_name = manager.get_prefetch_querysets([instance])[4]
    model = manager.model
    if hasattr(manager, "field") and not hasattr(manager, "through"):  # reverse foreign key
        field = manager.field
        if not field.target_field.primary_key:
            raise ValueError(f"{name}: a foreign key to another column than the primary key")
        filter_name, back = field.attname, field
    else:  # many-to-many, either side
        filter_name, back = manager.query_field_name, None
    query = PreparedQuery(lambda *, pk: model._default_manager.filter(**{filter_name: pk}), pk=int)
    return query, cache_name, back
