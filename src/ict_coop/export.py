"""Exports: any table, view or derived table to CSV, Parquet, JSON Lines, SQLite or DuckDB.

Examples:
    >>> import sqlite3, tempfile, pathlib
    >>> from ict_coop.export import export
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "ict-coop.sqlite"
    >>> export("all", out, "sqlite")  # doctest: +ELLIPSIS
    PosixPath('...ict-coop.sqlite')
    >>> db = sqlite3.connect(out)
    >>> query = "select count(*) from engagement_partners p join engagements e using (event_id) where e.year = ?"
    >>> db.execute(query, (1900,)).fetchone()
    (0,)

``all`` is every table and the research views (``engagements``, ``engagement_partners``):
one database (SQLite, DuckDB) or one folder of files (Parquet, CSV, JSON Lines) with
``ict-coop.json`` describing them. Derived tables: ``cameo`` (GDELT-style dyads), ``plover``
(JSON Lines only), ``panel`` (dyad-year counts), ``undated`` (per dyad, what the panel cannot
place in a year), ``edges`` (who met whom) and ``quote_contexts`` (every passage of a shipped
source with the sentence and paragraph it comes from).

Types survive where the format has them: Parquet keeps Arrow's dates, integers, dictionaries
(categories in pandas and polars), lists and the package metadata; SQLite declares ``DATE``,
``INTEGER``, ``BOOLEAN`` and ``TEXT`` columns, vocabularies as ``CHECK (... IN (...))``, and
primary and foreign keys; DuckDB (``pip install 'ict-coop[duckdb]'``) has real ``DATE``,
``ENUM`` types named after the vocabularies, ``VARCHAR[]`` lists and primary keys. CSV and
SQLite have no lists: a list of ids is one space-separated text (ids have no spaces) and lists
of names are left out (``engagement_partners`` has them as rows).
"""

from __future__ import annotations

import json
import re
import sqlite3
import typing
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc

from .errors import MissingDependencyError, UnknownResourceError
from .tables import describe

ExportFormat = Literal["csv", "parquet", "jsonl", "sqlite", "duckdb"]
EXPORT_FORMATS: tuple[str, ...] = typing.get_args(ExportFormat)
#: Formats in which ``all`` is a folder of files (one per table and view).
FOLDER_FORMATS = ("csv", "parquet", "jsonl")
#: Formats in which ``all`` is one database file.
DATABASE_FORMATS = ("sqlite", "duckdb")
DERIVED = ("cameo", "plover", "panel", "undated", "edges", "quote_contexts")
#: The research views every ``all`` export includes, after the tables.
VIEWS = ("engagements", "engagement_partners")
_EXTENSIONS = {"csv": "csv", "parquet": "parquet", "jsonl": "jsonl", "sqlite": "sqlite", "duckdb": "duckdb"}


def everything() -> list[str]:
    """What ``all`` exports: every table, then the research views."""
    return [*describe(), *VIEWS]


def check_name(name: str, format: str) -> None:  # noqa: A002
    """Raise before any work when ``name`` or ``format`` is not exportable (the message lists the choices)."""
    from .loading import VIEWS as LOADABLE

    if format not in EXPORT_FORMATS:
        msg = f"format must be one of {', '.join(EXPORT_FORMATS)}, not {format!r}"
        raise ValueError(msg)
    names = [*LOADABLE, *describe(), *(d for d in DERIVED if d not in LOADABLE), "all"]
    if name not in names:
        msg = f"nothing called {name!r} to export; choose one of: {', '.join(dict.fromkeys(names))}"
        raise UnknownResourceError(msg)
    if name == "plover" and format != "jsonl":
        msg = "plover is exported as JSON Lines only (format='jsonl')"
        raise ValueError(msg)


def default_output(name: str, format: str) -> str:  # noqa: A002
    """The output when none is given: ``NAME.FORMAT``; for ``all``, ``ict-coop.FORMAT`` or ``ict-coop-FORMAT/``."""
    if name == "all":
        return f"ict-coop-{format}" if format in FOLDER_FORMATS else f"ict-coop.{_EXTENSIONS[format]}"
    return f"{name}.{_EXTENSIONS[format]}"


def _plain(table: pa.Table) -> pa.Table:
    """Vocabulary columns as plain strings (for formats without dictionaries)."""
    columns = [
        pc.cast(c.combine_chunks(), pa.string()) if pa.types.is_dictionary(c.type) else c.combine_chunks()
        for c in table.columns
    ]
    fields = [pa.field(f.name, c.type, f.nullable, f.metadata) for f, c in zip(table.schema, columns, strict=True)]
    return pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=table.schema.metadata))


def flat(table: pa.Table) -> pa.Table:
    """A table for formats without lists (CSV, SQLite): each list of ids as one space-separated text.

    Ids never contain spaces. Lists of names (``partner_names``) are left out: the
    ``engagement_partners`` view has them, one row per engagement and partner.
    """
    from .views import NAME_LISTS

    plain = _plain(table)
    fields, columns = [], []
    for field, column in zip(plain.schema, plain.columns, strict=True):
        if pa.types.is_list(field.type):
            if field.name in NAME_LISTS:
                continue
            column = pc.binary_join(column, " ")
            field = pa.field(field.name, pa.string(), nullable=field.nullable, metadata=field.metadata)
        fields.append(field)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=pa.schema(fields, metadata=table.schema.metadata))


def table_for(name: str, path: str | Path | None = None) -> pa.Table:
    """The Arrow table behind an export name (a table, a view or a derived table)."""
    from . import research
    from .loading import load

    if name == "cameo":
        return research.cameo_dyads(load(path=path))
    if name == "panel":
        return research.dyad_year_panel(load(path=path))
    if name == "undated":
        return research.dyad_undated(load(path=path))
    if name == "edges":
        return research.edge_list(load(path=path))
    if name == "plover":
        return pa.Table.from_pylist(research.plover_records(load(path=path)))
    if name == "quote_contexts":
        from .sentences import quote_contexts

        return quote_contexts(load(path=path))
    return load(name, format="arrow", path=path)


def export(name: str, out: str | Path, format: ExportFormat, *, path: str | Path | None = None) -> Path:  # noqa: A002
    """Write ``name`` to ``out`` in ``format``; returns the path written.

    ``name="all"`` writes every table and view: into one database (``sqlite``, ``duckdb``) or
    into the folder ``out`` (``parquet``, ``csv``, ``jsonl``: one file per table and view, and
    ``ict-coop.json`` with the package's name, version, licences and what each file holds).

    Raises:
        UnknownResourceError: ``name`` is not a table, view or derived table.
        ValueError: ``format`` is not one of `EXPORT_FORMATS`, or plover not as JSON Lines.
        MissingDependencyError: ``duckdb`` without the duckdb library.
    """
    check_name(name, format)
    out = Path(out)
    if name == "plover":
        from .loading import load
        from .research import plover_jsonl

        out.write_text(plover_jsonl(load(path=path)), encoding="utf-8")
        return out
    names = everything() if name == "all" else [name]
    if format == "sqlite":
        _sqlite(out, {n: table_for(n, path) for n in names})
    elif format == "duckdb":
        _duckdb(out, {n: table_for(n, path) for n in names})
    elif name == "all":
        out.mkdir(exist_ok=True)
        files = {}
        for table_name in names:
            table = table_for(table_name, path)
            _write_file(table, out / f"{table_name}.{_EXTENSIONS[format]}", format)
            files[f"{table_name}.{_EXTENSIONS[format]}"] = _described(table_name, table)
        (out / "ict-coop.json").write_text(_manifest(table, files), encoding="utf-8")
    else:
        _write_file(table_for(name, path), out, format)
    return out


def _described(name: str, table: pa.Table) -> str:
    """What a table or view holds: its model's docstring, or the description in its metadata."""
    if name in describe():
        return " ".join(describe()[name].doc.split())
    return (table.schema.metadata or {}).get(b"description", b"").decode()


def _manifest(table: pa.Table, files: dict[str, str]) -> str:
    """The folder's description: the package's name, version and licences, and each file."""
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    facts = {key: meta.get(key, "") for key in ("package", "version", "licenses")}
    facts["files"] = files
    return json.dumps(facts, ensure_ascii=False, indent=2) + "\n"


def _write_file(table: pa.Table, out: Path, format: str) -> None:  # noqa: A002
    if format == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, out)
    elif format == "csv":
        import pyarrow.csv as pa_csv

        pa_csv.write_csv(flat(table), out)
    else:  # jsonl
        with out.open("w", encoding="utf-8") as handle:
            for row in _plain(table).to_pylist():
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


# --------------------------------------------------------------------------- keys and vocabularies


def _keys(name: str) -> tuple[tuple[str, ...], list[tuple[tuple[str, ...], str, tuple[str, ...]]]]:
    """(primary key, foreign keys) of a table or view; nothing for a derived table."""
    from .loading import VIEWS as LOADABLE

    table = describe().get(LOADABLE.get(name) or name)  # meetings are the events' rows
    if table is not None:
        return table.key, [(link.fields, link.target, link.target_fields) for link in table.links]
    if name == "engagements":
        return ("event_id",), [(("event_id",), "events", ("event_id",))]
    if name == "engagement_partners":
        return ("event_id", "partner_id"), [(("event_id",), "engagements", ("event_id",))]
    return (), []


def _vocabulary(name: str, field: str) -> type[StrEnum] | None:
    """The closed vocabulary a column of a table or view takes its values from, if any."""
    from .views import VIEW_MODELS

    if name in describe():
        members = describe()[name].field(field).vocabulary if field in describe()[name].names else ()
        return type(members[0]) if members else None
    model = VIEW_MODELS.get(name)
    info = model.model_fields.get(field) if model is not None else None
    if info is None:
        return None
    for candidate in (info.annotation, *typing.get_args(info.annotation)):
        if isinstance(candidate, type) and issubclass(candidate, StrEnum):
            return candidate
    return None


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --------------------------------------------------------------------------- SQL types

#: Arrow type -> (SQLite type, DuckDB type); vocabularies and lists are handled apart.
_SQL_TYPES = (
    (pa.types.is_date, "DATE", "DATE"),
    (pa.types.is_timestamp, "DATETIME", "TIMESTAMP"),
    (pa.types.is_boolean, "BOOLEAN", "BOOLEAN"),
    (pa.types.is_integer, "INTEGER", "BIGINT"),
    (pa.types.is_floating, "REAL", "DOUBLE"),
)


def _sql_type(kind: pa.DataType, engine: Literal["sqlite", "duckdb"]) -> str:
    """The SQL type of a plain Arrow type (text otherwise)."""
    for test, sqlite_type, duckdb_type in _SQL_TYPES:
        if test(kind):
            return sqlite_type if engine == "sqlite" else duckdb_type
    return "TEXT" if engine == "sqlite" else "VARCHAR"


# --------------------------------------------------------------------------- SQLite


def _sqlite_type(name: str, field: pa.Field) -> str:
    """A column's SQLite type: a vocabulary as TEXT with a CHECK of its members; a list of ids as TEXT."""
    if pa.types.is_dictionary(field.type):
        vocabulary = _vocabulary(name, field.name)
        if vocabulary is not None:
            members = ", ".join(_quote(str(m)) for m in vocabulary)
            return f'TEXT CHECK ("{field.name}" IN ({members}))'
    return _sql_type(field.type, "sqlite")


def _sqlite(out: Path, tables: dict[str, pa.Table]) -> None:
    """One SQLite database: a table per table or view, typed, with its keys."""
    if out.exists():
        out.unlink()
    with sqlite3.connect(out) as db:
        for name, table in tables.items():
            _to_sqlite(db, name, table)
    db.close()


def _to_sqlite(db: sqlite3.Connection, name: str, table: pa.Table) -> None:
    rows = flat(table)  # the original field's type decides (a vocabulary is a string in ``rows``)
    columns = [
        f'"{f.name}" {_sqlite_type(name, table.schema.field(f.name))}{"" if f.nullable else " NOT NULL"}'
        for f in rows.schema
    ]
    primary, foreign = _keys(name)
    if primary:
        columns.append(f"PRIMARY KEY ({', '.join(primary)})")
    for fields, resource, references in foreign:
        columns.append(f"FOREIGN KEY ({', '.join(fields)}) REFERENCES {resource} ({', '.join(references)})")
    db.execute(f'CREATE TABLE "{name}" ({", ".join(columns)})')
    marks = ", ".join("?" for _ in rows.column_names)
    values = zip(*(_sql_values(rows.column(i)) for i in range(rows.num_columns)), strict=True)
    db.executemany(f'INSERT INTO "{name}" VALUES ({marks})', values)


def _sql_values(column: Any) -> list[Any]:
    values = column.to_pylist()
    if pa.types.is_date(column.type) or pa.types.is_timestamp(column.type):
        return [None if v is None else v.isoformat() for v in values]
    return values


# --------------------------------------------------------------------------- DuckDB


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _duckdb_type(name: str, field: pa.Field, enums: dict[str, type[StrEnum]]) -> str:
    """A column's DuckDB type: a vocabulary as its ENUM type (recorded in ``enums``), a list as VARCHAR[]."""
    if pa.types.is_dictionary(field.type):
        vocabulary = _vocabulary(name, field.name)
        if vocabulary is not None:
            enums[_snake(vocabulary.__name__)] = vocabulary
            return _snake(vocabulary.__name__)
    if pa.types.is_list(field.type):
        return "VARCHAR[]"
    return _sql_type(field.type, "duckdb")


def _parents_first(names: list[str]) -> list[str]:
    """Tables in an order where every table comes after those its foreign keys name."""
    done: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done or name in path:
            return
        for _, resource, _ in _keys(name)[1]:
            if resource in names and resource != name:
                visit(resource, (*path, name))
        done.append(name)

    for name in names:
        visit(name, ())
    return done


def _duckdb(out: Path, tables: dict[str, pa.Table]) -> None:
    """One DuckDB database: real DATE columns, an ENUM type per vocabulary, lists, keys.

    Foreign keys are declared between the tables exported, except self-references
    (``events.parent_event_id``, ``organizations.parent_organization_id``): DuckDB checks each
    row as it is inserted, so a session listed before its trip would be refused. Tables are
    created parents first.
    """
    try:
        import duckdb
    except ImportError as exc:
        msg = "format='duckdb' needs duckdb: pip install 'ict-coop[duckdb]'"
        raise MissingDependencyError(msg) from exc
    if out.exists():
        out.unlink()
    enums: dict[str, type[StrEnum]] = {}
    statements = []
    for name in _parents_first(list(tables)):
        table = tables[name]
        columns = [
            f'"{f.name}" {_duckdb_type(name, f, enums)}{"" if f.nullable else " NOT NULL"}' for f in table.schema
        ]
        primary, foreign = _keys(name)
        if primary:
            columns.append(f"PRIMARY KEY ({', '.join(primary)})")
        for fields, resource, references in foreign:
            if resource in tables and resource != name:
                columns.append(f"FOREIGN KEY ({', '.join(fields)}) REFERENCES {resource} ({', '.join(references)})")
        statements.append((name, f'CREATE TABLE "{name}" ({", ".join(columns)})'))
    db = duckdb.connect(str(out))
    try:
        for enum_name, vocabulary in enums.items():
            db.execute(f"CREATE TYPE {enum_name} AS ENUM ({', '.join(_quote(str(m)) for m in vocabulary)})")
        for name, statement in statements:
            db.execute(statement)
            incoming = _plain(tables[name])  # strings cast to the ENUM types on insert
            db.register("incoming", incoming)
            db.execute(f'INSERT INTO "{name}" SELECT * FROM incoming')
            db.unregister("incoming")
            db.execute(f'COMMENT ON TABLE "{name}" IS {_quote(_described(name, tables[name]))}')
            for field in tables[name].schema:
                about = (field.metadata or {}).get(b"description", b"").decode()
                if about:
                    db.execute(f'COMMENT ON COLUMN "{name}"."{field.name}" IS {_quote(about)}')
    finally:
        db.close()
