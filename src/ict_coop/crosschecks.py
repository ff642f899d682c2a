"""The 0.2 rules that tie tables together: outside knowledge, evidence kinds, date claims, principals, names.

Each rule is a function of the package as read (`PackageRead`) and the rows earlier checks
flagged, returning findings; `CHECKS` lists them in the order the validator reports them (it
runs each as a step on its threads). They work on Arrow columns where a table can be large (participants, evidence) and
on Python lists where it is small by nature (outside knowledge, aliases, agreements).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ._arrow import arange, ascending, equals, lookup, member, present, whole
from .dates import edtf_bounds
from .errors import Issue
from .reading import PackageRead, key_column, plain
from .tables import describe

#: the link from each evidence row to its source, kept by the key check (`PackageRead.pointers`)
SOURCE_OF_EVIDENCE = ("evidence", ("source_id",))


def _strings(table: pa.Table, name: str) -> list[Any]:
    column = whole(table.column(name))
    if pa.types.is_dictionary(column.type):
        column = pc.cast(column, pa.string())
    return column.to_pylist()


def _usable(read: PackageRead, *names: str) -> bool:
    return all(n in read.tables and n not in read.incomplete for n in names)


def _skip(read: PackageRead, flagged: dict[str, set[int]], name: str, index: int) -> bool:
    rows = flagged.get(name)
    return bool(rows) and read.row_number(name, index) in rows


def _last_row(values: Any, keys: Any) -> Any:
    """The row of ``keys`` holding each value (null: none); the last, were a key twice, as a dict of them keeps."""
    keys = whole(keys)
    if keys.null_count == 0 and ascending(keys, strictly=True):
        return lookup(values, keys)  # sorted, so each key once: the row is the only one
    count = len(keys)
    backwards = pc.index_in(values, value_set=keys.take(pc.subtract(pa.scalar(count - 1, pa.int64()), arange(count))))
    return pc.subtract(pa.scalar(count - 1, backwards.type), backwards)


def _outside_targets(read: PackageRead, flagged: dict[str, set[int]]) -> list[Issue]:
    """Outside knowledge names a record and field that exist (column-wise; the rows found read one by one)."""
    if not _usable(read, "outside_knowledge"):
        return []
    table = read.tables["outside_knowledge"]
    resources, record_keys = _plain_column(table, "resource"), _plain_column(table, "record_key")
    fields = _plain_column(table, "field")
    no_record = no_field = pc.fill_null(pa.nulls(table.num_rows, pa.bool_()), False)
    for resource in set(pc.unique(resources).to_pylist()) & set(read.tables):  # each table's keys, column-wise
        mine = pc.fill_null(pc.equal(resources, resource), False)
        found = member(record_keys.filter(mine), key_column(read.tables[resource], describe()[resource].key))
        no_record = pc.replace_with_mask(no_record, mine, pc.invert(found))
        names = pa.array(sorted(describe()[resource].names), pa.string())
        no_field = pc.replace_with_mask(no_field, mine, pc.invert(pc.is_in(fields.filter(mine), value_set=names)))
    issues = []
    for index in pc.indices_nonzero(pc.or_(no_record, no_field)).to_pylist():
        if _skip(read, flagged, "outside_knowledge", index):
            continue
        resource, key, field = resources[index].as_py(), record_keys[index].as_py(), fields[index].as_py()
        if no_record[index].as_py():
            msg = f"no record {key!r} in {resource}"
            issues.append(read.issue("evidence-target", msg, "outside_knowledge", index, "record_key", key))
        else:
            msg = f"{resource} has no field {field!r}"
            issues.append(read.issue("evidence-target", msg, "outside_knowledge", index, "field", field))
    return issues


def _outside_required(read: PackageRead, flagged: dict[str, set[int]]) -> list[Issue]:
    """A value whose basis is ``external`` has an outside_knowledge row saying how it is known.

    Column-wise: each table's records with an external value are looked up among the keys that
    outside knowledge gives for that table and field (both sorted, as their keys are: a lookup
    block by block); only the records without one are read one by one.
    """
    known = read.tables["outside_knowledge"] if _usable(read, "outside_knowledge") else None
    issues = []
    for name, described in describe().items():
        if not described.bases or not _usable(read, name):
            continue
        table = read.tables[name]
        for basis, value in described.bases.items():
            external = pc.indices_nonzero(pc.fill_null(pc.equal(_plain_column(table, basis), "external"), False))
            if not len(external):
                continue  # column-wise: only the rows whose basis is external are looked at one by one
            keys = key_column(table.take(external), described.key)
            lacking = pc.invert(member(keys, _supplied(known, name, value, keys.type)))
            for position in pc.indices_nonzero(lacking).to_pylist():
                index, key = external[position].as_py(), keys[position].as_py()
                if not _skip(read, flagged, name, index):
                    msg = (
                        f"{basis} external needs an outside_knowledge row for {value} of {key!r} "
                        "(confidence, reasoning, references)"
                    )
                    issues.append(read.issue("missing-outside-knowledge", msg, name, index, basis, "external"))
    return issues


def _supplied(known: pa.Table | None, name: str, field: str, kind: pa.DataType) -> Any:
    """The record keys of table ``name`` whose ``field`` outside knowledge gives (none without the table)."""
    if known is None:
        return pa.array([], kind)
    mine = pc.and_(
        pc.fill_null(pc.equal(_plain_column(known, "resource"), name), False),
        pc.fill_null(pc.equal(_plain_column(known, "field"), field), False),
    )
    return pc.cast(_plain_column(known, "record_key").filter(mine), kind)


def _plain_column(table: pa.Table, name: str) -> Any:
    return plain(whole(table.column(name)))


def _nonempty(column: Any) -> Any:
    """True where a text cell holds something (a Python test of truth: None and "" are not)."""
    return pc.fill_null(pc.greater(pc.binary_length(column), 0), False)


def _evidence_kinds(read: PackageRead, flagged: dict[str, set[int]]) -> list[Issue]:
    """Quotes come from shipped sources; locators and paraphrases from cited pages (column-wise)."""
    if not _usable(read, "evidence", "sources"):
        return []
    sources, evidence = read.tables["sources"], read.tables["evidence"]
    # each row's source as the key check found it (the first row of an id twice, as index_in gives)
    at = read.pointers.get(SOURCE_OF_EVIDENCE)
    if at is None:  # the evidence could not be key-checked
        at = pc.index_in(evidence.column("source_id"), value_set=whole(sources.column("source_id")))
    # whether each row's source is shipped, as booleans: each row's expected kind as a string
    # would be millions of strings made (the kernel zeroing their fresh pages) for a few findings
    shipped = pc.take(pc.equal(_plain_column(sources, "kind"), "shipped"), at)  # null: source unknown (reported apart)
    kinds = whole(evidence.column("kind"))
    wrong = pc.if_else(shipped, pc.invert(equals(kinds, "quote")), pc.invert(equals(kinds, "cited")))
    wrong = pc.and_(pc.fill_null(wrong, False), pc.is_valid(kinds))  # a missing kind is reported apart
    issues = []
    for index in pc.indices_nonzero(wrong).to_pylist():
        if _skip(read, flagged, "evidence", index):
            continue
        source_id, want = evidence.column("source_id")[index].as_py(), "quote" if shipped[index].as_py() else "cited"
        source_kind = sources.column("kind")[at[index].as_py()].as_py()
        msg = f"{source_id} is a {source_kind} source: its evidence is of kind {want}"
        issues.append(read.issue("evidence-kind", msg, "evidence", index, "kind", evidence.column("kind")[index]))
    return issues


def _claim_bounds(values: Any) -> tuple[Any, Any]:
    """The (earliest, latest) each claimed EDTF implies, one computation per distinct value."""
    distinct = pc.unique(values)
    lows, highs = [], []
    for value in distinct.to_pylist():
        try:
            low, high = edtf_bounds(value)
        except ValueError:  # reported by the record rules (claimed_edtf is not a date that exists)
            low = high = None
        lows.append(low)
        highs.append(high)
    at = pc.index_in(values, value_set=distinct)
    return pc.take(pa.array(lows, pa.date32()), at), pc.take(pa.array(highs, pa.date32()), at)


def _date_claims(read: PackageRead, flagged: dict[str, set[int]]) -> list[Issue]:
    """Each source's own date for a record overlaps the record's bounds (a conflict widens them).

    A claim contradicts the record when no day it allows lies within the record's bounds; a
    vaguer claim that includes the record's dates agrees with it.
    """
    if not _usable(read, "evidence"):
        return []
    evidence = read.tables["evidence"]
    claimed = pc.is_valid(evidence.column("claimed_edtf"))
    if not pc.any(claimed).as_py():
        return []
    rows = pc.indices_nonzero(claimed)
    claims = evidence.take(rows)
    resource = _plain_column(claims, "resource")
    issues = []
    for name in ("events", "agreements"):
        if not _usable(read, name):
            continue
        mine = pc.indices_nonzero(pc.equal(resource, name))
        if len(mine) == 0:
            continue
        table, sub = read.tables[name], claims.take(mine)
        at = pc.index_in(sub.column("record_key"), value_set=key_column(table, describe()[name].key))
        earliest = pc.take(whole(table.column("date_earliest")), at)
        latest = pc.take(whole(table.column("date_latest")), at)
        low, high = _claim_bounds(whole(sub.column("claimed_edtf")))
        disjoint = pc.or_kleene(pc.less(high, earliest), pc.greater(low, latest))
        for position in pc.indices_nonzero(pc.fill_null(disjoint, False)).to_pylist():
            index = rows[mine[position].as_py()].as_py()
            if _skip(read, flagged, "evidence", index):
                continue
            key, edtf = sub.column("record_key")[position].as_py(), sub.column("claimed_edtf")[position].as_py()
            msg = (
                f"this source dates {key!r} {edtf}, outside its bounds "
                f"{earliest[position].as_py()}..{latest[position].as_py()}: "
                "widen the bounds to take in every source's claim and say so in date_note"
            )
            issues.append(read.issue("date-claim-outside", msg, "evidence", index, "claimed_edtf", edtf))
    return issues


def _principals(read: PackageRead, flagged: dict[str, set[int]]) -> list[Issue]:
    """At most one principal per side of an event."""
    if not _usable(read, "participants"):
        return []
    table = read.tables["participants"]
    principal = pc.fill_null(whole(table.column("principal")), False)
    if not pc.any(principal).as_py():
        return []
    # the two columns of the principals only (filtering the whole table would copy every column)
    event_ids, sides = _plain_column(table, "event_id"), whole(table.column("side"))
    bad = _twice(event_ids.filter(principal), plain(sides.filter(principal)))
    if not bad:
        return []
    # only the principals of those events are looked at one by one (not every participant); a
    # dictionary's side is read at each of them, not decoded for all
    events = pa.array(sorted({event_id for event_id, _ in bad if event_id is not None}), event_ids.type)
    suspects = pc.indices_nonzero(pc.and_(principal, member(event_ids, events))).to_pylist()
    issues = []
    for index in suspects:
        event_id, who_side = event_ids[index].as_py(), sides[index].as_py()
        if (event_id, who_side) in bad and not _skip(read, flagged, "participants", index):
            msg = f"{event_id} has more than one principal on the {who_side} side"
            issues.append(read.issue("principal-conflict", msg, "participants", index, "principal", True))
    return issues


def _twice(event_ids: Any, sides: Any) -> set[tuple[Any, Any]]:
    """The pairs (event_id, side) that occur more than once (a row without an event counts for none).

    Rows kept by event (as participants are) repeat a pair only next to each other among the
    rows of one side: a comparison of neighbours, where grouping would hash every pair (one
    group per event, a table far beyond the processor's caches at a million events).
    """
    if event_ids.null_count or not ascending(event_ids, strictly=False):
        counts = (
            pa.table({"event_id": event_ids, "side": sides})
            .group_by(["event_id", "side"], use_threads=False)
            .aggregate([("event_id", "count")])
        )
        many = counts.filter(pc.greater(counts.column("event_id_count"), 1))
        return set(zip(many.column("event_id").to_pylist(), many.column("side").to_pylist(), strict=True))
    pairs = set()
    for side in pc.unique(sides).to_pylist():
        mine = event_ids.filter(pc.is_null(sides) if side is None else pc.fill_null(pc.equal(sides, side), False))
        again = mine.slice(1).filter(pc.equal(mine.slice(1), mine.slice(0, max(len(mine) - 1, 0))))
        pairs |= {(event_id, side) for event_id in pc.unique(again).to_pylist()}
    return pairs


def fold_names(names: Any) -> Any:
    """Names (an Arrow string array) without diacritics, case or spacing differences (Đ counts as D).

    A column that repeats its names (aliases: each name in every source that writes it) is
    folded once per run of equal names, or else once per distinct name. Aliases are kept by
    entity, so an entity's repeated name is one run: runs are found by comparing neighbours,
    where finding the distinct names hashes every name into a table that, for a million
    events' aliases, no longer fits the processor's caches.
    """
    if len(names) > 1:
        # a run starts where a name differs from the one before it (a null starts its own)
        starts = pc.fill_null(pc.not_equal(names.slice(1), names.slice(0, len(names) - 1)), True)
        heads = pc.indices_nonzero(pa.concat_arrays([pa.array([True]), starts]))
        if 2 * len(heads) < len(names):
            run = pc.subtract(pc.cumulative_sum(pc.cast(pa.concat_arrays([pa.array([True]), starts]), pa.int64())), 1)
            return pc.take(_fold(names.take(heads)), run)
    distinct = pc.unique(names)
    if 2 * len(distinct) < len(names):
        return pc.take(_fold(distinct), pc.index_in(names, value_set=distinct))
    return _fold(names)


def _fold(names: Any) -> Any:
    folded = pc.replace_substring(pc.replace_substring(names, "Đ", "D"), "đ", "d")
    folded = pc.replace_substring_regex(pc.utf8_normalize(folded, "NFD"), r"\p{Mn}+", "")
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(pc.utf8_lower(folded), r"\s+", " "))


def fold(text: str) -> str:
    """One name folded as `fold_names` folds them.

    Examples:
        >>> fold("Trương  Minh Tuấn") == fold("truong minh tuan")
        True
    """
    return fold_names(pa.array([text], pa.string()))[0].as_py()


def _names(read: PackageRead, flagged: dict[str, set[int]]) -> list[Issue]:
    """A person's or organisation's name is written so by some source (diacritics, case and qualifiers aside).

    The registry's name, English name or abbreviation must match (or contain, or be contained
    in) how some source writes it, or the name must be recorded as outside knowledge. Exact
    matches are found column-wise; only the rest are compared for containment.
    """
    if not _usable(read, "aliases"):
        return []
    aliases = read.tables["aliases"]
    alias_of = pc.coalesce(whole(aliases.column("person_id")), whole(aliases.column("organization_id")))
    alias_text = fold_names(whole(aliases.column("text")))
    supplied: set[tuple[str, str]] = set()
    if _usable(read, "outside_knowledge"):
        ok = read.tables["outside_knowledge"]
        supplied = set(zip(_strings(ok, "record_key"), _strings(ok, "field"), strict=True))
    issues = []
    for name, id_field, names in (
        ("people", "person_id", ("name", "name_en")),
        ("organizations", "organization_id", ("name", "name_en", "abbreviation")),
    ):
        if not _usable(read, name):
            continue
        table = read.tables[name]
        ids = whole(table.column(id_field))
        folded = [fold_names(_plain_column(table, n)) for n in names]
        unmatched = pc.indices_nonzero(pc.invert(_written(ids, folded, alias_of, alias_text))).to_pylist()
        if unmatched:  # how sources write the names of these entities only (not of every alias)
            spelled: dict[str, set[str]] = defaultdict(set)
            theirs = pc.fill_null(pc.is_in(alias_of, value_set=ids.take(pa.array(unmatched, pa.int64()))), False)
            for entity, text in zip(
                alias_of.filter(theirs).to_pylist(), alias_text.filter(theirs).to_pylist(), strict=True
            ):
                spelled[entity].add(text)
        for index in unmatched:
            entity = ids[index].as_py()
            if _skip(read, flagged, name, index) or (entity, "name") in supplied:
                continue
            written = {c[index].as_py() for c in folded if c[index].is_valid}
            # a source may add a qualifier ("India's Ministry of Communications"): containment counts
            if not any(w in alias or alias in w for w in written for alias in spelled.get(entity, ())):
                shown = table.column(names[0])[index].as_py()
                msg = (
                    f"no source writes the name of {entity!r} ({shown!r}): list it under `names:` "
                    "in a source that names it, or record the name as outside knowledge"
                )
                issues.append(read.issue("unattested-name", msg, name, index, "name", shown))
    return issues


def _written(ids: Any, folded: list[Any], alias_of: Any, alias_text: Any) -> Any:
    """Which rows have a name (one of ``folded``) that an alias of their own id writes, exactly.

    When the ids are sorted and each once (as the primary key check wants), each alias's row is
    looked up by sorted blocks (aliases are kept by entity) and its names compared in place. A
    hash of the pairs (id, name) would be built and probed out of the processor's caches, its
    cost per pair growing with the data; it is left for ids out of order or repeated.
    """
    if ids.null_count == 0 and ids.type == alias_of.type and ascending(ids, strictly=True):
        row = lookup(alias_of, ids)
        found = pc.is_valid(row)
        rows, texts = pc.cast(row.filter(found), pa.int64()), alias_text.filter(found)
        same = functools.reduce(pc.or_, [pc.fill_null(pc.equal(texts, column.take(rows)), False) for column in folded])
        return present(rows.filter(same), len(ids))
    attested = pc.binary_join_element_wise(alias_of, alias_text, "\x00")
    keys = [pc.binary_join_element_wise(ids, column, "\x00") for column in folded]
    # the aliases that are one of this table's (id, name) pairs: every alias looked up among the
    # table's pairs, a far smaller hash than one of every alias, then each pair among those found
    hits = attested.filter(pc.fill_null(pc.is_in(attested, value_set=pa.concat_arrays(keys), skip_nulls=True), False))
    return functools.reduce(
        pc.or_, [pc.fill_null(pc.is_in(key, value_set=hits, skip_nulls=True), False) for key in keys]
    )


def _signing(read: PackageRead, flagged: dict[str, set[int]]) -> list[Issue]:
    """An agreement signed at an event was signed in that event's country."""
    if not _usable(read, "agreements", "events"):
        return []
    events, agreements = read.tables["events"], read.tables["agreements"]
    signed_at = _plain_column(agreements, "signed_at_event_id")
    # the country of each agreement's signing event, column-wise
    where_of = pc.take(_plain_column(events, "country_code"), _last_row(signed_at, _plain_column(events, "event_id")))
    country_of = _plain_column(agreements, "signed_country_code")
    differs = pc.and_(pc.not_equal(country_of, where_of), pc.and_(_nonempty(country_of), _nonempty(where_of)))
    issues = []
    for index in pc.indices_nonzero(pc.fill_null(differs, False)).to_pylist():
        event_id, country, where = signed_at[index].as_py(), country_of[index].as_py(), where_of[index].as_py()
        if not _skip(read, flagged, "agreements", index):
            msg = f"signed_country_code {country} differs from the country of its signing event {event_id} ({where})"
            issues.append(read.issue("agreement-place", msg, "agreements", index, "signed_country_code", country))
    return issues


def _partner_roles(read: PackageRead, flagged: dict[str, set[int]]) -> list[Issue]:
    """A meeting convened by a body has no counterpart beside it: the states there are members.

    A trip (``visit``) may have both, since its sessions differ (a summit and a bilateral leg).
    """
    if not _usable(read, "event_partners", "events"):
        return []
    events, partners = read.tables["events"], read.tables["event_partners"]
    ids, roles = _plain_column(partners, "event_id"), _plain_column(partners, "role")
    # column-wise: the kind of each row's event, the events a body convenes (not a trip), the counterparts at them
    kind = pc.take(_plain_column(events, "kind"), _last_row(ids, _plain_column(events, "event_id")))
    not_a_trip = pc.fill_null(pc.not_equal(kind, "visit"), True)  # no such event: not a trip either
    convened = ids.filter(pc.and_(pc.fill_null(pc.equal(roles, "convener"), False), not_a_trip))
    beside = pc.and_(pc.fill_null(pc.equal(roles, "counterpart"), False), member(ids, convened))
    issues = []
    for index in pc.indices_nonzero(beside).to_pylist():
        event_id, role = ids[index].as_py(), roles[index].as_py()
        if not _skip(read, flagged, "event_partners", index):
            msg = (
                f"{event_id} is convened by a body, so its states are members, not counterparts "
                "(a bilateral meeting on the sidelines is an event of its own)"
            )
            issues.append(read.issue("partner-roles", msg, "event_partners", index, "role", role))
    return issues


#: Each rule's name (as timed: ``cross:<name>``) and function ``(read, flagged) -> findings``, in
#: the order their findings are reported.
CHECKS = {
    check.__name__.lstrip("_"): check
    for check in (
        _outside_targets,
        _outside_required,
        _evidence_kinds,
        _date_claims,
        _principals,
        _names,
        _signing,
        _partner_roles,
    )
}
