"""From the table descriptions to the descriptor, Arrow and the data dictionary.

The pydantic models in `ict_coop.models` own the schema; `ict_coop.tables` describes each
table once from them; this module renders those descriptions with pure functions:

- `table_schema` — the Table Schema (Data Package v2) of one model's table.
- `resource_descriptors` — the ``resources`` part of ``datapackage.json`` (schemas,
  ``bytes`` and ``hash`` of each file).
- `arrow_schema` — the typed ``pyarrow.Schema`` of a table (pyarrow imported lazily).
- `data_dictionary` and `table_page` — ``docs/data-dictionary.md`` and a page per table in
  ``docs/tables/``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import Record
from .stamps import file_facts
from .tables import MISSING_VALUES, Field, arrow_type, csv_path, describe
from .vocab import TOPIC_LABELS, Topic, definition

if TYPE_CHECKING:
    import pyarrow as pa

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def enum_members(model: type[Record], name: str) -> list[StrEnum] | None:
    """The members of the enumeration a field takes its values from, if any."""
    members = describe()[model.resource_name].field(name).vocabulary
    return list(members) if members else None


def table_schema(model: type[Record]) -> dict[str, Any]:
    """Return the Table Schema of one model (its table's `ict_coop.tables.Table.schema`).

    Examples:
        >>> from ict_coop.models import Country
        >>> table_schema(Country)["fields"][0]["constraints"]
        {'required': True, 'pattern': '^([A-Z]{3})$'}
    """
    return describe()[model.resource_name].schema


def schema_meaning(schema: Any, resource: str) -> Any:
    """A Table Schema as it means, not as it is spelled: the form drift is judged in.

    frictionless writes a foreign key into the resource's own table as ``"resource": ""``
    when it re-saves a package; a reference without ``resource`` means the same (Table
    Schema), and so does one naming the resource itself.
    """
    if not isinstance(schema, dict) or not isinstance(schema.get("foreignKeys"), list):
        return schema
    keys = []
    for key in schema["foreignKeys"]:
        reference = key.get("reference") if isinstance(key, dict) else None
        if isinstance(reference, dict) and reference.get("resource") in ("", resource):
            key = {**key, "reference": {k: v for k, v in reference.items() if k != "resource"}}
        keys.append(key)
    return {**schema, "foreignKeys": keys}


def resource_title(name: str) -> str:
    """A table's short title, from its name: ``event_partners`` is "Event partners"."""
    return describe()[name].title


def _bytes_of(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def resource_descriptors(root: Path) -> list[dict[str, Any]]:
    """Return the ``resources`` list of the descriptor for the package folder ``root``.

    Schemas come from the models; ``bytes`` and ``hash`` from the files as they are on disk.
    """
    resources = []
    for table in describe().values():
        resources.append(
            {
                "name": table.name,
                "type": "table",
                "path": table.path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": table.title,
                # plain text, as any Data Package tool shows it: no docstring markup
                "description": " ".join(table.doc.replace("`", "").split()),
                **file_facts(_bytes_of(root / table.path)),
                "schema": table.schema,
            }
        )
    return resources


def topic_rows() -> list[dict[str, str]]:
    """The rows of the ``topics`` table, generated from the vocabulary."""
    return [
        {"topic_id": str(topic), "label_vi": vi, "label_en": en, "definition": text}
        for topic, (vi, en, text) in sorted(TOPIC_LABELS.items())
    ]


def arrow_schema(resource: str, package_metadata: tuple[tuple[str, str], ...] = ()) -> pa.Schema:
    """The typed Arrow schema of a resource: real dates, int64, dictionary-encoded vocabularies.

    Field descriptions go into each field's metadata (``description``); ``package_metadata``
    (name, version, licence) into the schema's metadata.
    """
    return describe()[resource].arrow_schema(package_metadata)


def arrow_schema_of(fields: list[dict[str, Any]], package_metadata: tuple[tuple[str, str], ...] = ()) -> pa.Schema:
    """The Arrow schema of Table Schema ``fields`` (those `table_schema` generates).

    Lets a reader of a package already known to match the models (see `ict_coop.stamps`)
    take the types from its descriptor instead of generating the schemas again.
    """
    import pyarrow as pa

    arrow_fields = []
    for field in fields:
        constraints = field.get("constraints", {})
        arrow_fields.append(
            pa.field(
                field["name"],
                arrow_type(field["type"], vocabulary="enum" in constraints),
                nullable=not constraints.get("required", False),
                metadata={"description": field["description"]},
            )
        )
    return pa.schema(arrow_fields, metadata=dict(package_metadata) or None)


#: How dates are written, once for every date field (each links here).
DATE_CONVENTIONS = """\
## Dates

A date is kept in three layers, so that what the source says, what it means and what a
program can compute with stay apart:

| layer | fields | what it holds |
|---|---|---|
| the words | `date_text` | the date exactly as the source writes it (`Sáng 10/3`, `September 8`) |
| the meaning | `date_edtf` | the same date in the EDTF subset below: only what is known |
| the bounds | `date_earliest`, `date_latest` | the first and last day it can be, as real dates; empty when unknown |

`date_precision` says how precise the EDTF is, `date_qualifier` how certain (`~` approximate,
`?` uncertain), and `date_basis` where it comes from: `stated` (the source writes it),
`inferred_from_*` (completed from the dateline, the context or the page's metadata, with a
`date_note` saying how) or `external` (outside knowledge, with an `outside_knowledge` row).

| EDTF form | example | means |
|---|---|---|
| a day, month or year | `2023-05-17`, `2022-12`, `2018` | that day, some day of that month or year |
| an interval | `2018-09-26/2018-09-30` | the event spans those days |
| one of a set | `[2018-09-26..2018-09-30]` | the event is one of those days |
| an open interval | `../2018-05-03`, `2018-05-03/..` | bounded on one side only |
| a day of an unknown year | `XXXX-03-28` | the source gives the day, not the year: no bounds |
| a qualified date | `2018-05~`, `2018-05?` | approximately, or possibly, that date |

`X` marks a whole unknown part (`XXXX`, `XX`); a partly known year (`201X`) is never written.
The rules that tie the layers together are in [`ict_coop.dates`](api/dates.md).
"""

#: Text constraints every text field has (non-empty, within the cell limit): not repeated per field.
_DEFAULT_TEXT = {"minLength": 1, "maxLength": 20000}


def _vocabulary_anchor(members: list[StrEnum]) -> str:
    return f"vocabulary-{type(members[0]).__name__.lower()}"


def _values(field: Field, prefix: str) -> str:
    """What a field's values may be, in words: a linked vocabulary, EDTF, a pattern, a length."""
    from .dates import EDTF_PATTERN

    members = list(field.vocabulary)
    if members:
        return f"[{type(members[0]).__name__}]({prefix}data-dictionary.md#{_vocabulary_anchor(members)})"
    constraints = {k: v for k, v in field.constraints.items() if k != "enum"}
    if constraints.get("pattern") == EDTF_PATTERN:
        return f"[EDTF]({prefix}data-dictionary.md#dates)"
    shown = []
    if "pattern" in constraints:
        shown.append(f"`{constraints['pattern']}`")
    if {k: constraints.get(k) for k in _DEFAULT_TEXT} != _DEFAULT_TEXT and "maxLength" in constraints:
        shown.append(f"at most {constraints['maxLength']} characters")
    if "minimum" in constraints or "maximum" in constraints:
        shown.append(f"{constraints.get('minimum', '…')} to {constraints.get('maximum', '…')}")
    return "; ".join(shown)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _example(value: str | None) -> str:
    if value is None:
        return ""
    value = " ".join(value.split())
    shown = value if len(value) <= 32 else value[:31] + "…"
    return f"`{shown.replace('`', '')}`"


def table_page(name: str, facts: dict[str, Any] | None = None) -> str:
    """Render ``docs/tables/NAME.md``: one table, its keys and links, and every field with an example.

    ``facts`` (see `data_facts`) gives the row count and an example value per field.
    """
    table = describe()[name]
    facts = facts or {}
    examples = facts.get("examples", {})
    rows = f", {facts['rows']:,} rows" if "rows" in facts else ""
    lines = [
        "---",
        "hide: [toc]  # the field table needs the width",
        "---",
        "",
        f"# `{name}`",
        "",
        "<!-- Generated by `ict-coop curate build` from src/ict_coop/models.py and the data;",
        "     do not edit by hand. -->",
        "",
        " ".join(table.doc.replace("``", "`").split()),
        "",
        f"- File: `{table.path}`{rows}; primary key: `{', '.join(table.key)}`",
    ]
    for link in table.links:
        lines.append(
            f"- `{', '.join(link.fields)}` → [`{link.target}`]({link.target}.md).`{', '.join(link.target_fields)}`"
            f" ({link.relation})"
        )
    for link in describe().links_into(name):
        if link.needed:
            when = f" with `{link.needed_when}` set" if link.needed_when else ""
            lines.append(f"- Every row{when} needs {link.needed}: a row in [`{link.table}`]({link.table}.md)")
    if evidenced := table.evidenced:
        lines.append(f"- Needs evidence when set: {', '.join(f'`{f}`' for f in evidenced)}")
    if verbatim := table.verbatim:
        lines.append(f"- Verbatim (must occur in an evidence quote): {', '.join(f'`{f}`' for f in verbatim)}")
    lines += [
        "",
        "| field | type | values | description | example |",
        "|---|---|---|---|---|",
    ]
    for field in table.fields:
        required = ", required" if field.required else ""
        lines.append(
            f"| `{field.name}` | {field.type}{required} | {_cell(_values(field, '../'))} "
            f"| {_cell(field.description)} | {_cell(_example(examples.get(field.name)))} |"
        )
    lines += [
        "",
        "An empty cell means null. Vocabularies and the date conventions are explained once, in the",
        "[data dictionary](../data-dictionary.md).",
    ]
    return "\n".join(lines) + "\n"


def data_dictionary(facts: dict[str, dict[str, Any]] | None = None) -> str:
    """Render ``docs/data-dictionary.md``: the tables, the date conventions and every vocabulary once.

    Each table has its own page (`table_page`); ``facts`` (see `data_facts`) adds row counts.
    """
    facts = facts or {}
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated by `ict-coop curate build` from src/ict_coop/models.py, vocab.py and the data;",
        "     do not edit by hand (a test fails when this file is out of date). -->",
        "",
        "Every table is a CSV file in `data/` (UTF-8, LF, header row, sorted by primary key).",
        "An empty cell means null: the source does not state the value. `*_text` fields are",
        "verbatim from the source; `*_en` fields are the curators' English. Text is trimmed Unicode",
        "NFC and never empty. Each table's page lists its fields with an example value from the data.",
        "",
        "## Tables",
        "",
        "| table | rows | one row is |",
        "|---|---:|---|",
    ]
    for name, table in describe().items():
        first = table.doc.split("\n")[0].replace("``", "`")
        rows = f"{facts[name]['rows']:,}" if "rows" in facts.get(name, {}) else ""
        lines.append(f"| [`{name}`](tables/{name}.md) | {rows} | {_cell(first)} |")
    lines += ["", DATE_CONVENTIONS, "## Vocabularies", ""]
    users: dict[type, list[str]] = {}
    for name, table in describe().items():
        for field in table.fields:
            if field.vocabulary:
                users.setdefault(type(field.vocabulary[0]), []).append(f"[`{name}.{field.name}`](tables/{name}.md)")
    for vocabulary, used_by in users.items():
        members = list(vocabulary)
        doc = " ".join((vocabulary.__doc__ or "").split())
        lines += [f"### {vocabulary.__name__} {{ #{_vocabulary_anchor(members)} }}", "", doc, ""]
        lines += [f"Used by {', '.join(used_by)}.", ""]
        if vocabulary is Topic:
            lines += ["| value | Vietnamese | English | definition |", "|---|---|---|---|"]
            lines += [
                f"| `{row['topic_id']}` | {row['label_vi']} | {row['label_en']} | {_cell(row['definition'])} |"
                for row in topic_rows()
            ]
        else:
            lines += ["| value | definition |", "|---|---|"]
            lines += [f"| `{m}` | {_cell(definition(m))} |" for m in members]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def data_facts(root: Path) -> dict[str, dict[str, Any]]:
    """Per table of the package at ``root``: its row count and the first value of each field.

    Rows are in primary-key order, so the examples change only when the data does.
    """
    import csv

    facts: dict[str, dict[str, Any]] = {}
    for name, table in describe().items():
        path = root / table.path
        if not path.is_file():
            continue
        examples: dict[str, str] = {}
        count = 0
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                count += 1
                for field, value in row.items():
                    if value and field not in examples:
                        examples[field] = value
        facts[name] = {"rows": count, "examples": examples}
    return facts


__all__ = [
    "MISSING_VALUES",
    "PROFILE",
    "Topic",
    "arrow_schema",
    "csv_path",
    "data_dictionary",
    "data_facts",
    "render_descriptor",
    "resource_descriptors",
    "resource_title",
    "schema_meaning",
    "table_page",
    "table_schema",
    "topic_rows",
    "updated_descriptor",
]


def updated_descriptor(root: Path, descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor with its generated parts refreshed: resources, ``$schema`` and ``version``.

    Everything else (title, licences, sources, contributors, ...) is the curators' and is kept.
    """
    from ._version import __version__

    fresh = {"$schema": PROFILE, **{k: v for k, v in descriptor.items() if k != "$schema"}}
    fresh["version"] = __version__
    fresh["resources"] = resource_descriptors(root)
    return fresh


def render_descriptor(descriptor: dict[str, Any]) -> str:
    """The descriptor as committed: 2-space indent, UTF-8 kept readable, final newline."""
    import json

    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
