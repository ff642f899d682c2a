"""Curation tools: offsets are filled from quotes; bad quotes are refused with a reason."""

from __future__ import annotations

from ict_coop.cli import main
from ict_coop.curation import fill_offsets, read_rows, sort_tables
from tests.conftest import REPO, read_table, write_rows


def test_fill_recomputes_every_offset(package):
    rows = read_table(package, "evidence")
    for row in rows:
        row["start"] = row["end"] = ""
    write_rows(package, "evidence", rows)
    furniture = read_table(package, "furniture")
    for row in furniture:
        row["start"] = row["end"] = ""
    write_rows(package, "furniture", furniture)
    assert fill_offsets(package) == []
    for name in ("evidence", "furniture"):
        assert (package / "data" / f"{name}.csv").read_bytes() == (REPO / "data" / f"{name}.csv").read_bytes()


def _with_quote(package, quote):
    rows = read_table(package, "evidence")
    rows[0]["quote"] = quote
    write_rows(package, "evidence", rows)


def test_missing_quote_is_refused(package):
    _with_quote(package, "Bộ trưởng đã ký hiệp định thương mại")
    problems = fill_offsets(package)
    assert [(p.code, p.row, p.field) for p in problems] == [("quote-mismatch", 2, "quote")]
    assert "not found" in problems[0].message


def test_ambiguous_quote_is_refused(package):
    _with_quote(package, "Bộ trưởng")
    problems = fill_offsets(package)
    assert len(problems) == 1
    assert "times" in problems[0].message and "more context" in problems[0].message


def test_white_space_difference_is_explained(package):
    rows = read_table(package, "evidence")
    index = next(i for i, r in enumerate(rows) if "\xa0" in r["quote"])
    rows[index]["quote"] = rows[index]["quote"].replace("\xa0", " ")
    write_rows(package, "evidence", rows)
    problems = fill_offsets(package)
    assert len(problems) == 1
    assert "different white space" in problems[0].message and "\\xa0" in problems[0].message


def test_a_quote_found_only_in_furniture_is_refused(package):
    rows = read_table(package, "evidence")
    index = next(i for i, r in enumerate(rows) if r["resource"] == "events")
    rows[index].update(quote="Toàn cảnh buổi tiếp.", source_id="src-002")
    write_rows(package, "evidence", rows)
    problems = fill_offsets(package)
    assert [(p.code, p.row) for p in problems] == [("quote-in-furniture", index + 2)]


def test_refusal_writes_nothing_and_cli_exits_1(package, capsys):
    _with_quote(package, "no such sentence")
    before = (package / "data" / "evidence.csv").read_bytes()
    assert main(["curate", "fill", str(package)]) == 1
    assert "refused" in capsys.readouterr().out
    assert (package / "data" / "evidence.csv").read_bytes() == before


def test_sort_restores_canonical_order(package):
    rows = read_table(package, "events")
    write_rows(package, "events", list(reversed(rows)))
    assert main(["validate", str(package)]) == 1
    sort_tables(package)
    assert (package / "data" / "events.csv").read_bytes() == (REPO / "data" / "events.csv").read_bytes()
    assert read_rows(package, "topics") == read_rows(REPO, "topics")
