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
from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar, NamedTuple

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, model_validator

from .dates import (
    EDTF_PATTERN,
    edtf_bounds,
    edtf_precision,
    qualifier_problem,
    stated_year_problem,
    unspecified_problem,
)
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
    #: basis field -> the value field it qualifies: a ``stated`` value needs evidence, an
    #: ``external`` one an outside_knowledge row, an inferred one a note.
    bases: ClassVar[dict[str, str]] = {}

    @property
    def key(self) -> str:
        """The primary key as one string (parts joined by ``|``), as evidence rows name it."""
        return "|".join(str(getattr(self, name)) for name in self.primary_key)


def _require_pair(record: BaseModel, first: str, second: str) -> None:
    """Both fields set, or both null."""
    if (getattr(record, first) is None) != (getattr(record, second) is None):
        msg = f"{first} and {second} must both be set or both be empty"
        raise ValueError(msg)


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
    if basis is Basis.STATED and (problem := stated_year_problem(edtf, text)) is not None:
        raise ValueError(problem)
    if basis is not Basis.STATED and note is None:
        msg = f"date_basis {basis} needs a date_note saying how the date was obtained"
        raise ValueError(msg)
    problem = qualifier_problem(edtf, record.date_qualifier)  # type: ignore[attr-defined]
    if problem is not None:
        raise ValueError(problem)
    if edtf is None:
        return
    if precision != edtf_precision(edtf):
        msg = f"date_precision must be {edtf_precision(edtf)}, the precision of date_edtf {edtf!r}"
        raise ValueError(msg)
    low, high = edtf_bounds(edtf)
    if low is not None and earliest != low:
        msg = f"date_earliest must be {low}, the start implied by date_edtf {edtf!r}"
        raise ValueError(msg)
    if high is not None and latest != high:
        msg = f"date_latest must be {high}, the end implied by date_edtf {edtf!r}"
        raise ValueError(msg)
    if (problem := unspecified_problem(edtf, earliest, latest)) is not None:
        msg = f"date_earliest..date_latest must hold a date with the digits date_edtf states: {problem}"
        raise ValueError(msg)


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

    @model_validator(mode="after")
    def _rules(self) -> Source:
        shipped = self.kind is SourceKind.SHIPPED
        for name in ("file_name", "sha256"):
            if (getattr(self, name) is None) == shipped:
                msg = f"{name} is set exactly for shipped sources"
                raise ValueError(msg)
        for name in ("url", "publisher_kind", "part_read", "read_on"):
            if (getattr(self, name) is None) != shipped:
                msg = f"{name} is set exactly for cited sources"
                raise ValueError(msg)
        if shipped and self.file_name.split("_", 1)[0] != self.source_id[4:]:  # type: ignore[union-attr]
            msg = "source_id must be 'src-' followed by the file name's number"
            raise ValueError(msg)
        if (self.published is None) != (self.published_basis is Basis.NOT_STATED):
            msg = "published_basis must be not_stated exactly when published is empty"
            raise ValueError(msg)
        if self.published_basis is Basis.STATED and self.published_text is None:
            msg = "published_basis stated needs the published_text as printed"
            raise ValueError(msg)
        if self.published_text is not None and self.published is None:
            msg = "a published_text needs its published date"
            raise ValueError(msg)
        if self.review_state is not ReviewState.DRAFTED and (self.curated_by is None or self.curated_on is None):
            msg = "a curated or reviewed source needs curated_by and curated_on"
            raise ValueError(msg)
        if (self.review_state is ReviewState.REVIEWED) != (
            self.reviewed_by is not None and self.reviewed_on is not None
        ):
            msg = "review_state reviewed needs reviewed_by and reviewed_on, and only it has them"
            raise ValueError(msg)
        if self.reviewed_by is not None and self.reviewed_by == self.curated_by:
            msg = "reviewed_by must not be the curator"
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
    """Offset of the span's first character (Unicode code points, from 0); computed by ``ict-coop curate build``."""
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
    """A ministry, agency, party, company, university, city government, embassy, international body..."""

    resource_name: ClassVar[str] = "organizations"
    primary_key: ClassVar[tuple[str, ...]] = ("organization_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("country_code",), "countries", ("country_code",)),
        ForeignKey(("parent_organization_id",), "organizations", ("organization_id",)),
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

    @model_validator(mode="after")
    def _rules(self) -> Person:
        if (self.country_code is None) != (self.country_basis is Basis.NOT_STATED):
            msg = "country_basis must be not_stated exactly when the country is empty"
            raise ValueError(msg)
        return self


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
        inferred = {Basis.INFERRED_FROM_CONTEXT, Basis.INFERRED_FROM_DATELINE, Basis.INFERRED_FROM_METADATA}
        if {self.city_basis, self.country_basis} & {*inferred, Basis.EXTERNAL} and self.place_note is None:
            msg = "an inferred or external city or country needs a place_note"
            raise ValueError(msg)
        _require_pair(self, "cameo_code", "plover_event_type")
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


class EventPartner(Record):
    """A foreign partner of an event: a state, an international body or a company (a link table).

    A bilateral engagement has one ``counterpart``; a multilateral meeting has its convening
    body (``convener``) and, where the source names them, member states (``member``).
    """

    resource_name: ClassVar[str] = "event_partners"
    primary_key: ClassVar[tuple[str, ...]] = ("partner_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("event_id",), "events", ("event_id",)),
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

    @model_validator(mode="after")
    def _rules(self) -> EventPartner:
        partner = self.organization_id or self.country_code
        if (self.organization_id is None) == (self.country_code is None):
            msg = "a partner is a country_code or an organization_id, not both"
            raise ValueError(msg)
        if self.partner_id != f"{self.event_id}/{partner}":
            msg = f"partner_id must be '{self.event_id}/{partner}'"
            raise ValueError(msg)
        return self


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
    principal: bool
    """The person (or, when none is named, the organisation) who led or hosted this side; one per side."""
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

    @model_validator(mode="after")
    def _rules(self) -> Agreement:
        check_date_layers(self)
        _require_pair(self, "signed_city_text", "signed_city_en")
        if self.term_text is None and (self.term_start_year is not None or self.term_end_year is not None):
            msg = "term years need the term_text they come from"
            raise ValueError(msg)
        if (
            self.term_start_year is not None
            and self.term_end_year is not None
            and self.term_start_year > self.term_end_year
        ):
            msg = "term_start_year is after term_end_year"
            raise ValueError(msg)
        if self.status is AgreementStatus.PLANNED and self.signed_at_event_id is not None:
            msg = "a planned agreement has no signing event"
            raise ValueError(msg)
        if self.status is AgreementStatus.SIGNED and self.signed_at_event_id is None and self.date_edtf is None:
            msg = "status signed needs its signing event or a date of signature (else signed_earlier or unknown)"
            raise ValueError(msg)
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
    """A commitment stated at an event: an undertaking, offer, proposal or wish, as the text words it."""

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
    status: CommitmentStatus
    """How firm it is as worded: an agreed undertaking, an offer or readiness, a proposal or request, a wish."""
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
    """Who made a commitment: an organisation, or a state when the text says "the two countries" (a link table)."""

    resource_name: ClassVar[str] = "commitment_makers"
    primary_key: ClassVar[tuple[str, ...]] = ("commitment_id", "maker_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("commitment_id",), "commitments", ("commitment_id",)),
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

    @model_validator(mode="after")
    def _rules(self) -> CommitmentMaker:
        if (self.organization_id is None) == (self.country_code is None):
            msg = "a maker is an organization_id or a country_code, not both"
            raise ValueError(msg)
        if self.maker_id != (self.organization_id or self.country_code):
            msg = "maker_id must be the organization_id or the country_code"
            raise ValueError(msg)
        return self


class Alias(Record):
    """How one source writes the name of a person or organisation (spelling, language, diacritics)."""

    resource_name: ClassVar[str] = "aliases"
    primary_key: ClassVar[tuple[str, ...]] = ("alias_id",)
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (
        ForeignKey(("person_id",), "people", ("person_id",)),
        ForeignKey(("organization_id",), "organizations", ("organization_id",)),
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

    @model_validator(mode="after")
    def _rules(self) -> Alias:
        if (self.person_id is None) == (self.organization_id is None):
            msg = "an alias names a person_id or an organization_id, not both"
            raise ValueError(msg)
        if self.alias_id != f"{self.person_id or self.organization_id}@{self.source_id}":
            msg = "alias_id must be the person or organisation id, '@', and the source_id"
            raise ValueError(msg)
        return self


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


class Evidence(Record):
    """What a source says for one fact: a located verbatim quote (shipped) or a locator and paraphrase (cited)."""

    resource_name: ClassVar[str] = "evidence"
    primary_key: ClassVar[tuple[str, ...]] = ("resource", "record_key", "field", "source_id")
    foreign_keys: ClassVar[tuple[ForeignKey, ...]] = (ForeignKey(("source_id",), "sources", ("source_id",)),)

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
    start: int | None = None
    """Offset of the quote's first character in a shipped source (code points, from 0); computed by the build."""
    end: int | None = None
    """Offset just after the quote's last character."""
    quote: Text | None = None
    """A shipped source: the quote, verbatim (NFC). A cited page: its short verbatim terms (at most 100 characters)."""
    locator: Text | None = None
    """Where on a cited page the fact is (headline, dateline, lead, paragraph N)."""
    paraphrase: Text | None = None
    """What a cited page says, in the curators' English words (never the page's sentences)."""
    claimed_edtf: Edtf | None = None
    """On a date field: this source's own date for the record (so conflicting reports are kept)."""
    note: Text | None = None
    """Curator's note on how the evidence supports the fact."""

    @model_validator(mode="after")
    def _rules(self) -> Evidence:
        if self.kind is EvidenceKind.QUOTE:
            if self.start is None or self.end is None or self.quote is None:
                msg = "a quote needs start, end and quote"
                raise ValueError(msg)
            if not 0 <= self.start < self.end:
                msg = "need 0 <= start < end"
                raise ValueError(msg)
            if self.end - self.start != len(self.quote):
                msg = "end - start must equal the length of the quote"
                raise ValueError(msg)
            if self.locator is not None or self.paraphrase is not None:
                msg = "a quote has no locator or paraphrase"
                raise ValueError(msg)
        else:
            if self.locator is None or self.paraphrase is None:
                msg = "cited evidence needs a locator and a paraphrase"
                raise ValueError(msg)
            if self.start is not None or self.end is not None:
                msg = "cited evidence has no offsets (the page is not shipped)"
                raise ValueError(msg)
            if self.quote is not None and len(self.quote) > 100:
                msg = "cited evidence keeps at most 100 characters of verbatim terms, never sentences"
                raise ValueError(msg)
        if self.claimed_edtf is not None and not self.field.startswith("date_"):
            msg = "claimed_edtf belongs on a date field"
            raise ValueError(msg)
        return self


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
MODELS: dict[str, type[Record]] = {model.resource_name: model for model in (*RECORD_MODELS, Evidence, OutsideKnowledge)}
