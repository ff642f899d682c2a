"""The data model: one pydantic model per table (resource) of the data package.

These models own the schema. Field names, types, constraints and descriptions (the attribute
docstrings) and each table's keys are declared here once; ``ict-coop schema --write``
generates the resource schemas in ``datapackage.json`` and ``docs/data-dictionary.md`` from
them, and tests fail when either has drifted.

Conventions:

- A row is a frozen model; unknown columns are rejected.
- Text is non-empty, trimmed Unicode NFC. An empty CSV cell means *null* (not stated), so an
  empty string is never a value.
- ``*_text`` fields are verbatim from the source and must occur in the quote of one of the
  record's evidence rows; ``*_en`` fields are the curators' English rendering.
- Dates come in three layers (``date_text``, ``date_edtf``, ``date_earliest``/``date_latest``)
  with ``date_precision``, ``date_qualifier``, ``date_basis`` and ``date_note``; see
  :mod:`ict_coop.dates` and ``docs/curation.md``.

Class variables carry table metadata: ``resource_name``, ``primary_key``,
``foreign_keys``, ``evidenced`` (fields that need an evidence row whenever they are not null)
and ``verbatim`` (fields whose text must occur in one of the record's evidence quotes).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, ClassVar, NamedTuple

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, model_validator

from .dates import EDTF_PATTERN, edtf_bounds
from .vocab import (
    AgreementKind,
    AgreementStatus,
    Basis,
    CameoCode,
    CommitmentKind,
    DatePrecision,
    DateQualifier,
    Direction,
    EventKind,
    FurnitureKind,
    OrganizationKind,
    PloverContext,
    PloverEventType,
    PloverMode,
    Role,
    Side,
    Topic,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean_text(value: str) -> str:
    if _CONTROL.search(value):
        msg = "text must not contain control characters (CR included; line breaks are LF)"
        raise ValueError(msg)
    if not unicodedata.is_normalized("NFC", value):
        msg = "text must be in Unicode NFC"
        raise ValueError(msg)
    if value != value.strip():
        msg = "text must not start or end with white space"
        raise ValueError(msg)
    return value


#: Non-empty, trimmed, NFC text.
Text = Annotated[str, StringConstraints(min_length=1, max_length=20000), AfterValidator(_clean_text)]


def _slug_id(prefix: str) -> str:
    return rf"^({prefix}-[a-z0-9]+(-[a-z0-9]+)*)$"


SourceId = Annotated[str, StringConstraints(pattern=r"^(src-[0-9]{3,})$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^([A-Z]{3})$")]
OrganizationId = Annotated[str, StringConstraints(pattern=_slug_id("org"))]
PersonId = Annotated[str, StringConstraints(pattern=_slug_id("per"))]
EventId = Annotated[str, StringConstraints(pattern=_slug_id("evt"))]
AgreementId = Annotated[str, StringConstraints(pattern=_slug_id("agr"))]
CommitmentId = Annotated[str, StringConstraints(pattern=_slug_id("cmt"))]
ParticipantId = Annotated[
    str, StringConstraints(pattern=r"^(evt-[a-z0-9]+(-[a-z0-9]+)*/(per|org)-[a-z0-9]+(-[a-z0-9]+)*)$")
]
Edtf = Annotated[str, StringConstraints(pattern=EDTF_PATTERN)]


class ForeignKey(NamedTuple):
    """A reference from ``fields`` to ``reference_fields`` of ``resource``."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


class Record(BaseModel):
    """Base of every table row."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    resource_name: ClassVar[str]
    primary_key: ClassVar[tuple[str, ...]]
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = ()
    evidenced: ClassVar[tuple[str, ...]] = ()
    verbatim: ClassVar[tuple[str, ...]] = ()

    @property
    def key(self) -> str:
        """The primary key as one string (parts joined by ``|``), as evidence rows name it."""
        return "|".join(str(getattr(self, name)) for name in self.primary_key)


def _require_pair(record: BaseModel, first: str, second: str) -> None:
    """Both fields set, or both null."""
    if (getattr(record, first) is None) != (getattr(record, second) is None):
        msg = f"{first} and {second} must both be set or both be empty"
        raise ValueError(msg)


def _expected_precisions(edtf: str) -> set[DatePrecision]:
    """The precisions an EDTF string can carry."""
    unknown_year = edtf.lstrip("[").startswith("XXXX") or "/XXXX" in edtf or "..XXXX" in edtf
    if "/" in edtf or edtf.startswith("["):
        return {DatePrecision.RANGE_UNKNOWN_YEAR} if unknown_year else {DatePrecision.RANGE}
    parts = edtf.rstrip("~?%").split("-")
    if unknown_year:
        return {DatePrecision.DAY_UNKNOWN_YEAR} if len(parts) == 3 else {DatePrecision.UNKNOWN}
    return {1: {DatePrecision.YEAR}, 2: {DatePrecision.MONTH}, 3: {DatePrecision.DAY}}[len(parts)]


def check_date_layers(record: BaseModel) -> None:
    """Check that the three date layers of an event or agreement agree.

    Raises ValueError naming the first rule broken.
    """
    text, edtf = record.date_text, record.date_edtf  # type: ignore[attr-defined]
    earliest, latest = record.date_earliest, record.date_latest  # type: ignore[attr-defined]
    precision, basis, note = record.date_precision, record.date_basis, record.date_note  # type: ignore[attr-defined]
    if earliest is not None and latest is not None and earliest > latest:
        msg = f"date_earliest {earliest} is after date_latest {latest}"
        raise ValueError(msg)
    if basis is Basis.NOT_STATED:
        if text is not None or edtf is not None or precision is not DatePrecision.UNKNOWN:
            msg = "date_basis not_stated needs empty date_text and date_edtf, and date_precision unknown"
            raise ValueError(msg)
    elif edtf is None:
        msg = f"date_basis {basis} needs a date_edtf"
        raise ValueError(msg)
    if basis is Basis.STATED and text is None:
        msg = "date_basis stated needs the date_text as the source writes it"
        raise ValueError(msg)
    if basis is not Basis.STATED and note is None:
        msg = f"date_basis {basis} needs a date_note saying how the date was obtained"
        raise ValueError(msg)
    if edtf is None:
        return
    if precision not in _expected_precisions(edtf):
        msg = f"date_precision {precision} does not fit date_edtf {edtf!r}"
        raise ValueError(msg)
    low, high = edtf_bounds(edtf)
    if low is not None and earliest != low:
        msg = f"date_earliest must be {low}, the start implied by date_edtf {edtf!r}"
        raise ValueError(msg)
    if high is not None and latest != high:
        msg = f"date_latest must be {high}, the end implied by date_edtf {edtf!r}"
        raise ValueError(msg)


# --------------------------------------------------------------------------- reference tables


class Source(Record):
    """One news article (a seed file in ``seeds/``) that facts are drawn from."""

    resource_name: ClassVar[str] = "sources"
    primary_key: ClassVar[tuple[str, ...]] = ("source_id",)
    evidenced: ClassVar[tuple[str, ...]] = ("title", "outlet", "byline", "published_text")
    verbatim: ClassVar[tuple[str, ...]] = ("title", "outlet", "byline", "published_text")

    source_id: SourceId
    """Identifier: ``src-`` and the seed file's number (three digits or more)."""
    file_name: Annotated[str, StringConstraints(pattern=r"^([0-9]{3,}_[0-9a-f]{16}\.txt)$")]
    """The seed file's name in ``seeds/``."""
    sha256: Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})$")]
    """SHA-256 of the seed file's bytes, lower-case hex."""
    title: Text | None = None
    """The article's headline as written; empty when the page text has none."""
    outlet: Text | None = None
    """The publisher or news agency, as the page names it; empty when it does not."""
    byline: Text | None = None
    """The author credit as written (often initials or 'PV', staff reporter); empty when none."""
    published: datetime | None = None
    """Publication date and time as printed (local time; the pages give no time zone); empty when not printed."""
    published_text: Text | None = None
    """The publication date-time exactly as printed."""
    language: Annotated[str, StringConstraints(pattern=r"^([a-z]{2})$")]
    """ISO 639-1 code of the article's language."""
    url: Annotated[str, StringConstraints(pattern=r"^(https?://\S+)$")] | None = None
    """The article's address, when known; the seeds do not record it."""
    note: Text | None = None
    """Curator's note on the page (what is furniture, what is missing)."""

    @model_validator(mode="after")
    def _rules(self) -> Source:
        _require_pair(self, "published", "published_text")
        if self.file_name.split("_", 1)[0] != self.source_id[4:]:
            msg = "source_id must be 'src-' followed by the file name's number"
            raise ValueError(msg)
        return self


class Furniture(Record):
    """A span of a seed that is page furniture (captions, image names, sidebars), not article text."""

    resource_name: ClassVar[str] = "furniture"
    primary_key: ClassVar[tuple[str, ...]] = ("source_id", "start")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (ForeignKey(("source_id",), "sources", ("source_id",)),)

    source_id: SourceId
    """The seed this span belongs to."""
    start: int
    """Offset of the span's first character (Unicode code points, from 0); filled by ``ict-coop curate fill``."""
    end: int
    """Offset just after the span's last character."""
    kind: FurnitureKind
    """What kind of furniture the span is."""
    text: Text
    """The span's text, verbatim."""

    @model_validator(mode="after")
    def _rules(self) -> Furniture:
        if not 0 <= self.start < self.end:
            msg = "need 0 <= start < end"
            raise ValueError(msg)
        return self


class Country(Record):
    """A state, with the codes that international-relations datasets join on."""

    resource_name: ClassVar[str] = "countries"
    primary_key: ClassVar[tuple[str, ...]] = ("country_code",)

    country_code: CountryCode
    """ISO 3166-1 alpha-3 code."""
    alpha2: Annotated[str, StringConstraints(pattern=r"^([A-Z]{2})$")]
    """ISO 3166-1 alpha-2 code."""
    iso_numeric: Annotated[str, StringConstraints(pattern=r"^([0-9]{3})$")]
    """ISO 3166-1 numeric code, with leading zeros."""
    name_en: Text
    """Short English name."""
    name_vi: Text
    """Vietnamese name as Vietnamese news writes it today (e.g. Liên bang Nga, Campuchia)."""
    cow_code: int | None = None
    """Correlates of War state number (Viet Nam: 816)."""
    gw_code: int | None = None
    """Gleditsch–Ward state number (Viet Nam: 816, not 817, which was the Republic of Vietnam)."""


class Organization(Record):
    """A ministry, party, company, university, city government, embassy, broadcaster or other body."""

    resource_name: ClassVar[str] = "organizations"
    primary_key: ClassVar[tuple[str, ...]] = ("organization_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("country_code",), "countries", ("country_code",)),
        ForeignKey(("parent_organization_id",), "organizations", ("organization_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("name", "parent_organization_id")
    verbatim: ClassVar[tuple[str, ...]] = ("name", "abbreviation")

    organization_id: OrganizationId
    """Identifier: ``org-``, the country's alpha-3 in lower case where it has one, and a slug."""
    name: Text
    """Name as the source writes it (Vietnamese)."""
    name_en: Text
    """English name."""
    abbreviation: Text | None = None
    """Abbreviation as the source writes it, if it gives one."""
    country_code: CountryCode | None = None
    """The country the body belongs to; empty for joint bodies of several states."""
    kind: OrganizationKind
    """What kind of body it is."""
    parent_organization_id: OrganizationId | None = None
    """The body it belongs to, when the source says so (e.g. an operator to its group)."""
    note: Text | None = None
    """Curator's note, e.g. on an identification the source leaves implicit."""

    @model_validator(mode="after")
    def _rules(self) -> Organization:
        if self.parent_organization_id == self.organization_id:
            msg = "an organisation cannot be its own parent"
            raise ValueError(msg)
        return self


class Person(Record):
    """A person named in a source. Offices belong to participations, not to the person."""

    resource_name: ClassVar[str] = "people"
    primary_key: ClassVar[tuple[str, ...]] = ("person_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (ForeignKey(("country_code",), "countries", ("country_code",)),)
    evidenced: ClassVar[tuple[str, ...]] = ("name",)
    verbatim: ClassVar[tuple[str, ...]] = ("name",)

    person_id: PersonId
    """Identifier: ``per-`` and the name as an ASCII slug."""
    name: Text
    """Full name as the source writes it."""
    name_en: Text
    """Name in Latin script without Vietnamese diacritics, as English-language sources write it."""
    country_code: CountryCode
    """The country the person serves or belongs to."""


class TopicLabel(Record):
    """A topic of ICT cooperation (a closed vocabulary, generated from ``ict_coop.vocab``)."""

    resource_name: ClassVar[str] = "topics"
    primary_key: ClassVar[tuple[str, ...]] = ("topic_id",)

    topic_id: Topic
    """Topic identifier."""
    label_vi: Text
    """Vietnamese label."""
    label_en: Text
    """English label."""
    definition: Text
    """What the topic covers."""


# --------------------------------------------------------------------------- events


class Event(Record):
    """One engagement: a visit, reception, talks, working session, signing, call, forum, ...

    A trip is an event; the sessions within it point to it through ``parent_event_id``.
    """

    resource_name: ClassVar[str] = "events"
    primary_key: ClassVar[tuple[str, ...]] = ("event_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("parent_event_id",), "events", ("event_id",)),
        ForeignKey(("partner_country_code",), "countries", ("country_code",)),
        ForeignKey(("country_code",), "countries", ("country_code",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("kind", "date_text", "country_code", "city_text", "venue_text")
    verbatim: ClassVar[tuple[str, ...]] = ("date_text", "city_text", "venue_text")

    event_id: EventId
    """Identifier: ``evt-``, the partner country's alpha-3 in lower case, and a slug."""
    parent_event_id: EventId | None = None
    """The event this one is part of (a session within a trip)."""
    kind: EventKind
    """What kind of engagement it is."""
    title_en: Text
    """Short English title."""
    summary_en: Text
    """Short English summary of what the source says happened."""
    direction: Direction
    """Where it happened relative to Viet Nam."""
    partner_country_code: CountryCode | None = None
    """The foreign counterpart's country; empty when the event has no foreign counterpart."""
    country_code: CountryCode | None = None
    """The country where it took place; empty when the source does not say."""
    country_basis: Basis
    """How ``country_code`` was obtained."""
    city_text: Text | None = None
    """The city as the source writes it; empty when not stated."""
    city_en: Text | None = None
    """The city's English name."""
    city_basis: Basis
    """How the city was obtained."""
    venue_text: Text | None = None
    """The venue as the source writes it (e.g. a ministry's headquarters), if given."""
    place_note: Text | None = None
    """How an inferred place was obtained."""
    date_text: Text | None = None
    """The date exactly as the source writes it; empty when the source gives none."""
    date_edtf: Edtf | None = None
    """The date in the dataset's EDTF subset (X for digits the source does not give)."""
    date_earliest: date | None = None
    """Earliest day the event can have started (inclusive); empty when unbounded."""
    date_latest: date | None = None
    """Latest day the event can have ended (inclusive); empty when unbounded."""
    date_precision: DatePrecision
    """How precisely the date is known."""
    date_qualifier: DateQualifier
    """How certain the date is."""
    date_basis: Basis
    """How the date was obtained."""
    date_note: Text | None = None
    """The reasoning, when the date is not stated outright."""
    cameo_code: CameoCode | None = None
    """CAMEO code with the Vietnamese side as source actor; empty when there is no foreign counterpart."""
    plover_event_type: PloverEventType | None = None
    """PLOVER event type; empty when there is no foreign counterpart."""
    plover_mode: PloverMode | None = None
    """PLOVER mode (CONSULT events only)."""

    @model_validator(mode="after")
    def _rules(self) -> Event:
        check_date_layers(self)
        if self.parent_event_id == self.event_id:
            msg = "an event cannot be its own parent"
            raise ValueError(msg)
        _require_pair(self, "city_text", "city_en")
        for value, basis, name in (
            (self.city_text, self.city_basis, "city"),
            (self.country_code, self.country_basis, "country"),
        ):
            if (value is None) != (basis is Basis.NOT_STATED):
                msg = f"{name}_basis must be not_stated exactly when the {name} is empty"
                raise ValueError(msg)
        inferred = {Basis.INFERRED_FROM_CONTEXT, Basis.INFERRED_FROM_DATELINE}
        if {self.city_basis, self.country_basis} & inferred and self.place_note is None:
            msg = "an inferred city or country needs a place_note"
            raise ValueError(msg)
        _require_pair(self, "cameo_code", "plover_event_type")
        if self.partner_country_code is None and self.cameo_code is not None:
            msg = "an event without a foreign counterpart has no CAMEO or PLOVER code"
            raise ValueError(msg)
        if self.plover_mode is not None and self.plover_event_type is not PloverEventType.CONSULT:
            msg = "plover_mode applies to CONSULT events only"
            raise ValueError(msg)
        return self


class EventPloverContext(Record):
    """A PLOVER context of an event (a link table: one row per event and context)."""

    resource_name: ClassVar[str] = "event_plover_contexts"
    primary_key: ClassVar[tuple[str, ...]] = ("event_id", "context")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (ForeignKey(("event_id",), "events", ("event_id",)),)

    event_id: EventId
    """The event."""
    context: PloverContext
    """A PLOVER context of the event."""


class EventTopic(Record):
    """A topic discussed at an event (a link table)."""

    resource_name: ClassVar[str] = "event_topics"
    primary_key: ClassVar[tuple[str, ...]] = ("event_id", "topic_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("event_id",), "events", ("event_id",)),
        ForeignKey(("topic_id",), "topics", ("topic_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("topic_id",)

    event_id: EventId
    """The event."""
    topic_id: Topic
    """A topic the source says was discussed or is the subject of the event."""


class Participant(Record):
    """A person or organisation taking part in an event, with the office held at the time."""

    resource_name: ClassVar[str] = "participants"
    primary_key: ClassVar[tuple[str, ...]] = ("participant_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("event_id",), "events", ("event_id",)),
        ForeignKey(("person_id",), "people", ("person_id",)),
        ForeignKey(("organization_id",), "organizations", ("organization_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("role",)
    verbatim: ClassVar[tuple[str, ...]] = ("title_text",)

    participant_id: ParticipantId
    """Identifier: the event id, ``/``, and the person id (or the organisation id when no person is named)."""
    event_id: EventId
    """The event."""
    person_id: PersonId | None = None
    """The person, when named."""
    organization_id: OrganizationId | None = None
    """The organisation taking part, or that the person represented."""
    side: Side
    """Which side the participant was on."""
    role: Role
    """The part they played."""
    title_text: Text | None = None
    """Office or title at the time, as the source writes it."""
    title_en: Text | None = None
    """The office or title in English."""
    note: Text | None = None
    """Curator's note."""

    @model_validator(mode="after")
    def _rules(self) -> Participant:
        actor = self.person_id or self.organization_id
        if actor is None:
            msg = "a participant needs a person_id or an organization_id"
            raise ValueError(msg)
        if self.participant_id != f"{self.event_id}/{actor}":
            msg = f"participant_id must be '{self.event_id}/{actor}'"
            raise ValueError(msg)
        _require_pair(self, "title_text", "title_en")
        return self


# --------------------------------------------------------------------------- agreements


class Agreement(Record):
    """A memorandum of understanding or other instrument signed or referred to."""

    resource_name: ClassVar[str] = "agreements"
    primary_key: ClassVar[tuple[str, ...]] = ("agreement_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("signed_country_code",), "countries", ("country_code",)),
        ForeignKey(("signed_at_event_id",), "events", ("event_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("title_text", "status", "date_text", "signed_city_text")
    verbatim: ClassVar[tuple[str, ...]] = ("title_text", "date_text", "signed_city_text")

    agreement_id: AgreementId
    """Identifier: ``agr-``, the partner country's alpha-3 in lower case, and a slug."""
    kind: AgreementKind
    """What kind of instrument it is."""
    title_text: Text
    """Its name or description as the source writes it."""
    title_en: Text
    """English title."""
    status: AgreementStatus
    """Whether it has been signed, as of the sources."""
    signed_city_text: Text | None = None
    """Where it was signed, as written; empty when not stated."""
    signed_city_en: Text | None = None
    """English name of that city."""
    signed_country_code: CountryCode | None = None
    """Country where it was signed; empty when not stated."""
    signed_at_event_id: EventId | None = None
    """The signing event, when the dataset has it."""
    date_text: Text | None = None
    """Date of signature exactly as the source writes it; empty when not given."""
    date_edtf: Edtf | None = None
    """Date of signature in the dataset's EDTF subset."""
    date_earliest: date | None = None
    """Earliest possible date of signature."""
    date_latest: date | None = None
    """Latest possible date of signature."""
    date_precision: DatePrecision
    """How precisely the date is known."""
    date_qualifier: DateQualifier
    """How certain the date is."""
    date_basis: Basis
    """How the date was obtained."""
    date_note: Text | None = None
    """The reasoning, when the date is not stated outright."""
    note: Text | None = None
    """Curator's note."""

    @model_validator(mode="after")
    def _rules(self) -> Agreement:
        check_date_layers(self)
        _require_pair(self, "signed_city_text", "signed_city_en")
        return self


class AgreementParty(Record):
    """A party to an agreement, with its signatory when the source names one."""

    resource_name: ClassVar[str] = "agreement_parties"
    primary_key: ClassVar[tuple[str, ...]] = ("agreement_id", "organization_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("agreement_id",), "agreements", ("agreement_id",)),
        ForeignKey(("organization_id",), "organizations", ("organization_id",)),
        ForeignKey(("signatory_person_id",), "people", ("person_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("organization_id", "signatory_person_id")
    verbatim: ClassVar[tuple[str, ...]] = ("signatory_title_text",)

    agreement_id: AgreementId
    """The agreement."""
    organization_id: OrganizationId
    """A party to it."""
    signatory_person_id: PersonId | None = None
    """Who signed for this party, when named."""
    signatory_title_text: Text | None = None
    """The signatory's office as written (also when the person is not named)."""
    signatory_title_en: Text | None = None
    """The signatory's office in English."""

    @model_validator(mode="after")
    def _rules(self) -> AgreementParty:
        _require_pair(self, "signatory_title_text", "signatory_title_en")
        return self


class AgreementMention(Record):
    """An event at which an agreement was referred to (a link table)."""

    resource_name: ClassVar[str] = "agreement_mentions"
    primary_key: ClassVar[tuple[str, ...]] = ("agreement_id", "event_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("agreement_id",), "agreements", ("agreement_id",)),
        ForeignKey(("event_id",), "events", ("event_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("event_id",)

    agreement_id: AgreementId
    """The agreement."""
    event_id: EventId
    """The event at which it was referred to."""


class AgreementTopic(Record):
    """A topic an agreement covers (a link table)."""

    resource_name: ClassVar[str] = "agreement_topics"
    primary_key: ClassVar[tuple[str, ...]] = ("agreement_id", "topic_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("agreement_id",), "agreements", ("agreement_id",)),
        ForeignKey(("topic_id",), "topics", ("topic_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("topic_id",)

    agreement_id: AgreementId
    """The agreement."""
    topic_id: Topic
    """A topic it covers."""


class Commitment(Record):
    """A concrete undertaking made at an event."""

    resource_name: ClassVar[str] = "commitments"
    primary_key: ClassVar[tuple[str, ...]] = ("commitment_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("event_id",), "events", ("event_id",)),
        ForeignKey(("agreement_id",), "agreements", ("agreement_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("summary_en", "target_year_text")
    verbatim: ClassVar[tuple[str, ...]] = ("target_year_text",)

    commitment_id: CommitmentId
    """Identifier: ``cmt-``, the partner country's alpha-3 in lower case, and a slug."""
    event_id: EventId
    """The event at which it was made."""
    agreement_id: AgreementId | None = None
    """The agreement it implements, when the source says so."""
    kind: CommitmentKind
    """What it undertakes."""
    summary_en: Text
    """What was undertaken, in English."""
    target_year: int | None = None
    """The year by or in which it is to be done, when stated."""
    target_year_text: Text | None = None
    """That target as the source writes it."""

    @model_validator(mode="after")
    def _rules(self) -> Commitment:
        _require_pair(self, "target_year", "target_year_text")
        if self.target_year is not None and not 1900 <= self.target_year <= 2100:
            msg = "target_year must be between 1900 and 2100"
            raise ValueError(msg)
        return self


class CommitmentMaker(Record):
    """An organisation that made a commitment (a link table)."""

    resource_name: ClassVar[str] = "commitment_makers"
    primary_key: ClassVar[tuple[str, ...]] = ("commitment_id", "organization_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("commitment_id",), "commitments", ("commitment_id",)),
        ForeignKey(("organization_id",), "organizations", ("organization_id",)),
    )

    commitment_id: CommitmentId
    """The commitment."""
    organization_id: OrganizationId
    """An organisation that undertook it."""


# --------------------------------------------------------------------------- evidence

#: Every table model, in the order the descriptor lists them.
RECORD_MODELS: tuple[type[Record], ...] = (
    Source,
    Furniture,
    Country,
    Organization,
    Person,
    TopicLabel,
    Event,
    EventPloverContext,
    EventTopic,
    Participant,
    Agreement,
    AgreementParty,
    AgreementMention,
    AgreementTopic,
    Commitment,
    CommitmentMaker,
)

#: The tables an evidence row can point into.
ResourceName = StrEnum("ResourceName", {model.resource_name.upper(): model.resource_name for model in RECORD_MODELS})


class Evidence(Record):
    """The sentence behind a fact: a verbatim quote from a source, located by character offsets."""

    resource_name: ClassVar[str] = "evidence"
    primary_key: ClassVar[tuple[str, ...]] = ("resource", "record_key", "field", "source_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (ForeignKey(("source_id",), "sources", ("source_id",)),)

    resource: ResourceName  # type: ignore[valid-type]
    """The table of the record the fact belongs to."""
    record_key: Annotated[str, StringConstraints(pattern=r"^([^|\s]+(\|[^|\s]+)*)$")]
    """The record's primary key (parts of a composite key joined by ``|``)."""
    field: Annotated[str, StringConstraints(pattern=r"^([a-z][a-z0-9_]*)$")]
    """The field the quote supports."""
    source_id: SourceId
    """The source quoted."""
    start: int
    """Offset of the quote's first character in the source (code points, from 0); filled by ``ict-coop curate fill``."""
    end: int
    """Offset just after the quote's last character."""
    quote: Text
    """The quote, verbatim (NFC)."""
    note: Text | None = None
    """Curator's note on how the quote supports the fact."""

    @model_validator(mode="after")
    def _rules(self) -> Evidence:
        if not 0 <= self.start < self.end:
            msg = "need 0 <= start < end"
            raise ValueError(msg)
        if self.end - self.start != len(self.quote):
            msg = "end - start must equal the length of the quote"
            raise ValueError(msg)
        return self


#: Every table model (evidence last), by resource name.
MODELS: dict[str, type[Record]] = {model.resource_name: model for model in (*RECORD_MODELS, Evidence)}
