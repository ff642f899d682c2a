"""Seeded faults: each copy of the package has one known fault and exact expected findings."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from ict_coop import DataValidationError, load, validate
from tests.conftest import read_table, refresh_descriptor, set_cell, write_rows


def row_of(root: Path, resource: str, field: str, value: str) -> int:
    """The row number (header = 1) of the first row whose ``field`` is ``value``."""
    for index, row in enumerate(read_table(root, resource)):
        if row[field] == value:
            return index + 2
    raise LookupError(value)


def evidence_row(root: Path, resource: str, key: str, field: str) -> int:
    for index, row in enumerate(read_table(root, "evidence")):
        if (row["resource"], row["record_key"], row["field"]) == (resource, key, field):
            return index + 2
    raise LookupError(key)


# Each fault: (id, function that breaks the copy and returns the expected findings).


def wrong_type(root):
    row = row_of(root, "countries", "country_code", "JPN")
    set_cell(root, "countries", row, "cow_code", "seven-forty")
    return {("type-error", "data/countries.csv", row, "cow_code")}


def impossible_date(root):
    row = row_of(root, "events", "event_id", "evt-jpn-mic-reception")
    set_cell(root, "events", row, "date_latest", "2018-02-30")
    return {("type-error", "data/events.csv", row, "date_latest")}


def bounds_reversed(root):
    row = row_of(root, "events", "event_id", "evt-jpn-jwg-meeting")
    set_cell(root, "events", row, "date_earliest", "2018-06-01")
    return {("rule-error", "data/events.csv", row, "date_earliest")}


def unknown_vocabulary(root):
    row = row_of(root, "events", "event_id", "evt-jpn-mic-reception")
    set_cell(root, "events", row, "kind", "banquet")
    return {("constraint-error", "data/events.csv", row, "kind")}


def duplicate_key(root):
    rows = read_table(root, "countries")
    rows.insert(1, dict(rows[0]))
    write_rows(root, "countries", rows)
    return {("primary-key", "data/countries.csv", 3, "country_code")}


def dangling_reference(root):
    row = row_of(root, "events", "event_id", "evt-jpn-mic-reception")
    set_cell(root, "events", row, "partner_country_code", "FRA")
    return {("foreign-key", "data/events.csv", row, "partner_country_code")}


def dangling_self_reference(root):
    row = row_of(root, "events", "event_id", "evt-jpn-mic-reception")
    set_cell(root, "events", row, "parent_event_id", "evt-jpn-nowhere")
    return {("foreign-key", "data/events.csv", row, "parent_event_id")}


def child_outside_parent(root):
    row = row_of(root, "events", "event_id", "evt-tza-ccm-digital-museum")
    for field, value in (("date_edtf", "2023-05-18"), ("date_earliest", "2023-05-18"), ("date_latest", "2023-05-18")):
        set_cell(root, "events", row, field, value)
    return {("parent-bounds", "data/events.csv", row, "date_latest")}


def quote_off_its_offsets(root):
    row = evidence_row(root, "events", "evt-jpn-mic-reception", "kind")
    rows = read_table(root, "evidence")
    rows[row - 2]["start"] = str(int(rows[row - 2]["start"]) + 1)
    rows[row - 2]["end"] = str(int(rows[row - 2]["end"]) + 1)
    write_rows(root, "evidence", rows)
    return {("quote-mismatch", "data/evidence.csv", row, "quote")}


def nfd_text(root):
    row = row_of(root, "people", "person_id", "per-nguyen-manh-hung")
    set_cell(root, "people", row, "name", unicodedata.normalize("NFD", "Nguyễn Mạnh Hùng"))
    return {("not-nfc", "data/people.csv", row, "name")}


def byte_order_mark(root):
    path = root / "data" / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    refresh_descriptor(root)
    return {("bom", "data/events.csv", 1, None)}


def crlf(root):
    path = root / "data" / "events.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    refresh_descriptor(root)
    return {("line-endings", "data/events.csv", 1, None)}


def missing_column(root):
    rows = [{k: v for k, v in r.items() if k != "gw_code"} for r in read_table(root, "countries")]
    write_rows(root, "countries", rows)
    return {("header-error", "data/countries.csv", 1, None)}


def blank_row(root):
    path = root / "data" / "countries.csv"
    lines = path.read_bytes().split(b"\n")
    lines.insert(3, b"")
    path.write_bytes(b"\n".join(lines))
    refresh_descriptor(root)
    return {("row-shape", "data/countries.csv", 4, None)}


def changed_seed(root):
    seed = root / "seeds" / "001_832d0b9617072722.txt"
    seed.write_bytes(seed.read_bytes().replace(b"26-30/9", b"26-29/9"))
    row = row_of(root, "sources", "source_id", "src-001")
    return {("seed-error", "data/sources.csv", row, "sha256")}


def missing_seed(root):
    (root / "seeds" / "003_94d59fef2be946c9.txt").unlink()
    row = row_of(root, "sources", "source_id", "src-003")
    return {("seed-error", "data/sources.csv", row, "file_name")}


def descriptor_not_json(root):
    (root / "datapackage.json").write_text("{ not json", encoding="utf-8")
    return {("descriptor-error", "datapackage.json", None, None)}


def stale_hash(root):
    path = root / "data" / "countries.csv"
    path.write_bytes(path.read_bytes().replace(b"Japan", b"Nippon"))
    return {
        ("descriptor-drift", "datapackage.json", None, "bytes"),
        ("descriptor-drift", "datapackage.json", None, "hash"),
    }


def missing_evidence(root):
    rows = [
        r
        for r in read_table(root, "evidence")
        if (r["resource"], r["record_key"], r["field"]) != ("events", "evt-jpn-mic-reception", "date_text")
    ]
    write_rows(root, "evidence", rows)
    row = row_of(root, "events", "event_id", "evt-jpn-mic-reception")
    return {("missing-evidence", "data/events.csv", row, "date_text")}


def date_text_not_in_quote(root):
    row = row_of(root, "events", "event_id", "evt-jpn-mic-reception")
    set_cell(root, "events", row, "date_text", "Sáng ngày 2/5/2018")
    return {("text-not-in-quote", "data/events.csv", row, "date_text")}


def quote_from_a_caption(root):
    """Point an event's evidence at a caption of the same page (offsets moved to it)."""
    caption = "Toàn cảnh buổi tiếp."
    text = (root / "seeds" / "002_fee9090671b3a111.txt").read_text(encoding="utf-8")
    row = evidence_row(root, "event_topics", "evt-jpn-mic-reception|smart_cities", "topic_id")
    rows = read_table(root, "evidence")
    start = text.index(caption)
    rows[row - 2].update(quote=caption, start=str(start), end=str(start + len(caption)))
    write_rows(root, "evidence", rows)
    return {("quote-in-furniture", "data/evidence.csv", row, "quote")}


FAULTS = [
    wrong_type,
    impossible_date,
    bounds_reversed,
    unknown_vocabulary,
    duplicate_key,
    dangling_reference,
    dangling_self_reference,
    child_outside_parent,
    quote_off_its_offsets,
    nfd_text,
    byte_order_mark,
    crlf,
    missing_column,
    blank_row,
    changed_seed,
    missing_seed,
    descriptor_not_json,
    stale_hash,
    missing_evidence,
    date_text_not_in_quote,
    quote_from_a_caption,
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.__name__ for f in FAULTS])
def test_fault_is_found_exactly_and_load_refuses(package, fault):
    expected = fault(package)
    report = validate(package)
    found = {(i.code, i.file, i.row, i.field) for i in report.issues}
    assert found == expected, [str(i) for i in report.issues]
    with pytest.raises(DataValidationError) as caught:
        load(path=package)
    assert {(i.code, i.file, i.row, i.field) for i in caught.value.issues} == expected


def test_not_utf8_is_located(package):
    path = package / "data" / "people.csv"
    data = path.read_bytes()
    broken = data.replace("Hùng".encode(), b"H\xf9ng", 1)
    path.write_bytes(broken)
    refresh_descriptor(package)
    line = broken[: broken.index(b"\xf9")].count(b"\n") + 1
    issues = validate(package).issues
    assert [(i.code, i.file, i.row) for i in issues] == [("encoding-error", "data/people.csv", line)]


def test_dangling_reference_and_impossible_date_together(package):
    """Issue 3's acceptance case: both problems named with file and row."""
    expected = dangling_reference(package) | impossible_date(package)
    found = {(i.code, i.file, i.row, i.field) for i in validate(package).issues}
    assert found == expected


def test_report_shapes(package):
    dangling_reference(package)
    report = validate(package)
    assert not report.valid
    assert report.flatten(["code", "row"]) == [["foreign-key", report.issues[0].row]]
    as_dict = report.to_dict()
    assert as_dict["valid"] is False and as_dict["count"] == 1
    assert json.loads(json.dumps(as_dict))["issues"][0]["code"] == "foreign-key"
    with pytest.raises(DataValidationError, match="foreign-key"):
        report.raise_if_invalid()


STRUCTURAL = [
    wrong_type,
    impossible_date,
    unknown_vocabulary,
    duplicate_key,
    dangling_reference,
    dangling_self_reference,
    missing_column,
    stale_hash,
]


@pytest.mark.parametrize("fault", STRUCTURAL, ids=[f.__name__ for f in STRUCTURAL])
def test_frictionless_flags_the_same_rows(package, fault):
    """frictionless is the reference: for structural faults it flags the same file and rows."""
    frictionless = pytest.importorskip("frictionless")
    expected = fault(package)
    report = frictionless.Package(str(package / "datapackage.json")).validate()
    theirs = set()
    for task in report.tasks:
        for error in task.errors:
            theirs.add((task.place, getattr(error, "row_number", None)))
    # frictionless gives header problems no row number; ours call the header row 1
    ours = {(file, None if row == 1 else row) for _, file, row, _ in expected if file != "datapackage.json"}
    if ours:
        assert ours == theirs
    else:  # descriptor-level: frictionless reports it as a hash/byte error on the resource
        assert not report.valid
