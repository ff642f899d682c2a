"""The record rules of every table, stated once, checked column by column on Arrow tables.

Each rule is a mask of failing rows, the field it reports and its message, written with the
column helpers below (`c.eq`, `c.null`, `_pair` for both-or-neither, ...). It is the only
statement of the rule: `rule_masks` applies it to a whole table (validation, about a
microsecond a row), and `record_problem` to a single record by viewing it as a one-row
table, which is how the pydantic models check a record a user constructs. A rule cannot
therefore be added, changed or worded in one place only. Rules that need Python logic (the
EDTF subset) call `ict_coop.dates` once per distinct value and spread the answers with
`take`. A message may be an Arrow array with one message per row, naming the value the rule
expected (`date_latest must be 2018-05-31, the end implied by date_edtf '2018-05'`).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ._arrow import whole
from .dates import edtf_bounds, edtf_precision, qualifier_problem, stated_year_problem, unspecified_problem
from .tables import describe

Rule = tuple[Any, str, Any]  # (mask of failing rows, field, message: a str, or one per row)

# Python's str.strip() removes these; RE2's \s alone is ASCII only.
_SPACE = r"[\s\p{Z}\x{85}]"
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f]"


def _any(*masks: Any) -> Any:
    return functools.reduce(pc.or_kleene, masks)


def _all(*masks: Any) -> Any:
    return functools.reduce(pc.and_kleene, masks)


class Columns:
    """Column access with vocabularies decoded to plain strings, each column made once per check.

    The columns are kept by this object (not by a cache of the class), so they are let go
    with it when the check is done.
    """

    def __init__(self, table: pa.Table) -> None:
        self.table = table
        self._raw: dict[str, Any] = {}
        self._plain: dict[str, Any] = {}

    def raw(self, name: str) -> Any:
        """The column as stored: a vocabulary stays dictionary-encoded."""
        if name not in self._raw:
            self._raw[name] = whole(self.table.column(name))
        return self._raw[name]

    def __call__(self, name: str) -> Any:
        """The column, as plain values."""
        if name not in self._plain:
            column = self.raw(name)
            self._plain[name] = pc.cast(column, pa.string()) if pa.types.is_dictionary(column.type) else column
        return self._plain[name]

    def null(self, name: str) -> Any:
        """True where the cell is empty."""
        return pc.is_null(self.raw(name))

    def valid(self, name: str) -> Any:
        """True where the cell is set."""
        return pc.is_valid(self.raw(name))

    def eq(self, name: str, value: Any) -> Any:
        """True where the cell equals ``value`` (False where empty)."""
        column = self.raw(name)
        if pa.types.is_dictionary(column.type):  # compared once per vocabulary value, not once per row
            return pc.fill_null(pc.take(pc.equal(column.dictionary, value), column.indices), False)
        return pc.fill_null(pc.equal(column, value), False)


def _pair(c: Columns, first: str, second: str) -> Rule:
    return pc.not_equal(c.null(first), c.null(second)), first, f"{first} and {second} must both be set or both be empty"


def _text_rules(c: Columns, name: str) -> list[Rule]:
    rules: list[Rule] = []
    for field in describe()[name].fields:
        if field.type == "string" and field.free_text:  # a Text field
            column = c(field.name)
            # One look at all the column's bytes at once (a search costs far more per value than
            # per byte) tells whether any value holds a control character; only then is each searched.
            if _holds_control(column):
                control = pc.match_substring_regex(column, _CONTROL)
            else:
                control = pc.and_(pc.is_valid(column), False)
            # white space at an end: trimming it changes the length (no regular expression per value)
            edges = pc.not_equal(pc.binary_length(pc.utf8_trim(column, edge_spaces())), pc.binary_length(column))
            rules.append((control, field.name, "text must not contain control characters"))
            rules.append((edges, field.name, "text must not start or end with white space"))
    return rules


def _value_bytes(column: Any) -> tuple[Any, Any]:
    """The UTF-8 bytes of a string column's values (uint8, no copy) and each value's offsets into them (int32).

    The bytes run from the first value's start to the last one's end, so offset 0 is the first byte.
    """
    offsets = pa.Array.from_buffers(pa.int32(), len(column) + 1, [None, column.buffers()[1]], offset=column.offset)
    data = column.buffers()[2]
    start, end = offsets[0].as_py(), offsets[-1].as_py()
    if data is None or end == start:
        return pa.array([], pa.uint8()), pc.subtract(offsets, start)
    return pa.Array.from_buffers(pa.uint8(), end - start, [None, data], offset=start), pc.subtract(offsets, start)


def _holds_control(column: Any) -> bool:
    """Whether some value of the string column holds a `_CONTROL` character.

    In UTF-8 a code point below U+0080 is one byte of that value and every byte of a longer code
    point is 0x80 or more, so the bytes tell, read by two kernels (about six times cheaper than
    a search of the text): with no byte below 0x20, the only control character left is 0x7F,
    which is there exactly when the largest byte with its top bit flipped is 0xFF (no byte of
    UTF-8 is 0xFF). A byte below 0x20 may be an allowed tab or new line: one search of all the
    text then answers.
    """
    data, _ = _value_bytes(column)
    if len(data) == 0:
        return False
    if pc.min(data).as_py() >= 0x20:
        return pc.max(pc.bit_wise_xor(data, pa.scalar(0x80, pa.uint8()))).as_py() == 0xFF
    return pc.match_substring_regex(_all_text(column), _CONTROL)[0].as_py()


def _all_text(column: Any) -> Any:
    """Every value of a string column run together, as one value over the same memory (no copy)."""
    data, _ = _value_bytes(column)
    if len(data) == 0:  # no value has any text (an empty array may have no buffer)
        return pa.array([""], pa.large_string())
    span = pa.array([0, len(data)], pa.int64()).buffers()[1]
    return pa.Array.from_buffers(pa.large_string(), 1, [None, span, data.buffers()[1].slice(data.offset, len(data))])


@functools.cache
def edge_spaces() -> str:
    """The characters of `_SPACE`, for ``utf8_trim`` (``tests/test_rules.py`` checks every code point against it)."""
    candidates = "\t\n\f\r\x0b\x85" + "".join(
        char for char in map(chr, range(0x3100)) if unicodedata.category(char).startswith("Z")
    )
    kept = pc.match_substring_regex(pa.array(list(candidates)), f"^{_SPACE}$").to_pylist()
    return "".join(char for char, keep in zip(candidates, kept, strict=True) if keep)


def per_distinct(column: Any, compute: Callable[[Any], Any]) -> Any:
    """``compute(column)`` (an Arrow kernel), asked once per distinct value when values repeat.

    A regular expression costs far more per value than a hash: a column whose first rows
    repeat their values (source ids, quote ids cited by several evidence rows) is
    dictionary-encoded, the answer computed on the dictionary and spread with ``take``. A
    column of mostly distinct values (keys) is computed directly.
    """
    head = column.slice(0, _SAMPLE)
    if len(column) < 2 * _SAMPLE or len(pc.unique(head)) > len(head) // 2:
        return compute(column)
    encoded = pc.dictionary_encode(column)
    return pc.take(compute(encoded.dictionary), encoded.indices)


#: rows sampled to tell whether a column's values repeat
_SAMPLE = 4096


def _per_value(compute: Callable[..., Any], kind: pa.DataType, *columns: Any, where: Any = None) -> Any:
    """``compute(*values)`` once per distinct combination of the columns' values, spread over the rows.

    An empty cell is passed as None; a row where ``where`` is false (or null) gets null. Each
    column is dictionary-encoded, a row's combination is one integer (mixed radix over the
    dictionaries' sizes), and only the distinct integers are decoded and computed in Python.
    """
    codes: Any = None
    dictionaries = []
    for column in columns:
        encoded = pc.dictionary_encode(column)
        values = [*encoded.dictionary.to_pylist(), None]  # the last code: an empty cell
        index = pc.fill_null(pc.cast(encoded.indices, pa.int64()), len(values) - 1)
        codes = index if codes is None else pc.add(pc.multiply(codes, len(values)), index)
        dictionaries.append(values)
    if where is not None:
        codes = pc.if_else(where, codes, pa.scalar(None, pa.int64()))
    distinct = pc.dictionary_encode(codes)
    answers = [compute(*_decoded(code, dictionaries)) for code in distinct.dictionary.to_pylist()]
    return pc.take(pa.array(answers, kind), distinct.indices)


def _decoded(code: int, dictionaries: list[list[Any]]) -> list[Any]:
    """The values a `_per_value` code stands for, one per column."""
    values = []
    for dictionary in reversed(dictionaries):
        code, index = divmod(code, len(dictionary))
        values.append(dictionary[index])
    return values[::-1]


def _edtf_facts(edtf: str) -> tuple[str | None, Any, Any, str | None]:
    """(expected precision, implied earliest, implied latest, error) of one EDTF value."""
    try:
        low, high = edtf_bounds(edtf)
    except ValueError as exc:
        return None, None, None, str(exc)
    return edtf_precision(edtf), low, high, None


def _date_rules(c: Columns) -> list[Rule]:
    rules: list[Rule] = [
        (pc.greater(c("date_earliest"), c("date_latest")), "date_earliest", "date_earliest is after date_latest"),
    ]
    not_stated, stated = c.eq("date_basis", "not_stated"), c.eq("date_basis", "stated")
    wrong_empty = _any(c.valid("date_text"), c.valid("date_edtf"), pc.invert(c.eq("date_precision", "unknown")))
    rules.append(
        (
            _all(not_stated, wrong_empty),
            "date_basis",
            "date_basis not_stated needs empty date_text and date_edtf, and date_precision unknown",
        )
    )
    rules.append((_all(pc.invert(not_stated), c.null("date_edtf")), "date_edtf", "this date_basis needs a date_edtf"))
    rules.append((_all(stated, c.null("date_text")), "date_text", "date_basis stated needs the date_text"))
    # asked only of stated dates (the rule concerns them alone): fewer distinct pairs to compute
    unstated = _per_value(
        lambda edtf, text: stated_year_problem(edtf or None, text or None),
        pa.string(),
        c("date_edtf"),
        c("date_text"),
        where=stated,
    )
    rules.append((_all(stated, pc.is_valid(unstated)), "date_text", unstated))
    rules.append((_all(pc.invert(stated), c.null("date_note")), "date_note", "this date_basis needs a date_note"))
    edtf = c("date_edtf")
    facts = pa.struct([("precision", pa.string()), ("low", pa.date32()), ("high", pa.date32()), ("error", pa.string())])
    per_row = _per_value(
        lambda v: dict(zip(("precision", "low", "high", "error"), _edtf_facts(v), strict=True)),
        facts,
        edtf,
        where=pc.is_valid(edtf),
    )
    error = pc.struct_field(per_row, "error")
    impossible = pc.is_valid(error)
    rules.append((impossible, "date_edtf", _says(impossible, "date_edtf is not a date that exists: ", error)))
    ok = pc.is_null(error)
    precision = pc.struct_field(per_row, "precision")
    imprecise = _all(ok, pc.not_equal(c("date_precision"), precision))
    message = _says(imprecise, "date_precision must be ", precision, ", the precision of date_edtf '", edtf, "'")
    rules.append((imprecise, "date_precision", message))
    # the qualifier against the EDTF suffix: one answer per distinct (edtf, qualifier) pair
    qualifier = c("date_qualifier")
    wrong = _per_value(
        lambda e, q: qualifier_problem(e or None, q), pa.string(), edtf, qualifier, where=pc.is_valid(qualifier)
    )
    rules.append((pc.is_valid(wrong), "date_qualifier", wrong))
    for bound, field, end in (("low", "date_earliest", "start"), ("high", "date_latest", "end")):
        implied = pc.struct_field(per_row, bound)
        differs = pc.fill_null(pc.not_equal(c(field), implied), True)
        wrong_bound = _all(ok, pc.is_valid(implied), differs)
        message = _says(
            wrong_bound,
            f"{field} must be ",
            pc.cast(implied, pa.string()),
            f", the {end} implied by date_edtf '",
            edtf,
            "'",
        )
        rules.append((wrong_bound, field, message))
    # an unknown year (XXXX-03-28): the bounds given must hold a date with the digits stated
    contradicts = _per_value(
        lambda e, low, high: unspecified_problem(e or None, low, high),
        pa.string(),
        edtf,
        c("date_earliest"),
        c("date_latest"),
    )
    holds_none = _all(ok, pc.is_valid(contradicts))
    message = _says(
        holds_none, "date_earliest..date_latest must hold a date with the digits date_edtf states: ", contradicts
    )
    rules.append((holds_none, "date_edtf", message))
    return rules


def _says(failing: Any, *parts: Any) -> Any:
    """A message per row, from literal strings and columns (the value a rule expected, say).

    A message is read only where its rule fails: when no row fails, none is built.
    """
    if not pc.any(failing).as_py():
        return ""
    return pc.binary_join_element_wise(*parts, "")


def _event_rules(c: Columns) -> list[Rule]:
    rules = _date_rules(c)
    rules.append(
        (pc.equal(c("parent_event_id"), c("event_id")), "parent_event_id", "an event cannot be its own parent")
    )
    rules.append(_pair(c, "city_text", "city_en"))
    for value, basis, place in (("city_text", "city_basis", "city"), ("country_code", "country_basis", "country")):
        rules.append(
            (
                pc.not_equal(c.null(value), c.eq(basis, "not_stated")),
                basis,
                f"{basis} must be not_stated exactly when the {place} is empty",
            )
        )
    inferred = _any(
        *(
            c.eq(b, v)
            for b in ("city_basis", "country_basis")
            for v in ("inferred_from_context", "inferred_from_dateline", "inferred_from_metadata", "external")
        )
    )
    rules.append(
        (
            _all(inferred, c.null("place_note")),
            "place_note",
            "an inferred or external city or country needs a place_note",
        )
    )
    rules.append(_pair(c, "cameo_code", "plover_event_type"))
    mode = _all(c.valid("plover_mode"), pc.invert(c.eq("plover_event_type", "CONSULT")))
    rules.append((mode, "plover_mode", "plover_mode applies to CONSULT events only"))
    return rules


def _participant_rules(c: Columns) -> list[Rule]:
    actor = pc.coalesce(c("person_id"), c("organization_id"))
    expected = pc.binary_join_element_wise(c("event_id"), actor, "/")
    return [
        (pc.is_null(actor), "person_id", "a participant needs a person_id or an organization_id"),
        (
            pc.fill_null(pc.not_equal(c("participant_id"), expected), False),
            "participant_id",
            "participant_id must be event_id/person_id (or organization_id)",
        ),
        _pair(c, "title_text", "title_en"),
    ]


def _one_of(c: Columns, first: str, second: str, what: str) -> Rule:
    return pc.equal(c.null(first), c.null(second)), first, f"{what} is one of {first} or {second}, not both"


def _source_rules(c: Columns) -> list[Rule]:
    shipped = c.eq("kind", "shipped")
    number = pc.utf8_slice_codeunits(c("source_id"), 4)
    prefix = pc.extract_regex(c("file_name"), r"^(?P<n>[0-9]+)_")
    mismatch = _all(shipped, pc.fill_null(pc.not_equal(pc.struct_field(prefix, "n"), number), True))
    rules: list[Rule] = [
        (pc.equal(c.null(name), shipped), name, f"{name} is set exactly for shipped sources")
        for name in ("file_name", "sha256")
    ]
    rules += [
        (pc.not_equal(c.null(name), shipped), name, f"{name} is set exactly for cited sources")
        for name in ("url", "publisher_kind", "part_read", "read_on")
    ]
    rules.append((mismatch, "source_id", "source_id must be 'src-' followed by the file name's number"))
    not_stated = c.eq("published_basis", "not_stated")
    rules.append(
        (
            pc.not_equal(c.null("published"), not_stated),
            "published_basis",
            "published_basis must be not_stated exactly when published is empty",
        )
    )
    rules.append(
        (
            _all(c.eq("published_basis", "stated"), c.null("published_text")),
            "published_text",
            "published_basis stated needs the published_text as printed",
        )
    )
    rules.append(
        (_all(c.valid("published_text"), c.null("published")), "published", "a published_text needs its published date")
    )
    curated = pc.invert(c.eq("review_state", "drafted"))
    rules.append(
        (
            _all(curated, _any(c.null("curated_by"), c.null("curated_on"))),
            "curated_by",
            "a curated or reviewed source needs curated_by and curated_on",
        )
    )
    reviewed = _all(c.valid("reviewed_by"), c.valid("reviewed_on"))
    rules.append(
        (
            pc.not_equal(c.eq("review_state", "reviewed"), reviewed),
            "review_state",
            "review_state reviewed needs reviewed_by and reviewed_on, and only it has them",
        )
    )
    rules.append(
        (
            pc.fill_null(pc.equal(c("reviewed_by"), c("curated_by")), False),
            "reviewed_by",
            "reviewed_by must not be the curator",
        )
    )
    return rules


def _agreement_rules(c: Columns) -> list[Rule]:
    years = _any(c.valid("term_start_year"), c.valid("term_end_year"))
    return [
        *_date_rules(c),
        _pair(c, "signed_city_text", "signed_city_en"),
        (_all(c.null("term_text"), years), "term_text", "term years need the term_text they come from"),
        (
            pc.greater(c("term_start_year"), c("term_end_year")),
            "term_start_year",
            "term_start_year is after term_end_year",
        ),
        (
            _all(c.eq("status", "planned"), c.valid("signed_at_event_id")),
            "signed_at_event_id",
            "a planned agreement has no signing event",
        ),
        (
            _all(c.eq("status", "signed"), c.null("signed_at_event_id"), c.null("date_edtf")),
            "status",
            "status signed needs its signing event or a date of signature (else signed_earlier or unknown)",
        ),
    ]


def _id_rule(c: Columns, id_field: str, parts: Any, message: str) -> Rule:
    return pc.fill_null(pc.not_equal(c(id_field), parts), False), id_field, message


def _span_rules(c: Columns) -> list[Rule]:
    bad = _any(pc.less(c("start"), 0), pc.greater_equal(c("start"), c("end")))
    return [(bad, "start", "need 0 <= start < end")]


def _quote_rules(c: Columns) -> list[Rule]:
    span = _any(pc.less(c("start"), 0), pc.greater_equal(c("start"), c("end")))
    length = pc.not_equal(pc.subtract(c("end"), c("start")), pc.utf8_length(c("text")))
    # source:start-end, joined without a regular expression per row (a negative start is written
    # source:-1:end, as the replacement of ':digits:' by ':digits-' this stands for left it)
    dash = pc.if_else(pc.greater_equal(c("start"), 0), "-", ":")
    start, end = pc.cast(c("start"), pa.string()), pc.cast(c("end"), pa.string())
    where = pc.binary_join_element_wise(c("source_id"), ":", start, dash, end, "")
    return [
        (span, "start", "need 0 <= start < end"),
        (length, "end", "end - start must equal the length of the text"),
        _id_rule(c, "quote_id", where, "quote_id must be source_id:start-end"),
    ]


def _evidence_rules(c: Columns) -> list[Rule]:
    quote, cited = c.eq("kind", "quote"), c.eq("kind", "cited")
    claimed = c("claimed_edtf")
    claim_error = _per_value(lambda v: _edtf_facts(v)[3], pa.string(), claimed, where=pc.is_valid(claimed))
    return [
        (_all(quote, c.null("quote_id")), "quote_id", "a quote needs its quote_id"),
        (
            _other_source(c("quote_id"), c("source_id"), quote),
            "quote_id",
            "quote_id must be a passage of the evidence's source (source_id:start-end)",
        ),
        (
            _all(quote, _any(c.valid("locator"), c.valid("paraphrase"), c.valid("terms"))),
            "locator",
            "a quote has no locator, paraphrase or terms",
        ),
        (
            _all(cited, _any(c.null("locator"), c.null("paraphrase"))),
            "paraphrase",
            "cited evidence needs a locator and a paraphrase",
        ),
        (
            _all(cited, c.valid("quote_id")),
            "quote_id",
            "cited evidence has no quote_id (the page is not shipped)",
        ),
        (
            _all(cited, pc.greater(pc.utf8_length(c("terms")), 100)),
            "terms",
            "cited evidence keeps at most 100 characters of verbatim terms, never sentences",
        ),
        (
            _all(c.valid("claimed_edtf"), pc.invert(pc.starts_with(c("field"), "date_"))),
            "claimed_edtf",
            "claimed_edtf belongs on a date field",
        ),
        (
            pc.is_valid(claim_error),
            "claimed_edtf",
            _says(pc.is_valid(claim_error), "claimed_edtf is not a date that exists: ", claim_error),
        ),
    ]


def _other_source(quote_id: Any, source_id: Any, where: Any) -> Any:
    """True where ``where`` holds and ``quote_id`` without its ``:start-end`` is not ``source_id``.

    The source a quote_id names is the id with the suffix ``:[0-9]+-[0-9]+$`` removed (the whole id
    when it has none). A regular expression per id costs about twice these trims of trailing
    digits, asked only of the rows ``where`` (no nulls) holds and that have a quote_id.
    """
    rows = pc.and_(where, pc.is_valid(quote_id))
    ids, sources = quote_id.filter(rows), source_id.filter(rows)
    # ASCII trims of valid UTF-8 leave valid UTF-8: no byte of a longer code point is ASCII
    end_digits = pc.ascii_rtrim(ids, "0123456789")
    before = pc.utf8_slice_codeunits(end_digits, 0, -1)  # without the '-', when it is one
    start_digits = pc.ascii_rtrim(before, "0123456789")
    suffixed = _all(
        pc.less(pc.binary_length(end_digits), pc.binary_length(ids)),
        pc.ends_with(end_digits, "-"),
        pc.less(pc.binary_length(start_digits), pc.binary_length(before)),
        pc.ends_with(start_digits, ":"),
    )
    quoted = pc.if_else(suffixed, pc.utf8_slice_codeunits(start_digits, 0, -1), ids)
    differs = pc.fill_null(pc.not_equal(quoted, sources), False)
    return pc.replace_with_mask(pc.fill_null(pa.nulls(len(quote_id), pa.bool_()), False), rows, differs)


def _commitment_rules(c: Columns) -> list[Rule]:
    year = c("target_year")
    return [
        _pair(c, "target_year", "target_year_text"),
        (_any(pc.less(year, 1900), pc.greater(year, 2100)), "target_year", "target_year must be between 1900 and 2100"),
    ]


RULES: dict[str, Callable[[Columns], list[Rule]]] = {
    "sources": _source_rules,
    "people": lambda c: [
        (
            pc.not_equal(c.null("country_code"), c.eq("country_basis", "not_stated")),
            "country_basis",
            "country_basis must be not_stated exactly when the country is empty",
        )
    ],
    "event_partners": lambda c: [
        _one_of(c, "country_code", "organization_id", "a partner"),
        _id_rule(
            c,
            "partner_id",
            pc.binary_join_element_wise(c("event_id"), pc.coalesce(c("organization_id"), c("country_code")), "/"),
            "partner_id must be event_id/organization_id (or country_code)",
        ),
    ],
    "commitment_makers": lambda c: [
        _one_of(c, "organization_id", "country_code", "a maker"),
        _id_rule(
            c,
            "maker_id",
            pc.coalesce(c("organization_id"), c("country_code")),
            "maker_id must be the organization_id or the country_code",
        ),
    ],
    "aliases": lambda c: [
        _one_of(c, "person_id", "organization_id", "an alias names"),
        _id_rule(
            c,
            "alias_id",
            pc.binary_join_element_wise(pc.coalesce(c("person_id"), c("organization_id")), c("source_id"), "@"),
            "alias_id must be the person or organisation id, '@', and the source_id",
        ),
    ],
    "furniture": _span_rules,
    "organizations": lambda c: [
        (
            pc.equal(c("parent_organization_id"), c("organization_id")),
            "parent_organization_id",
            "an organisation cannot be its own parent",
        )
    ],
    "events": _event_rules,
    "participants": _participant_rules,
    "agreements": _agreement_rules,
    "agreement_parties": lambda c: [_pair(c, "signatory_title_text", "signatory_title_en")],
    "commitments": _commitment_rules,
    "quotes": _quote_rules,
    "evidence": _evidence_rules,
}


def rule_masks(name: str, table: pa.Table) -> list[Rule]:
    """Every rule of a table as (mask of failing rows, field, message); text rules included."""
    c = Columns(table)
    return [*_text_rules(c, name), *RULES.get(name, lambda c: [])(c)]


def message_at(message: Any, index: int) -> str:
    """The message of a rule for row ``index`` (a rule's message is one string or one per row)."""
    return message if isinstance(message, str) else message[index].as_py()


def record_problem(record: Any) -> str | None:
    """The message of the first rule a single record breaks, or None (the models' validator calls this).

    The record is viewed as a one-row Arrow table, typed as the package's files are read, so
    the very statement that validates a package checks it.
    """
    name = record.resource_name
    if name not in RULES:
        return None
    table = pa.Table.from_pylist([record.__dict__], schema=describe()[name].arrow_schema())
    for mask, _, message in RULES[name](Columns(table)):
        if pc.fill_null(mask, False)[0].as_py():
            return message_at(message, 0)
    return None


def failing_rows(name: str, table: pa.Table) -> Any:
    """One boolean per row: does it break any rule? (for tests and quick filters)."""
    masks = [pc.fill_null(mask, False) for mask, _, _ in rule_masks(name, table)]
    return functools.reduce(pc.or_, masks, pa.array([False] * table.num_rows, pa.bool_()))
