"""Exports: any table, view or derived table to CSV, Parquet, JSON Lines or SQLite.

>>> import sqlite3, tempfile, pathlib
>>> from ict_coop.export import export
>>> out = pathlib.Path(tempfile.mkdtemp()) / "ict-coop.sqlite"
>>> export("all", out, "sqlite")  # doctest: +ELLIPSIS
PosixPath('...ict-coop.sqlite')
>>> db = sqlite3.connect(out)
>>> query = "select count(*) from event_partners p join events e using (event_id) where e.event_id = ?"
>>> db.execute(query, ("evt-no-such-event",)).fetchone()
(0,)

Derived tables: ``cameo`` (GDELT-style dyads), ``plover`` (JSON Lines only), ``panel``
(dyad-year counts) and ``edges`` (who met whom); ``all`` writes every table (SQLite only).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc

from .models import MODELS

ExportFormat = Literal["csv", "parquet", "jsonl", "sqlite"]


def _plain(table: pa.Table) -> pa.Table:
    """Vocabulary columns as plain strings (for formats without dictionaries)."""
    columns = [
        pc.cast(c.combine_chunks(), pa.string()) if pa.types.is_dictionary(c.type) else c.combine_chunks()
        for c in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def table_for(name: str, path: str | Path | None = None) -> pa.Table:
    """The Arrow table behind an export name (a table, ``meetings``, ``agreements`` or derived)."""
    from . import research
    from .loading import load

    if name == "cameo":
        return research.cameo_dyads(load(path=path))
    if name == "panel":
        return research.dyad_year_panel(load(path=path))
    if name == "edges":
        return research.edge_list(load(path=path))
    return load(name, format="arrow", path=path)


def export(name: str, out: str | Path, format: ExportFormat, *, path: str | Path | None = None) -> Path:  # noqa: A002
    """Write ``name`` to ``out`` in ``format``; returns the path written.

    SQLite gets one SQL table per exported table, with its primary and foreign keys, dates as
    ISO text; ``name="all"`` exports every table of the package into one database.
    """
    out = Path(out)
    if name == "plover":
        if format != "jsonl":
            msg = "plover is exported as JSON Lines only (format='jsonl')"
            raise ValueError(msg)
        from .loading import load
        from .research import plover_jsonl

        out.write_text(plover_jsonl(load(path=path)), encoding="utf-8")
        return out
    if format == "sqlite":
        names = list(MODELS) if name == "all" else [name]
        if out.exists():
            out.unlink()
        with sqlite3.connect(out) as db:
            for table_name in names:
                _to_sqlite(db, table_name, table_for(table_name, path))
        return out
    if name == "all":
        msg = "name='all' needs format='sqlite' (one file per table otherwise)"
        raise ValueError(msg)
    table = table_for(name, path)
    if format == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, out)
    elif format == "csv":
        import pyarrow.csv as pa_csv

        pa_csv.write_csv(_plain(table), out)
    elif format == "jsonl":
        with out.open("w", encoding="utf-8") as handle:
            for row in _plain(table).to_pylist():
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    else:
        msg = f"format must be csv, parquet, jsonl or sqlite, not {format!r}"
        raise ValueError(msg)
    return out


_SQL_TYPES = {"int64": "INTEGER", "double": "REAL"}


def _to_sqlite(db: sqlite3.Connection, name: str, table: pa.Table) -> None:
    plain = _plain(table)
    columns = [
        f'"{f.name}" {_SQL_TYPES.get(str(f.type), "TEXT")}{"" if f.nullable else " NOT NULL"}' for f in plain.schema
    ]
    model = MODELS.get(name)
    if model is not None:
        columns.append(f"PRIMARY KEY ({', '.join(model.primary_key)})")
        for fk in model.foreign_keys:
            columns.append(
                f"FOREIGN KEY ({', '.join(fk.fields)}) REFERENCES {fk.resource} ({', '.join(fk.reference_fields)})"
            )
    db.execute(f'CREATE TABLE "{name}" ({", ".join(columns)})')
    marks = ", ".join("?" for _ in plain.column_names)
    rows = zip(*(_sql_values(plain.column(i)) for i in range(plain.num_columns)), strict=True)
    db.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)


def _sql_values(column: Any) -> list[Any]:
    values = column.to_pylist()
    if pa.types.is_date(column.type) or pa.types.is_timestamp(column.type):
        return [None if v is None else v.isoformat() for v in values]
    return values
