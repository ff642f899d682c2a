"""Curation files in, data package out: ``ict-coop curate build``.

The curation files are the source of truth; the tables under ``data/`` are built from them:

- ``curation/sources/<source_id>.yaml`` — one file per source (a shipped seed or a cited page):
  its metadata and review state, how it writes the names it mentions, and every record it
  supports, with the evidence written next to the fact (``docs/curation.md``);
- ``curation/registry/{countries,people,organizations}/<id>.yaml`` — one file per entity that
  many sources share.

`build` reads them all (every scalar stays a string until the models type it: ``040``,
``NO`` and ``2018-05-02`` survive), derives what nobody should type (quote offsets, the bounds
and precision an EDTF date implies, composite ids, hashes), writes the tables, the descriptor
and the generated docs, then validates the result; when it finds nothing, it also writes
``validated.json``, the hashes of the files validated, which the wheel ships so that the
installed data's first load need not validate again (`ict_coop.stamps.shipped_stamp`).
Every finding names the curation file, its line and the field. ``check=True`` (``--check``)
builds into a scratch folder and reports every committed file that differs from what the
curation files build (a stale ``validated.json`` included).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._locate import DESCRIPTOR, SEEDS, seed_path
from .draft import cited_source_id, shipped_source_id
from .errors import Issue
from .stamps import MANIFEST

CURATION = "curation"

#: nested list key of a record -> (child table, field the parent's id goes to)
CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "events": {
        "partners": ("event_partners", "event_id"),
        "participants": ("participants", "event_id"),
        "topics": ("event_topics", "event_id"),
        "plover_contexts": ("event_plover_contexts", "event_id"),
    },
    "agreements": {
        "parties": ("agreement_parties", "agreement_id"),
        "mentions": ("agreement_mentions", "agreement_id"),
        "topics": ("agreement_topics", "agreement_id"),
    },
    "commitments": {"makers": ("commitment_makers", "commitment_id")},
}
#: a child given as a bare string fills this field
SHORTHAND = {"event_plover_contexts": "context", "agreement_mentions": "event_id", "event_topics": "topic_id"}
#: ids derived from other fields (nobody types them): table -> (id field, function of the row)
DERIVED_IDS = {
    "participants": (
        "participant_id",
        lambda r: f"{r.get('event_id')}/{r.get('person_id') or r.get('organization_id')}",
    ),
    "event_partners": (
        "partner_id",
        lambda r: f"{r.get('event_id')}/{r.get('organization_id') or r.get('country_code')}",
    ),
    "commitment_makers": ("maker_id", lambda r: r.get("organization_id") or r.get("country_code")),
}
REGISTRIES = {"countries": "countries", "people": "people", "organizations": "organizations"}
#: the sections a source file may have
TOP_LEVEL = {"source", "review", "names", "furniture", "events", "agreements", "commitments", "also_reports"}


# --------------------------------------------------------------------------- YAML with line numbers


class LDict(dict):
    """A YAML mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LList(list):
    """A YAML sequence that remembers its line and each item's."""

    line: int = 0
    item_lines: list[int]


def _convert(node: Any) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line, out.key_lines = node.start_mark.line + 1, {}
        for key, value in node.value:
            name = str(key.value)
            out[name] = _convert(value)
            out.key_lines[name] = key.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LList(_convert(item) for item in node.value)
        items.line, items.item_lines = node.start_mark.line + 1, [item.start_mark.line + 1 for item in node.value]
        return items
    value = node.value
    return None if value == "" and node.style is None else unicodedata.normalize("NFC", value)


def read_yaml(path: Path) -> Any:
    r"""Read a curation file; every scalar is a string (or None for an empty value), NFC.

    Examples:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
        >>> _ = p.write_text("cameo_code: 040\nanswer: NO\nday: 2018-05-02\nn: 1e3\n")
        >>> dict(read_yaml(p))
        {'cameo_code': '040', 'answer': 'NO', 'day': '2018-05-02', 'n': '1e3'}
    """
    import yaml

    with path.open(encoding="utf-8") as handle:
        node = yaml.compose(handle, Loader=yaml.BaseLoader)  # BaseLoader: no implicit types
    return LDict() if node is None else _convert(node)


# --------------------------------------------------------------------------- the build's state


@dataclass
class Origin:
    """Where a row came from: curation file, line of the record and of each field."""

    file: str
    line: int
    fields: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str | None) -> int:
        """The line of ``name`` in the file, or the record's own line."""
        return self.fields.get(name or "", self.line)


@dataclass
class Built:
    """What the curation files give: rows per table, with their origins, and the problems found."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    origins: dict[str, list[Origin]] = field(default_factory=lambda: defaultdict(list))
    issues: list[Issue] = field(default_factory=list)
    quote_ids: set[str] = field(default_factory=set)

    def add(self, table: str, row: dict[str, Any], origin: Origin) -> None:
        """Add one row of ``table``."""
        self.rows[table].append(row)
        self.origins[table].append(origin)

    def problem(self, code: str, message: str, origin: Origin, name: str | None = None, value: Any = None) -> None:
        """Record a finding at ``origin`` (field ``name``)."""
        line = origin.line_of(name)
        self.issues.append(Issue(code, message, file=origin.file, row=line, field=name, value=value))


def _origin(rel: str, mapping: Any) -> Origin:
    if isinstance(mapping, LDict):
        return Origin(rel, mapping.line, dict(mapping.key_lines))
    return Origin(rel, getattr(mapping, "line", 1))


def _key(table: str, row: dict[str, Any]) -> str:
    from .tables import describe

    return "|".join(str(row.get(name) or "") for name in describe()[table].key)


# --------------------------------------------------------------------------- sources


class _Source:
    """One source file being turned into rows."""

    def __init__(self, built: Built, root: Path, path: Path) -> None:
        self.built, self.root, self.path = built, root, path
        self.rel = path.relative_to(root).as_posix()
        self.data = read_yaml(path)
        self.text: str | None = None  # the seed's text, for a shipped source
        self.furniture: list[tuple[int, int]] = []
        self.source_id = ""

    def origin(self, mapping: Any) -> Origin:
        return _origin(self.rel, mapping)

    # -- the source row
    def source(self) -> bool:
        if isinstance(self.data, dict):
            for key in sorted(set(self.data) - TOP_LEVEL):
                where = (
                    Origin(self.rel, self.data.key_lines.get(key, 1))
                    if isinstance(self.data, LDict)
                    else Origin(self.rel, 1)
                )
                msg = (
                    f"unknown section `{key}:` (a draft's leftovers?); a source file has {', '.join(sorted(TOP_LEVEL))}"
                )
                self.built.problem("curation-error", msg, where, key)
        meta = self.data.get("source") if isinstance(self.data, dict) else None
        if not isinstance(meta, LDict):
            self.built.problem("curation-error", "the file needs a `source:` mapping", Origin(self.rel, 1))
            return False
        row = {k: v for k, v in meta.items() if not isinstance(v, (dict, list))}
        review = self.data.get("review") or LDict()
        if isinstance(review, dict):
            row["review_state"] = review.get("state")
            for name in ("curated_by", "curated_on", "reviewed_by", "reviewed_on"):
                row[name] = review.get(name)
        origin = self.origin(meta)
        if isinstance(review, LDict):
            origin.fields.update({("review_state" if k == "state" else k): v for k, v in review.key_lines.items()})
        if row.get("kind") == "shipped":
            name = str(row.get("file_name") or "")
            seed = self.root / seed_path(name)
            if not name or not seed.is_file():
                self.built.problem("seed-error", f"no seed file {seed_path(name)}", origin, "file_name", name)
                return False
            data = seed.read_bytes()
            row["sha256"] = hashlib.sha256(data).hexdigest()
            self.text = unicodedata.normalize("NFC", data.decode("utf-8"))
            self.source_id = shipped_source_id(name)
        else:
            url = str(row.get("url") or "")
            self.source_id = cited_source_id(url)
        if self.path.stem != self.source_id:
            msg = f"a source's file is named after its id: rename it to {self.source_id}.yaml"
            self.built.problem("curation-error", msg, origin, "url" if row.get("url") else "file_name")
        row["source_id"] = self.source_id
        if row.get("published") is None:
            row.setdefault("published_basis", "not_stated")
        self.built.add("sources", row, origin)
        if isinstance(meta.get("evidence"), dict):
            self.evidence("sources", self.source_id, meta["evidence"])
        return True

    # -- furniture (shipped) and names
    def furniture_rows(self) -> None:
        for item in self.data.get("furniture") or []:
            origin = self.origin(item)
            text = item.get("text") if isinstance(item, dict) else None
            where = self.locate(str(text or ""), origin, "text", outside_furniture=False)
            if where is None:
                continue
            self.furniture.append(where)
            row = {
                "source_id": self.source_id,
                "start": where[0],
                "end": where[1],
                "kind": item.get("kind"),
                "text": text,
            }
            self.built.add("furniture", row, origin)
        self.furniture.sort()

    def names(self) -> None:
        names = self.data.get("names") or LDict()
        if not isinstance(names, LDict):
            self.built.problem(
                "curation-error", "`names:` maps registry ids to how this source writes them", Origin(self.rel, 1)
            )
            return
        for entity, item in names.items():
            origin = Origin(self.rel, names.key_lines[entity], {"text": names.key_lines[entity]})
            text = item.get("text") if isinstance(item, dict) else item
            column = "person_id" if entity.startswith("per-") else "organization_id"
            alias_id = f"{entity}@{self.source_id}"
            self.built.add(
                "aliases", {"alias_id": alias_id, column: entity, "source_id": self.source_id, "text": text}, origin
            )
            evidence = dict(item) if isinstance(item, dict) else {}
            evidence.pop("text", None)
            if self.text is not None:
                evidence.setdefault("quote", text)
            else:
                evidence.setdefault("at", "the text read")
                evidence.setdefault("says", "The page names this person or body in this spelling.")
                evidence.setdefault("terms", text)
            self.evidence_item("aliases", alias_id, "text", evidence, origin)

    # -- records
    def records(self) -> None:
        for table in ("events", "agreements", "commitments"):
            items = self.data.get(table) or []
            if not isinstance(items, list):
                self.built.problem("curation-error", f"`{table}:` must be a list", Origin(self.rel, 1))
                continue
            for item in items:
                self.record(table, item, {})
        for item in self.data.get("also_reports") or []:
            if not isinstance(item, LDict):
                continue
            table, key = _report_target(item)
            origin = self.origin(item)
            if key is None:
                msg = f"an also_reports entry names one of {', '.join(REPORT_TARGETS.values())}"
                self.built.problem("curation-error", msg, origin)
                continue
            self.evidence(table, key, item.get("evidence") or LDict())

    def record(self, table: str, item: Any, inherited: dict[str, Any]) -> None:
        origin = self.origin(item)
        if isinstance(item, str) and table in SHORTHAND:
            item_map: dict[str, Any] = {SHORTHAND[table]: item}
        elif isinstance(item, dict):
            item_map = item
        else:
            self.built.problem("curation-error", f"a {table} entry must be a mapping", origin)
            return
        row = {
            k: v for k, v in item_map.items() if not isinstance(v, (dict, list)) and k not in CHILDREN.get(table, {})
        }
        row.update(inherited)
        if table in DERIVED_IDS:
            name, make = DERIVED_IDS[table]
            row[name] = make(row)
        if table == "events":  # a place no source gives is "not stated": nobody need type that
            for value, basis in (("city_text", "city_basis"), ("country_code", "country_basis")):
                if row.get(value) is None:
                    row.setdefault(basis, "not_stated")
        if table in ("events", "agreements") and (problem := _derive_dates(row)) is not None:
            self.built.problem("rule-error", problem, origin, "date_edtf", row.get("date_edtf"))
        if table == "participants":
            row.setdefault("principal", "false")  # curators mark the principal only
        self.built.add(table, row, origin)
        key = _key(table, row)
        evidence = item_map.get("evidence")
        if isinstance(evidence, dict):
            self.evidence(table, key, evidence)
        for nested, (child, parent_field) in CHILDREN.get(table, {}).items():
            children = item_map.get(nested) or []
            if not isinstance(children, list):
                self.built.problem("curation-error", f"`{nested}:` must be a list", origin, nested)
                continue
            for child_item in children:
                self.record(child, child_item, {parent_field: row.get(parent_field)})

    # -- evidence
    def evidence(self, table: str, key: str, mapping: Any) -> None:
        if not isinstance(mapping, LDict):
            return
        for name, items in mapping.items():
            line = mapping.key_lines[name]
            for item in items if isinstance(items, list) else [items]:
                self.evidence_item(table, key, name, item, Origin(self.rel, getattr(item, "line", line) or line))

    def evidence_item(self, table: str, key: str, name: str, item: Any, origin: Origin) -> None:
        base = {"resource": table, "record_key": key, "field": name}
        if isinstance(item, str):
            item = {"quote": item} if self.text is not None else {"says": item}
        if not isinstance(item, dict):
            self.built.problem("curation-error", "an evidence item is a quote or a mapping", origin, name)
            return
        if "outside" in item:
            self.built.add("outside_knowledge", outside_row(table, key, name, item), origin)
            return
        row = {**base, "source_id": self.source_id, "note": item.get("note"), "claimed_edtf": item.get("edtf")}
        if self.text is not None:
            quote = item.get("quote")
            where = self.locate(str(quote or ""), origin, name, outside_furniture=table != "sources")
            if where is None:
                return
            quote_id = f"{self.source_id}:{where[0]}-{where[1]}"
            if quote_id not in self.built.quote_ids:  # one row per passage, however many facts it backs
                self.built.quote_ids.add(quote_id)
                passage = {"quote_id": quote_id, "source_id": self.source_id, "start": where[0], "end": where[1]}
                self.built.add("quotes", {**passage, "text": self.text[where[0] : where[1]]}, origin)
            row.update(kind="quote", quote_id=quote_id)
        else:
            row.update(kind="cited", locator=item.get("at"), paraphrase=item.get("says"), terms=item.get("terms"))
        self.built.add("evidence", row, origin)

    def locate(self, quote: str, origin: Origin, name: str, *, outside_furniture: bool) -> tuple[int, int] | None:
        """The offsets of ``quote`` in the seed, or a finding that says what is wrong."""
        from .curation import loose_match, occurrences

        text = self.text or ""
        hits = occurrences(text, quote) if quote else []
        spans = self.furniture if outside_furniture else []
        outside = [h for h in hits if not any(s < h + len(quote) and h < e for s, e in spans)]
        if len(outside) == 1:
            return outside[0], outside[0] + len(quote)
        if not hits:
            near = loose_match(text, quote)
            hint = (
                f"; the source has different white space there: {near!r}"
                if near
                else f"; the nearest passage of the source is: {_nearest(text, quote)!r}"
            )
            self.built.problem("quote-mismatch", f"quote not found in the seed{hint}", origin, name, quote)
        elif not outside:
            self.built.problem("quote-in-furniture", "the quote occurs only in page furniture", origin, name, quote)
        else:
            msg = f"the quote occurs {len(outside)} times in the seed; quote more context to make it unique"
            self.built.problem("quote-mismatch", msg, origin, name, quote)
        return None


#: what an also_reports entry may point at: table -> its id field
REPORT_TARGETS = {
    "events": "event_id",
    "agreements": "agreement_id",
    "commitments": "commitment_id",
    "organizations": "organization_id",
    "people": "person_id",
}


def outside_row(table: str, key: str, name: str, item: dict[str, Any]) -> dict[str, Any]:
    """The outside_knowledge row of an ``{outside: ..., confidence: ..., references: [...]}`` item."""
    refs = item.get("references") or []
    return {
        "resource": table,
        "record_key": key,
        "field": name,
        "confidence": item.get("confidence"),
        "reasoning": item.get("outside"),
        "references": " ".join(refs) if isinstance(refs, list) else refs,
    }


def _report_target(item: dict[str, Any]) -> tuple[str, str | None]:
    for table, id_field in REPORT_TARGETS.items():
        if item.get(id_field):
            return table, item[id_field]
    return "events", None


def _nearest(text: str, quote: str) -> str:
    """The passage of ``text`` most like ``quote`` (for a misspelt quote's hint)."""
    import difflib

    if not quote or not text:
        return ""
    width, best, best_ratio = len(quote), "", -1.0
    step = max(1, width // 4)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for start in range(0, max(1, len(text) - width + 1), step):
        matcher.set_seq1(text[start : start + width])
        ratio = matcher.quick_ratio()
        if ratio > best_ratio:
            best, best_ratio = text[start : start + width], ratio
    return best


def _derive_dates(row: dict[str, Any]) -> str | None:
    """Fill what an EDTF date implies: its bounds (when not given) and its precision.

    Returns why the date cannot be read, or None.
    """
    from .dates import edtf_bounds, edtf_precision

    edtf = row.get("date_edtf")
    if edtf is None:
        row.setdefault("date_basis", "not_stated")
        row.setdefault("date_qualifier", "undated")
        row.setdefault("date_precision", "unknown")
        return None
    try:
        low, high = edtf_bounds(edtf)
        row.setdefault("date_precision", edtf_precision(edtf))
    except ValueError as exc:
        return f"date_edtf {edtf!r} is not a date of the dataset's EDTF subset that exists: {exc}"
    if low is not None:
        row.setdefault("date_earliest", low.isoformat())
    if high is not None:
        row.setdefault("date_latest", high.isoformat())
    return None


# --------------------------------------------------------------------------- registries


def _registry(built: Built, root: Path) -> None:
    base = root / CURATION / "registry"
    for table, folder in REGISTRIES.items():
        for path in sorted((base / folder).glob("*.yaml")):
            rel = path.relative_to(root).as_posix()
            try:
                data = read_yaml(path)
            except Exception as exc:
                built.problem("curation-error", f"not readable as YAML: {exc}", Origin(rel, 1))
                continue
            if not isinstance(data, LDict):
                built.problem("curation-error", "a registry file holds one mapping", Origin(rel, 1))
                continue
            row = {k: v for k, v in data.items() if not isinstance(v, (dict, list))}
            origin = _origin(rel, data)
            key = _key(table, row)
            if path.stem != key:
                built.problem("curation-error", f"a registry file is named after its id: {key}.yaml", origin)
            built.add(table, row, origin)
            evidence = data.get("evidence")
            if isinstance(evidence, LDict):
                for name, item in evidence.items():
                    if isinstance(item, dict) and "outside" in item:
                        row = outside_row(table, key, name, item)
                        built.add("outside_knowledge", row, Origin(rel, evidence.key_lines[name]))


def _keep_used(built: Built) -> None:
    """Ship only the people and organisations some record or alias refers to (and their parents)."""
    used: set[str] = set()
    for table, rows in built.rows.items():
        if table in ("people", "organizations"):
            continue
        for row in rows:
            for name in ("person_id", "organization_id", "signatory_person_id"):
                if row.get(name):
                    used.add(row[name])
    parents = {r.get("organization_id"): r.get("parent_organization_id") for r in built.rows["organizations"]}
    for entity in list(used):
        seen = set()
        while parents.get(entity) and entity not in seen:
            seen.add(entity)
            entity = parents[entity]
            used.add(entity)
    for table, id_field in (("people", "person_id"), ("organizations", "organization_id")):
        kept = [(r, o) for r, o in zip(built.rows[table], built.origins[table], strict=True) if r.get(id_field) in used]
        built.rows[table] = [r for r, _ in kept]
        built.origins[table] = [o for _, o in kept]


def _duplicates(built: Built) -> None:
    """One id for two records is a collision: name both places."""
    for table, rows in built.rows.items():
        seen: dict[str, Origin] = {}
        keep_rows, keep_origins = [], []
        for row, origin in zip(rows, built.origins[table], strict=True):
            key = _key(table, row)
            if key in seen:
                first = seen[key]
                msg = f"{table} {key!r} is defined twice: also at {first.file}:{first.line}"
                built.problem("duplicate-id", msg, origin, None, key)
                continue
            seen[key] = origin
            keep_rows.append(row)
            keep_origins.append(origin)
        built.rows[table], built.origins[table] = keep_rows, keep_origins


def collect(root: Path) -> Built:
    """Read every curation file under ``root`` into rows with their origins."""
    from .schema import topic_rows

    built = Built()
    _registry(built, root)
    for path in sorted((root / CURATION / "sources").glob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        try:
            source = _Source(built, root, path)
        except Exception as exc:
            built.problem("curation-error", f"not readable as YAML: {exc}", Origin(rel, 1))
            continue
        if source.source():
            source.furniture_rows()
            source.names()
            source.records()
    for row in topic_rows():
        built.add("topics", row, Origin("src/ict_coop/vocab.py", 1))
    _keep_used(built)
    _duplicates(built)
    return built


# --------------------------------------------------------------------------- writing and checking


def _write(built: Built, root: Path) -> dict[str, list[Origin]]:
    """Write every table in canonical order; return each table's origins in file order."""
    from .curation import sort_key, write_table
    from .tables import describe

    ordered: dict[str, list[Origin]] = {}
    for table in describe():
        pairs = list(zip(built.rows.get(table, []), built.origins.get(table, []), strict=True))
        key = sort_key(table)
        pairs.sort(key=lambda pair: key({k: "" if v is None else str(v) for k, v in pair[0].items()}))
        rows = []
        for row, origin in pairs:
            unknown = set(row) - set(describe()[table].names)
            for name in sorted(unknown):
                built.problem("curation-error", f"{table} has no field {name!r}", origin, name)
            rows.append({k: v for k, v in row.items() if k not in unknown})
        write_table(root, table, rows)
        ordered[table] = [origin for _, origin in pairs]
    return ordered


def generated_files(root: Path) -> dict[Path, str]:
    """Every file generated from the models of the package folder ``root``, and the text it should have.

    The topics table, the descriptor (schemas, bytes, hashes, version), the data dictionary,
    the finding codes page and ``CITATION.cff``; ``ict-coop schema --check`` compares them.
    """
    from .curation import render_table
    from .errors import errors_markdown, figures_block
    from .schema import data_dictionary, data_facts, render_descriptor, table_page, topic_rows, updated_descriptor
    from .tables import describe

    files: dict[Path, str] = {root / "data" / "topics.csv": render_table("topics", topic_rows())}
    if (root / "docs").is_dir():
        facts = data_facts(root)
        files[root / "docs" / "data-dictionary.md"] = data_dictionary(facts)
        for name in describe():
            files[root / "docs" / "tables" / f"{name}.md"] = table_page(name, facts.get(name))
        current = root / "docs" / "errors.md"
        kept = figures_block(current.read_text(encoding="utf-8")) if current.exists() else ""
        files[current] = errors_markdown(kept) if kept else errors_markdown()
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    files[root / "datapackage.json"] = render_descriptor(updated_descriptor(root, descriptor))
    if (root / "CITATION.cff").exists():
        from .citation import cite

        files[root / "CITATION.cff"] = cite("cff", descriptor)
    return files


def _generate(root: Path) -> None:
    for path, text in generated_files(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def _mapped(issue: Issue, ordered: dict[str, list[Origin]]) -> Issue:
    """A validator finding, pointed at the curation file and line its row came from."""
    origins = ordered.get(issue.resource or "")
    if not origins or issue.row is None or not 2 <= issue.row < len(origins) + 2:
        return issue
    origin = origins[issue.row - 2]
    where = f" ({issue.resource}, {issue.file} row {issue.row})"
    return Issue(
        issue.code,
        issue.message + where,
        resource=issue.resource,
        file=origin.file,
        row=origin.line_of(issue.field),
        field=issue.field,
        value=issue.value,
    )


def _copy_package(root: Path, into: Path) -> None:
    for name in (DESCRIPTOR, SEEDS, "docs", "CITATION.cff", "README.md", "curation"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        elif source.is_file():
            shutil.copy2(source, into / name)


GENERATED = (
    "datapackage.json",
    "data",
    "docs/data-dictionary.md",
    "docs/tables",
    "docs/errors.md",
    "docs/index.md",
    "docs/tutorial.md",
    "docs/coverage.md",
    "CITATION.cff",
    "README.md",
    MANIFEST,
)


def build(root: Path, *, check: bool = False, dry_run: bool = False) -> list[Issue]:
    """Build the package under ``root`` from its curation files and validate it.

    Args:
        root: the repository (package) folder holding ``curation/``, ``seeds/`` and ``datapackage.json``.
        check: build into a scratch folder and report every generated file that differs from
            the committed one (``build-drift``), writing nothing.
        dry_run: build and validate in a scratch folder; write nothing.

    Returns:
        Every finding, pointed at curation files and lines where a row came from one.
    """
    from .validation import check as validate_folder

    with tempfile.TemporaryDirectory(prefix="ict-coop-build-") as scratch:
        target = Path(scratch) / "package"
        target.mkdir()
        _copy_package(root, target)
        built = collect(target)
        ordered = _write(built, target)
        _generate(target)
        if built.issues:
            # Problems in the curation files come first, alone: the tables they would give are
            # incomplete, and every consequence (a fact left without its evidence) would be
            # reported again. One mistake, one message.
            issues = _relabel(built.issues, target, root)
        else:
            checked = validate_folder(target)
            findings = [_mapped(i, ordered) for i in checked.issues]
            issues = _relabel(findings, target, root)
            if not findings:
                _write_manifest(target, checked.read)
                # the figures the generated pages print, from the data
                from .docgen import ExampleFailed, generated_pages

                try:
                    pages = generated_pages(target)
                except ExampleFailed as failed:  # no page is rewritten: the example must be mended first
                    issues.append(Issue("doc-example", str(failed), file=failed.file, row=failed.line))
                    pages = {}
                for path, text in pages.items():
                    path.write_text(text, encoding="utf-8")
        if check:
            issues += _drift(root, target)
        elif not dry_run:
            for name in GENERATED:
                made, there = target / name, root / name
                if made.is_dir():
                    shutil.rmtree(there, ignore_errors=True)
                    shutil.copytree(made, there)
                elif made.is_file():
                    shutil.copy2(made, there)
                elif name == MANIFEST:  # files that fail validation: no manifest may vouch for them
                    there.unlink(missing_ok=True)
    return issues


def _write_manifest(root: Path, read: Any) -> None:
    """Write the manifest of the files just validated (``read``: the validation's `PackageRead`).

    The wheel ships it with the files, so that the installed data's first load checks their
    hashes instead of validating them again (`ict_coop.stamps.shipped_stamp`).
    """
    from .stamps import manifest_record, render_manifest, validation_facts

    record = manifest_record(root, read.hashes, validation_facts(read.single_line))
    (root / MANIFEST).write_text(render_manifest(record), encoding="utf-8")


def _relabel(issues: list[Issue], scratch: Path, root: Path) -> list[Issue]:
    """Findings name paths relative to the package: the scratch folder never shows."""
    return [
        Issue(
            i.code,
            i.message.replace(str(scratch), str(root)),
            resource=i.resource,
            file=i.file,
            row=i.row,
            field=i.field,
            value=i.value,
        )
        for i in issues
    ]


def _drift(root: Path, built_root: Path) -> list[Issue]:
    """Every committed generated file that differs from what the curation files build."""
    issues = []
    for name in GENERATED:
        made = built_root / name
        files = sorted(p for p in made.rglob("*") if p.is_file()) if made.is_dir() else [made] * made.is_file()
        committed = root / name
        if made.is_dir() and committed.is_dir():
            extra = {p.relative_to(committed) for p in committed.rglob("*") if p.is_file()}
            extra -= {p.relative_to(made) for p in files}
            for rel in sorted(extra):
                msg = "not built from the curation files; remove it or run `ict-coop curate build`"
                issues.append(Issue("build-drift", msg, file=f"{name}/{rel.as_posix()}"))
        for path in files:
            rel = path.relative_to(built_root).as_posix()
            there = root / rel
            if not there.is_file() or there.read_bytes() != path.read_bytes():
                msg = "differs from what the curation files build; run `ict-coop curate build` and commit"
                issues.append(Issue("build-drift", msg, file=rel))
    return issues
