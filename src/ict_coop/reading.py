"""Reading a data package into typed Arrow tables, with every structural finding.

Each CSV file is checked as bytes (empty, BOM, CR line endings, UTF-8, header), parsed by
pyarrow with *every* column as text (so no pyarrow default can turn ``NA`` into null or guess
a type), and then converted and checked column by column with ``pyarrow.compute``: required
cells, types (a date's digits are compared with what was parsed, because pyarrow's
``strptime`` rolls 2023-02-30 over to 2023-03-02), patterns, vocabularies, lengths and
bounds. Primary keys, row order and foreign keys are checked across the typed tables.

Row numbers follow frictionless: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from ._arrow import lent_to_arrow, lookup, whole
from ._locate import DESCRIPTOR, unsafe_reason
from ._nfc import may_break_nfc_class
from .errors import MAX_LISTED, Issue
from .rules import per_distinct
from .schema import PROFILE, arrow_schema_of, schema_meaning
from .stamps import FileChanged, HashingReader, content_hash, file_facts, status
from .tables import describe

_BOM = b"\xef\xbb\xbf"
#: The largest cell accepted (bytes of UTF-8): long text belongs in the seeds (``cell-too-large``).
MAX_CELL_BYTES = 2**20
#: Control characters (tab and line feed aside) and invisible formatting characters (Unicode
#: category Cf: bidi overrides, zero-width spaces and joiners, soft hyphens): they hide or
#: reorder what a reader sees. Allowed only in quotes and verbatim fields, where a source has them.
_HIDDEN = r"[\x{0}-\x{8}\x{b}-\x{1f}\x{7f}-\x{9f}]|\p{Cf}"
#: In free text the C0 controls are a record rule already (``rules._text_rules``): only the rest here.
_HIDDEN_IN_TEXT = r"[\x{80}-\x{9f}]|\p{Cf}"
#: The descriptor is refused above this size, or nested deeper than this (objects and lists).
MAX_DESCRIPTOR_BYTES = 16 * 2**20
MAX_DESCRIPTOR_DEPTH = 32
#: What a resource may declare about its file, when it declares it: what the files are.
_FILE_FACTS = {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "type": "table"}
#: A dialect may only restate the CSV the package uses (comma, double quotes, a header, LF).
_DIALECT = {
    "delimiter": ",",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
    "headerRows": [1],
    "lineTerminator": "\n",
    "skipInitialSpace": False,
}


@dataclass
class PackageRead:
    """What `read_package` found: the descriptor, the typed tables and the findings."""

    root: Path
    descriptor: dict[str, Any] | None
    tables: dict[str, pa.Table] = field(default_factory=dict)
    #: per resource: the ``bytes`` and ``hash`` of its file as read (for the drift check)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    #: the descriptor as parsed JSON, even when its structure is unusable (for the profile check)
    parsed: Any = None
    #: tables that lost rows to parse errors: references into them cannot be checked
    incomplete: set[str] = field(default_factory=set)
    #: per table: record index -> row number (allowing for rows the parser skipped)
    row_maps: dict[str, Any] = field(default_factory=dict)
    #: tables in which no value spans lines (one line per row), kept with a validation stamp
    single_line: set[str] = field(default_factory=set)
    #: relative path -> hash of the bytes read and checked (the descriptor and each table), for the stamp
    hashes: dict[str, str] = field(default_factory=dict)
    #: per table: what ``read_package(after=...)`` computed from it on its reading thread
    after: dict[str, Any] = field(default_factory=dict)
    #: per link asked for (``read_package(pointers=...)``, as (table, fields)) and checked: the
    #: row of the target each value points at (null: no value, or no such row), found by the key check
    pointers: dict[tuple[str, tuple[str, ...]], pa.Array] = field(default_factory=dict)

    def pointed(self, name: str, fields: tuple[str, ...]) -> pa.Array | None:
        """The row each row of ``name`` points at by ``fields`` (`pointers`), if kept and its target's key is unique.

        None otherwise: for a key twice the key check gives its first row only, where a rule on
        the rows pointed at (a passage cited, an event with participants) must count both.
        """
        found = self.pointers.get((name, fields))
        if found is None:
            return None
        link = next((link for link in describe()[name].links if link.fields == fields), None)
        if link is None or link.target_fields != describe()[link.target].key:
            return None  # not a declared link, or one to fields that are not the key: they may repeat unreported
        if any(issue.code == "primary-key" and issue.resource == link.target for issue in self.issues):
            return None
        return found

    def row_number(self, name: str, index: int) -> int:
        """The row number (header = 1) of record ``index`` of a table."""
        return self.row_maps.get(name, _Rows([]))(index)

    def row_numbers(self, name: str) -> pa.Array:
        """The row number (header = 1) of every record of a table, as one int64 column."""
        count = self.tables[name].num_rows
        numbers = pa.array(range(2, count + 2), pa.int64())
        for skipped in self.row_maps.get(name, _Rows([])).skipped:  # a row the parser skipped shifts those after it
            numbers = pc.if_else(pc.greater_equal(numbers, skipped), pc.add(numbers, 1), numbers)
        return numbers

    def issue(self, code: str, msg: str, name: str, index: int, field: str | None, value: Any) -> Issue:
        """A finding about record ``index`` of table ``name`` (its file and row number filled in)."""
        return Issue(
            code,
            msg,
            resource=name,
            file=describe()[name].path,
            row=self.row_number(name, index),
            field=field,
            value=None if value is None else str(value),
        )


def package_metadata(descriptor: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """Name, version and licences of the package, as Arrow schema metadata."""
    if not descriptor:
        return ()
    listed = descriptor.get("licenses")
    licences = ", ".join(
        str(lic.get("name", lic.get("path", "")))
        for lic in (listed if isinstance(listed, list) else [])
        if isinstance(lic, dict)
    )
    return (
        ("package", str(descriptor.get("name", ""))),
        ("version", str(descriptor.get("version", ""))),
        ("licenses", licences),
    )


def parse_descriptor(root: Path) -> tuple[Any, list[Issue], str | None]:
    """The descriptor as parsed JSON (None when it cannot be used), and the hash of its bytes.

    Strict and bounded: the descriptor must be a regular file inside the package (a symlink
    is followed and must stay inside), at most `MAX_DESCRIPTOR_BYTES`, UTF-8 without a
    byte-order mark (the one encoding of the package), standard JSON (no ``NaN`` or
    ``Infinity``, no key twice in an object) nested at most `MAX_DESCRIPTOR_DEPTH` deep.
    """
    where = {"file": DESCRIPTOR}

    def refused(message: str, code: str = "descriptor-error") -> tuple[None, list[Issue], None]:
        return None, [Issue(code, message, **where)], None

    reason = unsafe_reason(root, DESCRIPTOR)
    if reason is not None:
        return refused(f"{DESCRIPTOR}: {reason}", "unsafe-path")
    try:
        with (root / DESCRIPTOR).open("rb") as handle:
            data = handle.read(MAX_DESCRIPTOR_BYTES + 1)
    except FileNotFoundError:
        return refused(f"no {DESCRIPTOR} in the package folder", "file-missing")
    except OSError as exc:
        return refused(f"{DESCRIPTOR} cannot be read: {exc}", "file-missing")
    if len(data) > MAX_DESCRIPTOR_BYTES:
        return refused(f"{DESCRIPTOR} is larger than {MAX_DESCRIPTOR_BYTES:,} bytes")
    if data.startswith(_BOM):
        return refused(f"{DESCRIPTOR} starts with a byte-order mark; save it as UTF-8 without BOM")
    try:
        parsed = json.loads(data.decode("utf-8"), object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        return refused(f"{DESCRIPTOR} is not UTF-8: {exc}")
    except RecursionError:
        return refused(f"{DESCRIPTOR} is nested more than {MAX_DESCRIPTOR_DEPTH} levels deep")
    except ValueError as exc:  # json.JSONDecodeError, a repeated key, NaN or Infinity
        return refused(f"{DESCRIPTOR} is not valid JSON: {exc}")
    if _depth(parsed) > MAX_DESCRIPTOR_DEPTH:
        return refused(f"{DESCRIPTOR} is nested more than {MAX_DESCRIPTOR_DEPTH} levels deep")
    return parsed, [], content_hash(data)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        msg = f"a JSON object has the key(s) {', '.join(map(repr, repeated))} twice"
        raise ValueError(msg)
    return dict(pairs)


def _no_constant(name: str) -> Any:
    msg = f"{name} is not JSON"
    raise ValueError(msg)


def _depth(value: Any) -> int:
    """How deeply objects and lists nest in ``value`` (a scalar is 0), without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if level <= MAX_DESCRIPTOR_DEPTH:  # deeper than the limit: no need to look further down
            pending.extend((child, level + 1) for child in children)
    return deepest


def read_descriptor(descriptor: Any) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Check the properties of a parsed descriptor that the reader relies on."""
    where = {"file": DESCRIPTOR}
    if not isinstance(descriptor, dict):
        return None, [Issue("descriptor-error", f"{DESCRIPTOR} must hold a JSON object", **where)]
    issues = []
    if descriptor.get("$schema") != PROFILE:
        msg = f"'$schema' must be {PROFILE!r}; without it frictionless applies Data Package v1 rules"
        issues.append(Issue("descriptor-error", msg, field="$schema", value=str(descriptor.get("$schema")), **where))
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        issues.append(Issue("descriptor-error", "'resources' must be a list of objects", field="resources", **where))
        return None, issues
    names = [resource_name(r) for r in resources]  # a name that is not text: the profile check reports it
    for index, name in enumerate(names):
        if name is not None and name not in describe():
            issues.append(Issue("unknown-resource", f"resource {name!r} is not part of the dataset", **where))
        elif name is not None and name in names[:index]:
            msg = f"resource name {name!r} is used twice; each resource is listed once"
            issues.append(Issue("descriptor-error", msg, field=f"resources/{index}/name", value=name, **where))
    for name in describe():
        if name not in names:
            issues.append(Issue("unknown-resource", f"resource {name!r} is missing from the descriptor", **where))
    for index, entry in enumerate(resources):
        issues += _declared_facts(index, entry)
    if len(set(names)) != len(names):
        return None, issues  # which of two entries describes the file? neither is read
    return descriptor, issues


def resource_name(entry: dict[str, Any]) -> str | None:
    """A resource's ``name`` when it is text (None otherwise: the profile check reports it)."""
    name = entry.get("name")
    return name if isinstance(name, str) else None


def _declared_facts(index: int, entry: dict[str, Any]) -> list[Issue]:
    """What a resource declares about its file must be true of it (or the resource is refused)."""
    issues = []
    where = {"file": DESCRIPTOR, "resource": resource_name(entry)}
    for key, truth in _FILE_FACTS.items():
        declared = entry.get(key)
        if key in entry and (not isinstance(declared, str) or declared.strip().lower() != truth):
            msg = f"declares {key} {declared!r}, but the file is {truth}"
            issues.append(
                Issue("descriptor-error", msg, field=f"resources/{index}/{key}", value=str(declared), **where)
            )
    dialect = entry.get("dialect")
    if "dialect" in entry and not isinstance(dialect, dict):
        msg = "a dialect must be an object (and may only restate the package's CSV)"
        issues.append(Issue("descriptor-error", msg, field=f"resources/{index}/dialect", **where))
    elif isinstance(dialect, dict):
        for key, declared in dialect.items():
            if key == "$schema":
                continue
            if key not in _DIALECT or declared != _DIALECT[key]:
                truth = "comma-separated, double-quoted, one header row, LF line endings"
                msg = f"the dialect declares {key} {declared!r}, not true of the file ({truth})"
                field = f"resources/{index}/dialect/{key}"
                issues.append(Issue("descriptor-error", msg, field=field, value=str(declared)[:200], **where))
    return issues


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _check_bytes(name: str, path: str, data: bytes) -> list[Issue]:
    """The file-level findings that need no parse: an empty file, a byte-order mark, CR line endings."""
    where = {"resource": name, "file": path}
    if not data:
        return [Issue("empty-file", "the file is empty (no header row)", **where)]
    issues = []
    if data.startswith(_BOM):
        issues.append(Issue("bom", "the file starts with a UTF-8 byte-order mark", row=1, **where))
    if b"\r" in data:
        line = _line_of(data, data.index(b"\r"))  # the BOM holds no line feed
        issues.append(Issue("line-endings", "CR or CRLF line ending; use LF", row=line, **where))
    return issues


def _encoding_error(name: str, path: str, data: bytes, start: int) -> Issue | None:
    """The first byte of ``data[start:]`` that is not UTF-8, as a finding (None when every byte is).

    Proved by a pyarrow cast, without the GIL; only bytes that fail it are decoded by Python, to
    say where (and Python has the last word, were the two ever to disagree).
    """
    if _text_view(data, start) is not None:
        return None
    body = data[start:]
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of(body, exc.start)
        msg = f"byte {exc.start} (line {line}) is not valid UTF-8: {body[exc.start : exc.start + 1]!r}"
        return Issue("encoding-error", msg, row=line, resource=name, file=path)
    return None


def _text_view(data: bytes, start: int) -> pa.Array | None:
    """``data[start:]`` as a one-value ``large_string`` array over the same memory, or None when it is not UTF-8."""
    raw = pa.Array.from_buffers(
        pa.large_binary(), 1, [None, _offsets(len(data) - start), pa.py_buffer(data).slice(start)]
    )
    try:
        return raw.cast(pa.large_string())  # checks every byte sequence, without the GIL
    except pa.ArrowInvalid:
        return None


def _first_line(data: bytes, start: int) -> str | None:
    """The header line, from byte ``start`` (after any BOM); None when it is not UTF-8."""
    end = data.find(b"\n", start)
    try:
        return data[start : None if end == -1 else end].decode("utf-8")
    except UnicodeDecodeError:
        return None


def _check_header(name: str, path: str, text: str) -> list[Issue]:
    expected = list(describe()[name].names)
    end = text.find("\n")
    line = (text if end == -1 else text[:end]).lstrip("\ufeff").rstrip("\r")
    try:
        first = next(csv.reader([line]), [])
    except csv.Error as exc:
        return [Issue("header-error", f"the header row cannot be read: {exc}", resource=name, file=path, row=1)]
    if first == expected:
        return []
    missing = [c for c in expected if c not in first]
    extra = [c for c in first if c not in expected]
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(missing)}")
    if extra:
        parts.append(f"extra column(s) {', '.join(extra)}")
    if not parts:
        parts.append(f"columns out of order or repeated; expected: {','.join(expected)}")
    return [Issue("header-error", "; ".join(parts), resource=name, file=path, row=1, value=",".join(first))]


class _Rows:
    """Maps a parsed record's index to its row number, allowing for rows pyarrow skipped."""

    def __init__(self, skipped: list[int]) -> None:
        self.skipped = sorted(skipped)

    def __call__(self, index: int) -> int:
        row = index + 2
        for skipped in self.skipped:
            if skipped <= row:
                row += 1
        return row


def _parse(
    name: str, path: str, data: bytes, start: int, *, careful: bool = False
) -> tuple[pa.Table | None, _Rows, list]:
    """Parse every column as text, from the file's bytes ``data[start:]`` (after any BOM).

    First in parallel blocks, with no handler for malformed rows: a file that parses so is
    well formed, and the parser proved each of its cells UTF-8 (``check_utf8``). Any error (a
    malformed row, a row longer than a block, bytes that are not UTF-8) gives None and no
    finding: the caller checks the encoding, then parses again with ``careful``: as one block
    on one thread, so that pyarrow can number the rows it skips and say why.
    """
    names = list(describe()[name].names)
    issues: list[Issue] = []
    skipped: list[int] = []

    def on_invalid(row: Any) -> str:
        number = row.number if row.number is not None else -1
        skipped.append(number)
        msg = f"{row.actual_columns} cell(s) where the header has {row.expected_columns}"
        issues.append(Issue("row-shape", msg, resource=name, file=path, row=number, value=row.text))
        return "skip"

    options = {
        "read_options": pa_csv.ReadOptions(
            column_names=names, skip_rows=1, use_threads=not careful, block_size=_block_size(len(data) - start, careful)
        ),
        "parse_options": pa_csv.ParseOptions(
            newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=on_invalid if careful else None
        ),
        "convert_options": pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    }
    try:
        # the bytes are parsed in place (no copy), on Arrow's threads; the buffer over them is
        # made in the call, so that nothing but those threads holds it (`lent_to_arrow`)
        with lent_to_arrow(data):
            table = pa_csv.read_csv(pa.BufferReader(pa.py_buffer(data).slice(start)), **options)
    except pa.ArrowInvalid as exc:
        if careful:
            issues.append(Issue("row-shape", f"the CSV cannot be parsed: {exc}", resource=name, file=path))
        return None, _Rows(skipped), issues
    return table, _Rows(skipped), issues


def _block_size(size: int, careful: bool) -> int:
    """Blocks of 1-8 MB: at least a few per core to parse in parallel, few enough to be cheap to join."""
    if careful:
        return max(1 << 20, size + 1)  # one block: pyarrow numbers the rows it skips only then
    return min(8 << 20, max(1 << 20, size // 8))


def _listed(mask: pa.Array, rows: _Rows, values: pa.Array, code: str, message: str, **where: Any) -> Iterator[Issue]:
    """One finding per row where ``mask`` is true (at most MAX_LISTED, then a count)."""
    if not pc.any(mask).as_py():  # the usual case: a pass over the bits, where listing allocates and writes
        return
    positions = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()
    for index in positions[:MAX_LISTED]:
        value = values[index].as_py()
        yield Issue(code, message, row=rows(index), value=None if value is None else str(value), **where)
    if len(positions) > MAX_LISTED:
        more = len(positions) - MAX_LISTED
        yield Issue(code, f"{message} (and {more} more rows like this, not listed)", unlisted=more, **where)


_INTEGER = r"^-?[0-9]{1,18}$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATETIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"


def _text_hygiene(
    name: str, spec: dict[str, Any], column: pa.Array, rows: _Rows, *, hidden: bool, **where: Any
) -> list:
    """Cells above `MAX_CELL_BYTES`, and hidden characters outside quotes (every text-like field, URLs too).

    ``hidden``: whether the file holds any such character at all (checked once per file).
    """
    issues: list[Issue] = []
    size = pc.binary_length(column)
    too_large = pc.greater(size, pa.scalar(MAX_CELL_BYTES, size.type))  # a typed scalar: the lengths are not upcast
    if pc.any(too_large).as_py():
        clipped = pc.utf8_slice_codeunits(column, 0, 80)  # a finding shows the start of a huge cell, not all of it
        msg = f"the cell is larger than {MAX_CELL_BYTES:,} bytes"
        issues += _listed(too_large, rows, clipped, "cell-too-large", msg, **where)
    field = describe()[name].field(spec["name"])
    quoted = field.source_words or field.verbatim
    if hidden and not quoted:
        free_text = "maxLength" in spec.get("constraints", {})
        found = pc.match_substring_regex(column, _HIDDEN_IN_TEXT if free_text else _HIDDEN)
        msg = "a control or invisible formatting character (bidi override, zero-width, C1 control) outside a quote"
        issues += _listed(found, rows, column, "hidden-character", msg, **where)
    return issues


def _convert(column: pa.Array, kind: str) -> tuple[pa.Array, pa.Array]:
    """Convert a text column to its type; returns (typed column, mask of cells that failed)."""
    present = pc.is_valid(column)
    if kind == "integer":
        good = pc.match_substring_regex(column, _INTEGER)
        typed = pc.cast(pc.if_else(good, column, None), pa.int64())
    elif kind == "boolean":
        good = pc.is_in(column, value_set=pa.array(["true", "false"]))
        typed = pc.equal(pc.if_else(good, column, None), "true")
    elif kind in ("date", "datetime"):
        fmt = "%Y-%m-%d" if kind == "date" else "%Y-%m-%dT%H:%M:%S"
        shape = pc.match_substring_regex(column, _DATE if kind == "date" else _DATETIME)
        shaped = pc.if_else(shape, column, None)
        parsed = pc.strptime(shaped, format=fmt, unit="s", error_is_null=True)
        good = _kept_digits(parsed, shaped, kind)
        typed = pc.cast(parsed, pa.date32()) if kind == "date" else parsed
    else:
        return column, pc.and_(present, False)
    bad = pc.and_(present, pc.invert(pc.fill_null(good, False)))
    return typed, bad


def _kept_digits(parsed: pa.Array, shaped: pa.Array, kind: str) -> pa.Array:
    """True where ``strptime`` kept the digits written, null where it failed.

    It refuses a month 13 or a day 32, but rolls an impossible date over (2023-02-30 becomes
    2023-03-02) and second 60 into the next minute; a rolled-over value always differs in
    its day or time of day from the digits. Comparing them, as small integers, is much
    cheaper than formatting every value back with ``strftime`` (the round trip it replaces;
    ``tests/test_reading.py`` checks that both agree).
    """
    parts = [(pc.day, 8)]
    if kind == "datetime":
        parts += [(pc.hour, 11), (pc.minute, 14), (pc.second, 17)]
    kept = [
        pc.equal(pc.cast(part(parsed), pa.int8()), pc.cast(pc.utf8_slice_codeunits(shaped, at, at + 2), pa.int8()))
        for part, at in parts
    ]
    return functools.reduce(pc.and_, kept)


def _check_column(
    name: str,
    path: str,
    spec: dict[str, Any],
    column: pa.Array,
    rows: _Rows,
    blank: pa.Array,
    *,
    nfc: bool = False,
    hidden: bool = True,
) -> tuple[pa.Array, list]:
    where = {"resource": name, "file": path, "field": spec["name"]}
    constraints = spec.get("constraints", {})
    issues: list[Issue] = []
    if spec["type"] == "string":
        issues += _text_hygiene(name, spec, column, rows, hidden=hidden, **where)
    if constraints.get("required"):  # a blank row is reported once, as a blank row
        empty = pc.and_(pc.is_null(column), pc.invert(blank))
        issues += _listed(empty, rows, column, "constraint-error", "required: the cell is empty", **where)
    if not nfc:  # the whole file is checked at once; only a file that fails is searched cell by cell
        not_nfc = pc.not_equal(pc.utf8_normalize(column, "NFC"), column)
        issues += _listed(not_nfc, rows, column, "not-nfc", "text is not in Unicode NFC", **where)
    typed, bad = _convert(column, spec["type"])
    issues += _listed(bad, rows, column, "type-error", f"not a valid {spec['type']}", **where)
    text_ok = pc.fill_null(pc.invert(bad), True)
    if "enum" in constraints:
        allowed = pa.array(constraints["enum"], pa.string())
        outside = pc.invert(pc.is_in(column, value_set=allowed))
        shown = ", ".join(constraints["enum"][:12]) + (", ..." if len(constraints["enum"]) > 12 else "")
        msg = f"enum: not in the closed vocabulary ({shown})"
        issues += _listed(pc.and_(pc.is_valid(column), outside), rows, column, "constraint-error", msg, **where)
        typed = pc.dictionary_encode(column)
    if "pattern" in constraints:
        mismatch = pc.invert(per_distinct(column, lambda v: pc.match_substring_regex(v, constraints["pattern"])))
        msg = f"pattern: does not match {constraints['pattern']}"
        issues += _listed(mismatch, rows, column, "constraint-error", msg, **where)
    if spec["type"] == "string":
        length = pc.utf8_length(column)
        if "minLength" in constraints:
            short = pc.less(length, pa.scalar(constraints["minLength"], length.type))
            msg = f"minLength: shorter than {constraints['minLength']} characters"
            issues += _listed(short, rows, column, "constraint-error", msg, **where)
        if "maxLength" in constraints:
            long = pc.greater(length, pa.scalar(constraints["maxLength"], length.type))
            msg = f"maxLength: longer than {constraints['maxLength']} characters"
            issues += _listed(long, rows, column, "constraint-error", msg, **where)
    for bound, compare in (("minimum", pc.less), ("maximum", pc.greater)):
        if bound in constraints:
            out = pc.and_(compare(typed, constraints[bound]), text_ok)
            issues += _listed(out, rows, column, "constraint-error", f"{bound}: beyond {constraints[bound]}", **where)
    return typed, issues


def read_resource(root: Path, name: str, entry: dict[str, Any] | None, metadata: tuple = ()) -> tuple:
    """Read one resource; returns (typed table or None, raw bytes or None, findings, row map)."""
    read = _read_resource(root, name, entry, metadata, keep_bytes=True)
    return read.table, read.data, read.issues, read.rows


@dataclass
class _Resource:
    """One resource as read: the typed table, the bytes, the findings, and facts for the stamp."""

    table: pa.Table | None = None
    data: bytes | None = None
    issues: list[Issue] = field(default_factory=list)
    rows: _Rows = field(default_factory=lambda: _Rows([]))
    #: the ``bytes`` and ``hash`` of the file (None when it could not be read)
    facts: dict[str, Any] | None = None
    #: lines in the file (after any BOM): one more than the rows when no value spans lines
    lines: int = 0
    #: what ``read_package``'s ``after`` computed from the table
    after: Any = None
    #: the table's own key findings (`primary_key_issues`)
    primary: list[Issue] = field(default_factory=list)


def _read_resource(
    root: Path, name: str, entry: dict[str, Any] | None, metadata: tuple = (), *, keep_bytes: bool = False
) -> _Resource:
    """Read one resource; without ``keep_bytes`` the file's bytes are let go as soon as they are parsed."""
    if entry is None:
        return _Resource()  # reported by read_descriptor
    path = entry.get("path")
    reason = unsafe_reason(root, path)
    if reason is not None:
        return _Resource(issues=[Issue("unsafe-path", reason, resource=name, file=DESCRIPTOR, value=str(path))])
    full = root / path
    if not full.is_file():
        return _Resource(issues=[Issue("file-missing", f"{path} does not exist", resource=name, file=path)])
    try:
        read = _Resource(data=full.read_bytes())
    except OSError as exc:  # removed since, unreadable
        return _Resource(issues=[Issue("file-missing", f"{path} cannot be read: {exc}", resource=name, file=path)])
    # hashlib releases the GIL: the file is hashed on a second thread while it is checked and parsed
    with ThreadPoolExecutor(max_workers=1) as hasher:
        hashing = hasher.submit(file_facts, read.data)
        _check_and_parse(name, path, read, metadata, keep_bytes=keep_bytes)
        read.facts = hashing.result()
    return read


def _check_and_parse(name: str, path: str, read: _Resource, metadata: tuple, *, keep_bytes: bool) -> None:
    """Every check of one file's bytes, its parse, and the type and constraint checks of its columns."""
    data = read.data
    read.issues = _check_bytes(name, path, data)
    if not data:
        return
    start = len(_BOM) if data.startswith(_BOM) else 0

    # The parser proves each cell UTF-8 as it reads it, and the rest of a file is commas,
    # quotes and line ends: a file that parses well needs no other check of its encoding. Any
    # other file is checked whole first, and one that is not UTF-8 is reported only as that.
    def not_utf8() -> bool:
        issue = _encoding_error(name, path, data, start)
        if issue is not None:
            read.issues.append(issue)
        return issue is not None

    line = _first_line(data, start)
    # pyarrow skips the header as one line (``skip_rows``), so every later byte is parsed; a
    # quoted header is checked whole all the same, rather than trust how a row with quotes is skipped
    checked = line is None or '"' in line
    if checked and not_utf8():
        return
    header = _check_header(name, path, line)
    if header:
        if not checked and not_utf8():
            return
        read.issues += header
        return
    table, read.rows, parse_issues = _parse(name, path, data, start)
    if table is None:
        if not checked and not_utf8():
            return
        table, read.rows, parse_issues = _parse(name, path, data, start, careful=True)
    read.issues += parse_issues
    if table is None:
        return
    # The rare characters three checks are about, looked for in the cells (the rest of a file is
    # commas, quotes and line ends): hidden ones (only a column that holds one is searched cell
    # by cell), those that can break NFC (only a file that holds one is tested exactly) and
    # line feeds (when no cell holds one, nor the file a CR, each line is the header or a row).
    rare = rare_characters(table)
    nfc = not rare.suspect or unicodedata.is_normalized("NFC", str(memoryview(data)[start:], "utf-8"))
    if rare.controls or read.rows.skipped or any(issue.code == "line-endings" for issue in read.issues):
        read.lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)  # memchr speed: 4x pc.count_substring
    else:
        read.lines = table.num_rows + 1
    if not keep_bytes:  # parsed: the largest object here need not be held while the columns are checked
        read.data = data = None
    # pyarrow reads a blank line as a row of nulls; no real row is all null (keys are required).
    blank = whole(functools.reduce(pc.and_, [pc.is_null(column) for column in table.columns]))
    first = whole(table.column(0))
    read.issues += _listed(blank, read.rows, first, "row-shape", "blank row", resource=name, file=path)
    del first
    schema = describe()[name].arrow_schema(metadata)
    raw = dict(zip(table.column_names, table.columns, strict=True))
    del table  # each text column is dropped once its typed column is made: the file is not held twice
    columns = []
    for spec in describe()[name].schema["fields"]:
        column = whole(raw.pop(spec["name"]))
        hidden = spec["name"] in rare.hidden
        typed, column_issues = _check_column(name, path, spec, column, read.rows, blank, nfc=nfc, hidden=hidden)
        columns.append(typed)
        read.issues += column_issues
    read.table = pa.Table.from_arrays(columns, schema=schema)


class Rare(NamedTuple):
    """What `rare_characters` found in the cells of a file."""

    #: the columns that may hold a hidden character (only these are searched cell by cell)
    hidden: set[str]
    #: whether a cell holds a character that may break NFC (then the file is tested exactly)
    suspect: bool
    #: whether a cell holds a control character (a line feed among them)
    controls: bool


def rare_characters(table: pa.Table) -> Rare:
    """The rare characters of a table's cells: hidden ones, those that may break NFC, controls.

    Exact, and mostly without a regular expression: RE2 reads about 400 MB/s, while the
    lowest and highest byte of a column's cells take one SIMD pass (``min_max``, over 10
    GB/s). The characters looked for are controls (below 0x20, or 0x7f) or not ASCII, so a
    column whose bytes are all printable ASCII (identifiers, codes, dates, numbers: most of
    the bytes) holds none; only the cells of the other columns are searched, as one text
    each (cells are whole UTF-8 characters, and the patterns match one character).
    ``tests/test_nfc.py`` checks the answer against a search of every cell.
    """
    hidden: set[str] = set()
    suspect = controls = False
    either = f"{_HIDDEN}|{may_break_nfc_class()}"
    for name, column in zip(table.column_names, table.columns, strict=True):
        for chunk in column.chunks:
            cells = _cell_bytes(chunk)
            if cells is None:
                continue
            low, high = _extremes(cells)
            controls = controls or low < 0x20
            if low >= 0x20 and high < 0x7F:  # printable ASCII only
                continue
            text = pa.Array.from_buffers(pa.large_string(), 1, [None, _offsets(cells.size), cells])
            if not _found(text, either):
                continue
            if name not in hidden and _found(text, _HIDDEN):
                hidden.add(name)
            suspect = suspect or _found(text, may_break_nfc_class())
    return Rare(hidden, suspect, controls)


def _cell_bytes(chunk: pa.Array) -> pa.Buffer | None:
    """The bytes of every cell of a text array, end to end (a view; None when there are none)."""
    if len(chunk) == chunk.null_count:
        return None
    offsets = pa.Array.from_buffers(pa.int32(), chunk.offset + len(chunk) + 1, [None, chunk.buffers()[1]])
    first, last = offsets[chunk.offset].as_py(), offsets[chunk.offset + len(chunk)].as_py()
    return chunk.buffers()[2].slice(first, last - first) if last > first else None


def _extremes(data: pa.Buffer) -> tuple[int, int]:
    """The lowest and the highest byte of ``data`` (not empty)."""
    extremes = pc.min_max(pa.Array.from_buffers(pa.uint8(), data.size, [None, data]))
    return extremes["min"].as_py(), extremes["max"].as_py()


def _offsets(size: int) -> pa.Buffer:
    return pa.array([0, size], pa.int64()).buffers()[1]


def _found(text: pa.Array, pattern: str) -> bool:
    return bool(pc.match_substring_regex(text, pattern)[0].as_py())


def plain(column: pa.Array) -> pa.Array:
    """The column with a dictionary-encoded vocabulary decoded to plain strings (others as they are)."""
    return pc.cast(column, pa.string()) if pa.types.is_dictionary(column.type) else column


def key_column(table: pa.Table, fields: tuple[str, ...]) -> pa.Array:
    """The key of each row as one string (composite keys joined by ``|``, as evidence names them)."""
    columns = [pc.cast(whole(table[f]), pa.string()) for f in fields]
    if len(columns) == 1:
        return columns[0]
    return pc.binary_join_element_wise(*columns, "|")


def _strictly_increasing(table: pa.Table, fields: tuple[str, ...]) -> bool:
    """True when every key is complete and each row's key is greater than the previous one's.

    Keys compare part by part, text by UTF-8 bytes (code-point order), integers by value.
    """
    if table.num_rows < 2:
        return all(table[f].null_count == 0 for f in fields)
    parts = [plain(whole(table[f])) for f in fields]
    if any(part.null_count for part in parts):
        return False
    # row i+1 against row i, from the last key part to the first: greater, or equal and greater after
    later: Any = None
    for part in reversed(parts):
        previous, current = part.slice(0, len(part) - 1), part.slice(1)
        greater = pc.greater(current, previous)
        later = greater if later is None else pc.or_(greater, pc.and_(pc.equal(current, previous), later))
    return bool(pc.all(later).as_py())


def check_foreign_keys(
    tables: dict[str, pa.Table],
    files: dict[str, str],
    incomplete: set[str],
    row_maps: dict[str, _Rows],
    pointers: dict[tuple[str, tuple[str, ...]], pa.Array] | None = None,
) -> list[Issue]:
    """Foreign keys across the typed tables, two links at a time (pyarrow's hashing releases the GIL).

    References into an ``incomplete`` table (one that lost rows to parse errors) are not
    checked: they would only echo the parse error already reported. Findings come in the
    tables' order. (Each table's own key is checked as it is read: `primary_key_issues`.)
    ``pointers``: links (table, fields) whose target rows to keep, filled in for those checked.
    """
    links = [
        (name, link)
        for name in tables
        for link in describe()[name].links
        if link.target in tables and link.target not in incomplete
    ]
    issues: list[Issue] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for (name, link), (found, at) in zip(
            links, pool.map(lambda pair: _foreign_key_issues(tables, files, row_maps, *pair), links), strict=True
        ):
            issues += found
            if pointers is not None and (name, link.fields) in pointers:
                pointers[name, link.fields] = at
    return issues


def primary_key_issues(name: str, table: pa.Table, file: str, rows: _Rows) -> list[Issue]:
    """``primary-key`` (a key twice) and ``row-order`` (rows not sorted by key) findings of one table."""
    key_fields = describe()[name].key
    if _strictly_increasing(table, key_fields):
        return []  # sorted and therefore unique: the usual case, in one linear pass
    issues: list[Issue] = []
    key = key_column(table, key_fields)
    where = {"resource": name, "file": file, "field": ",".join(key_fields)}
    counts = pc.value_counts(key)
    dupes = counts.filter(pc.greater(counts.field("counts"), 1)).field("values")
    if len(dupes):
        seen: set[str] = set()
        at = pc.indices_nonzero(pc.is_in(key, value_set=dupes))
        repeats = 0
        for index, value in zip(at.to_pylist(), key.take(at).to_pylist(), strict=True):
            if value in seen:
                repeats += 1
                if repeats <= MAX_LISTED:  # listed; the rest counted (a bad merge repeats a million rows)
                    issues.append(Issue("primary-key", "duplicate primary key", row=rows(index), value=value, **where))
            seen.add(value)
        if repeats > MAX_LISTED:
            more = repeats - MAX_LISTED
            msg = f"duplicate primary key (and {more} more rows like this, not listed)"
            issues.append(Issue("primary-key", msg, unlisted=more, **where))
    # Code-point order: UTF-8 byte order of the text, numeric order of integers. Rows with
    # an empty key part (blank rows, missing cells) are reported already and left out.
    keys = pa.table({f: plain(whole(table[f])) for f in key_fields})
    complete = functools.reduce(pc.and_, [pc.is_valid(keys[f]) for f in key_fields])
    kept = pc.indices_nonzero(complete)
    order = pc.sort_indices(keys.take(kept), sort_keys=[(f, "ascending") for f in key_fields])
    out_of_place = pc.indices_nonzero(pc.not_equal(order, pa.array(range(len(order)), pa.uint64())))
    if len(out_of_place):
        first = kept[out_of_place[0].as_py()].as_py()
        msg = "rows are not sorted by primary key (code-point order); run `ict-coop curate build`"
        issues.append(Issue("row-order", msg, row=rows(first), value=key[first].as_py(), **where))
    return issues


def _foreign_key_issues(
    tables: dict[str, pa.Table], files: dict[str, str], row_maps: dict[str, _Rows], name: str, link: Any
) -> tuple[list[Issue], pa.Array]:
    """``foreign-key`` findings of one link (values with no row in the table they point at), and the rows pointed at."""
    child_key = key_column(tables[name], link.fields)
    parent_key = key_column(tables[link.target], link.target_fields)
    at = lookup(child_key, parent_key)
    dangling = pc.and_(pc.is_valid(child_key), pc.is_null(at))
    target = f"{link.target}.{','.join(link.target_fields)}"
    return list(
        _listed(
            dangling,
            row_maps.get(name, _Rows([])),
            child_key,
            "foreign-key",
            f"no row in {target} has this value",
            resource=name,
            file=files[name],
            field=",".join(link.fields),
        )
    ), at


def check_drift(descriptor: dict[str, Any], facts: dict[str, dict[str, Any]]) -> list[Issue]:
    """The descriptor's schemas, bytes and hashes against the models and the files (read once)."""
    issues = []
    for entry in descriptor.get("resources", []):
        name = resource_name(entry)
        if name not in describe():
            continue
        where = {"resource": name, "file": DESCRIPTOR}
        # judged by meaning: frictionless re-saves the same schema spelled differently
        if schema_meaning(entry.get("schema"), name) != schema_meaning(describe()[name].schema, name):
            msg = f"the schema of {name!r} differs from the models; run `ict-coop schema --write`"
            issues.append(Issue("descriptor-drift", msg, field="schema", **where))
        if name in facts:
            for key, value in facts[name].items():
                if entry.get(key) != value:
                    msg = f"{key} of {name!r} is {entry.get(key)!r} but the file gives {value!r}"
                    issues.append(Issue("descriptor-drift", msg, field=key, value=str(entry.get(key)), **where))
    return issues


def read_validated(
    root: Path,
    name: str,
    entry: dict[str, Any],
    metadata: tuple = (),
    *,
    single_line: bool = False,
    expected_status: tuple[int, int, int, int] | None = None,
    expected_hash: str | None = None,
) -> pa.Table:
    """Read a resource whose bytes were validated before (see `ict_coop.stamps`): types, no checks.

    This is a bare ``pyarrow.csv.read_csv`` with the explicit Arrow types, in parallel blocks;
    only the dictionaries of the vocabulary columns are unified across blocks. With
    ``single_line`` (the validation found no value spanning lines) the parser need not look
    for line breaks inside quoted values, which saves about a quarter of the time. The result
    equals what `read_resource` returns for the same valid file
    (``tests/test_loading.py`` compares them).

    The file is opened once and parsed from that open file. ``expected_status`` (size,
    mtime, ctime and inode when it was validated): the open file's status, taken before and
    after the parse, must be it, so no write reached the file since it was checked, not even
    during the parse. ``expected_hash`` (the SHA-256 of the bytes validated): the bytes are
    hashed as they are parsed (`HashingReader`) and must hash to it.
    Either way a file that changed, cannot be read or no longer parses raises
    `FileChanged`: the table returned is always one of the validated bytes.
    """
    # a stamped descriptor's schema equals the models': take it rather than generating it again
    if "schema" in entry:
        schema = arrow_schema_of(entry["schema"]["fields"], metadata)
    else:
        schema = describe()[name].arrow_schema(metadata)
    path = entry["path"]
    options = {
        "read_options": pa_csv.ReadOptions(column_names=schema.names, skip_rows=1),
        "parse_options": pa_csv.ParseOptions(newlines_in_values=not single_line),
        "convert_options": pa_csv.ConvertOptions(
            column_types={f.name: f.type for f in schema},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    }
    checked = expected_status is not None or expected_hash is not None
    try:
        if expected_hash is not None:
            with HashingReader(root / path) as hashed:
                with lent_to_arrow(hashed):  # read from Arrow's threads, through Python
                    table = pa_csv.read_csv(hashed, **options)
                unchanged = hashed.finish() == expected_hash
        else:
            with pa.OSFile(str(root / path)) as source:  # pyarrow's own reads, from one open file
                before = status(os.fstat(source.fileno()))
                table = pa_csv.read_csv(source, **options)
                unchanged = before == status(os.fstat(source.fileno())) == (expected_status or before)
    except (OSError, pa.ArrowException) as exc:  # gone, or no longer what was validated
        if not checked:
            raise
        msg = f"{path} cannot be read as it was validated: {exc}"
        raise FileChanged(msg) from None
    if not unchanged:
        msg = f"{path} differs from the validated file"
        raise FileChanged(msg)
    return pa.Table.from_arrays(table.unify_dictionaries().columns, schema=schema)


def _size(root: Path, entry: dict[str, Any] | None) -> int:
    """The size of a resource's file in bytes, to schedule the largest first (0 when unknown)."""
    path = entry.get("path") if entry else None
    try:
        return (root / path).stat().st_size if isinstance(path, str) and unsafe_reason(root, path) is None else 0
    except OSError:
        return 0


def read_package(
    root: Path,
    after: Callable[[str, pa.Table], Any] | None = None,
    pointers: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> PackageRead:
    """Read every resource of the package at ``root`` into typed Arrow tables, with findings.

    ``after(name, table)`` runs on the reading thread as soon as a table is read and typed,
    while other files are still being read (before the keys across tables are checked): work
    that needs only the table fills the time a core would wait. Its result is kept in
    `PackageRead.after` (the validator computes the record rules' masks so). ``pointers``:
    links (table, fields) whose target rows the key check keeps (`PackageRead.pointers`), for
    later checks that would otherwise look the same keys up again.
    """
    parsed, issues, descriptor_hash = parse_descriptor(root)
    descriptor, more = read_descriptor(parsed) if parsed is not None else (None, [])
    result = PackageRead(root=root, descriptor=descriptor, issues=issues + more, parsed=parsed)
    if descriptor_hash is not None:
        result.hashes[DESCRIPTOR] = descriptor_hash
    if descriptor is None:
        return result
    entries = {resource_name(r): r for r in descriptor["resources"]}
    metadata = package_metadata(descriptor)
    files = {}

    def read_one(name: str) -> _Resource:
        read = _read_resource(root, name, entry=entries.get(name), metadata=metadata)
        read.data = None  # hashed already: the bytes of a file that could not be parsed need not be kept
        if read.table is not None:  # its own keys, while the other files are read
            read.primary = primary_key_issues(name, read.table, entries[name]["path"], read.rows)
            if after is not None:
                read.after = after(name, read.table)
        return read

    # Two files at a time: while pyarrow parses and checks one (without the GIL), Python can
    # decode and hash the other. Findings keep the resources' order.
    # The largest files first: a large file read last would leave the other thread idle.
    with ThreadPoolExecutor(max_workers=2) as pool:
        largest_first = sorted(describe(), key=lambda name: -_size(root, entries.get(name)))
        reading = {name: pool.submit(read_one, name) for name in largest_first}
        outcomes = [reading[name].result() for name in describe()]
    for name, read in zip(describe(), outcomes, strict=True):
        result.row_maps[name] = read.rows
        result.issues += read.issues
        if any(issue.code == "row-shape" and issue.message != "blank row" for issue in read.issues):
            result.incomplete.add(name)
        if read.facts is not None:
            result.facts[name] = read.facts
            result.hashes[entries[name]["path"]] = read.facts["hash"]
        if read.table is not None:
            files[name] = entries[name]["path"]
            result.tables[name] = read.table
            if after is not None:
                result.after[name] = read.after
            if read.lines == read.table.num_rows + 1:  # the header and one line per row
                result.single_line.add(name)
    for read in outcomes:  # the tables' own keys first, in the tables' order, then the links between them
        result.issues += read.primary
    kept: dict[tuple[str, tuple[str, ...]], pa.Array] = dict.fromkeys(pointers)  # type: ignore[arg-type]
    result.issues += check_foreign_keys(result.tables, files, result.incomplete, result.row_maps, kept)
    result.pointers = {link: at for link, at in kept.items() if at is not None}
    result.issues += check_drift(descriptor, result.facts)
    return result
