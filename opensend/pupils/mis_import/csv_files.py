"""Reading an uploaded CSV: its encoding, its header (whatever the MIS calls each column) and its
rows, collecting every problem rather than stopping at the first."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..models import tidy_multiline
from .results import ImportInvalid, Progress, RowError
from .values import CellError

_PROGRESS_EVERY = 500
_NOT_CSV = "The file is not a CSV file. Save it from your MIS or spreadsheet as “CSV UTF-8” and upload it again."

Row = TypeVar("Row")


def decode_csv(data: bytes) -> str:
    """The text of an uploaded CSV: UTF-8 (with or without the BOM Excel adds), UTF-16 with a BOM,
    else Windows-1252, which is what Excel's plain "CSV" writes on a UK Windows PC."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    # A workbook (zip) or any other binary file is not a CSV, whatever it decodes to.
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise ValueError(_NOT_CSV)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ValueError(_NOT_CSV) from error


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the name the documentation and messages use
    aliases: tuple[str, ...] = ()
    required: bool = False


def normalise_header(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass(frozen=True)
class Table:
    columns: dict[str, Column]
    headers: dict[str, str]  # column key -> the header as the file spells it
    index: dict[str, int]  # column key -> position
    width: int
    records: list[list[str]]  # data rows; records[0] is spreadsheet row 2


def read_table(text: str, columns: Sequence[Column]) -> Table:
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as error:
        # extend() keeps the rows read before the bad one, so we know which row it is.
        raise ImportInvalid([RowError(len(records) + 1, "", f"The file cannot be read as CSV: {error}")]) from error
    if not records or not any(cell.strip() for cell in records[0]):
        raise ImportInvalid([RowError(1, "", "The file is empty. The first row must name the columns.")])
    header_row = records[0]
    index, headers, errors = _map_headers(header_row, columns)
    if errors:
        raise ImportInvalid(errors)
    by_key = {column.key: column for column in columns}
    return Table(columns=by_key, headers=headers, index=index, width=len(header_row), records=records[1:])


def _map_headers(
    header_row: Sequence[str], columns: Sequence[Column]
) -> tuple[dict[str, int], dict[str, str], list[RowError]]:
    by_name = {normalise_header(name): column for column in columns for name in (column.header, *column.aliases)}
    index: dict[str, int] = {}
    headers: dict[str, str] = {}
    errors: list[RowError] = []
    for position, text in enumerate(header_row):
        column = by_name.get(normalise_header(text))
        if column is None:
            continue  # MIS exports carry many columns we do not use.
        if column.key in index:
            message = f"“{headers[column.key]}” and “{text.strip()}” both give the {column.header}; keep one"
            errors.append(RowError(1, text.strip(), message))
            continue
        index[column.key] = position
        headers[column.key] = text.strip()
    for column in columns:
        if column.required and column.key not in index:
            errors.append(RowError(1, column.header, f"The file has no {column.header} column"))
    return index, headers, errors


class RowReader:
    """Reads one record's cells by column key, collecting every problem instead of stopping."""

    def __init__(self, table: Table, number: int, cells: list[str]) -> None:
        self.table = table
        self.columns = table.columns
        self.number = number
        self.cells = cells
        self.errors: list[RowError] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.number, self.table.headers.get(key, self.columns[key].header), message))

    def raw(self, key: str) -> str:
        position = self.table.index.get(key)
        if position is None or position >= len(self.cells):
            return ""
        return self.cells[position].strip()

    def text(self, key: str, *, max_length: int) -> str:
        value = " ".join(self.raw(key).split())
        if not value and self.columns[key].required:
            self.error(key, f"{self.table.headers[key]} is blank")
        return self._at_most(key, value, max_length)

    def multiline(self, key: str, *, max_length: int) -> str:
        """Free text whose line breaks are kept: they separate one item from the next."""
        return self._at_most(key, tidy_multiline(self.raw(key)), max_length)

    def _at_most(self, key: str, value: str, max_length: int) -> str:
        if len(value) > max_length:
            self.error(key, f"{self.table.headers[key]} is longer than {max_length} characters")
        return value

    def parsed(self, key: str, parser: Callable[[str], Any], default: Any = None) -> Any:
        """The parsed cell; `default` if it is blank or cannot be read."""
        raw = self.raw(key)
        if not raw:
            if self.columns[key].required:
                self.error(key, f"{self.table.headers[key]} is blank")
            return default
        try:
            return parser(raw)
        except CellError as problem:
            self.error(key, str(problem))
            return default


def read_rows(
    table: Table, read_row: Callable[[RowReader], Row], *, progress: Progress | None
) -> tuple[list[Row], list[Row], list[RowError]]:
    """Each row that is not blank, read by `read_row`: the rows without problems, every row read
    (for checks across rows), and the problems."""
    good: list[Row] = []
    every: list[Row] = []
    errors: list[RowError] = []
    for number, cells in _data_rows(table, progress):
        if problem := _width_error(table, number, cells):
            errors.append(problem)
            continue
        reader = RowReader(table, number, cells)
        row = read_row(reader)
        every.append(row)
        errors.extend(reader.errors)
        if not reader.errors:
            good.append(row)
    return good, every, errors


def _data_rows(table: Table, progress: Progress | None) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) for each row that is not blank."""
    total = len(table.records)
    for offset, cells in enumerate(table.records):
        if progress is not None and offset % _PROGRESS_EVERY == 0:
            progress(offset, total)
        if any(cell.strip() for cell in cells):
            yield offset + 2, cells
    if progress is not None:
        progress(total, total)


def _width_error(table: Table, number: int, cells: list[str]) -> RowError | None:
    """A row with more cells than the header usually has an unquoted comma in a name, which
    shifts every later value into the wrong column."""
    extra = cells[table.width :]
    if any(cell.strip() for cell in extra):
        return RowError(number, "", f"This row has {len(cells)} cells but the header has {table.width}")
    return None
