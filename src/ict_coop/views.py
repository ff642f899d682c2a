"""Research views: one row per engagement, with names, dates, partners, principals and counts.

>>> from ict_coop import load
>>> trip = next(e for e in load("engagements") if e.event_id == "evt-rus-mic-trip")
>>> trip.kind.value, trip.sessions, trip.partner_names, trip.viet_nam_principal
('visit', 8, ('Russia',), 'Nguyen Manh Hung')

An **engagement** is an event the sources report as having occurred that is not a session of
another occurred event (`ict_coop.loading.Dataset.engagement_ids`): a trip is one row,
its sessions are counted, and what happened at them (partners, topics, agreements,
commitments, sources) is the trip's.

Outside knowledge stays apart, as everywhere in the dataset: a date bound, country or city
known only from outside knowledge (its basis ``external``, with an ``outside_knowledge`` row)
is never in ``date_earliest``/``date_latest``, ``country_code`` or ``city_en``, but in the
``outside_*`` columns beside them. Nothing is mixed in unless the reader mixes it, by name.

``load("engagement_partners")`` has one row per engagement and partner (for formats without
list columns: CSV, SQLite, DuckDB).
"""

from __future__ import annotations

import types
import typing
from collections import defaultdict
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import pyarrow as pa
from pydantic import BaseModel, ConfigDict

from .models import AgreementParty, EventPartner, Participant
from .vocab import Basis, DatePrecision, DateQualifier, Direction, EventKind, Topic

if TYPE_CHECKING:
    from .loading import Dataset

EXTERNAL = Basis.EXTERNAL


class Engagement(BaseModel):
    """One engagement: who met whom, when (as precisely as the sources say), where, about what, what was signed."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    event_id: str
    """The engagement's event id (a trip's own id; its sessions are counted in ``sessions``)."""
    kind: EventKind
    """What kind of engagement it is (a trip is a ``visit``)."""
    title_en: str
    """Short English title."""
    direction: Direction
    """Where it happened relative to Viet Nam."""
    date_text: str | None
    """The date exactly as the source writes it; empty when the source gives none."""
    date_edtf: str | None
    """The date in the dataset's EDTF subset (X for digits the source does not give)."""
    date_earliest: date | None
    """Earliest day it can have started, from the sources (stated or inferred); empty when they give no bound."""
    date_latest: date | None
    """Latest day it can have ended, from the sources (stated or inferred); empty when they give no bound."""
    outside_date_earliest: date | None
    """Earliest day from outside knowledge, when that is the only bound (``date_basis`` external); else empty."""
    outside_date_latest: date | None
    """Latest day from outside knowledge, when that is the only bound (``date_basis`` external); else empty."""
    date_precision: DatePrecision
    """How precisely the date is known."""
    date_qualifier: DateQualifier
    """How certain the date is."""
    date_basis: Basis
    """How the date was obtained."""
    date_note: str | None
    """The reasoning, when the date is not stated outright."""
    year: int | None
    """The year it certainly took place in, by the sources (its own bounds, or a dated session's); else empty."""
    year_basis: Basis | None
    """How the bounds that give ``year`` were obtained (stated or inferred); empty without a year."""
    outside_year: int | None
    """The certain year that outside knowledge gives when the sources give none; else empty."""
    country_code: str | None
    """The country where it took place, from the sources; empty when they do not say."""
    country_name: str | None
    """That country's English name."""
    country_basis: Basis
    """How the country was obtained (``external``: it is in ``outside_country_code``)."""
    outside_country_code: str | None
    """The country known only from outside knowledge; else empty."""
    city_en: str | None
    """The city's English name, from the sources; empty when they do not say."""
    city_basis: Basis
    """How the city was obtained (``external``: it is in ``outside_city_en``)."""
    outside_city_en: str | None
    """The city known only from outside knowledge; else empty."""
    venue_text: str | None
    """The venue as the source writes it, if given."""
    partner_ids: tuple[str, ...]
    """Its partners (its sessions' too): states by country code, international bodies by organisation id."""
    partner_names: tuple[str, ...]
    """The partners' English names, in the order of ``partner_ids``."""
    viet_nam_principal_id: str | None
    """The person (or, when none is named, the organisation) who led or hosted the Vietnamese side."""
    viet_nam_principal: str | None
    """That principal's name (English spelling)."""
    viet_nam_principal_title: str | None
    """That principal's office at the time, in English."""
    viet_nam_principal_organization: str | None
    """The organisation that principal represented (English name)."""
    partner_principal_id: str | None
    """The person (or organisation) who led or hosted the partner side; empty when the data records none."""
    partner_principal: str | None
    """That principal's name (English spelling)."""
    partner_principal_title: str | None
    """That principal's office at the time, in English."""
    partner_principal_organization: str | None
    """The organisation that principal represented (English name)."""
    topics: tuple[Topic, ...]
    """Topics discussed at it or at its sessions."""
    sessions: int
    """How many events are part of it (sessions of a trip, at any depth)."""
    agreements: int
    """How many agreements were signed or referred to at it or its sessions."""
    agreements_signed: int
    """How many of those were signed at it or its sessions."""
    signed_agreement_ids: tuple[str, ...]
    """The agreements signed at it or its sessions."""
    commitments: int
    """How many commitments were made at it or its sessions."""
    source_ids: tuple[str, ...]
    """The sources with evidence for it, its sessions, participants, partners, topics or commitments."""


class EngagementPartner(BaseModel):
    """One partner of one engagement: the engagements' partner lists as a table."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    event_id: str
    """The engagement."""
    partner_id: str
    """A partner: a state by country code, an international body by organisation id."""
    name_en: str
    """The partner's English name."""
    is_state: bool
    """True for a state, False for an international body."""


#: Columns that name what an id column identifies: formats without lists leave them out
#: (``engagement_partners`` has them as rows).
NAME_LISTS = frozenset({"partner_names"})


# --------------------------------------------------------------------------- building


def _tree(dataset: Dataset) -> dict[str, list[str]]:
    """Engagement id -> every event that is part of it (at any depth), the engagement first."""
    children: dict[str, list[str]] = defaultdict(list)
    for event in dataset.tables["events"]:
        if event.parent_event_id:  # type: ignore[attr-defined]
            children[event.parent_event_id].append(event.event_id)  # type: ignore[attr-defined]
    trees = {}
    for eid in dataset.engagement_ids:
        found, seen, stack = [], set(), [eid]
        while stack:  # depth first, children in id order
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            found.append(current)
            stack.extend(reversed(children.get(current, [])))
        trees[eid] = found
    return trees


def _sources_by_event(dataset: Dataset) -> dict[str, set[str]]:
    """Event id -> the sources with evidence for it or for a row linked to it."""
    event_of_commitment = {c.commitment_id: c.event_id for c in dataset.tables["commitments"]}  # type: ignore[attr-defined]
    found: dict[str, set[str]] = defaultdict(set)
    for ev in dataset.tables["evidence"]:
        resource, key = str(ev.resource), ev.record_key  # type: ignore[attr-defined]
        if resource == "events":
            eid = key
        elif resource in ("participants", "event_partners"):
            eid = key.split("/", 1)[0]
        elif resource in ("event_topics", "event_plover_contexts"):
            eid = key.split("|", 1)[0]
        elif resource == "commitments":
            eid = event_of_commitment.get(key, "")
        else:
            continue
        found[eid].add(ev.source_id)  # type: ignore[attr-defined]
    return found


def _names(dataset: Dataset) -> dict[str, str]:
    """Country code or organisation or person id -> English name."""
    names = {c.country_code: c.name_en for c in dataset.tables["countries"]}  # type: ignore[attr-defined]
    names.update({o.organization_id: o.name_en for o in dataset.tables["organizations"]})  # type: ignore[attr-defined]
    names.update({p.person_id: p.name_en for p in dataset.tables["people"]})  # type: ignore[attr-defined]
    return names


def build_engagements(dataset: Dataset) -> tuple[Engagement, ...]:
    """Every engagement of ``dataset`` as an `Engagement`, in event-id order."""
    from .research import engagement_partners, sourced_year

    events = {e.event_id: e for e in dataset.tables["events"]}  # type: ignore[attr-defined]
    names = _names(dataset)
    trees = _tree(dataset)
    sessions = {eid: tree[1:] for eid, tree in trees.items()}
    partners = engagement_partners(dataset)
    sources = _sources_by_event(dataset)
    kids = dataset.children
    signed: dict[str, list[str]] = defaultdict(list)
    for agreement in dataset.tables["agreements"]:
        if agreement.signed_at_event_id:  # type: ignore[attr-defined]
            signed[agreement.signed_at_event_id].append(agreement.agreement_id)  # type: ignore[attr-defined]
    result = []
    for eid in dataset.engagement_ids:
        event, tree = events[eid], trees[eid]
        year, basis = sourced_year(eid, events, sessions)
        year, outside_year = (None, year) if basis == "external" else (year, None)
        principals = _principals(kids("participants", "event_id")[eid], names)
        topics = sorted({str(r.topic_id) for e in tree for r in kids("event_topics", "event_id")[e]})  # type: ignore[attr-defined]
        agreements = {a for e in tree for a in signed[e]}
        agreements |= {r.agreement_id for e in tree for r in kids("agreement_mentions", "event_id")[e]}  # type: ignore[attr-defined]
        signed_here = sorted(a for e in tree for a in signed[e])
        external_country = event.country_basis == EXTERNAL
        external_city = event.city_basis == EXTERNAL
        external_date = event.date_basis == EXTERNAL
        country = None if external_country else event.country_code
        result.append(
            Engagement(
                event_id=eid,
                kind=event.kind,
                title_en=event.title_en,
                direction=event.direction,
                date_text=event.date_text,
                date_edtf=event.date_edtf,
                date_earliest=None if external_date else event.date_earliest,
                date_latest=None if external_date else event.date_latest,
                outside_date_earliest=event.date_earliest if external_date else None,
                outside_date_latest=event.date_latest if external_date else None,
                date_precision=event.date_precision,
                date_qualifier=event.date_qualifier,
                date_basis=event.date_basis,
                date_note=event.date_note,
                year=year,
                year_basis=Basis(basis) if year is not None else None,
                outside_year=outside_year,
                country_code=country,
                country_name=names.get(country) if country else None,
                country_basis=event.country_basis,
                outside_country_code=event.country_code if external_country else None,
                city_en=None if external_city else event.city_en,
                city_basis=event.city_basis,
                outside_city_en=event.city_en if external_city else None,
                venue_text=event.venue_text,
                partner_ids=partners[eid],
                partner_names=tuple(names.get(p, p) for p in partners[eid]),
                **principals,
                topics=tuple(Topic(t) for t in topics),
                sessions=len(tree) - 1,
                agreements=len(agreements),
                agreements_signed=len(signed_here),
                signed_agreement_ids=tuple(signed_here),
                commitments=sum(len(kids("commitments", "event_id")[e]) for e in tree),
                source_ids=tuple(sorted(set().union(*(sources.get(e, set()) for e in tree)))),
            )
        )
    return tuple(result)


def _principals(participants: list[Any], names: dict[str, str]) -> dict[str, str | None]:
    """The principal of each side: id, name, title and organisation (all empty when none is recorded)."""
    found: dict[str, str | None] = {}
    for side in ("viet_nam", "partner"):
        principal = next((p for p in participants if p.principal and str(p.side) == side), None)
        actor = (principal.person_id or principal.organization_id) if principal else None
        org = principal.organization_id if principal else None
        found[f"{side}_principal_id"] = actor
        found[f"{side}_principal"] = names.get(actor) if actor else None
        found[f"{side}_principal_title"] = principal.title_en if principal else None
        found[f"{side}_principal_organization"] = names.get(org) if org else None
    return found


def build_engagement_partners(dataset: Dataset) -> tuple[EngagementPartner, ...]:
    """One `EngagementPartner` per engagement and partner, in engagement order."""
    states = {c.country_code for c in dataset.tables["countries"]}  # type: ignore[attr-defined]
    return tuple(
        EngagementPartner(event_id=e.event_id, partner_id=p, name_en=name, is_state=p in states)
        for e in dataset.engagements
        for p, name in zip(e.partner_ids, e.partner_names, strict=True)
    )


# --------------------------------------------------------------------------- Arrow


def _arrow_type(annotation: Any) -> tuple[pa.DataType, bool]:
    """(Arrow type, nullable) of a view field's annotation."""
    nullable = False
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation, nullable = args[0], True
    if typing.get_origin(annotation) is tuple:
        item, _ = _arrow_type(typing.get_args(annotation)[0])
        return pa.list_(pa.string() if pa.types.is_dictionary(item) else item), nullable
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return pa.dictionary(pa.int32(), pa.string()), nullable
    simple = {str: pa.string(), int: pa.int64(), bool: pa.bool_(), date: pa.date32()}
    return simple[annotation], nullable


def view_schema(model: type[BaseModel], metadata: dict[str, str]) -> pa.Schema:
    """The Arrow schema of a view model: types from the annotations, descriptions from the docstrings."""
    fields = []
    for name, info in model.model_fields.items():
        kind, nullable = _arrow_type(info.annotation)
        fields.append(pa.field(name, kind, nullable=nullable, metadata={"description": info.description or ""}))
    return pa.schema(fields, metadata=metadata)


def view_table(records: tuple[BaseModel, ...], model: type[BaseModel], metadata: dict[str, str]) -> pa.Table:
    """Records of a view as a typed Arrow table (vocabularies dictionary-encoded, lists as lists)."""
    schema = view_schema(model, {**metadata, "description": " ".join((model.__doc__ or "").split())})
    columns = []
    for field in schema:
        values = [_plain_value(getattr(r, field.name)) for r in records]
        if pa.types.is_dictionary(field.type):
            columns.append(pa.array(values, pa.string()).dictionary_encode())
        else:
            columns.append(pa.array(values, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _plain_value(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, tuple):
        return [str(v) if isinstance(v, StrEnum) else v for v in value]
    return value


#: View name (also the `Dataset` attribute holding its records) -> its model.
VIEW_MODELS: dict[str, type[BaseModel]] = {"engagements": Engagement, "engagement_partners": EngagementPartner}


# --------------------------------------------------------------------------- names next to ids


class NamedParticipant(Participant):
    """A participant row with the names of its person and organisation next to their ids."""

    name: str
    """The person's name (or, when no person is named, the organisation's) in one spelling a source uses."""
    name_en: str
    """That name in English (Latin script without Vietnamese diacritics for a person)."""
    organization_name_en: str | None = None
    """The English name of the organisation taking part or represented."""
    aliases: tuple[str, ...] = ()
    """Every spelling of the person's (or organisation's) name that a source uses."""


class NamedPartner(EventPartner):
    """An event partner row with the partner's names next to its id."""

    name: str
    """The partner's name: a state's Vietnamese name, or an organisation's name as a source spells it."""
    name_en: str
    """The partner's English name."""
    aliases: tuple[str, ...] = ()
    """Every spelling of an organisation's name that a source uses (none for a state)."""


class NamedParty(AgreementParty):
    """An agreement party row with the names of the party and its signatory next to their ids."""

    organization_name: str
    """The party's name as a source spells it."""
    organization_name_en: str
    """The party's English name."""
    signatory_name: str | None = None
    """The signatory's name as a source spells it, when named."""
    signatory_name_en: str | None = None
    """The signatory's name in English, when named."""


def _named(model: type[BaseModel], row: BaseModel, **names: Any) -> Any:
    """A named view of a validated row: its values and the names, set directly (as loading's records are).

    The row passed validation and the names come from validated registry rows, so nothing is
    checked again (``model_construct`` costs about twice as much per row).
    """
    record = model.__new__(model)
    values = {**row.__dict__, **names}
    object.__setattr__(record, "__dict__", values)
    object.__setattr__(record, "__pydantic_fields_set__", set(values))
    object.__setattr__(record, "__pydantic_extra__", None)
    object.__setattr__(record, "__pydantic_private__", None)
    return record


class Names:
    """The registries' names by id (people, organisations, countries), for naming rows of a dataset."""

    def __init__(self, dataset: Dataset) -> None:
        self.people = {p.person_id: p for p in dataset.tables["people"]}  # type: ignore[attr-defined]
        self.orgs = {o.organization_id: o for o in dataset.tables["organizations"]}  # type: ignore[attr-defined]
        self.countries = {c.country_code: c for c in dataset.tables["countries"]}  # type: ignore[attr-defined]
        spellings: dict[str, set[str]] = defaultdict(set)
        for alias in dataset.tables["aliases"]:
            spellings[alias.person_id or alias.organization_id].add(alias.text)  # type: ignore[attr-defined]
        self.aliases = {actor: tuple(sorted(texts)) for actor, texts in spellings.items()}

    def participant(self, row: Participant) -> NamedParticipant:
        """The participant with its person's (or organisation's) names and spellings."""
        person = self.people.get(row.person_id or "")
        org = self.orgs.get(row.organization_id or "")
        actor = person or org
        return _named(
            NamedParticipant,
            row,
            name=actor.name,  # type: ignore[union-attr]
            name_en=actor.name_en,  # type: ignore[union-attr]
            organization_name_en=org.name_en if org else None,
            aliases=self.aliases.get(row.person_id or row.organization_id or "", ()),
        )

    def partner(self, row: EventPartner) -> NamedPartner:
        """The partner with its state's or organisation's names."""
        if row.organization_id:
            org = self.orgs[row.organization_id]
            name, name_en, aliases = org.name, org.name_en, self.aliases.get(org.organization_id, ())
        else:
            country = self.countries[row.country_code]  # type: ignore[index]
            name, name_en, aliases = country.name_vi, country.name_en, ()
        return _named(NamedPartner, row, name=name, name_en=name_en, aliases=aliases)

    def party(self, row: AgreementParty) -> NamedParty:
        """The party with its organisation's and its signatory's names."""
        org = self.orgs[row.organization_id]
        person = self.people.get(row.signatory_person_id or "")
        return _named(
            NamedParty,
            row,
            organization_name=org.name,
            organization_name_en=org.name_en,
            signatory_name=person.name if person else None,
            signatory_name_en=person.name_en if person else None,
        )
