"""Each record rule is stated once (rules.py); a record checked alone agrees with it checked in its table.

The pydantic models view a constructed record as a one-row table; validation reads the package's
CSV with its own typed reader. Generated rows show that both paths accept and reject alike.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ict_coop.curation import write_table
from ict_coop.models import MODELS
from ict_coop.reading import read_resource
from ict_coop.rules import (
    _SPACE,
    Columns,
    _all_text,
    _holds_control,
    _other_source,
    _text_rules,
    edge_spaces,
    failing_rows,
    message_at,
    rule_masks,
)
from ict_coop.schema import table_schema
from tests.conftest import FIXTURE, read_table

# Perturbations that keep each cell well typed (so only rules, not types, can object).
PERTURB = {
    "events": {
        "date_earliest": ["", "2018-06-01", "1999-01-01"],
        "date_latest": ["", "2030-12-31"],
        "date_edtf": [
            "",
            "2018",
            "2018-05-02",
            "XXXX-05-02",
            "[2018-09-26..2018-09-30]",
            "../2018-05-03",
            "2018-05-33",
            "2018-05~",
            "2018-05-02?",
            "2018-XX",
            "2018-05-XX",
        ],
        "date_precision": ["day", "month", "range", "unknown", "day_unknown_year"],
        "date_basis": ["stated", "not_stated", "inferred_from_context"],
        "date_text": ["", "ngày 2/5"],
        "date_note": ["", "a note"],
        "city_text": ["", "Hà Nội", " Hà Nội"],
        "city_en": ["", "Hanoi"],
        "city_basis": ["stated", "not_stated", "inferred_from_context"],
        "country_code": ["", "VNM"],
        "country_basis": ["stated", "not_stated"],
        "place_note": ["", "note"],
        "reported_as": ["occurred", "context"],
        "date_qualifier": ["exact", "uncertain", "undated", "approximate"],
        "cameo_code": ["", "043"],
        "plover_event_type": ["", "CONSULT", "SUPPORT"],
        "plover_mode": ["", "visit"],
        "parent_event_id": ["", "SELF"],
        "title_en": ["Talks", "Talks\ttab", "Talks "],
    },
    "participants": {
        "participant_id": ["OK", "evt-x/per-y"],
        "person_id": ["", "per-nguyen-manh-hung"],
        "organization_id": ["", "org-vnm-mic"],
        "title_text": ["", "Bộ trưởng"],
        "title_en": ["", "Minister"],
    },
    "commitments": {"target_year": ["", "1800", "2019"], "target_year_text": ["", "trong năm 2019"]},
    "evidence": {
        "quote_id": ["", "src-000:0-5", "src-w0123456789:0-5", "SAME"],
        "kind": ["quote", "cited"],
        "terms": ["", "x" * 101, "Bộ trưởng"],
        "locator": ["", "paragraph 1"],
        "paraphrase": ["", "A paraphrase."],
        "claimed_edtf": ["", "2018-05-02", "2018-02-30"],
        "field": ["kind", "date_text"],
    },
    "sources": {
        "published": ["", "2018-05-03"],
        "published_text": ["", "03/05/2018"],
        "published_basis": ["stated", "not_stated", "inferred_from_metadata"],
        "source_id": ["src-000", "src-001", "src-w0123456789"],
        "kind": ["shipped", "cited"],
        "file_name": ["", "001_832d0b9617072722.txt"],
        "sha256": ["", "0" * 64],
        "url": ["", "https://example.org/a"],
        "publisher_kind": ["", "mirror"],
        "part_read": ["", "the first 2,000 characters"],
        "read_on": ["", "2026-12-01"],
        "review_state": ["drafted", "curated", "reviewed"],
        "curated_by": ["", "curator-1"],
        "curated_on": ["", "2026-12-01"],
        "reviewed_by": ["", "curator-1", "curator-2"],
        "reviewed_on": ["", "2026-12-02"],
    },
    "people": {"country_code": ["", "VNM"], "country_basis": ["stated", "not_stated", "external"]},
    "organizations": {"parent_organization_id": ["", "SELF", "org-vnm-mic"]},
    "furniture": {"start": ["0", "5", "-1"], "end": ["1", "5"]},
    "quotes": {
        "quote_id": ["OK", "src-000:0-5"],
        "source_id": ["src-000", "src-001"],
        "start": ["0", "5", "-1"],
        "end": ["1", "5", "6"],
        "text": ["Bộ trưởng", "x"],
    },
    "event_partners": {
        "partner_id": ["OK", "evt-x/JPN"],
        "country_code": ["", "JPN"],
        "organization_id": ["", "org-int-itu"],
    },
    "commitment_makers": {
        "maker_id": ["OK", "VNM"],
        "country_code": ["", "VNM"],
        "organization_id": ["", "org-vnm-mic"],
    },
    "aliases": {
        "alias_id": ["OK", "per-x@src-000"],
        "person_id": ["", "per-nguyen-manh-hung"],
        "organization_id": ["", "org-vnm-mic"],
    },
    "agreements": {
        "term_text": ["", "giai đoạn 2021-2025"],
        "term_start_year": ["", "2021", "2026"],
        "term_end_year": ["", "2025"],
        "status": ["signed", "planned", "unknown"],
        "signed_at_event_id": ["", "evt-x"],
        "signed_city_text": ["", "Hà Nội"],
        "signed_city_en": ["", "Hanoi"],
        "date_qualifier": ["exact", "uncertain", "undated"],
    },
    "agreement_parties": {"signatory_title_text": ["", "Bộ trưởng"], "signatory_title_en": ["", "Minister"]},
}


def test_every_rule_table_is_perturbed():
    """Each table with record rules has perturbations here, so the parity test covers every rule table."""
    from ict_coop.rules import RULES

    assert set(RULES) <= set(PERTURB)


def _pydantic_accepts(name: str, row: dict) -> bool:
    try:
        MODELS[name].model_validate(row)
    except ValidationError:
        return False
    return True


@st.composite
def perturbed_rows(draw, name=None):
    name = name or draw(st.sampled_from(sorted(PERTURB)))
    rows = read_table(FIXTURE, name)
    row = dict(draw(st.sampled_from(rows)))
    for field, options in PERTURB[name].items():
        if draw(st.booleans()):
            row[field] = draw(st.sampled_from(options))
    if row.get("parent_event_id") == "SELF":
        row["parent_event_id"] = row["event_id"]
    if row.get("parent_organization_id") == "SELF":
        row["parent_organization_id"] = row["organization_id"]
    if name == "participants" and row["participant_id"] == "OK":
        row["participant_id"] = f"{row['event_id']}/{row['person_id'] or row['organization_id'] or 'per-x'}"
    if name == "event_partners" and row["partner_id"] == "OK":
        row["partner_id"] = f"{row['event_id']}/{row['organization_id'] or row['country_code'] or 'XXX'}"
    if name == "commitment_makers" and row["maker_id"] == "OK":
        row["maker_id"] = row["organization_id"] or row["country_code"] or "XXX"
    if name == "quotes" and row["quote_id"] == "OK":
        row["quote_id"] = f"{row['source_id']}:{row['start']}-{row['end']}"
    if name == "evidence" and row["quote_id"] == "SAME":
        row["quote_id"] = f"{row['source_id']}:3-8"
    if name == "aliases" and row["alias_id"] == "OK":
        row["alias_id"] = f"{row['person_id'] or row['organization_id'] or 'per-x'}@{row['source_id']}"
    return name, row


@given(st.lists(perturbed_rows(), min_size=1, max_size=8))
def test_pydantic_and_column_rules_agree(cases):
    for name, row in cases:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            write_table(root, name, [row])
            table, _, issues, _ = read_resource(root, name, {"path": f"data/{name}.csv"})
            if issues:  # a structural finding (pattern, type): the rules are not asked
                continue
            typed = table.to_pylist()[0]
            column_wise = failing_rows(name, table).to_pylist()[0]
            assert column_wise == (not _pydantic_accepts(name, typed)), (name, row)


def test_every_fixture_row_passes_both():
    for name in MODELS:
        rows = read_table(FIXTURE, name)
        if not rows:
            continue
        table, _, issues, _ = read_resource(FIXTURE, name, {"path": f"data/{name}.csv"})
        assert not issues
        assert not any(failing_rows(name, table).to_pylist()), name
        assert all(_pydantic_accepts(name, row) for row in table.to_pylist()), name


def _perturbed_table(name: str, rows: list[dict]) -> pa.Table | None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_table(root, name, rows)
        table, _, issues, _ = read_resource(root, name, {"path": f"data/{name}.csv"})
    return None if issues else table


def _messages(name: str, table: pa.Table) -> list[list[tuple[str, str]]]:
    """Per row, the (field, message) of every rule it breaks."""
    found: list[list[tuple[str, str]]] = [[] for _ in range(table.num_rows)]
    for mask, field, message in rule_masks(name, table):
        for index, failing in enumerate(pc.fill_null(mask, False).to_pylist()):
            if failing:
                found[index].append((field, message_at(message, index)))
    return found


@settings(max_examples=60)
@given(st.sampled_from(sorted(PERTURB)).flatmap(lambda n: st.lists(perturbed_rows(n), min_size=2, max_size=12)))
def test_a_table_gives_each_row_the_messages_it_gets_alone(cases):
    """Rules computed once per distinct value (dictionaries, one search per column) say per row
    what the same rules say of that row as a one-row table (the path of a record checked alone)."""
    name = cases[0][0]
    table = _perturbed_table(name, [row for _, row in cases])
    if table is None:  # a structural finding (pattern, type): the rules are not asked
        return
    alone = [_messages(name, table.slice(index, 1))[0] for index in range(table.num_rows)]
    assert _messages(name, table) == alone


CONTROL = "[\x00-\x08\x0b-\x1f\x7f]"
TEXT = st.lists(
    st.sampled_from(
        ["a", "ệ", " ", "\t", "\n", "\x1f", "\x00", "\x7f", "\x85", "\xa0", "\u3000", "\u200b", "\u2028", "\u2030"]
    )
)


@given(st.lists(st.none() | TEXT.map("".join), min_size=1, max_size=6), st.integers(0, 2))
def test_text_rules_find_what_a_search_of_each_value_finds(values, skipped):
    fields = [f["name"] for f in table_schema(MODELS["events"])["fields"] if "maxLength" in f.get("constraints", {})]
    # each Text field its own arrangement of the values, so fields differ within a row
    table = pa.table({name: pa.array(values[i:] + values[:i], pa.string()) for i, name in enumerate(fields)})
    rules = {(field, message): mask for mask, field, message in _text_rules(Columns(table), "events")}
    for field in table.column_names:
        control = rules[(field, "text must not contain control characters")]
        edges = rules[(field, "text must not start or end with white space")]
        values = table[field].to_pylist()
        searched = [v is not None and bool(re.search(CONTROL, v)) for v in values]
        stripped = [v is not None and v != v.strip(edge_spaces()) for v in values]
        assert pc.fill_null(control, False).to_pylist() == searched
        assert pc.fill_null(edges, False).to_pylist() == stripped
        # the byte-level pre-test on a column whose values do not start at its first byte
        filler = ["\x00 ", None][:skipped]
        sliced = pa.array(filler + values, pa.string()).slice(skipped)
        assert _holds_control(sliced) == any(searched)
        assert _all_text(sliced).to_pylist() == ["".join(v for v in values if v)]


def test_the_edge_spaces_are_the_characters_of_the_white_space_class():
    every = pa.array([chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000])
    matched = pc.filter(every, pc.match_substring_regex(every, f"^{_SPACE}$")).to_pylist()
    assert sorted(matched) == sorted(edge_spaces())


ID = st.lists(st.sampled_from(["src-1", ":", "-", "0", "42", "ệ", "a", "\n"]), max_size=4).map("".join)
DIGITS = st.sampled_from(["", "0", "42"])
# ids near the form source:start-end: each part there or not, and something after it or not
QUOTE_ID = st.tuples(
    ID, st.sampled_from(["", ":"]), DIGITS, st.sampled_from(["", "-"]), DIGITS, st.sampled_from(["", "\n", "ệ"])
)


# each a near miss: start and end digits, the ':' and the '-' are all needed, at the very end
@example([(q, source, -1, True) for q, source in [("a0-0", ""), ("s:4a2", "s"), ("s:-2", "s"), ("s:4-", "s")]])
@example([("s:4-2\n", "s", -1, True), ("s:4-2", "s", -1, True), ("s:4-2", "s:4-2", -1, True), (None, "s", -1, True)])
@given(
    st.lists(
        st.tuples(st.none() | QUOTE_ID.map("".join), ID, st.integers(-1, 12), st.booleans()), min_size=1, max_size=8
    )
)
def test_the_source_a_quote_id_names_is_the_id_without_its_offsets(rows):
    quote_ids = [q for q, _, _, _ in rows]
    # a source is some other id, or the quote_id cut somewhere (the one right cut among the wrong ones)
    sources = [other if q is None or cut < 0 else q[: cut % (len(q) + 1)] for q, other, cut, _ in rows]
    where = [w for *_, w in rows]
    differs = _other_source(pa.array(quote_ids, pa.string()), pa.array(sources, pa.string()), pa.array(where))
    named = [None if q is None else re.sub(r":[0-9]+-[0-9]+\Z", "", q) for q in quote_ids]
    assert differs.to_pylist() == [
        w and n is not None and n != s for n, s, w in zip(named, sources, where, strict=True)
    ]
