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
  `ict_coop.dates` and ``docs/curation.md``.

Class variables carry table metadata: ``resource_name``, ``primary_key``,
``foreign_keys``, ``evidenced`` (fields that need an evidence row whenever they are not null)
and ``verbatim`` (fields whose text must occur in one of the record's evidence quotes).

The rules that tie a record's fields together (both set or both empty, a basis that needs a
note, the date layers agreeing with each other) are stated once, in `ict_coop.rules`;
every model checks them when a record is constructed (`check_record`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, ClassVar, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    ModelWrapValidatorHandler,
    StringConstraints,
    model_validator,
)

from .dates import EDTF_PATTERN
from .vocab import (
    AgreementKind,
    AgreementStatus,
    Basis,
    CameoCode,
    CommitmentKind,
    CommitmentStatus,
    Confidence,
    DatePrecision,
    DateQualifier,
    Direction,
    EventKind,
    EvidenceKind,
    FurnitureKind,
    OrganizationKind,
    PartnerRole,
    PloverContext,
    PloverEventType,
    PloverMode,
    PublisherKind,
    ReportedAs,
    ReviewState,
    Role,
    Side,
    SourceKind,
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


#: ``src-NNN`` for a shipped seed (its file's number); ``src-w`` and 10 hex digits of the SHA-256 of
#: its URL for a cited page (so two curators citing different pages never pick the same id).
SourceId = Annotated[str, StringConstraints(pattern=r"^(src-[0-9]{3,}|src-w[0-9a-f]{10})$")]
#: A passage of a shipped source: ``<source_id>:<start>-<end>``.
QuoteId = Annotated[str, StringConstraints(pattern=r"^((src-[0-9]{3,}|src-w[0-9a-f]{10}):[0-9]+-[0-9]+)$")]
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
_ACTOR = r"(per|org)-[a-z0-9]+(-[a-z0-9]+)*"
PartnerId = Annotated[
    str, StringConstraints(pattern=r"^(evt-[a-z0-9]+(-[a-z0-9]+)*/(org-[a-z0-9]+(-[a-z0-9]+)*|[A-Z]{3}))$")
]
MakerId = Annotated[str, StringConstraints(pattern=r"^(org-[a-z0-9]+(-[a-z0-9]+)*|[A-Z]{3})$")]
AliasId = Annotated[str, StringConstraints(pattern=rf"^({_ACTOR}@(src-[0-9]{{3,}}|src-w[0-9a-f]{{10}}))$")]
#: Verbatim terms from a cited page: names, titles, date phrases; never sentences.
Terms = Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(lambda v: _clean_text(v))]


class Relation(StrEnum):
    """What a foreign key expresses (see `ict_coop.tables.Link`)."""

    REFERENCE = "reference"
    """The row names a row of another table (a country, a person, a source)."""
    CHILD_ROWS = "child rows"
    """The row belongs to the row it points at (an event's participants, a source's passages)."""
    LINK_TABLE = "link table"
    """The table joins two tables, one row per pair (an event and a topic)."""
    SELF_REFERENCE = "self-reference"
    """The row points at another row of its own table (an event's parent)."""


class ForeignKey(NamedTuple):
    """A reference from ``fields`` to ``reference_fields`` of ``resource``, and the relation it expresses.

    ``needed``: every row of ``resource`` (with the field ``needed_when`` set, when given) must
    have at least one row pointing at it; the words say what it then lacks (``missing-link``).
    """

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]
    relation: Relation = Relation.REFERENCE
    needed: str | None = None
    needed_when: str | None = None


class Record(BaseModel):
    """Base of every table row."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    resource_name: ClassVar[str]
    primary_key: ClassVar[tuple[str, ...]]
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = ()
    evidenced: ClassVar[tuple[str, ...]] = ()
    verbatim: ClassVar[tuple[str, ...]] = ()
    #: fields that hold a source's own characters (a quote, a furniture span, a cited page's
    #: terms): the only text where control and invisible formatting characters may occur
    source_words: ClassVar[tuple[str, ...]] = ()
    #: basis field -> the value field it qualifies: a ``stated`` value needs evidence, an
    #: ``external`` one an outside_knowledge row, an inferred one a note.
    bases: ClassVar[dict[str, str]] = {}

    @model_validator(mode="wrap")
    @classmethod
    def _record_rules(cls, data: Any, handler: ModelWrapValidatorHandler[Record]) -> Record:
        if isinstance(data, cls):
            # a record already made (validated, or built from validated columns) that is passed
            # on, e.g. as a field of a Meeting: pydantic would run an "after" validator again
            return data
        record = handler(data)
        check_record(record)  # every rule of the table, stated once in ict_coop.rules
        return record

    @property
    def key(self) -> str:
        """The primary key as one string (parts joined by ``|``), as evidence rows name it."""
        return "|".join(str(getattr(self, name)) for name in self.primary_key)


def check_record(record: BaseModel) -> None:
    """Check a record against its table's rules (for an event or agreement, the date layers among them).

    Raises ValueError naming the first rule broken. The rules are stated once, in
    `ict_coop.rules`; every model checks them when a record is constructed.
    """
    from .rules import record_problem

    problem = record_problem(record)
    if problem is not None:
        raise ValueError(problem)


#: The 0.2 name of `check_record` (it checked the date layers only).
check_date_layers = check_record


# --------------------------------------------------------------------------- reference tables


class Source(Record):
    """A source of facts: a shipped article (its text in ``seeds/``) or a cited public page (by URL).

    Shipped sources are quoted verbatim at offsets. Cited pages are not shipped: their
    evidence is a locator, the curators' English paraphrase and short verbatim terms. Each
    source also carries its curation's audit trail (who curated and reviewed it, when).
    """

    resource_name: ClassVar[str] = "sources"
    primary_key: ClassVar[tuple[str, ...]] = ("source_id",)
    #: A cited page's own metadata is recorded from the page itself; a shipped one's is quoted.
    evidenced: ClassVar[tuple[str, ...]] = ("title", "outlet", "byline", "published_text")
    verbatim: ClassVar[tuple[str, ...]] = ("title", "outlet", "byline", "published_text")

    source_id: SourceId
    """Identifier: ``src-`` and the seed's number (shipped), or ``src-w`` and 10 hex digits of the URL's SHA-256."""
    kind: SourceKind
    """Shipped (text in ``seeds/``) or cited (a public page, by URL)."""
    file_name: Annotated[str, StringConstraints(pattern=r"^([0-9]{3,}_[0-9a-f]{16}\.txt)$")] | None = None
    """The seed file's name in ``seeds/`` (shipped sources only)."""
    sha256: Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})$")] | None = None
    """SHA-256 of the seed file's bytes, lower-case hex (shipped sources only)."""
    url: Annotated[str, StringConstraints(pattern=r"^(https?://\S+)$")] | None = None
    """The page's address (cited sources; shipped seeds do not record one)."""
    title: Text | None = None
    """The headline as written (for a cited page, kept as its bibliographic title); empty when there is none."""
    outlet: Text | None = None
    """The publisher or news agency, as the page names it; empty when it does not."""
    publisher_kind: PublisherKind | None = None
    """Who publishes a cited page (the ministry's portal, a news agency, a foreign government, a mirror...)."""
    republishes: Text | None = None
    """The outlet whose article this page copies or translates, when it is a copy."""
    byline: Text | None = None
    """The author credit as written (often initials or 'PV', staff reporter); empty when none."""
    published: date | None = None
    """Publication date, as printed or as the page's address or metadata gives it; empty when neither does."""
    published_text: Text | None = None
    """The publication date (and time) exactly as printed."""
    published_basis: Basis
    """How ``published`` was obtained: stated (printed), inferred_from_metadata (URL, metadata) or not_stated."""
    language: Annotated[str, StringConstraints(pattern=r"^([a-z]{2})$")]
    """ISO 639-1 code of the page's language."""
    part_read: Text | None = None
    """Which part of a cited page was read (e.g. 'the first ~2,000 characters of the stored copy')."""
    read_on: date | None = None
    """When the cited page was read."""
    headline_note: Text | None = None
    """Where the headline claims more (or other) than the text reports."""
    review_state: ReviewState
    """Where the curation of this source stands: drafted, curated or reviewed."""
    curated_by: Text | None = None
    """Who curated it."""
    curated_on: date | None = None
    """When it was curated."""
    reviewed_by: Text | None = None
    """Who reviewed it against the source (never its curator)."""
    reviewed_on: date | None = None
    """When it was reviewed."""
    note: Text | None = None
    """Curator's note on the page (what is furniture, what is missing)."""


class Furniture(Record):
    """A span of a seed that is page furniture (captions, image names, sidebars), not article text."""

    resource_name: ClassVar[str] = "furniture"
    source_words: ClassVar[tuple[str, ...]] = ("text",)
    primary_key: ClassVar[tuple[str, ...]] = ("source_id", "start")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("source_id",), "sources", ("source_id",), Relation.CHILD_ROWS),
    )

    source_id: SourceId
    """The seed this span belongs to."""
    start: int
    """Offset of the span's first character (Unicode code points, from 0); computed by ``ict-coop curate build``."""
    end: int
    """Offset just after the span's last character."""
    kind: FurnitureKind
    """What kind of furniture the span is."""
    text: Text
    """The span's text, verbatim."""


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
    """A ministry, agency, party, company, university, city government, embassy, international body..."""

    resource_name: ClassVar[str] = "organizations"
    primary_key: ClassVar[tuple[str, ...]] = ("organization_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("country_code",), "countries", ("country_code",)),
        ForeignKey(("parent_organization_id",), "organizations", ("organization_id",), Relation.SELF_REFERENCE),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("parent_organization_id",)

    organization_id: OrganizationId
    """Identifier: ``org-``, the country's alpha-3 in lower case (``int`` for international bodies), and a slug."""
    name: Text
    """The name in one spelling that a source uses (each source's own spelling is in ``aliases``)."""
    name_en: Text
    """English name (an official one is outside knowledge unless a source gives it)."""
    abbreviation: Text | None = None
    """Abbreviation as a source writes it, if any gives one."""
    country_code: CountryCode | None = None
    """The country the body belongs to; empty for international and joint bodies."""
    kind: OrganizationKind
    """What kind of body it is."""
    parent_organization_id: OrganizationId | None = None
    """The body it belongs to, when a source says so (a department to its ministry, an operator to its group)."""
    note: Text | None = None
    """Curator's note, e.g. on an identification the source leaves implicit."""


class Person(Record):
    """A person named in a source. Offices belong to participations, not to the person."""

    resource_name: ClassVar[str] = "people"
    primary_key: ClassVar[tuple[str, ...]] = ("person_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (ForeignKey(("country_code",), "countries", ("country_code",)),)
    bases: ClassVar[dict[str, str]] = {"country_basis": "country_code"}

    person_id: PersonId
    """Identifier: ``per-`` and the name as an ASCII slug."""
    name: Text
    """Full name in one spelling a source uses (with diacritics where any does); each source's is in ``aliases``."""
    name_en: Text
    """Name in Latin script without Vietnamese diacritics, as English-language sources write it."""
    country_code: CountryCode | None = None
    """The country the person serves or belongs to; empty when no source says."""
    country_basis: Basis
    """How ``country_code`` was obtained."""
    note: Text | None = None
    """Curator's note (e.g. on an identification or a spelling)."""


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
        ForeignKey(("parent_event_id",), "events", ("event_id",), Relation.SELF_REFERENCE),
        ForeignKey(("country_code",), "countries", ("country_code",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("kind", "date_text", "country_code", "city_text", "venue_text")
    verbatim: ClassVar[tuple[str, ...]] = ("date_text", "city_text", "venue_text")
    bases: ClassVar[dict[str, str]] = {
        "date_basis": "date_edtf",
        "country_basis": "country_code",
        "city_basis": "city_en",
    }

    event_id: EventId
    """Identifier: ``evt-``, the partner country's alpha-3 in lower case, and a slug."""
    parent_event_id: EventId | None = None
    """The event this one is part of (a session within a trip)."""
    kind: EventKind
    """What kind of engagement it is."""
    reported_as: ReportedAs
    """What the sources report: that it occurred, or a past (referenced), enclosing (context) or planned event."""
    title_en: Text
    """Short English title."""
    summary_en: Text
    """Short English summary of what the source says happened."""
    direction: Direction
    """Where it happened relative to Viet Nam."""
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
    """CAMEO code with the Vietnamese side as source actor; empty when there is no foreign partner (event_partners)."""
    plover_event_type: PloverEventType | None = None
    """PLOVER event type; empty when there is no foreign partner."""
    plover_mode: PloverMode | None = None
    """PLOVER mode (CONSULT events only)."""


class EventPloverContext(Record):
    """A PLOVER context of an event (a link table: one row per event and context)."""

    resource_name: ClassVar[str] = "event_plover_contexts"
    primary_key: ClassVar[tuple[str, ...]] = ("event_id", "context")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(
            ("event_id",), "events", ("event_id",), Relation.CHILD_ROWS, "a PLOVER context", "plover_event_type"
        ),
    )

    event_id: EventId
    """The event."""
    context: PloverContext
    """A PLOVER context of the event."""


class EventTopic(Record):
    """A topic discussed at an event (a link table)."""

    resource_name: ClassVar[str] = "event_topics"
    primary_key: ClassVar[tuple[str, ...]] = ("event_id", "topic_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("event_id",), "events", ("event_id",), Relation.LINK_TABLE),
        ForeignKey(("topic_id",), "topics", ("topic_id",), Relation.LINK_TABLE),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("topic_id",)

    event_id: EventId
    """The event."""
    topic_id: Topic
    """A topic the source says was discussed or is the subject of the event."""


class EventPartner(Record):
    """A foreign partner of an event: a state, an international body or a company (a link table).

    A bilateral engagement has one ``counterpart``; a multilateral meeting has its convening
    body (``convener``) and, where the source names them, member states (``member``).
    """

    resource_name: ClassVar[str] = "event_partners"
    primary_key: ClassVar[tuple[str, ...]] = ("partner_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(
            ("event_id",),
            "events",
            ("event_id",),
            Relation.CHILD_ROWS,
            "a foreign partner, as its CAMEO code implies",
            "cameo_code",
        ),
        ForeignKey(("country_code",), "countries", ("country_code",)),
        ForeignKey(("organization_id",), "organizations", ("organization_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("country_code", "organization_id")

    partner_id: PartnerId
    """Identifier: the event id, ``/``, and the country code or the organisation id."""
    event_id: EventId
    """The event."""
    country_code: CountryCode | None = None
    """The partner state (when the partner is a state)."""
    organization_id: OrganizationId | None = None
    """The partner body or company (when the partner is not a state as a whole); its country is the organisation's."""
    role: PartnerRole
    """How the partner takes part."""


class Participant(Record):
    """A person or organisation taking part in an event, with the office held at the time."""

    resource_name: ClassVar[str] = "participants"
    primary_key: ClassVar[tuple[str, ...]] = ("participant_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("event_id",), "events", ("event_id",), Relation.CHILD_ROWS, "a participant"),
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
    principal: bool
    """The person (or, when none is named, the organisation) who led or hosted this side; one per side."""
    title_text: Text | None = None
    """Office or title at the time, as the source writes it."""
    title_en: Text | None = None
    """The office or title in English."""
    note: Text | None = None
    """Curator's note."""


# --------------------------------------------------------------------------- agreements


class Agreement(Record):
    """A memorandum of understanding or other instrument signed or referred to."""

    resource_name: ClassVar[str] = "agreements"
    primary_key: ClassVar[tuple[str, ...]] = ("agreement_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("signed_country_code",), "countries", ("country_code",)),
        ForeignKey(("signed_at_event_id",), "events", ("event_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("title_text", "status", "date_text", "signed_city_text", "term_text")
    verbatim: ClassVar[tuple[str, ...]] = ("title_text", "date_text", "signed_city_text", "term_text")
    bases: ClassVar[dict[str, str]] = {"date_basis": "date_edtf"}

    agreement_id: AgreementId
    """Identifier: ``agr-``, the partner country's alpha-3 in lower case, and a slug."""
    kind: AgreementKind
    """What kind of instrument it is."""
    title_text: Text
    """Its name or description as the source writes it."""
    title_en: Text
    """English title."""
    status: AgreementStatus
    """Where it stands, as of the sources: signed, signed earlier and referred to, planned, in force, expired."""
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
    term_text: Text | None = None
    """The period it covers as the source writes it (e.g. 'giai đoạn 2021-2025')."""
    term_start_year: int | None = None
    """First year of that period."""
    term_end_year: int | None = None
    """Last year of that period (its expiry)."""
    note: Text | None = None
    """Curator's note."""


class AgreementParty(Record):
    """A party to an agreement, with its signatory when the source names one."""

    resource_name: ClassVar[str] = "agreement_parties"
    primary_key: ClassVar[tuple[str, ...]] = ("agreement_id", "organization_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("agreement_id",), "agreements", ("agreement_id",), Relation.CHILD_ROWS, "a party"),
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


class AgreementMention(Record):
    """An event at which an agreement was referred to (a link table)."""

    resource_name: ClassVar[str] = "agreement_mentions"
    primary_key: ClassVar[tuple[str, ...]] = ("agreement_id", "event_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("agreement_id",), "agreements", ("agreement_id",), Relation.LINK_TABLE),
        ForeignKey(("event_id",), "events", ("event_id",), Relation.LINK_TABLE),
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
        ForeignKey(("agreement_id",), "agreements", ("agreement_id",), Relation.LINK_TABLE),
        ForeignKey(("topic_id",), "topics", ("topic_id",), Relation.LINK_TABLE),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("topic_id",)

    agreement_id: AgreementId
    """The agreement."""
    topic_id: Topic
    """A topic it covers."""


class Commitment(Record):
    """A commitment stated at an event: an undertaking, offer, proposal or wish, as the text words it."""

    resource_name: ClassVar[str] = "commitments"
    primary_key: ClassVar[tuple[str, ...]] = ("commitment_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("event_id",), "events", ("event_id",), Relation.CHILD_ROWS),
        ForeignKey(("agreement_id",), "agreements", ("agreement_id",), Relation.CHILD_ROWS),
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
    status: CommitmentStatus
    """How firm it is as worded: an agreed undertaking, an offer or readiness, a proposal or request, a wish."""
    summary_en: Text
    """What was undertaken, in English."""
    target_year: int | None = None
    """The year by or in which it is to be done, when stated."""
    target_year_text: Text | None = None
    """That target as the source writes it."""


class CommitmentMaker(Record):
    """Who made a commitment: an organisation, or a state when the text says "the two countries" (a link table)."""

    resource_name: ClassVar[str] = "commitment_makers"
    primary_key: ClassVar[tuple[str, ...]] = ("commitment_id", "maker_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("commitment_id",), "commitments", ("commitment_id",), Relation.CHILD_ROWS, "a maker"),
        ForeignKey(("organization_id",), "organizations", ("organization_id",)),
        ForeignKey(("country_code",), "countries", ("country_code",)),
    )

    commitment_id: CommitmentId
    """The commitment."""
    maker_id: MakerId
    """The organisation id or the country code of the maker."""
    organization_id: OrganizationId | None = None
    """An organisation that made it."""
    country_code: CountryCode | None = None
    """A state that made it (when the text names the country, not a body)."""


class Alias(Record):
    """How one source writes the name of a person or organisation (spelling, language, diacritics)."""

    resource_name: ClassVar[str] = "aliases"
    primary_key: ClassVar[tuple[str, ...]] = ("alias_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("person_id",), "people", ("person_id",), Relation.CHILD_ROWS),
        ForeignKey(("organization_id",), "organizations", ("organization_id",), Relation.CHILD_ROWS),
        ForeignKey(("source_id",), "sources", ("source_id",)),
    )
    evidenced: ClassVar[tuple[str, ...]] = ("text",)
    verbatim: ClassVar[tuple[str, ...]] = ("text",)

    alias_id: AliasId
    """Identifier: the person or organisation id, ``@``, and the source id."""
    person_id: PersonId | None = None
    """The person named."""
    organization_id: OrganizationId | None = None
    """The organisation named."""
    source_id: SourceId
    """The source that writes the name this way."""
    text: Text
    """The name exactly as the source writes it."""


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
    EventPartner,
    Participant,
    Agreement,
    AgreementParty,
    AgreementMention,
    AgreementTopic,
    Commitment,
    CommitmentMaker,
    Alias,
)

#: The tables an evidence row can point into.
ResourceName = StrEnum("ResourceName", {model.resource_name.upper(): model.resource_name for model in RECORD_MODELS})


class Quote(Record):
    """A passage of a shipped source, recorded once and referenced by every fact it supports.

    One sentence often backs several facts (a date, a place, a participant's title); the
    passage is stored here once, and each evidence row names it by ``quote_id``.
    """

    resource_name: ClassVar[str] = "quotes"
    source_words: ClassVar[tuple[str, ...]] = ("text",)
    primary_key: ClassVar[tuple[str, ...]] = ("quote_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("source_id",), "sources", ("source_id",), Relation.CHILD_ROWS),
    )

    quote_id: QuoteId
    """``<source_id>:<start>-<end>``: where the passage is, so the id never changes when others are added."""
    source_id: SourceId
    """The shipped source the passage is from."""
    start: int
    """Offset of the passage's first character (Unicode code points, from 0); computed by ``ict-coop curate build``."""
    end: int
    """Offset just after the passage's last character."""
    text: Text
    """The passage, verbatim (NFC): the source's text from ``start`` to ``end``."""


class Evidence(Record):
    """What a source says for one fact: a shipped source's quote (by id), or a cited page's locator and paraphrase."""

    resource_name: ClassVar[str] = "evidence"
    source_words: ClassVar[tuple[str, ...]] = ("terms",)
    primary_key: ClassVar[tuple[str, ...]] = ("resource", "record_key", "field", "source_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("source_id",), "sources", ("source_id",)),
        ForeignKey(("quote_id",), "quotes", ("quote_id",)),
    )

    resource: ResourceName  # type: ignore[valid-type]
    """The table of the record the fact belongs to."""
    record_key: Annotated[str, StringConstraints(pattern=r"^([^|\s]+(\|[^|\s]+)*)$")]
    """The record's primary key (parts of a composite key joined by ``|``)."""
    field: Annotated[str, StringConstraints(pattern=r"^([a-z][a-z0-9_]*)$")]
    """The field the evidence supports."""
    source_id: SourceId
    """The source."""
    kind: EvidenceKind
    """A quote from a shipped source, or a cited page's locator and paraphrase."""
    quote_id: QuoteId | None = None
    """A shipped source: the passage (in ``quotes``) that states the fact."""
    terms: Text | None = None
    """A cited page: its short verbatim terms for the fact (names, titles, date phrases; at most 100 characters)."""
    locator: Text | None = None
    """Where on a cited page the fact is (headline, dateline, lead, paragraph N)."""
    paraphrase: Text | None = None
    """What a cited page says, in the curators' English words (never the page's sentences)."""
    claimed_edtf: Edtf | None = None
    """On a date field: this source's own date for the record (so conflicting reports are kept)."""
    note: Text | None = None
    """Curator's note on how the evidence supports the fact."""


class OutsideKnowledge(Record):
    """A fact no source of the record states: outside knowledge, kept apart, with confidence and references."""

    resource_name: ClassVar[str] = "outside_knowledge"
    primary_key: ClassVar[tuple[str, ...]] = ("resource", "record_key", "field")

    resource: ResourceName  # type: ignore[valid-type]
    """The table of the record the fact belongs to."""
    record_key: Annotated[str, StringConstraints(pattern=r"^([^|\s]+(\|[^|\s]+)*)$")]
    """The record's primary key (parts of a composite key joined by ``|``)."""
    field: Annotated[str, StringConstraints(pattern=r"^([a-z][a-z0-9_]*)$")]
    """The field the knowledge supplies."""
    confidence: Confidence
    """How sure the curators are."""
    reasoning: Text
    """How the value was obtained (e.g. 'Truong Minh Tuan was minister from April 2016 to July 2018')."""
    references: Text
    """Where it can be checked: URLs or source ids, separated by spaces."""


#: Every table model (evidence last), by resource name.
MODELS: dict[str, type[Record]] = {
    model.resource_name: model for model in (*RECORD_MODELS, Quote, Evidence, OutsideKnowledge)
}
