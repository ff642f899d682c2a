"""The report and the acceptance case of issue 3 (the full fault corpus is in test_corpus.py)."""

from __future__ import annotations

import json

import pytest

from ict_coop import DataValidationError, validate
from tests.corpus import dangling_reference, impossible_date


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


@pytest.mark.parametrize("threads", [1, 2])
def test_check_times_its_stages(package, monkeypatch, threads):
    """Every stage of the check is timed; on one thread in the order it ran, adding up to at most the whole.

    On ``threads`` threads the stages after reading overlap: they add up to at most the
    reading plus ``threads`` times the rest.
    """
    import time

    from ict_coop.validation import check

    monkeypatch.setenv("ICT_COOP_THREADS", str(threads))
    start = time.perf_counter()
    checked = check(package)
    whole = time.perf_counter() - start
    stages = checked.stages
    assert next(iter(stages)) == "read"
    if threads == 1:
        assert list(stages)[1:3] == ["profile", "record_rules"]
    assert {"seeds", "passages", "verbatim", "required_evidence", "quote_use", "cycles", "cross:names"} <= set(stages)
    assert all(seconds >= 0 for seconds in stages.values())
    read = stages["read"]
    assert sum(stages.values()) - read <= threads * (whole - read)
    assert list(checked.stage_cpu) == list(stages) and all(seconds >= 0 for seconds in checked.stage_cpu.values())


@pytest.mark.parametrize("rows", [[], [3], [2, 3, 4], [0, 2, 3], [1, 4]])
def test_picking_rows_equals_taking_them(rows):
    """The slice taken for consecutive rows (a table's evidence) holds what ``take`` gives."""
    import pyarrow as pa

    from ict_coop.validation import _pick

    values = pa.array(["a", None, "c", "d", "e", "f"])
    indices = pa.array(rows, pa.uint64())
    assert _pick(values, indices).to_pylist() == values.take(indices).to_pylist()


def test_a_quote_recorded_twice_is_one_key_finding(package):
    """A quote row repeated is a ``primary-key`` finding; neither copy is an ``unused-quote``.

    The check of unused quotes works from the rows the key check found each evidence row's
    quote in (the first of two equal ids): with an id twice it compares the ids instead.
    """
    from tests.conftest import read_table, write_rows

    rows = read_table(package, "quotes")
    rows.insert(5, dict(rows[5]))
    write_rows(package, "quotes", rows)
    second = 5 + 3  # rows are numbered from 2, and the copy comes second
    assert {(i.code, i.file, i.row) for i in validate(package).issues} == {("primary-key", "data/quotes.csv", second)}


def _rewrite_seed(root, source_id: str, change) -> int:
    """Change a seed's bytes and record its new SHA-256, so that only what the bytes hold is a finding."""
    import hashlib

    from tests.conftest import read_table, set_cell

    rows = read_table(root, "sources")
    row = next(i for i, r in enumerate(rows) if r["source_id"] == source_id) + 2
    path = root / "seeds" / rows[row - 2]["file_name"]
    path.write_bytes(change(path.read_bytes()))
    set_cell(root, "sources", row, "sha256", hashlib.sha256(path.read_bytes()).hexdigest())
    return row


@pytest.mark.parametrize("records", [1, 2, 7, None])
def test_verbatim_values_are_found_whatever_the_chunks_of_records(package, monkeypatch, records):
    """A verbatim value no quote of its record holds is one finding, however the records are chunked.

    The check takes `validation.VERBATIM_RECORDS` records at a time: one record a chunk, two,
    seven or the default give the same findings, in the same order (field by field, row by row).
    """
    from ict_coop import validation
    from tests.conftest import read_table, set_cell

    if records is not None:
        monkeypatch.setattr(validation, "VERBATIM_RECORDS", records)
    changed = []
    for resource, field in (("events", "city_text"), ("events", "venue_text"), ("participants", "title_text")):
        rows = [i for i, row in enumerate(read_table(package, resource)) if row[field]]
        for index in (rows[0], rows[len(rows) // 2], rows[-1]):  # first, middle and last of the table
            set_cell(package, resource, index + 2, field, f"nowhere in any quote {index}")
            changed.append(("text-not-in-quote", f"data/{resource}.csv", index + 2, field))
    found = [(i.code, i.file, i.row, i.field) for i in validate(package).issues]
    order = {"events": 0, "participants": 1}
    fields = {f: k for k, f in enumerate(validation.describe()["events"].verbatim)}
    expected = sorted(set(changed), key=lambda c: (order[c[1][5:-4]], fields.get(c[3], 0), c[2]))
    assert found == expected


@pytest.mark.parametrize("batch_bytes", [1, 4096, None])
def test_seeds_not_utf8_or_not_nfc(package, monkeypatch, batch_bytes):
    """A seed that is not UTF-8 is one finding on its source row; one in NFD is checked in its NFC form.

    The seeds are proved UTF-8 and NFC a batch at a time (`validation._lay_out`): the findings
    do not depend on how the seeds fall into batches (one a batch, a few, all in one).
    """
    import unicodedata

    from ict_coop import validation

    if batch_bytes is not None:
        monkeypatch.setattr(validation, "BATCH_BYTES", batch_bytes)
    broken = _rewrite_seed(package, "src-001", lambda data: data.replace(b"26-30/9", b"26-30/9 \xff", 1))
    _rewrite_seed(package, "src-002", lambda data: unicodedata.normalize("NFD", data.decode("utf-8")).encode("utf-8"))
    issues = validate(package).issues
    assert [(i.code, i.file, i.row) for i in issues] == [("encoding-error", "data/sources.csv", broken)]
    assert "seeds/001_832d0b9617072722.txt is not UTF-8" in issues[0].message
