"""From the models to Table Schema, Arrow and the data dictionary.

The pydantic models in :mod:`ict_coop.models` own the schema; this module derives everything
else from them with pure functions:

- :func:`table_schema` — a Table Schema (Data Package v2) for one model. frictionless's own
  JSON-Schema importer drops dates, enums and patterns, so this small mapper reads pydantic's
  JSON Schema itself.
- :func:`resource_descriptors` — the ``resources`` part of ``datapackage.json`` (schemas,
  ``bytes`` and ``hash`` of each file).
- :func:`arrow_schema` — the typed ``pyarrow.Schema`` of a table (pyarrow imported lazily).
- :func:`data_dictionary` — ``docs/data-dictionary.md``.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import MODELS, Record
from .stamps import file_facts
from .vocab import TOPIC_LABELS, Topic, definition

if TYPE_CHECKING:
    import pyarrow as pa

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
#: Every table uses the same null marker: an empty cell. Nothing else is null (``NA`` is Namibia).
MISSING_VALUES = [""]


def csv_path(resource: str) -> str:
    """The path of a resource's CSV file, relative to the package folder."""
    return f"data/{resource}.csv"


def enum_members(model: type[Record], name: str) -> list[StrEnum] | None:
    """The members of the enumeration a field takes its values from, if any."""
    annotation = model.model_fields[name].annotation
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, StrEnum):
            return list(candidate)
    return None


@cache
def table_schema(model: type[Record]) -> dict[str, Any]:
    """Return the Table Schema of one model.

    >>> from ict_coop.models import Country
    >>> table_schema(Country)["fields"][0]["constraints"]
    {'required': True, 'pattern': '^([A-Z]{3})$'}
    """
    js = model.model_json_schema()
    defs = js.get("$defs", {})
    required = set(js.get("required", ())) | set(model.primary_key)
    fields = [_field(model, name, prop, defs, required=name in required) for name, prop in js["properties"].items()]
    schema: dict[str, Any] = {
        "fields": fields,
        "missingValues": MISSING_VALUES,
        "primaryKey": list(model.primary_key),
    }
    if model.foreign_keys:
        schema["foreignKeys"] = []
        for fk in model.foreign_keys:
            reference: dict[str, Any] = {"fields": list(fk.reference_fields)}
            if fk.resource != model.resource_name:  # v2: a self-reference omits the resource
                reference = {"resource": fk.resource, **reference}
            schema["foreignKeys"].append({"fields": list(fk.fields), "reference": reference})
    return schema


def _field(model: type[Record], name: str, prop: dict[str, Any], defs: dict[str, Any], *, required: bool) -> dict:
    description = prop.get("description")
    if "anyOf" in prop:  # Optional[X]: keep X
        prop = next(option for option in prop["anyOf"] if option.get("type") != "null")
    if "$ref" in prop:
        prop = defs[prop["$ref"].rsplit("/", 1)[-1]]
    if not description:
        msg = f"{model.__name__}.{name} has no description (add an attribute docstring)"
        raise ValueError(msg)
    field: dict[str, Any] = {"name": name, "description": " ".join(description.replace("``", "`").split())}
    constraints: dict[str, Any] = {"required": True} if required else {}
    members = enum_members(model, name)
    kind = prop.get("type")
    if members is not None:
        field["type"] = "string"
        field["categories"] = [{"value": str(m), "label": definition(m)} for m in members]
        constraints["enum"] = [str(m) for m in members]  # frictionless 5 ignores categories
    elif kind == "string" and prop.get("format") == "date":
        field["type"] = "date"
    elif kind == "string" and prop.get("format") == "date-time":
        field["type"] = "datetime"
    elif kind == "string":
        field["type"] = "string"
        for ours, theirs in (("minLength", "minLength"), ("maxLength", "maxLength"), ("pattern", "pattern")):
            if theirs in prop:
                constraints[ours] = prop[theirs]
    elif kind == "boolean":
        field["type"] = "boolean"
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    elif kind == "integer":
        field["type"] = "integer"
        for bound in ("minimum", "maximum"):
            if bound in prop:
                constraints[bound] = prop[bound]
    else:
        msg = f"{model.__name__}.{name}: no Table Schema mapping for {prop!r}"
        raise TypeError(msg)
    if constraints:
        field["constraints"] = constraints
    return field


def _bytes_of(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def resource_descriptors(root: Path) -> list[dict[str, Any]]:
    """Return the ``resources`` list of the descriptor for the package folder ``root``.

    Schemas come from the models; ``bytes`` and ``hash`` from the files as they are on disk.
    """
    resources = []
    for name, model in MODELS.items():
        doc = (model.__doc__ or "").strip()
        resources.append(
            {
                "name": name,
                "type": "table",
                "path": csv_path(name),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": doc.split("\n")[0].rstrip("."),
                "description": " ".join(doc.split()),
                **file_facts(_bytes_of(root / csv_path(name))),
                "schema": table_schema(model),
            }
        )
    return resources


def topic_rows() -> list[dict[str, str]]:
    """The rows of the ``topics`` table, generated from the vocabulary."""
    return [
        {"topic_id": str(topic), "label_vi": vi, "label_en": en, "definition": text}
        for topic, (vi, en, text) in sorted(TOPIC_LABELS.items())
    ]


def _arrow_type(field: dict[str, Any]) -> pa.DataType:
    import pyarrow as pa

    if "enum" in field.get("constraints", {}):
        return pa.dictionary(pa.int32(), pa.string())
    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("s"),
    }[field["type"]]


@cache
def arrow_schema(resource: str, package_metadata: tuple[tuple[str, str], ...] = ()) -> pa.Schema:
    """The typed Arrow schema of a resource: real dates, int64, dictionary-encoded vocabularies.

    Field descriptions go into each field's metadata (``description``); ``package_metadata``
    (name, version, licence) into the schema's metadata.
    """
    return arrow_schema_of(table_schema(MODELS[resource])["fields"], package_metadata)


def arrow_schema_of(fields: list[dict[str, Any]], package_metadata: tuple[tuple[str, str], ...] = ()) -> pa.Schema:
    """The Arrow schema of Table Schema ``fields`` (those :func:`table_schema` generates).

    Lets a reader of a package already known to match the models (see :mod:`ict_coop.stamps`)
    take the types from its descriptor instead of generating the schemas again.
    """
    import pyarrow as pa

    arrow_fields = []
    for field in fields:
        required = field.get("constraints", {}).get("required", False)
        arrow_fields.append(
            pa.field(
                field["name"],
                _arrow_type(field),
                nullable=not required,
                metadata={"description": field["description"]},
            )
        )
    return pa.schema(arrow_fields, metadata=dict(package_metadata) or None)


def data_dictionary() -> str:
    """Render ``docs/data-dictionary.md`` from the models and vocabularies."""
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated by `ict-coop schema --write` from src/ict_coop/models.py and vocab.py;",
        "     do not edit by hand (a test fails when this file is out of date). -->",
        "",
        "Every table is a CSV file in `data/` (UTF-8, LF, header row, sorted by primary key).",
        "An empty cell means null: the source does not state the value. `*_text` fields are",
        "verbatim from the source; `*_en` fields are the curators' English.",
        "",
    ]
    for name, model in MODELS.items():
        schema = table_schema(model)
        lines += [f"## `{name}`", "", " ".join((model.__doc__ or "").split()), ""]
        lines.append(f"- File: `{csv_path(name)}`; primary key: `{', '.join(schema['primaryKey'])}`")
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"].get("resource", name)
            lines.append(f"- `{', '.join(fk['fields'])}` → `{target}.{', '.join(fk['reference']['fields'])}`")
        if model.evidenced:
            lines.append(f"- Needs evidence when set: {', '.join(f'`{f}`' for f in model.evidenced)}")
        if model.verbatim:
            lines.append(f"- Verbatim (must occur in an evidence quote): {', '.join(f'`{f}`' for f in model.verbatim)}")
        lines += ["", "| field | type | required | constraints | description |", "|---|---|---|---|---|"]
        for field in schema["fields"]:
            constraints = dict(field.get("constraints", {}))
            required = "yes" if constraints.pop("required", False) else ""
            enum = constraints.pop("enum", None)
            shown = [f"{k}: `{v}`" for k, v in constraints.items()]
            if enum:
                shown.append("one of the vocabulary below")
            desc = field["description"].replace("|", "\\|")
            lines.append(f"| `{field['name']}` | {field['type']} | {required} | {'; '.join(shown)} | {desc} |")
        lines.append("")
        for field in schema["fields"]:
            if "categories" in field:
                lines += [f"Vocabulary of `{field['name']}`:", ""]
                lines += [f"- `{c['value']}`: {c['label']}" for c in field["categories"]]
                lines.append("")
    lines += ["## Topics", "", "| id | Vietnamese | English | definition |", "|---|---|---|---|"]
    for row in topic_rows():
        lines.append(f"| `{row['topic_id']}` | {row['label_vi']} | {row['label_en']} | {row['definition']} |")
    return "\n".join(lines) + "\n"


__all__ = [
    "MISSING_VALUES",
    "PROFILE",
    "Topic",
    "arrow_schema",
    "csv_path",
    "data_dictionary",
    "render_descriptor",
    "resource_descriptors",
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
