"""The description of every table, built once from the models and handed to every module.

A `Table` is what the rest of the library knows about one table of the data package: its
name and file, its fields (type, constraints, Arrow type, description, whether the value is
verbatim, needs evidence or keeps a source's own characters), its primary key and its
`Link`s (foreign keys, each with the relation it expresses). `describe()` builds the
description of the whole package once, from `ict_coop.models`; reading, validation,
curation, loading, export and research take it from there, and none of them asks the
models or `ict_coop.schema` again for a table's fields, keys or relations.

Examples:
    >>> from ict_coop.tables import describe
    >>> tables = describe()
    >>> tables["event_topics"].path, tables["event_topics"].key
    ('data/event_topics.csv', ('event_id', 'topic_id'))
    >>> for link in tables.links_into("agreements"):
    ...     print(link)
    agreement_parties.agreement_id -> agreements (child rows)
    agreement_mentions.agreement_id -> agreements (link table)
    agreement_topics.agreement_id -> agreements (link table)
    commitments.agreement_id -> agreements (child rows)
    >>> tables["events"].field("date_text").verbatim
    True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from .models import MODELS, ForeignKey, Record, Relation
from .vocab import definition

if TYPE_CHECKING:
    import pyarrow as pa

#: Every table uses the same null marker: an empty cell. Nothing else is null (``NA`` is Namibia).
MISSING_VALUES = [""]


def csv_path(name: str) -> str:
    """The path of a table's CSV file, relative to the package folder."""
    return f"data/{name}.csv"


@dataclass(frozen=True)
class Field:
    """One column of a table: its Table Schema type and constraints, and what the dataset's rules ask of it."""

    name: str
    type: str
    """The Table Schema type: string, integer, boolean, date or datetime."""
    description: str
    required: bool = False
    constraints: Mapping[str, Any] = field(default_factory=dict)
    """Table Schema constraints besides ``required`` (enum, pattern, minLength, maxLength, minimum, maximum)."""
    vocabulary: tuple[StrEnum, ...] = ()
    """The members of the vocabulary the values come from (empty when the field has none)."""
    verbatim: bool = False
    """The value is the source's own words and must occur in one of the record's quotes."""
    evidenced: bool = False
    """A value needs an evidence row (when it is not null)."""
    source_words: bool = False
    """The value keeps a source's own characters (a quote, a furniture span, a cited page's terms)."""

    @property
    def free_text(self) -> bool:
        """Text written in words (it has a length limit), as opposed to ids, codes and patterns."""
        return "maxLength" in self.constraints

    def descriptor(self) -> dict[str, Any]:
        """The field as Table Schema writes it (``datapackage.json``)."""
        out: dict[str, Any] = {"name": self.name, "description": self.description}
        out["type"] = self.type
        if self.vocabulary:
            out["categories"] = [{"value": str(m), "label": definition(m)} for m in self.vocabulary]
        if self.type == "boolean":
            out["trueValues"], out["falseValues"] = ["true"], ["false"]
        constraints = {"required": True} if self.required else {}
        constraints.update(self.constraints)
        if constraints:
            out["constraints"] = constraints
        return out

    def arrow_type(self) -> pa.DataType:
        """The Arrow type values of this field load as (vocabularies dictionary-encoded)."""
        return arrow_type(self.type, vocabulary=bool(self.vocabulary))


def arrow_type(kind: str, *, vocabulary: bool = False) -> pa.DataType:
    """The Arrow type of a Table Schema type (a vocabulary's values are dictionary-encoded)."""
    import pyarrow as pa

    if vocabulary:
        return pa.dictionary(pa.int32(), pa.string())
    return {
        "string": pa.string(),
        "integer": pa.int64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("s"),
    }[kind]


@dataclass(frozen=True)
class Link:
    """A foreign key of ``table`` into ``target``, with the relation it expresses.

    ``relation`` is declared with the foreign key in the models (`ict_coop.models.Relation`):
    a *reference* names a row of a lookup table; *child rows* belong to their target (an
    event's participants); a *link table* joins two tables (an event's topics); a
    *self-reference* points into its own table (an event's parent). ``needed`` says that
    every target row (with ``needed_when`` set, when given) must have at least one row here.
    """

    table: str
    fields: tuple[str, ...]
    target: str
    target_fields: tuple[str, ...]
    relation: Relation
    needed: str | None = None
    needed_when: str | None = None

    def __str__(self) -> str:
        return f"{self.table}.{','.join(self.fields)} -> {self.target} ({self.relation})"


@dataclass(frozen=True, eq=False)  # one description per table: compared (and cached) by identity
class Table:
    """One table of the data package: what every module needs to know about it."""

    name: str
    model: type[Record]
    key: tuple[str, ...]
    """The primary key's fields."""
    links: tuple[Link, ...]
    """The table's foreign keys (links into other tables, or into itself)."""
    bases: Mapping[str, str]
    """Basis field -> the value field it qualifies (see `ict_coop.models.Record.bases`)."""

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        """The fields, in file order.

        Read from the model's JSON Schema on first use: a loader of stamped files takes its Arrow
        types from the descriptor and never needs them.
        """
        return _fields(self.model)

    @property
    def path(self) -> str:
        """The CSV file, relative to the package folder."""
        return csv_path(self.name)

    @property
    def title(self) -> str:
        """A short title from the name: ``event_partners`` is "Event partners"."""
        title = " ".join(_ACRONYMS.get(word, word) for word in self.name.split("_"))
        return title[:1].upper() + title[1:]

    @property
    def doc(self) -> str:
        """What one row is, as the model's docstring says (Markdown, one paragraph per line kept)."""
        return (self.model.__doc__ or "").strip()

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The field names, in file order (the models declare fields in file order)."""
        return tuple(self.model.model_fields)

    def field(self, name: str) -> Field:
        """The field called ``name``.

        Raises:
            KeyError: the table has no such field (the message lists those it has).
        """
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        msg = f"{self.name} has no field {name!r}; choose one of: {', '.join(self.names)}"
        raise KeyError(msg)

    @property
    def evidenced(self) -> tuple[str, ...]:
        """Fields whose values need an evidence row, in the order the model declares them."""
        return self.model.evidenced

    @property
    def verbatim(self) -> tuple[str, ...]:
        """Fields whose values must occur in one of the record's quotes, in the model's order."""
        return self.model.verbatim

    def vocabulary(self, name: str) -> tuple[StrEnum, ...]:
        """The members of the vocabulary field ``name`` takes its values from (empty if none).

        The same as ``field(name).vocabulary``, read from the annotation alone: a loader needs
        it for every dictionary column and should not pay for the JSON Schema of every table.
        """
        return _enum_members(self.model.model_fields[name].annotation)

    @cached_property
    def schema(self) -> dict[str, Any]:
        """The Table Schema of the table, as ``datapackage.json`` holds it."""
        schema: dict[str, Any] = {
            "fields": [f.descriptor() for f in self.fields],
            "missingValues": MISSING_VALUES,
            "primaryKey": list(self.key),
        }
        if self.links:
            schema["foreignKeys"] = []
            for link in self.links:
                reference: dict[str, Any] = {"fields": list(link.target_fields)}
                if link.target != self.name:  # v2: a self-reference omits the resource
                    reference = {"resource": link.target, **reference}
                schema["foreignKeys"].append({"fields": list(link.fields), "reference": reference})
        return schema

    def arrow_schema(self, package_metadata: tuple[tuple[str, str], ...] = ()) -> pa.Schema:
        """The typed Arrow schema: real dates, int64, dictionary-encoded vocabularies.

        Field descriptions go into each field's metadata (``description``); ``package_metadata``
        (name, version, licence) into the schema's metadata.
        """
        return _arrow_schema(self, package_metadata)


@cache
def _arrow_schema(table: Table, package_metadata: tuple[tuple[str, str], ...]) -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            pa.field(f.name, f.arrow_type(), nullable=not f.required, metadata={"description": f.description})
            for f in table.fields
        ],
        metadata=dict(package_metadata) or None,
    )


class Tables(Mapping[str, Table]):
    """Every table of the package, by name, in the order the descriptor lists them."""

    def __init__(self, tables: Mapping[str, Table]) -> None:
        self._tables = dict(tables)

    def __getitem__(self, name: str) -> Table:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    @cached_property
    def links(self) -> tuple[Link, ...]:
        """Every foreign key of every table."""
        return tuple(link for table in self._tables.values() for link in table.links)

    def links_into(self, name: str) -> tuple[Link, ...]:
        """The links of other tables into table ``name`` (self-references excluded)."""
        return tuple(link for link in self.links if link.target == name and link.table != name)

    def link(self, table: str, field: str) -> Link:
        """The foreign key of ``table`` on ``field``.

        Raises:
            KeyError: ``table`` declares no foreign key on ``field``.
        """
        for candidate in self._tables[table].links:
            if candidate.fields == (field,):
                return candidate
        msg = f"{table}.{field} is not a foreign key"
        raise KeyError(msg)


#: words of table names that are written in capitals
_ACRONYMS = {"plover": "PLOVER"}


def _link(model: type[Record], fk: ForeignKey) -> Link:
    relation = fk.relation
    if (fk.resource == model.resource_name) != (relation is Relation.SELF_REFERENCE):
        msg = f"{model.__name__}: a foreign key into its own table is a self-reference, and only that: {fk}"
        raise ValueError(msg)
    return Link(model.resource_name, fk.fields, fk.resource, fk.reference_fields, relation, fk.needed, fk.needed_when)


def _enum_members(annotation: Any) -> tuple[StrEnum, ...]:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, StrEnum):
            return tuple(candidate)
    return ()


def _field(model: type[Record], name: str, prop: dict[str, Any], defs: dict[str, Any], *, required: bool) -> Field:
    """One field, from the model's annotation and pydantic's JSON Schema of it.

    frictionless's own JSON-Schema importer drops dates, enums and patterns, so this small
    mapper reads pydantic's JSON Schema itself.
    """
    description = prop.get("description")
    if "anyOf" in prop:  # Optional[X]: keep X
        prop = next(option for option in prop["anyOf"] if option.get("type") != "null")
    if "$ref" in prop:
        prop = defs[prop["$ref"].rsplit("/", 1)[-1]]
    if not description:
        msg = f"{model.__name__}.{name} has no description (add an attribute docstring)"
        raise ValueError(msg)
    members = _enum_members(model.model_fields[name].annotation)
    kind = prop.get("type")
    constraints: dict[str, Any] = {}
    if members:
        type_ = "string"
        constraints["enum"] = [str(m) for m in members]  # frictionless 5 ignores categories
    elif kind == "string" and prop.get("format") in ("date", "date-time"):
        type_ = "date" if prop["format"] == "date" else "datetime"
    elif kind == "string":
        type_ = "string"
        constraints.update({k: prop[k] for k in ("minLength", "maxLength", "pattern") if k in prop})
    elif kind in ("boolean", "integer"):
        type_ = kind
        constraints.update({k: prop[k] for k in ("minimum", "maximum") if k in prop})
    else:
        msg = f"{model.__name__}.{name}: no Table Schema mapping for {prop!r}"
        raise TypeError(msg)
    return Field(
        name=name,
        type=type_,
        description=" ".join(description.replace("``", "`").split()),
        required=required,
        constraints=constraints,
        vocabulary=members,
        verbatim=name in model.verbatim,
        evidenced=name in model.evidenced,
        source_words=name in model.source_words,
    )


def _fields(model: type[Record]) -> tuple[Field, ...]:
    js = model.model_json_schema()
    defs = js.get("$defs", {})
    required = set(js.get("required", ())) | set(model.primary_key)
    return tuple(_field(model, name, prop, defs, required=name in required) for name, prop in js["properties"].items())


def describe_model(model: type[Record]) -> Table:
    """The description of one model's table."""
    for flag in ("verbatim", "evidenced", "source_words"):
        unknown = set(getattr(model, flag)) - set(model.model_fields)
        if unknown:
            msg = f"{model.__name__}.{flag} names fields it does not have: {sorted(unknown)}"
            raise ValueError(msg)
    links = tuple(_link(model, fk) for fk in model.foreign_keys)
    return Table(model.resource_name, model, tuple(model.primary_key), links, dict(model.bases))


@cache
def describe() -> Tables:
    """The description of every table of the package, built once from the models."""
    return Tables({name: describe_model(model) for name, model in MODELS.items()})


__all__ = ["MISSING_VALUES", "Field", "Link", "Table", "Tables", "arrow_type", "csv_path", "describe", "describe_model"]
