"""Hand-written SQL for hot list pages, where Django's query building is the slowest part.

A correlated subquery built with the ORM (`Subquery(OuterRef(...))`) costs about a millisecond of
Python to resolve and compile, every request; a list row with six such columns spends more time
there than in the database. `RowSQL` is the same subquery written out once as SQL.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import connection
from django.db.models import Expression, Field

ROW = "{row}"


class RowSQL(Expression):
    """A column worked out by `sql` for each row of the query it annotates, where `{row}` in the
    SQL stands for the row's primary key (quoted with the table's alias, so it is right inside a
    subquery too). The SQL is a scalar subquery or an EXISTS; where SQLite and PostgreSQL spell it
    differently, `sql` maps each database's vendor name to its own text. Values come from
    `params`, never from the text."""

    def __init__(self, sql: str | Mapping[str, str], params: tuple = (), *, output_field: Field):
        super().__init__(output_field=output_field)
        self.sql = sql
        self.params = tuple(params)

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        pk_column = compiler.query.model._meta.pk.column
        row = f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(pk_column)}"
        sql = self.sql if isinstance(self.sql, str) else self.sql[connection.vendor]
        return f"({sql.replace(ROW, row)})", self.params

    def get_group_by_cols(self):
        return [self]


def select_rows(sql: str, params: tuple = ()) -> list[tuple]:
    """The rows of a hand-written SELECT, for a small query a hot page runs on every request."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
