"""Loading the dataset: typed objects, Arrow tables, pandas or polars.

Data is returned only from a package that passed validation
([`validate`][ict_coop.validation.validate]): data that breaks the schema or the dataset's
rules is never returned in part; [`DataValidationError`][ict_coop.errors.DataValidationError]
is raised with every finding instead. The first load of a package validates it in full; when
it passes, a stamp (`ict_coop.stamps`, in `~/.cache/ict-coop`) records the hashes of the bytes
checked and each file's status, and later loads of the unchanged files, in any process, only
read the tables asked for, each once, from an open file whose status must be the validated one
before and after the parse (or, with `ICT_COOP_VERIFY=hash`, whose bytes must hash to the
validated hash). Any change to any file (a curator's edit, a writer at work while a load reads)
means a full validation again, whose tables are then the ones returned. Results are also kept
in memory per package folder. Loading is thread-safe.

Examples:
    >>> from ict_coop import load
    >>> data = load()                                   # the whole dataset
    >>> talks = data.get("events", "evt-ind-meity-talks")
    >>> talks.date_edtf, talks.date_earliest            # day and month stated, year not
    ('XXXX-03-28', None)
    >>> meetings = load("meetings")                     # every event with its links
    >>> "per-truong-minh-tuan" in {p.person_id for p in meetings[0].participants}
    True
    >>> events = load("events", format="arrow")         # a typed pyarrow.Table
    >>> events.schema.field("date_earliest").type
    DataType(date32[day])
"""

from __future__ import annotations

import gc
import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, overload

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, ConfigDict

from . import stamps
from ._locate import DESCRIPTOR, find_root
from .errors import DataValidationError, MissingDependencyError, UnknownResourceError
from .models import (
    Agreement,
    Commitment,
    Country,
    Event,
    Evidence,
    Quote,
    Record,
)
from .reading import package_metadata, read_validated
from .stamps import FileChanged, read_verified
from .tables import describe
from .validation import check_and_stamp
from .views import Engagement, EngagementPartner, NamedParticipant, NamedPartner, NamedParty, Names
from .vocab import PloverContext, Topic

Format = Literal["objects", "arrow", "pandas", "polars"]
CheckedBy = Literal["validation", "stamp", "shipped"]
#: Views that are not tables: typed, linked records built from several tables. ``meetings``
#: and ``agreements`` are the rows of their table (with links) in Arrow; the research views
#: (`ict_coop.views`) have tables of their own.
VIEWS = {"meetings": "events", "agreements": "agreements", "engagements": None, "engagement_partners": None}


class Meeting(BaseModel):
    """An event with everything linked to it: participants, topics, agreements, commitments.

    ``event`` holds the event's own fields; the rest are resolved links. Every event is a
    meeting in this sense (visits and sessions alike): use ``event.kind`` and
    ``event.parent_event_id`` to choose.
    """

    model_config = ConfigDict(frozen=True)

    event: Event
    """The event row."""
    partners: tuple[NamedPartner, ...]
    """The foreign partners (states, bodies, companies) with their roles and names."""
    partner_country: Country | None
    """The country of the foreign counterpart when there is exactly one (a state, or a body's country); else None."""
    is_engagement: bool
    """True for an engagement: an occurred event that is not a session of another occurred event."""
    participants: tuple[NamedParticipant, ...]
    """Who took part, in participant-id order, with names next to the ids and ``principal`` for each side's lead."""
    topics: tuple[Topic, ...]
    """Topics discussed."""
    plover_contexts: tuple[PloverContext, ...]
    """PLOVER contexts of the event."""
    commitments: tuple[Commitment, ...]
    """Commitments made at the event."""
    agreement_ids: tuple[str, ...]
    """Agreements signed at or mentioned at the event."""
    child_event_ids: tuple[str, ...]
    """Events that are part of this one."""

    @property
    def event_id(self) -> str:
        """The event's identifier."""
        return self.event.event_id


class AgreementRecord(BaseModel):
    """An agreement with its parties, topics and the events that signed or mention it."""

    model_config = ConfigDict(frozen=True)

    agreement: Agreement
    """The agreement row."""
    parties: tuple[NamedParty, ...]
    """The parties and their signatories, with their names next to the ids."""
    topics: tuple[Topic, ...]
    """Topics it covers."""
    signed_at: Event | None
    """The signing event, when the dataset has it."""
    mentioned_at_event_ids: tuple[str, ...]
    """Events at which it was referred to."""
    commitments: tuple[Commitment, ...]
    """Commitments made to implement it."""

    @property
    def agreement_id(self) -> str:
        """The agreement's identifier."""
        return self.agreement.agreement_id


class _Group(dict):
    """Parent key -> child rows; a key with none gives an empty tuple (not a KeyError)."""

    def __missing__(self, key: str) -> tuple[Record, ...]:
        return ()


@dataclass(frozen=True)
class Dataset:
    """The whole dataset: every table as a tuple of frozen records, with lookups.

    `dataset["events"]` (or `dataset.events`) is a tuple of
    [`Event`][ict_coop.models.Event] in primary-key order. As with
    [`load`][ict_coop.loading.load], `dataset["meetings"]` and `dataset["agreements"]` are the
    rich views; the plain rows of every table, the `agreements` table included, are in
    `dataset.tables`. [`get`][ict_coop.loading.Dataset.get] finds a record by key;
    [`evidence_for`][ict_coop.loading.Dataset.evidence_for],
    [`quote_for`][ict_coop.loading.Dataset.quote_for] and
    [`source_text`][ict_coop.loading.Dataset.source_text] lead from a fact back to its sentence.

    Examples:
        >>> from ict_coop import load
        >>> data = load()
        >>> talks = data.get("events", "evt-ind-meity-talks")
        >>> evidence = data.evidence_for("events", talks.event_id, "date_text")[0]
        >>> quote = data.quote_for(evidence)
        >>> data.source_text(quote.source_id)[quote.start : quote.end] == quote.text
        True
    """

    root: Path
    """The package folder the data was read from."""
    version: str
    """The data package's version (the library's: one version string)."""
    tables: Mapping[str, tuple[Record, ...]] = field(repr=False)
    """Every table by name, as a tuple of frozen records in primary-key order."""

    def __getitem__(self, resource: str) -> tuple[Record, ...]:
        if resource in VIEWS:
            return getattr(self, resource)
        try:
            return self.tables[resource]
        except KeyError:
            raise UnknownResourceError(_unknown(resource)) from None

    def __getattr__(self, resource: str) -> tuple[Record, ...]:
        if resource.startswith("_") or resource not in describe():
            raise AttributeError(resource)
        return self.tables[resource]

    @cached_property
    def _by_key(self) -> dict[str, dict[str, Record]]:
        return {name: {r.key: r for r in rows} for name, rows in self.tables.items()}

    @cached_property
    def _groups(self) -> dict[tuple[str, str], _Group]:
        return {}

    @cached_property
    def _evidence_index(self) -> dict[str, list[Evidence]]:
        """Table and record key -> the evidence rows (evidence names a record by both, not by a foreign key)."""
        index: dict[str, list[Evidence]] = defaultdict(list)
        for row in self.tables["evidence"]:
            index[f"{row.resource}\0{row.record_key}"].append(row)  # type: ignore[attr-defined, arg-type]
        return index

    def children(self, table: str, field: str) -> Mapping[str, tuple[Record, ...]]:
        """The rows of ``table`` grouped by the key their foreign key ``field`` points at.

        Any foreign key the package declares can be followed (`ict_coop.tables.Link`); a key
        with no rows gives an empty tuple.

        Raises:
            KeyError: ``table`` declares no foreign key on ``field``.

        Examples:
            >>> from ict_coop import load
            >>> data = load()
            >>> event = data.events[0].event_id
            >>> all(p.event_id == event for p in data.children("participants", "event_id")[event])
            True
        """
        found = self._groups.get((table, field))
        if found is None:
            describe().link(table, field)  # only declared relations are followed
            grouped: dict[str, list[Record]] = defaultdict(list)
            for row in self.tables[table]:
                value = getattr(row, field)
                if value is not None:
                    grouped[value].append(row)
            found = self._groups[table, field] = _Group({k: tuple(v) for k, v in grouped.items()})
        return found

    def get(self, resource: str, key: str) -> Record:
        """The record of `resource` whose primary key is `key` (composite keys joined by `|`).

        Raises:
            KeyError: there is no such record.
            UnknownResourceError: `resource` is not a table of the dataset.
        """
        self[resource]  # validates the name
        return self._by_key[resource][key]

    def evidence_for(self, resource: str, key: str, field: str | None = None) -> tuple[Evidence, ...]:
        """The evidence rows behind a record (or one of its fields); empty when none has any.

        Raises UnknownResourceError for a misspelt table and ValueError for a field the table
        does not have (both list the choices), so that a typo never looks like "no evidence".
        """
        if resource not in describe():
            raise UnknownResourceError(_unknown(resource, tables_only=True))
        names = describe()[resource].names
        if field is not None and field not in names:
            msg = f"{resource} has no field {field!r}; choose one of: {', '.join(names)}"
            raise ValueError(msg)
        rows = self._evidence_index.get(f"{resource}\0{key}", [])
        return tuple(r for r in rows if field is None or r.field == field)  # type: ignore[misc]

    def quote_for(self, evidence: Evidence) -> Quote | None:
        """The passage an evidence row cites (text and offsets), or None for a cited page's evidence.

        A passage is recorded once in `quotes` and named by every fact it supports.

        Examples:
            >>> from ict_coop import load
            >>> data = load()
            >>> evidence = data.evidence_for("events", "evt-ind-meity-talks", "date_text")[0]
            >>> quote = data.quote_for(evidence)
            >>> quote.quote_id == f"{evidence.source_id}:{quote.start}-{quote.end}"
            True
        """
        if evidence.quote_id is None:
            return None
        return self._by_key["quotes"][evidence.quote_id]  # type: ignore[return-value]

    def sentence_for(self, evidence: Evidence) -> str | None:
        """The sentence (or sentences) of the shipped source around an evidence row's quote; None for a cited page.

        Quotes are often clause fragments; this is the sentence they come from, split as
        Vietnamese news writes (`ict_coop.sentences`).

        Examples:
            >>> from ict_coop import load
            >>> data = load()
            >>> evidence = data.evidence_for("events", "evt-ind-meity-talks", "date_text")[0]
            >>> data.quote_for(evidence).text in data.sentence_for(evidence)
            True
        """
        return self._around(evidence, "sentence")

    def paragraph_for(self, evidence: Evidence) -> str | None:
        """The paragraph of the shipped source around an evidence row's quote; None for a cited page."""
        return self._around(evidence, "paragraph")

    def _around(self, evidence: Evidence, unit: str) -> str | None:
        from .sentences import paragraph_around, sentence_around

        quote = self.quote_for(evidence)
        if quote is None:
            return None
        around = sentence_around if unit == "sentence" else paragraph_around
        return around(self.source_text(quote.source_id), quote.start, quote.end).text

    def source_text(self, source_id: str) -> str:
        """The full text of a shipped source (its seed, decoded, NFC).

        Raises:
            ValueError: the source is a cited page, whose text is not shipped (cite it by its URL).
            DataValidationError: the seed no longer has the SHA-256 its source records.
        """
        from ._locate import seed_text

        source = self.get("sources", source_id)
        if source.file_name is None:  # type: ignore[attr-defined]
            msg = f"{source_id} is a cited page, not shipped: read it at {source.url}"  # type: ignore[attr-defined]
            raise ValueError(msg)
        return seed_text(self.root, source.file_name, source.sha256)  # type: ignore[attr-defined]

    @cached_property
    def meetings(self) -> tuple[Meeting, ...]:
        """Every event as a [`Meeting`][ict_coop.loading.Meeting], in event-id order."""
        kids = self.children
        mentioned: dict[str, list[str]] = defaultdict(list)
        for agreement in self.tables["agreements"]:
            if agreement.signed_at_event_id:  # type: ignore[attr-defined]
                mentioned[agreement.signed_at_event_id].append(agreement.agreement_id)  # type: ignore[attr-defined]
        for row in self.tables["agreement_mentions"]:
            mentioned[row.event_id].append(row.agreement_id)  # type: ignore[attr-defined]
        countries = self._by_key["countries"]
        counterparts = self.counterpart_countries
        engagements = set(self.engagement_ids)
        names = Names(self)
        result = []
        for event in self.tables["events"]:
            eid = event.event_id  # type: ignore[attr-defined]
            theirs = counterparts.get(eid, ())
            result.append(
                Meeting(
                    event=event,
                    partners=tuple(map(names.partner, kids("event_partners", "event_id")[eid])),
                    partner_country=countries.get(theirs[0]) if len(theirs) == 1 else None,
                    is_engagement=eid in engagements,
                    participants=tuple(map(names.participant, kids("participants", "event_id")[eid])),
                    topics=tuple(r.topic_id for r in kids("event_topics", "event_id")[eid]),  # type: ignore[attr-defined]
                    plover_contexts=tuple(r.context for r in kids("event_plover_contexts", "event_id")[eid]),  # type: ignore[attr-defined]
                    commitments=tuple(kids("commitments", "event_id")[eid]),
                    agreement_ids=tuple(sorted(set(mentioned[eid]))),
                    child_event_ids=tuple(r.event_id for r in kids("events", "parent_event_id")[eid]),  # type: ignore[attr-defined]
                )
            )
        return tuple(result)

    @cached_property
    def counterpart_countries(self) -> dict[str, tuple[str, ...]]:
        """Event id -> the distinct countries of its counterparts (a state, or a body's or company's country).

        Conveners of multilateral meetings (international bodies) and named member states are
        not counterparts; see [`partner_ids`][ict_coop.loading.Dataset.partner_ids] for every partner.
        """
        country_of_org = {o.organization_id: o.country_code for o in self.tables["organizations"]}  # type: ignore[attr-defined]
        found: dict[str, list[str]] = defaultdict(list)
        for row in self.tables["event_partners"]:
            if row.role != "counterpart":  # type: ignore[attr-defined]
                continue
            code = row.country_code or country_of_org.get(row.organization_id or "")  # type: ignore[attr-defined]
            if code and code not in found[row.event_id]:  # type: ignore[attr-defined]
                found[row.event_id].append(code)  # type: ignore[attr-defined]
        return {eid: tuple(codes) for eid, codes in found.items()}

    @cached_property
    def partner_ids(self) -> dict[str, tuple[str, ...]]:
        """Event id -> its counted partners: a state (country code) or an international body (organisation id).

        A counterpart that is a ministry, company or party counts as its country; a body with
        no country (ITU, ASEAN) counts as itself; so does the convener of a multilateral
        meeting. Member states a source names are not counted.
        """
        country_of_org = {o.organization_id: o.country_code for o in self.tables["organizations"]}  # type: ignore[attr-defined]
        found: dict[str, list[str]] = defaultdict(list)
        for row in self.tables["event_partners"]:
            if row.role not in ("counterpart", "convener"):  # type: ignore[attr-defined]
                continue
            org = row.organization_id  # type: ignore[attr-defined]
            partner = row.country_code or country_of_org.get(org) or org  # type: ignore[attr-defined]
            if partner not in found[row.event_id]:  # type: ignore[attr-defined]
                found[row.event_id].append(partner)  # type: ignore[attr-defined]
        return {eid: tuple(ids) for eid, ids in found.items()}

    @cached_property
    def engagement_ids(self) -> tuple[str, ...]:
        """The engagements, in event-id order.

        An engagement is an event reported as ``occurred`` that is not a session of another
        ``occurred`` event: a trip counts once (its sessions do not), and a session inside
        someone else's visit (reported as ``context``) counts.
        """
        occurred = {e.event_id for e in self.tables["events"] if e.reported_as == "occurred"}  # type: ignore[attr-defined]
        parent = {e.event_id: e.parent_event_id for e in self.tables["events"]}  # type: ignore[attr-defined]

        def inside_occurred(eid: str) -> bool:
            seen, up = {eid}, parent.get(eid)
            while up and up not in seen:
                if up in occurred:
                    return True
                seen.add(up)
                up = parent.get(up)
            return False

        return tuple(sorted(e for e in occurred if not inside_occurred(e)))

    @cached_property
    def engagements(self) -> tuple[Engagement, ...]:
        """Every engagement as an `Engagement` (names, dates, partners, counts)."""
        from .views import build_engagements

        return build_engagements(self)

    @cached_property
    def engagement_partners(self) -> tuple[EngagementPartner, ...]:
        """One `EngagementPartner` per engagement and partner."""
        from .views import build_engagement_partners

        return build_engagement_partners(self)

    @cached_property
    def agreements(self) -> tuple[AgreementRecord, ...]:
        """Every agreement as an [`AgreementRecord`][ict_coop.loading.AgreementRecord], in agreement-id order."""
        kids = self.children
        events = self._by_key["events"]
        names = Names(self)
        result = []
        for agreement in self.tables["agreements"]:
            aid = agreement.agreement_id  # type: ignore[attr-defined]
            result.append(
                AgreementRecord(
                    agreement=agreement,
                    parties=tuple(map(names.party, kids("agreement_parties", "agreement_id")[aid])),
                    topics=tuple(r.topic_id for r in kids("agreement_topics", "agreement_id")[aid]),  # type: ignore[attr-defined]
                    signed_at=events.get(agreement.signed_at_event_id or ""),  # type: ignore[attr-defined]
                    mentioned_at_event_ids=tuple(r.event_id for r in kids("agreement_mentions", "agreement_id")[aid]),  # type: ignore[attr-defined]
                    commitments=tuple(kids("commitments", "agreement_id")[aid]),
                )
            )
        return tuple(result)


def _unknown(name: str, *, tables_only: bool = False) -> str:
    tables = describe()
    names = ", ".join(tables if tables_only else [*VIEWS, *(n for n in tables if n not in VIEWS)])
    return f"no {'table' if tables_only else 'resource'} {name!r} in ict-coop; choose one of: {names}"


# --------------------------------------------------------------------------- building objects


def build_records(name: str, table: pa.Table) -> tuple[Record, ...]:
    """Frozen records of a table that validation has already passed, in row order.

    The rows were checked column-wise against every type, constraint and rule (and
    ``tests/test_rules.py`` shows those checks agree with the models'), so they are not
    validated a second time, row by row: each instance gets its field values directly, as
    pydantic's own ``model_construct`` does, without its per-field bookkeeping (about 1 µs a
    record instead of 14, or 20 to validate). Vocabulary cells become their enum members.
    ``tests/test_loading.py`` checks that every record equals its validated twin.

    Two things make this fast: vocabulary and date columns become one Python object per
    distinct value, shared by their cells (all immutable); and the cyclic garbage collector
    is paused while the records are made, because millions of new container objects would
    otherwise trigger it again and again (records hold no reference cycles).
    """
    described = describe()[name]
    model = described.model
    names = tuple(table.column_names)
    fields_set = set(names)
    new = model.__new__
    set_fields_set = BaseModel.__pydantic_fields_set__.__set__  # type: ignore[attr-defined]
    set_extra = BaseModel.__pydantic_extra__.__set__  # type: ignore[attr-defined]
    set_private = BaseModel.__pydantic_private__.__set__  # type: ignore[attr-defined]
    records: list[Record] = []
    append = records.append
    with _collector_paused():
        columns = [_python_values(described.vocabulary(f), table.column(f).combine_chunks()) for f in names]
        for values in zip(*columns, strict=True):
            record = new(model)
            record.__dict__.update(zip(names, values, strict=False))  # same length: one value per column
            set_fields_set(record, fields_set)
            set_extra(record, None)
            set_private(record, None)
            append(record)
    return tuple(records)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if it runs) for the block; restore it after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _python_values(vocabulary: tuple[StrEnum, ...], column: pa.Array) -> list[Any]:
    """The cells of a validated column as the Python values the model holds (``vocabulary``: its members)."""
    if pa.types.is_dictionary(column.type):
        kind = type(vocabulary[0])
        return _expand([kind(value) for value in column.dictionary.to_pylist()], column.indices)
    if column.null_count == len(column):
        return [None] * len(column)
    if len(column) > 64 and (pa.types.is_date(column.type) or pa.types.is_timestamp(column.type)):
        # pyarrow makes date objects slowly; dates repeat (a trip's sessions share them)
        encoded = pc.dictionary_encode(column)
        if len(encoded.dictionary) * 2 <= len(column):
            return _expand(encoded.dictionary.to_pylist(), encoded.indices)
    return column.to_pylist()  # text and integers: as fast as a lookup would be


def _expand(values: list[Any], indices: pa.Array) -> list[Any]:
    """``values[i]`` for each index (None where the index is null)."""
    # (no pyarrow scalar is made from a Python value here: pyarrow would import pandas for it)
    positions = indices.to_pylist()
    if indices.null_count:
        values = [*values, None]
        positions = [len(values) - 1 if i is None else i for i in positions]
    return list(map(values.__getitem__, positions))


# --------------------------------------------------------------------------- cache


@dataclass
class _Loaded:
    """One package folder as loaded: its files' fingerprint, typed tables, built objects.

    ``tables`` holds every table after a full validation; after a stamp hit it is filled one
    table at a time, as tables are asked for, each checked against the stamp's hash
    (`FileChanged` when its bytes are not the validated ones).
    """

    root: Path
    files: stamps.Fingerprint
    descriptor: dict[str, Any]
    tables: dict[str, pa.Table]
    #: tables whose values never span lines (from the stamp): parsed without looking for breaks
    single_line: frozenset[str] = frozenset()
    #: relative path -> hash of the validated bytes (from the stamp; empty after a full validation)
    hashes: dict[str, str] = field(default_factory=dict)
    #: how the files were known valid (see `how_checked`)
    checked_by: CheckedBy = "validation"
    built: dict[str, Any] = field(default_factory=dict)

    def table(self, name: str) -> pa.Table:
        if name not in self.tables:
            entry = next(r for r in self.descriptor["resources"] if r.get("name") == name)
            metadata = package_metadata(self.descriptor)
            single = name in self.single_line
            path = entry["path"]
            known = {relative: tuple(facts) for relative, *facts in self.files}
            self.tables[name] = read_validated(
                self.root,
                name,
                entry,
                metadata,
                single_line=single,
                expected_status=known.get(path, (-1, -1, -1, -1)),  # not in the stamp: nothing to trust
                expected_hash=self.hashes.get(path, "") if stamps.verify_by_hash() else None,
            )
        return self.tables[name]


_lock = threading.RLock()
_loaded: dict[Path, _Loaded] = {}


def _package(root: Path, *, recheck: bool = False) -> _Loaded:
    """The package at ``root``, validated or known valid; raises with every finding if not.

    In order: the copy loaded in this process, if no file changed since; else the files as
    they are, each table read once and hash-checked as it is asked for, if a stamp says this
    library found exactly them valid, or (the installed data only) if every file hashes to the
    manifest shipped with it (`stamps.shipped_stamp`); else (or with ``recheck``) a full
    validation, which stamps the files when it finds nothing.
    """
    files = stamps.fingerprint(root)
    with _lock:
        hit = None if recheck else _loaded.get(root)
        if hit is not None and hit.files == files:
            return hit
        stamp: stamps.Stamp | None = None
        checked_by: CheckedBy = "validation"
        if not recheck:
            stamp, checked_by = stamps.find_stamp(root, files), "stamp"
            if stamp is None:  # the installed data's first load: the manifest it ships with, every hash checked
                stamp, checked_by = stamps.shipped_stamp(root, files), "shipped"
        if stamp is not None:
            try:
                descriptor = json.loads(read_verified(root, DESCRIPTOR, stamp.hashes.get(DESCRIPTOR)))
            except FileChanged:
                return _package(root, recheck=True)
            single = frozenset(stamp.facts.get("single_line", ()))
            hit = _Loaded(
                root=root,
                files=files,
                descriptor=descriptor,
                tables={},
                single_line=single,
                hashes=stamp.hashes,
                checked_by=checked_by,
            )
        else:
            checked = check_and_stamp(root, files)
            if checked.issues:
                _loaded.pop(root, None)
                raise DataValidationError(checked.issues)
            descriptor = checked.read.descriptor or {}
            hit = _Loaded(root=root, files=files, descriptor=descriptor, tables=dict(checked.read.tables))
        _loaded[root] = hit
        return hit


def how_checked(path: str | Path | None = None) -> CheckedBy | None:
    """How the package this process loaded from ``path`` (the shipped data by default) was known valid.

    ``"validation"``: validated in full by this process; ``"stamp"``: by an earlier
    validation's stamp (`ict_coop.stamps`); ``"shipped"``: by the installed data's manifest of
    the hashes validated before release (its first load after installation). None when
    nothing is loaded from there yet.

    Examples:
        >>> from ict_coop import load
        >>> events = load("events")
        >>> how_checked() in ("validation", "stamp", "shipped")
        True
    """
    with _lock:
        loaded = _loaded.get(find_root(path))
        return None if loaded is None else loaded.checked_by


def _reading(root: Path, use: Callable[[_Loaded], Any]) -> Any:
    """``use(package)``, once more after a full validation if a stamped file turns out changed.

    The second attempt gets the tables the validation itself checked, so it cannot meet a
    changed file: what it returns (or the `DataValidationError` it raises) is of the
    bytes validated, never a mixture of versions or a table in part.
    """
    with _lock:
        try:
            return use(_package(root))
        except FileChanged:
            _loaded.pop(root, None)
            return use(_package(root, recheck=True))


def _dataset(root: Path) -> Dataset:
    def build(loaded: _Loaded) -> Dataset:  # objects are built once per loaded package, on first demand
        if "dataset" not in loaded.built:
            version = str(loaded.descriptor.get("version", ""))
            with _collector_paused():  # across tables too: a collection between them would walk them all
                records = {name: build_records(name, loaded.table(name)) for name in describe()}
            # read-only all the way down: the dataset is cached and shared between callers
            loaded.built["dataset"] = Dataset(root=root, version=version, tables=MappingProxyType(records))
        return loaded.built["dataset"]

    return _reading(root, build)


@overload
def load(name: None = None, *, format: Literal["objects"] = "objects", path: str | Path | None = None) -> Dataset: ...
@overload
def load(
    name: Literal["meetings"], *, format: Literal["objects"] = "objects", path: str | Path | None = None
) -> tuple[Meeting, ...]: ...
@overload
def load(
    name: Literal["agreements"], *, format: Literal["objects"] = "objects", path: str | Path | None = None
) -> tuple[AgreementRecord, ...]: ...
@overload
def load(
    name: Literal["engagements"], *, format: Literal["objects"] = "objects", path: str | Path | None = None
) -> tuple[Engagement, ...]: ...
@overload
def load(
    name: str, *, format: Literal["objects"] = "objects", path: str | Path | None = None
) -> tuple[Record, ...]: ...
@overload
def load(name: str, *, format: Literal["arrow"], path: str | Path | None = None) -> pa.Table: ...
@overload
def load(name: str, *, format: Literal["pandas", "polars"], path: str | Path | None = None) -> Any: ...


def load(
    name: str | None = None,
    *,
    format: Format = "objects",  # noqa: A002 - the documented keyword
    path: str | Path | None = None,
) -> Any:
    """Load the dataset, or one resource of it.

    Args:
        name: `"engagements"` (one row per engagement, with names, dates, partners,
            principals and counts: `ict_coop.views`), `"engagement_partners"` (one row
            per engagement and partner), `"meetings"` (every event with its links),
            `"agreements"` (with parties), or any table name (`"events"`,
            `"participants"`, `"evidence"`, ...). None loads every table.
        format: `"objects"` (frozen pydantic records), `"arrow"` (a `pyarrow.Table` with
            real dates, int64, lists and dictionary-encoded vocabularies), `"pandas"`
            (datetime, nullable `Int64` and `category` columns: `to_pandas`) or
            `"polars"` (when installed).
        path: A package folder or `datapackage.json` following the schema (e.g. a
            curator's working copy); by default the shipped dataset.

    Returns:
        What was asked for. With a `name`, a tuple of records (objects: `Meeting`,
            `AgreementRecord` or the table's model) or a table; without one, the whole
            [`Dataset`][ict_coop.loading.Dataset] (objects) or a dict of tables by name.

    Raises:
        DataValidationError: The package breaks the schema or a rule (`.issues` lists all).
        UnknownResourceError: `name` is not a resource of the dataset.
        MissingDependencyError: pandas or polars is asked for but not installed.
        DataNotFoundError: There is no package at `path`.

    Examples:
        >>> meetings = load("meetings")
        >>> table = load("meetings", format="arrow")
        >>> len(meetings) == table.num_rows
        True
        >>> meetings[0].event_id == table.column("event_id")[0].as_py()
        True
    """
    if name is not None and name not in VIEWS and name not in describe():
        raise UnknownResourceError(_unknown(name))
    if format not in ("objects", "arrow", "pandas", "polars"):
        msg = f"format must be 'objects', 'arrow', 'pandas' or 'polars', not {format!r}"
        raise ValueError(msg)
    root = find_root(path)
    if format == "objects":
        dataset = _dataset(root)
        return dataset if name is None else dataset[name]
    if name is not None and name in VIEWS and VIEWS[name] is None:
        dataset = _dataset(root)
        metadata = _reading(root, lambda loaded: package_metadata(loaded.descriptor))
        return _convert(view_table(dataset, name, metadata), format)

    def tables(loaded: _Loaded) -> Any:
        if name is None:
            return {n: _convert(loaded.table(n), format) for n in describe()}
        return _convert(loaded.table(VIEWS.get(name) or name), format)

    return _reading(root, tables)


def view_table(dataset: Dataset, name: str, metadata: tuple[tuple[str, str], ...] = ()) -> pa.Table:
    """The typed Arrow table of a research view (``engagements``, ``engagement_partners``) of ``dataset``.

    ``metadata`` (the package's name, version and licences) goes into the schema's metadata,
    as for the tables, with the view's name and description.
    """
    from .views import VIEW_MODELS
    from .views import view_table as build

    model = VIEW_MODELS[name]
    return build(getattr(dataset, name), model, {**dict(metadata), "view": name})


def _convert(table: pa.Table, format: Format) -> Any:  # noqa: A002
    if format == "arrow":
        return table
    module = {"pandas": "pandas", "polars": "polars"}[format]
    try:
        lib = __import__(module)
    except ImportError as exc:
        msg = f"format={format!r} needs {module}: pip install 'ict-coop[{module}]'"
        raise MissingDependencyError(msg) from exc
    return to_pandas(table) if module == "pandas" else lib.from_arrow(table)


def to_pandas(table: pa.Table) -> Any:
    """An Arrow table as a pandas DataFrame of types pandas computes with.

    Dates become ``datetime64`` columns (``.dt`` works; an empty bound is ``NaT``), integers
    and booleans nullable ``Int64`` and ``boolean`` (an empty cell stays ``<NA>``, never a
    float), vocabularies ``category``, and lists Arrow-backed list columns (``.list``,
    ``explode``).
    """
    import pandas as pd

    def mapped(kind: pa.DataType) -> Any:
        if pa.types.is_integer(kind):
            return pd.Int64Dtype()
        if pa.types.is_boolean(kind):
            return pd.BooleanDtype()
        if pa.types.is_list(kind):
            return pd.ArrowDtype(kind)
        return None

    return table.to_pandas(date_as_object=False, types_mapper=mapped)
