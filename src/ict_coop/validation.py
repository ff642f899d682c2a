"""Validation: every problem in a data package, as data.

:func:`validate` runs, in order:

1. the reader (:mod:`ict_coop.reading`): descriptor, files, header, cell types and constraints
   (column-wise on Arrow), primary keys, row order, foreign keys, descriptor drift;
2. the model rules of :mod:`ict_coop.models` on each row that passed step 1;
3. the cross-table rules: seeds present with their SHA-256; every evidence quote equal to its
   source at its offsets (NFC) and outside page furniture; every evidence row pointing at an
   existing record and field; every fact that needs evidence having it; verbatim fields
   occurring in their record's quotes; child events within their parent's bounds and no
   cycles; the topics table equal to the vocabulary; the version and the official Data
   Package 2.0 profile.

It returns a :class:`Report`; it raises only when no package is found at all.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import __version__
from ._locate import DESCRIPTOR, find_root, unsafe_reason
from .errors import DataValidationError, Issue
from .models import MODELS, Event, Record
from .reading import PackageRead, read_package
from .schema import csv_path, topic_rows


@dataclass(frozen=True)
class Report:
    """The outcome of :func:`validate`: the package folder and every finding.

    >>> report = validate()          # the shipped data
    >>> report.valid, report.flatten()
    (True, [])
    """

    root: Path
    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        """True when there is no finding."""
        return not self.issues

    def flatten(self, keys: Iterable[str] = ("code", "file", "row", "field")) -> list[list[Any]]:
        """Findings as lists of the given attributes (frictionless's ``Report.flatten``)."""
        keys = tuple(keys)
        return [[getattr(issue, key) for key in keys] for issue in self.issues]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``valid``, ``root``, ``count`` and ``issues``."""
        return {
            "valid": self.valid,
            "root": str(self.root),
            "count": len(self.issues),
            "issues": [issue.to_dict() for issue in self.issues],
        }

    def raise_if_invalid(self) -> None:
        """Raise :class:`DataValidationError` when there is any finding."""
        if self.issues:
            raise DataValidationError(self.issues)

    def __str__(self) -> str:
        if self.valid:
            return f"valid: {self.root}"
        lines = [f"invalid: {len(self.issues)} problem(s) in {self.root}"]
        lines += [f"  {issue}" for issue in self.issues]
        return "\n".join(lines)


@dataclass(frozen=True)
class Checked:
    """A package read and checked: typed tables, typed records and findings."""

    read: PackageRead
    records: dict[str, tuple[Record, ...]]
    issues: tuple[Issue, ...]


def validate(path: str | Path | None = None) -> Report:
    """Validate a data package and return every finding.

    Args:
        path: a package folder or its ``datapackage.json``; by default the shipped dataset.

    Returns:
        A :class:`Report`; ``report.valid`` is True when nothing is wrong.

    Raises:
        DataNotFoundError: no package at ``path`` (or no shipped data).
        UnsafePathError: ``path`` is a URL.
    """
    checked = check(find_root(path))
    return Report(root=checked.read.root, issues=checked.issues)


def check(root: Path) -> Checked:
    """Run every check on the package folder ``root``."""
    read = read_package(root)
    issues = list(read.issues)
    records, rule_issues = _model_rules(read)
    issues += rule_issues
    if isinstance(read.parsed, dict):
        issues += _profile(read.parsed)
    if read.descriptor is not None and str(read.descriptor.get("version")) != __version__:
        msg = f"descriptor version {read.descriptor.get('version')!r} differs from the library's {__version__!r}"
        issues.append(Issue("version-mismatch", msg, file=DESCRIPTOR, field="version"))
    issues += _cross_table(root, read, records)
    return Checked(read=read, records=records, issues=tuple(issues))


# --------------------------------------------------------------------------- model rules


def _flagged_rows(issues: Iterable[Issue]) -> dict[str, set[int]]:
    flagged: dict[str, set[int]] = defaultdict(set)
    for issue in issues:
        if issue.resource and issue.row is not None:
            flagged[issue.resource].add(issue.row)
    return flagged


def _rule_field(model: type[Record], message: str) -> str | None:
    """The first field a rule's message names (rules name the fields they tie together)."""
    for word in re.findall(r"[a-z][a-z0-9_]*", message):
        if word in model.model_fields:
            return word
    return None


def _model_rules(read: PackageRead) -> tuple[dict[str, tuple[Record, ...]], list[Issue]]:
    """Build typed records from the tables; rows already flagged are not checked twice."""
    flagged = _flagged_rows(read.issues)
    records: dict[str, tuple[Record, ...]] = {}
    issues: list[Issue] = []
    for name, table in read.tables.items():
        model = MODELS[name]
        built = []
        for index, row in enumerate(table.to_pylist()):
            number = index + 2
            if number in flagged[name]:
                continue
            try:
                built.append(model.model_validate(row))
            except ValidationError as exc:
                for error in exc.errors(include_url=False):
                    message = str(error["msg"]).removeprefix("Value error, ")
                    field = str(error["loc"][0]) if error["loc"] else _rule_field(model, message)
                    value = row.get(field) if field else None
                    issues.append(
                        Issue(
                            "rule-error",
                            message,
                            resource=name,
                            file=csv_path(name),
                            row=number,
                            field=field,
                            value=None if value is None else str(value),
                        )
                    )
        records[name] = tuple(built)
    return records, issues


# --------------------------------------------------------------------------- descriptor profile


@cache
def _profile_validator() -> Any:
    import jsonschema

    text = resources.files("ict_coop").joinpath("profiles/datapackage-2.0.json").read_text(encoding="utf-8")
    return jsonschema.Draft7Validator(json.loads(text))


def _profile(descriptor: dict[str, Any]) -> list[Issue]:
    """Validate against the vendored official Data Package 2.0 profile (frictionless does not)."""
    issues = []
    for error in sorted(_profile_validator().iter_errors(descriptor), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.path) or "(root)"
        issues.append(
            Issue("descriptor-error", f"Data Package 2.0 profile: {error.message[:300]}", file=DESCRIPTOR, field=where)
        )
    return issues


# --------------------------------------------------------------------------- cross-table rules


def _cross_table(root: Path, read: PackageRead, records: dict[str, tuple[Record, ...]]) -> list[Issue]:
    issues: list[Issue] = []
    texts = _seed_texts(root, read, records.get("sources", ()), issues)
    furniture = _check_furniture(read, records.get("furniture", ()), texts, issues)
    _check_evidence(read, records, texts, furniture, issues)
    _check_parents(read, records.get("events", ()), issues)
    _check_links(read, records, issues)
    topics = read.tables.get("topics")
    if topics is not None and topics.to_pylist() != topic_rows():
        msg = "the topics table differs from ict_coop.vocab; run `ict-coop schema --write`"
        issues.append(Issue("vocabulary-drift", msg, resource="topics", file=csv_path("topics")))
    return issues


def _seed_texts(root: Path, read: PackageRead, sources: Iterable[Record], issues: list[Issue]) -> dict[str, str]:
    texts = {}
    for source in sources:
        row = _row_of(read, "sources", source)
        where = {"resource": "sources", "file": csv_path("sources"), "row": row, "field": "file_name"}
        relative = f"seeds/{source.file_name}"  # type: ignore[attr-defined]
        reason = unsafe_reason(root, relative)
        if reason is not None:
            issues.append(Issue("unsafe-path", reason, value=relative, **where))
            continue
        path = root / relative
        if not path.is_file():
            issues.append(Issue("seed-error", f"{relative} is missing", value=relative, **where))
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != source.sha256:  # type: ignore[attr-defined]
            msg = f"{relative} has SHA-256 {digest}, not the recorded one: the seed changed"
            issues.append(Issue("seed-error", msg, value=digest, **{**where, "field": "sha256"}))
            continue
        try:
            texts[source.source_id] = unicodedata.normalize("NFC", data.decode("utf-8"))  # type: ignore[attr-defined]
        except UnicodeDecodeError as exc:
            issues.append(Issue("encoding-error", f"{relative} is not UTF-8: {exc}", **where))
    return texts


def _check_furniture(
    read: PackageRead, furniture: Iterable[Record], texts: dict[str, str], issues: list[Issue]
) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for span in furniture:
        text = texts.get(span.source_id)  # type: ignore[attr-defined]
        if text is None:
            continue
        spans[span.source_id].append((span.start, span.end))  # type: ignore[attr-defined]
        if text[span.start : span.end] != span.text:  # type: ignore[attr-defined]
            row = _row_of(read, "furniture", span)
            where = {"resource": "furniture", "file": csv_path("furniture"), "row": row, "field": "text"}
            msg = "the text differs from the source at start:end; run `ict-coop curate fill`"
            issues.append(Issue("quote-mismatch", msg, value=span.text, **where))  # type: ignore[attr-defined]
    return spans


def _check_evidence(
    read: PackageRead,
    records: dict[str, tuple[Record, ...]],
    texts: dict[str, str],
    furniture: dict[str, list[tuple[int, int]]],
    issues: list[Issue],
) -> None:
    # Work from the tables' rows, not only the valid records: a row that broke a rule is
    # reported once, and must not also make the facts it supports look unsourced.
    evidence = read.tables.get("evidence")
    if evidence is None:
        return
    flagged = _flagged_rows(issues)["evidence"] | _flagged_rows(read.issues)["evidence"]
    keys = {name: read.row_index(name).keys() for name in read.tables}
    quotes: dict[tuple[str, str], list[str]] = defaultdict(list)
    fields_with_evidence: set[tuple[str, str, str]] = set()
    file = csv_path("evidence")
    for index, ev in enumerate(evidence.to_pylist()):
        where = {"resource": "evidence", "file": file, "row": index + 2}
        resource, key, field, quote = ev["resource"], ev["record_key"], ev["field"], ev["quote"]
        model = MODELS.get(str(resource))
        if model is None or key not in keys.get(resource, set()):
            if resource in read.tables and resource not in read.incomplete:  # else reported on its own
                msg = f"no record {key!r} in {resource}"
                issues.append(Issue("evidence-target", msg, field="record_key", value=key, **where))
        elif field not in model.model_fields:
            issues.append(
                Issue("evidence-target", f"{resource} has no field {field!r}", field="field", value=field, **where)
            )
        else:
            quotes[(resource, key)].append(quote or "")
            fields_with_evidence.add((resource, key, field))
        text = texts.get(ev["source_id"])
        if text is None or index + 2 in flagged:
            continue
        start, end = ev["start"], ev["end"]
        if text[start:end] != quote:
            msg = f"the source has {text[start:end][:60]!r} at {start}:{end}; run `ict-coop curate fill`"
            issues.append(Issue("quote-mismatch", msg, field="quote", value=quote, **where))
        elif resource != "sources" and any(s < end and start < e for s, e in furniture.get(ev["source_id"], ())):
            msg = "the quote overlaps page furniture (caption, image name, sidebar, footer)"
            issues.append(Issue("quote-in-furniture", msg, field="quote", value=quote, **where))
    for name, rows in records.items():
        model = MODELS[name]
        for record in rows:
            where = {"resource": name, "file": csv_path(name), "row": _row_of(read, name, record)}
            for field in model.evidenced:
                if getattr(record, field) is not None and (name, record.key, field) not in fields_with_evidence:
                    msg = f"{field} of {record.key!r} has no evidence row"
                    issues.append(
                        Issue("missing-evidence", msg, field=field, value=str(getattr(record, field)), **where)
                    )
            for field in model.verbatim:
                value = getattr(record, field)
                said = quotes.get((name, record.key), [])
                if value is not None and said and not any(str(value) in quote for quote in said):
                    msg = f"{field} does not occur in any evidence quote of {record.key!r}"
                    issues.append(Issue("text-not-in-quote", msg, field=field, value=str(value), **where))


def _row_of(read: PackageRead, name: str, record: Record) -> int:
    """The row number of a record in its file (records skip rows that broke a rule)."""
    index = read.row_index(name)
    return index[record.key] + 2


#: (table, condition on its rows, link table, link field, what is missing)
_REQUIRED_LINKS = (
    ("events", lambda r: True, "participants", "event_id", "a participant"),
    ("events", lambda r: r.plover_event_type is not None, "event_plover_contexts", "event_id", "a PLOVER context"),
    ("agreements", lambda r: True, "agreement_parties", "agreement_id", "a party"),
    ("commitments", lambda r: True, "commitment_makers", "commitment_id", "a maker"),
)


def _check_links(read: PackageRead, records: dict[str, tuple[Record, ...]], issues: list[Issue]) -> None:
    for name, applies, link, field, what in _REQUIRED_LINKS:
        table = read.tables.get(link)
        if table is None or link in read.incomplete:  # reported on its own
            continue
        linked = set(table.column(field).to_pylist())
        for record in records.get(name, ()):
            if applies(record) and record.key not in linked:
                where = {"resource": name, "file": csv_path(name), "row": _row_of(read, name, record)}
                msg = f"{record.key!r} has no row in {link} ({what})"
                issues.append(Issue("missing-link", msg, field=MODELS[name].primary_key[0], value=record.key, **where))


def _check_parents(read: PackageRead, events: tuple[Record, ...], issues: list[Issue]) -> None:
    by_id: dict[str, Event] = {e.event_id: e for e in events}  # type: ignore[attr-defined, misc]
    file = csv_path("events")
    for event in by_id.values():
        where = {"resource": "events", "file": file, "row": _row_of(read, "events", event)}
        parent = by_id.get(event.parent_event_id or "")
        if parent is None:
            continue
        low_ok = (
            event.date_earliest is None or parent.date_earliest is None or event.date_earliest >= parent.date_earliest
        )
        high_ok = event.date_latest is None or parent.date_latest is None or event.date_latest <= parent.date_latest
        if not (low_ok and high_ok):
            msg = (
                f"{event.date_earliest}..{event.date_latest} is outside its parent {parent.event_id}'s "
                f"{parent.date_earliest}..{parent.date_latest}"
            )
            field = "date_earliest" if not low_ok else "date_latest"
            issues.append(Issue("parent-bounds", msg, field=field, value=event.event_id, **where))
        seen, current = {event.event_id}, parent
        while current is not None:
            if current.event_id in seen:
                msg = f"parent_event_id forms a cycle through {current.event_id}"
                issues.append(Issue("rule-error", msg, field="parent_event_id", value=event.parent_event_id, **where))
                break
            seen.add(current.event_id)
            current = by_id.get(current.parent_event_id or "")
