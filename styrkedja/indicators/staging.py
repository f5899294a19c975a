"""Kolada's values written set-wise: staged in a temporary table, then merged in a few statements.

``kolada_sync`` stages every value Kolada gives, page by page as the pages come, in a table of
the database connection's own (``TEMPORARY``): nobody else sees it or waits for it, so it is
filled outside any transaction while Kolada is still being asked, and it holds in the database
what would otherwise pile up in memory. Then, in one short transaction, the values that differ
from the stored ones are read and written in at most two statements, an ``UPDATE … FROM`` of the
changed ones and an ``INSERT … SELECT`` of the new ones. A value Kolada gives as it is stored is
not written at all. When Kolada fails half-way nothing but the temporary table was written, and
it is dropped.

PostgreSQL fills the table with ``COPY`` (psycopg 3's ``cursor.copy``), SQLite with
``executemany``. The same key (indicator, year, scope, label) may come twice in a faulty
answer; the last one counts, as it would have in a dictionary.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from decimal import Context, Decimal

from django.db import DatabaseError, connection

from styrkedja.indicators.models import IndicatorValue

TABLE = "indicators_kolada_staging"
VALUE_PLACES = Decimal("0.001")  # as IndicatorValue.value: decimal_places=3
FETCH_ROWS = 5000  # rows of differences read at a time

# (indicator id, year, scope, label, value, source): one value as it is to be stored.
StagedRow = tuple[int, int, str, str, Decimal, str]


@dataclass(frozen=True, slots=True)
class Difference:
    """A staged value that is new (``previous`` is None) or differs from the stored one."""

    indicator_id: int
    year: int
    scope: str
    label: str
    value: Decimal
    previous: Decimal | None


# SQLite hands back a NUMERIC column as int or float: read it the way Django's DecimalField does.
_FLOAT_CONTEXT = Context(prec=15)


def _decimal(raw) -> Decimal:
    if isinstance(raw, float):
        raw = _FLOAT_CONTEXT.create_decimal_from_float(raw)
    return Decimal(raw).quantize(VALUE_PLACES)


def _names() -> dict[str, str]:
    """The quoted names the statements use, from the model, so that a renamed column is followed."""
    quote = connection.ops.quote_name
    meta = IndicatorValue._meta
    columns = ("id", "indicator", "year", "scope", "label", "value", "source", "note", "fetched_at", "rank")
    names = {f"{name}_column": quote(meta.get_field(name).column) for name in (*columns, "rank_of")}
    return {"values": quote(meta.db_table), "staging": quote(TABLE), **names}


_SAME_KEY = (
    "v.{indicator_column} = s.indicator_id AND v.{year_column} = s.year "
    "AND v.{scope_column} = s.scope AND v.{label_column} = s.label"
)
_DIFFERS = "(v.{value_column} <> s.value OR v.{source_column} <> s.source)"


class ValueStaging:
    """The temporary table of one sync; ``value_staging()`` makes the one for the database in use."""

    create_sql = ""
    add_sql = ""
    # Code-point order, as Python sorts the labels, so that values come back in the order they did.
    insert_order = "s.indicator_id, s.year, s.scope, s.label"

    def __init__(self) -> None:
        self.names = _names()

    def sql(self, template: str) -> str:
        return template.format(**self.names)

    def create(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(self.sql("DROP TABLE IF EXISTS {staging}"))
            cursor.execute(self.sql(self.create_sql))

    def drop(self) -> None:
        # After a failed statement PostgreSQL refuses everything until the rollback; the table
        # then goes with the connection or the rollback, and the first error is the one to see.
        with suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute(self.sql("DROP TABLE IF EXISTS {staging}"))

    def add(self, rows: Sequence[StagedRow]) -> None:
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql(self.add_sql), rows)

    def finish(self) -> None:
        """Called once every row is added, before the differences are read."""

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.sql("SELECT COUNT(*) FROM {staging}"))
            return cursor.fetchone()[0]

    def differences(self) -> Iterator[Difference]:
        """The staged values that are new or differ from the stored ones, in value or in source."""
        query = (
            "SELECT s.indicator_id, s.year, s.scope, s.label, s.value, v.{value_column} "
            "FROM {staging} s LEFT JOIN {values} v ON " + _SAME_KEY + " "
            "WHERE v.{id_column} IS NULL OR " + _DIFFERS
        )
        with connection.cursor() as cursor:
            cursor.execute(self.sql(query))
            while rows := cursor.fetchmany(FETCH_ROWS):
                for indicator_id, year, scope, label, value, previous in rows:
                    yield Difference(
                        indicator_id,
                        year,
                        scope,
                        label,
                        _decimal(value),
                        None if previous is None else _decimal(previous),
                    )

    def update_changed(self, *, fetched_at: datetime.datetime) -> int:
        """Write the staged value over every stored one that differs; the others are not touched."""
        statement = (
            "UPDATE {values} AS v SET {value_column} = s.value, {source_column} = s.source, "
            "{fetched_at_column} = %s FROM {staging} s WHERE " + _SAME_KEY + " AND " + _DIFFERS
        )
        with connection.cursor() as cursor:
            cursor.execute(self.sql(statement), [connection.ops.adapt_datetimefield_value(fetched_at)])
            return cursor.rowcount

    def insert_new(self, *, fetched_at: datetime.datetime) -> int:
        """Add every staged value that has no stored value of the same key."""
        statement = (
            "INSERT INTO {values} ({indicator_column}, {year_column}, {scope_column}, {label_column}, "
            "{value_column}, {source_column}, {note_column}, {fetched_at_column}, {rank_column}, "
            "{rank_of_column}) "
            "SELECT s.indicator_id, s.year, s.scope, s.label, s.value, s.source, '', %s, NULL, NULL "
            "FROM {staging} s WHERE NOT EXISTS (SELECT 1 FROM {values} v WHERE " + _SAME_KEY + ") "
            "ORDER BY " + self.insert_order
        )
        with connection.cursor() as cursor:
            cursor.execute(self.sql(statement), [connection.ops.adapt_datetimefield_value(fetched_at)])
            return cursor.rowcount


class SqliteStaging(ValueStaging):
    # The key is the table's primary key, and INSERT OR REPLACE lets a later row replace an earlier.
    create_sql = (
        "CREATE TEMPORARY TABLE {staging} (indicator_id integer NOT NULL, year integer NOT NULL, "
        "scope varchar(20) NOT NULL, label varchar(200) NOT NULL, value decimal NOT NULL, "
        "source varchar(300) NOT NULL, PRIMARY KEY (indicator_id, year, scope, label))"
    )
    add_sql = "INSERT OR REPLACE INTO {staging} VALUES (%s, %s, %s, %s, %s, %s)"


class PostgresStaging(ValueStaging):
    # No key while COPY fills the table (a duplicate would fail the COPY): seq orders the rows, and
    # finish() keeps the last of each key.
    create_sql = (
        "CREATE TEMPORARY TABLE {staging} (seq bigint GENERATED ALWAYS AS IDENTITY, "
        "indicator_id bigint NOT NULL, year integer NOT NULL, scope varchar(20) NOT NULL, "
        "label varchar(200) NOT NULL, value numeric(14, 3) NOT NULL, source varchar(300) NOT NULL)"
    )
    copy_sql = "COPY {staging} (indicator_id, year, scope, label, value, source) FROM STDIN"
    insert_order = 's.indicator_id, s.year, s.scope, s.label COLLATE "C"'

    def add(self, rows: Sequence[StagedRow]) -> None:
        if not rows:
            return
        # COPY is psycopg's own, past Django's cursor: its errors are made Django's here.
        with (
            connection.cursor() as cursor,
            connection.wrap_database_errors,
            cursor.cursor.copy(self.sql(self.copy_sql)) as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                self.sql(
                    "DELETE FROM {staging} s USING {staging} later WHERE later.indicator_id = s.indicator_id "
                    "AND later.year = s.year AND later.scope = s.scope AND later.label = s.label "
                    "AND later.seq > s.seq"
                )
            )
            # Nothing analyses a temporary table by itself; without its numbers the planner guesses.
            cursor.execute(self.sql("ANALYZE {staging}"))


@contextmanager
def value_staging() -> Iterator[ValueStaging]:
    """A new, empty staging table for the database in use, dropped again when the block ends."""
    if connection.vendor == "postgresql":
        staging: ValueStaging = PostgresStaging()
    elif connection.vendor == "sqlite":
        staging = SqliteStaging()
    else:  # pragma: no cover - Styrkedja runs on SQLite and PostgreSQL
        raise NotImplementedError(f"No Kolada staging for {connection.vendor}")
    staging.create()
    try:
        yield staging
    finally:
        staging.drop()
