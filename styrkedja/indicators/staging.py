"""Kolada's values written set-wise: staged in a temporary table, then merged in a few statements.

``kolada_sync`` stages every value Kolada gives, page by page as the pages come, in a table of
the database connection's own (``TEMPORARY``): nobody else sees it or waits for it, so it is
filled outside any transaction while Kolada is still being asked, and it holds in the database
what would otherwise pile up in memory. Then, in one short transaction, the values that differ
from the stored ones are read and written in at most two statements, an ``UPDATE … FROM`` of the
changed ones and an ``INSERT … SELECT`` of the new ones. A value Kolada gives as it is stored is
not written at all. When Kolada fails half-way nothing but the temporary table was written, and
it is dropped.

PostgreSQL fills the table with ``COPY`` (psycopg 3's ``cursor.copy``), SQLite with INSERTs of
many rows each. The table has no key, which would cost as much to keep as the rest of the
staging: each key comes once, since the client leaves out a value Kolada repeats and every
value goes to an indicator once.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from decimal import Context, Decimal

from django.db import DatabaseError, connection

from styrkedja.indicators.models import IndicatorValue

TABLE = "indicators_kolada_staging"
VALUE_PLACES = Decimal("0.001")  # as IndicatorValue.value: decimal_places=3
FETCH_ROWS = 5000  # rows of differences read at a time

# One value as it is to be stored: (position, indicator id, year, scope, label, gender, value, source).
# The position is the indicator's place in the plan, which orders what is read back.
StagedRow = tuple[int, int, int, str, str, str, Decimal, str]
# A staged value that is new (previous is None) or differs from the stored one:
# (indicator id, year, scope, label, gender, value, previous), in the order of the plan's indicators.
# The last item says whether a value is stored under the key: a row that says why its value is
# missing has no previous number but is there, and is updated rather than added.
Difference = tuple[int, int, str, str, str, Decimal, Decimal | None, bool]

# SQLite hands back a NUMERIC column as int or float: read it the way Django's DecimalField does.
_FLOAT_CONTEXT = Context(prec=15)


def _sqlite_decimal(raw) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, float):
        raw = _FLOAT_CONTEXT.create_decimal_from_float(raw)
    return Decimal(raw).quantize(VALUE_PLACES)


def _names() -> dict[str, str]:
    """The quoted names the statements use, from the model, so that a renamed column is followed."""
    quote = connection.ops.quote_name
    meta = IndicatorValue._meta
    columns = (
        "id",
        "indicator",
        "year",
        "scope",
        "label",
        "gender",
        "value",
        "missing_reason",
        "source",
        "note",
        "fetched_at",
        "rank",
    )
    names = {f"{name}_column": quote(meta.get_field(name).column) for name in (*columns, "rank_of")}
    return {"values": quote(meta.db_table), "staging": quote(TABLE), **names}


_SAME_KEY = (
    "v.{indicator_column} = s.indicator_id AND v.{year_column} = s.year "
    "AND v.{scope_column} = s.scope AND v.{label_column} = s.label AND v.{gender_column} = s.gender"
)
_DIFFERS = "(v.{value_column} IS NULL OR v.{value_column} <> s.value OR v.{source_column} <> s.source)"


class ValueStaging:
    """The temporary table of one sync; ``value_staging()`` makes the one for the database in use."""

    create_sql = ""
    # The plan's order of indicators, then year, scope and label, the texts in code-point order as
    # Python sorts them: the order a sync has always reported its values in.
    order = "s.position, s.year, s.scope, s.label, s.gender"

    def __init__(self) -> None:
        self.names = _names()

    def sql(self, template: str) -> str:
        return template.format(**self.names)

    def execute(self, template: str, params: Sequence = ()) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.sql(template), params)
            return cursor.rowcount

    def create(self) -> None:
        self.execute("DROP TABLE IF EXISTS {staging}")
        self.execute(self.create_sql)

    def drop(self) -> None:
        # After a failed statement PostgreSQL refuses everything until the rollback; the table
        # then goes with the connection or the rollback, and the first error is the one to see.
        with suppress(DatabaseError):
            self.execute("DROP TABLE IF EXISTS {staging}")

    def add(self, rows: Sequence[StagedRow]) -> None:
        """Stage one page's rows."""
        raise NotImplementedError

    def count(self) -> int:
        """How many values were staged, each key once."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql("SELECT COUNT(*) FROM {staging}"))
            return cursor.fetchone()[0]

    def prepare_merge(self) -> None:
        """Called in the merge's transaction, once every value is staged, before anything is read."""

    def differences(self) -> Iterator[Difference]:
        """The staged values that are new or differ from the stored ones, in value or in source."""
        query = (
            "SELECT s.indicator_id, s.year, s.scope, s.label, s.gender, s.value, v.{value_column}, "
            "v.{id_column} FROM {staging} s LEFT JOIN {values} v ON " + _SAME_KEY + " "
            "WHERE v.{id_column} IS NULL OR " + _DIFFERS + " ORDER BY " + self.order
        )
        # A server-side cursor on PostgreSQL, so that a first sync's differences come a batch at a time.
        with connection.chunked_cursor() as cursor:
            cursor.execute(self.sql(query))
            while rows := cursor.fetchmany(FETCH_ROWS):
                yield from self.read(rows)

    def read(self, rows: list[tuple]) -> Iterable[Difference]:
        for indicator_id, year, scope, label, gender, value, previous, stored in rows:
            yield indicator_id, year, scope, label, gender, value, previous, stored is not None

    def update_changed(self, *, fetched_at: datetime.datetime) -> int:
        """Write the staged value over every stored one that differs; the others are not touched."""
        return self.execute(
            "UPDATE {values} AS v SET {value_column} = s.value, {source_column} = s.source, "
            "{missing_reason_column} = '', {fetched_at_column} = %s FROM {staging} s WHERE "
            + _SAME_KEY
            + " AND "
            + _DIFFERS,
            [connection.ops.adapt_datetimefield_value(fetched_at)],
        )

    def insert_new(self, *, fetched_at: datetime.datetime, all_new: bool = False) -> int:
        """Add every staged value that has no stored value of the same key.

        ``all_new`` (every staged value was found new, in this transaction) spares the search for
        stored ones. The values go in as they were staged: what they are shown in is the order of
        year and scope, not that of their ids.
        """
        missing = "" if all_new else " WHERE NOT EXISTS (SELECT 1 FROM {values} v WHERE " + _SAME_KEY + ")"
        return self.execute(
            "INSERT INTO {values} ({indicator_column}, {year_column}, {scope_column}, {label_column}, "
            "{gender_column}, {value_column}, {missing_reason_column}, {source_column}, {note_column}, "
            "{fetched_at_column}, {rank_column}, {rank_of_column}) "
            "SELECT s.indicator_id, s.year, s.scope, s.label, s.gender, s.value, '', s.source, '', %s, "
            "NULL, NULL "
            "FROM {staging} s" + missing,
            [connection.ops.adapt_datetimefield_value(fetched_at)],
        )


class SqliteStaging(ValueStaging):
    create_sql = (
        "CREATE TEMPORARY TABLE {staging} (position integer NOT NULL, indicator_id integer NOT NULL, "
        "year integer NOT NULL, scope varchar(20) NOT NULL, label varchar(200) NOT NULL, "
        "gender varchar(1) NOT NULL, value decimal NOT NULL, source varchar(300) NOT NULL)"
    )

    def add(self, rows: Sequence[StagedRow]) -> None:
        # Many rows a statement, as many as Django lets a query have parameters: a fifth of the time
        # executemany takes, which binds and steps each row on its own.
        per_statement = connection.features.max_query_params // len(rows[0]) if rows else 1
        with connection.cursor() as cursor:
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                statement = _insert_rows(self.names["staging"], len(chunk), len(chunk[0]))
                cursor.execute(statement, [value for row in chunk for value in row])

    def read(self, rows: list[tuple]) -> Iterable[Difference]:
        for indicator_id, year, scope, label, gender, value, previous, stored in rows:
            yield (
                indicator_id,
                year,
                scope,
                label,
                gender,
                _sqlite_decimal(value),
                _sqlite_decimal(previous),
                stored is not None,
            )


@functools.cache  # a few statements only: the full chunk and the last one of each page
def _insert_rows(table: str, rows: int, columns: int) -> str:
    one = "(" + ", ".join(["%s"] * columns) + ")"
    return f"INSERT INTO {table} VALUES " + ", ".join([one] * rows)


class _CopyText(dict):
    """Strings in COPY's text format, each escaped once: the same labels and sources come on every page."""

    def __missing__(self, text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        self[text] = escaped
        return escaped


class PostgresStaging(ValueStaging):
    create_sql = (
        "CREATE TEMPORARY TABLE {staging} (position integer NOT NULL, indicator_id bigint NOT NULL, "
        "year integer NOT NULL, scope varchar(20) NOT NULL, label varchar(200) NOT NULL, "
        "gender varchar(1) NOT NULL, value numeric(14, 3) NOT NULL, source varchar(300) NOT NULL)"
    )
    copy_sql = "COPY {staging} (position, indicator_id, year, scope, label, gender, value, source) FROM STDIN"
    order = 's.position, s.year, s.scope COLLATE "C", s.label COLLATE "C", s.gender COLLATE "C"'

    def __init__(self) -> None:
        super().__init__()
        self.text = _CopyText()

    def add(self, rows: Sequence[StagedRow]) -> None:
        if not rows:
            return
        # One block of COPY's text format a page: three times as fast as psycopg's write_row.
        text = self.text
        block = "".join(
            [
                f"{position}\t{indicator_id}\t{year}\t{text[scope]}\t{text[label]}\t{gender}\t{value}"
                f"\t{text[source]}\n"
                for position, indicator_id, year, scope, label, gender, value, source in rows
            ]
        )
        # COPY is psycopg's own, past Django's cursor: its errors are made Django's here.
        with (
            connection.cursor() as cursor,
            connection.wrap_database_errors,
            cursor.cursor.copy(self.sql(self.copy_sql)) as copy,
        ):
            copy.write(block)

    def prepare_merge(self) -> None:
        # The joins hash every staged value: with the default 4 MB they would spill to disk.
        self.execute("SET LOCAL work_mem = '64MB'")


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
