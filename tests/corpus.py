"""The seeded-error corpus: one known fault per package, with the exact findings expected.

Each fault takes a fresh copy of the shipped package (see ``conftest.copy_package``), breaks
it in one way, and returns the findings ``ict-coop validate`` must report, as
``(code, file, row, field)``. ``frictionless`` says what the reference validator sees:

- ``"same-rows"``: it flags exactly the same files and rows;
- ``"invalid"``: it flags the package, at another granularity (descriptor, hash);
- ``"blind"``: it finds nothing; ict-coop sees more (v2 rules frictionless skips, provenance,
  dates, encoding details it repairs silently).

Run ``python -m tests.corpus`` to print the figures, or ``--write`` to update them in
``docs/errors.md``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import read_table, refresh_descriptor, set_cell, write_rows
from tests.corpus_hostile import hostile_faults

Finding = tuple[str, str | None, int | None, str | None]


@dataclass(frozen=True)
class Fault:
    """One seeded fault."""

    name: str
    apply: Callable[[Path], set[Finding]]
    frictionless: str  # "same-rows", "invalid", "blind", "crashes" or "fetches" (see VERDICTS)


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


def _rewrite(root: Path, relative: str, change: Callable[[bytes], bytes], *, refresh: bool = True) -> None:
    path = root / relative
    path.write_bytes(change(path.read_bytes()))
    if refresh:
        refresh_descriptor(root)


def _descriptor(root: Path, change: Callable[[dict], None]) -> None:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    change(descriptor)
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def _resource_index(root: Path, name: str) -> int:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return [r["name"] for r in descriptor["resources"]].index(name)


RECEPTION = "evt-jpn-mic-reception"

# ----------------------------------------------------------------------------- cells


def wrong_type(root):
    row = row_of(root, "countries", "country_code", "JPN")
    set_cell(root, "countries", row, "cow_code", "seven-forty")
    return {("type-error", "data/countries.csv", row, "cow_code")}


def impossible_date(root):
    row = row_of(root, "events", "event_id", RECEPTION)
    set_cell(root, "events", row, "date_latest", "2018-02-30")
    return {("type-error", "data/events.csv", row, "date_latest")}


def bounds_reversed(root):
    row = row_of(root, "events", "event_id", "evt-jpn-jwg-meeting")
    set_cell(root, "events", row, "date_earliest", "2018-06-01")
    return {("rule-error", "data/events.csv", row, "date_earliest")}


def unknown_vocabulary(root):
    row = row_of(root, "events", "event_id", RECEPTION)
    set_cell(root, "events", row, "kind", "banquet")
    return {("constraint-error", "data/events.csv", row, "kind")}


def nfd_text(root):
    row = row_of(root, "people", "person_id", "per-nguyen-manh-hung")
    set_cell(root, "people", row, "name", unicodedata.normalize("NFD", "Nguyễn Mạnh Hùng"))
    return {("not-nfc", "data/people.csv", row, "name")}


def huge_cell(root):
    row = row_of(root, "events", "event_id", RECEPTION)
    set_cell(root, "events", row, "summary_en", "Talks. " * 300_000)  # about 2 MB in one cell
    return {
        ("constraint-error", "data/events.csv", row, "summary_en"),
        ("cell-too-large", "data/events.csv", row, "summary_en"),
    }


# ----------------------------------------------------------------------------- keys


def duplicate_key(root):
    rows = read_table(root, "countries")
    rows.insert(1, dict(rows[0]))
    write_rows(root, "countries", rows)
    return {("primary-key", "data/countries.csv", 3, "country_code")}


def dangling_reference(root):
    row = row_of(root, "events", "event_id", RECEPTION)
    set_cell(root, "events", row, "country_code", "ZZZ")
    return {("foreign-key", "data/events.csv", row, "country_code")}


def dangling_self_reference(root):
    row = row_of(root, "events", "event_id", RECEPTION)
    set_cell(root, "events", row, "parent_event_id", "evt-jpn-nowhere")
    return {("foreign-key", "data/events.csv", row, "parent_event_id")}


def child_outside_parent(root):
    row = row_of(root, "events", "event_id", "evt-tza-ccm-digital-museum")
    for field in ("date_edtf", "date_earliest", "date_latest"):
        set_cell(root, "events", row, field, "2023-05-18")
    return {("parent-bounds", "data/events.csv", row, "date_latest")}


def rows_out_of_order(root):
    rows = read_table(root, "countries")
    rows[0], rows[1] = rows[1], rows[0]
    write_rows(root, "countries", rows)
    return {("row-order", "data/countries.csv", 2, "country_code")}


# ----------------------------------------------------------------------------- provenance


def _quote_of(root: Path, resource: str, key: str, field: str) -> str:
    """The quote_id of the evidence row behind one fact."""
    return read_table(root, "evidence")[evidence_row(root, resource, key, field) - 2]["quote_id"]


def quote_off_its_offsets(root):
    quote_id = _quote_of(root, "events", RECEPTION, "kind")
    row = row_of(root, "quotes", "quote_id", quote_id)
    rows = read_table(root, "quotes")
    text = rows[row - 2]["text"]
    rows[row - 2]["text"] = text[1:] + text[0]  # the same length, so only the comparison with the seed can tell
    write_rows(root, "quotes", rows)
    return {("quote-mismatch", "data/quotes.csv", row, "text")}


def _add_passage(root: Path, source_id: str, start: int, text: str) -> str:
    """Add a row to ``quotes`` (in key order); return its quote_id."""
    quote_id = f"{source_id}:{start}-{start + len(text)}"
    quotes = read_table(root, "quotes")
    passage = {"quote_id": quote_id, "source_id": source_id, "start": str(start), "end": str(start + len(text))}
    quotes.append({**quotes[0], **passage, "text": text})
    quotes.sort(key=lambda r: r["quote_id"])
    write_rows(root, "quotes", quotes)
    return quote_id


def _left_over(root: Path, old: str) -> set[Finding]:
    """`unused-quote` for passage ``old`` when no evidence row cites it any more."""
    if any(r["quote_id"] == old for r in read_table(root, "evidence")):
        return set()
    return {("unused-quote", "data/quotes.csv", row_of(root, "quotes", "quote_id", old), "quote_id")}


def _cite(root: Path, row: int, quote_id: str) -> set[Finding]:
    """Point evidence ``row`` at ``quote_id``; the findings its old passage then gives."""
    old = read_table(root, "evidence")[row - 2]["quote_id"]
    set_cell(root, "evidence", row, "quote_id", quote_id)
    return _left_over(root, old)


def _cite_passage(root: Path, row: int, source_id: str, start: int, text: str) -> set[Finding]:
    """Point evidence ``row`` at a new passage of ``source_id``; the findings its old one then gives."""
    return _cite(root, row, _add_passage(root, source_id, start, text))


def quote_from_a_caption(root):
    caption = "Toàn cảnh buổi tiếp."
    text = (root / "seeds" / "002_fee9090671b3a111.txt").read_text(encoding="utf-8")
    row = evidence_row(root, "event_topics", f"{RECEPTION}|smart_cities", "topic_id")
    left_over = _cite_passage(root, row, "src-002", text.index(caption), caption)
    return {("quote-in-furniture", "data/evidence.csv", row, "quote_id"), *left_over}


def quote_no_fact_cites(root):
    text = (root / "seeds" / "002_fee9090671b3a111.txt").read_text(encoding="utf-8")
    quote_id = _add_passage(root, "src-002", text.index("Bộ trưởng"), "Bộ trưởng")
    return {("unused-quote", "data/quotes.csv", row_of(root, "quotes", "quote_id", quote_id), "quote_id")}


def quote_of_another_source(root):
    """A fact of the reception (src-002) names a passage of another seed: the rule refuses it."""
    row = evidence_row(root, "events", RECEPTION, "kind")
    other = next(r["quote_id"] for r in read_table(root, "quotes") if r["source_id"] != "src-002")
    return {("rule-error", "data/evidence.csv", row, "quote_id"), *_cite(root, row, other)}


def missing_evidence(root):
    gone = ("events", RECEPTION, "date_text")
    rows = [r for r in read_table(root, "evidence") if (r["resource"], r["record_key"], r["field"]) != gone]
    write_rows(root, "evidence", rows)
    return {("missing-evidence", "data/events.csv", row_of(root, "events", "event_id", RECEPTION), "date_text")}


def date_text_not_in_quote(root):
    row = row_of(root, "events", "event_id", RECEPTION)
    set_cell(root, "events", row, "date_text", "Sáng ngày 2/5/2018")
    return {("text-not-in-quote", "data/events.csv", row, "date_text")}


def changed_seed(root):
    _rewrite(root, "seeds/001_832d0b9617072722.txt", lambda b: b.replace(b"26-30/9", b"26-29/9"), refresh=False)
    return {("seed-error", "data/sources.csv", row_of(root, "sources", "source_id", "src-001"), "sha256")}


def missing_seed(root):
    (root / "seeds" / "003_94d59fef2be946c9.txt").unlink()
    return {("seed-error", "data/sources.csv", row_of(root, "sources", "source_id", "src-003"), "file_name")}


def symlinked_seed(root, outside: Path | None = None):
    outside = outside or root.parent / "outside-seed.txt"
    seed = root / "seeds" / "004_e3547d14e92fa64a.txt"
    outside.write_bytes(seed.read_bytes())
    seed.unlink()
    seed.symlink_to(outside)
    row = row_of(root, "sources", "source_id", "src-004")
    return {("unsafe-path", "data/sources.csv", row, "file_name")}


# ----------------------------------------------------------------------------- file level


def byte_order_mark(root):
    _rewrite(root, "data/events.csv", lambda b: b"\xef\xbb\xbf" + b)
    return {("bom", "data/events.csv", 1, None)}


def crlf(root):
    _rewrite(root, "data/events.csv", lambda b: b.replace(b"\n", b"\r\n"))
    return {("line-endings", "data/events.csv", 1, None)}


def not_utf8(root):
    data = (root / "data" / "people.csv").read_bytes()
    line = data[: data.index("Hùng".encode())].count(b"\n") + 1
    _rewrite(root, "data/people.csv", lambda b: b.replace("Hùng".encode(), b"H\xf9ng", 1))
    return {("encoding-error", "data/people.csv", line, None)}


def missing_column(root):
    write_rows(
        root, "countries", [{k: v for k, v in r.items() if k != "gw_code"} for r in read_table(root, "countries")]
    )
    return {("header-error", "data/countries.csv", 1, None)}


def extra_column(root):
    write_rows(root, "countries", [{**r, "capital": "?"} for r in read_table(root, "countries")])
    return {("header-error", "data/countries.csv", 1, None)}


def empty_file(root):
    _rewrite(root, "data/agreement_topics.csv", lambda b: b"")
    return {("empty-file", "data/agreement_topics.csv", None, None)}


def header_only(root):
    makers = read_table(root, "commitment_makers")
    _rewrite(root, "data/commitment_makers.csv", lambda b: b.split(b"\n", 1)[0] + b"\n")
    commitments = read_table(root, "commitments")
    made = {m["commitment_id"] for m in makers}
    return {
        ("missing-link", "data/commitments.csv", i + 2, "commitment_id")
        for i, c in enumerate(commitments)
        if c["commitment_id"] in made
    }


def blank_row(root):
    def insert(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines.insert(3, b"")
        return b"\n".join(lines)

    _rewrite(root, "data/countries.csv", insert)
    return {("row-shape", "data/countries.csv", 4, None)}


def short_row(root):
    def cut(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines[2] = lines[2].rsplit(b",", 1)[0]
        return b"\n".join(lines)

    _rewrite(root, "data/countries.csv", cut)
    return {("row-shape", "data/countries.csv", 3, None)}


# ----------------------------------------------------------------------------- descriptor and paths


def descriptor_not_json(root):
    (root / "datapackage.json").write_text("{ not json", encoding="utf-8")
    return {("descriptor-error", "datapackage.json", None, None)}


def descriptor_without_resources(root):
    _descriptor(root, lambda d: d.pop("resources"))
    return {
        ("descriptor-error", "datapackage.json", None, "resources"),
        ("descriptor-error", "datapackage.json", None, "(root)"),
    }


def descriptor_without_schema_version(root):
    _descriptor(root, lambda d: d.pop("$schema"))
    return {("descriptor-error", "datapackage.json", None, "$schema")}


def stale_hash(root):
    _rewrite(root, "data/countries.csv", lambda b: b.replace(b"Japan", b"Nippon"), refresh=False)
    return {
        ("descriptor-drift", "datapackage.json", None, "bytes"),
        ("descriptor-drift", "datapackage.json", None, "hash"),
    }


def _set_path(root: Path, resource: str, path: str) -> int:
    index = _resource_index(root, resource)

    def change(d):
        d["resources"][index]["path"] = path

    _descriptor(root, change)
    return index


def absolute_path(root):
    index = _set_path(root, "agreement_topics", str((root / "data" / "agreement_topics.csv").resolve()))
    return {
        ("unsafe-path", "datapackage.json", None, None),
        ("descriptor-error", "datapackage.json", None, f"resources/{index}/path"),
    }


def climbing_path(root):
    index = _set_path(root, "agreement_topics", "../agreement_topics.csv")
    return {
        ("unsafe-path", "datapackage.json", None, None),
        ("descriptor-error", "datapackage.json", None, f"resources/{index}/path"),
    }


def url_path(root):
    _set_path(root, "agreement_topics", "https://example.org/agreement_topics.csv")
    return {("unsafe-path", "datapackage.json", None, None)}


def symlink_outside(root):
    target = root.parent / "outside.csv"
    data_file = root / "data" / "agreement_topics.csv"
    target.write_bytes(data_file.read_bytes())
    data_file.unlink()
    data_file.symlink_to(target)
    return {("unsafe-path", "datapackage.json", None, None)}


# ----------------------------------------------------------------------------- the 0.2 rules


def _outside_row(root: Path, key: str, field: str) -> set[Finding]:
    """Outside knowledge about events ``key``'s ``field``, as the only row of its table; the finding it breaks."""
    row = {"resource": "events", "record_key": key, "field": field, "confidence": "high"}
    row |= {"reasoning": "Known from the ministry's yearbook.", "references": "https://example.org/yearbook"}
    write_rows(root, "outside_knowledge", [row])
    column = "field" if key == RECEPTION else "record_key"
    return {("evidence-target", "data/outside_knowledge.csv", 2, column)}


def _evidence_beside_the_last_of_events(root: Path, column: str, suffix: str) -> set[Finding]:
    """A copy of the events' last evidence row, ``suffix`` added to ``column``, right after it (in key order)."""
    rows = read_table(root, "evidence")
    last = max(i for i, row in enumerate(rows) if row["resource"] == "events")
    rows.insert(last + 1, {**rows[last], column: rows[last][column] + suffix})
    write_rows(root, "evidence", rows)
    return {("evidence-target", "data/evidence.csv", last + 3, column)}


def evidence_of_no_record(root):
    return _evidence_beside_the_last_of_events(root, "record_key", "-nowhere")


def evidence_of_no_field(root):
    return _evidence_beside_the_last_of_events(root, "field", "_nowhere")


def outside_knowledge_of_no_record(root):
    return _outside_row(root, f"{RECEPTION}-nowhere", "date_edtf")


def outside_knowledge_of_no_field(root):
    return _outside_row(root, RECEPTION, "no_such_field")


def external_without_outside_knowledge(root):
    row = row_of(root, "events", "event_id", RECEPTION)
    set_cell(root, "events", row, "date_basis", "external")
    set_cell(root, "events", row, "date_note", "From outside knowledge.")
    return {("missing-outside-knowledge", "data/events.csv", row, "date_basis")}


def quote_kind_on_a_cited_source(root):
    """A cited page added to the sources, and one of a seed's quotes claimed to be from it."""
    rows = read_table(root, "sources")
    page = dict(rows[0])
    page.update(
        source_id="src-w0123456789",
        kind="cited",
        file_name="",
        sha256="",
        url="https://example.org/p",
        publisher_kind="other",
        part_read="the first 2,000 characters",
        read_on="2026-12-01",
        published="",
        published_text="",
        published_basis="not_stated",
        title="",
        outlet="",
        byline="",
    )
    rows.append(page)
    write_rows(root, "sources", rows)
    row = evidence_row(root, "events", RECEPTION, "kind")
    evidence = read_table(root, "evidence")
    evidence[row - 2]["source_id"] = "src-w0123456789"
    write_rows(root, "evidence", evidence)
    left_over = _cite_passage(root, row, "src-w0123456789", 0, "Bộ trưởng")
    quote = ("evidence-kind", "data/quotes.csv", row_of(root, "quotes", "source_id", "src-w0123456789"), "source_id")
    return {("evidence-kind", "data/evidence.csv", row, "kind"), quote, *left_over}


def date_claim_outside_the_bounds(root):
    row = evidence_row(root, "events", RECEPTION, "date_text")
    set_cell(root, "evidence", row, "claimed_edtf", "2018-05-09")
    return {("date-claim-outside", "data/evidence.csv", row, "claimed_edtf")}


def claimed_date_that_does_not_exist(root):
    row = evidence_row(root, "events", RECEPTION, "date_text")
    set_cell(root, "evidence", row, "claimed_edtf", "2018-02-30")
    return {("rule-error", "data/evidence.csv", row, "claimed_edtf")}


def two_principals_on_one_side(root):
    event = "evt-tza-ccm-reception"
    row = row_of(root, "participants", "participant_id", f"{event}/per-truong-quang-hoai-nam")
    set_cell(root, "participants", row, "principal", "true")
    host = row_of(root, "participants", "participant_id", f"{event}/per-nguyen-manh-hung")
    return {
        ("principal-conflict", "data/participants.csv", row, "principal"),
        ("principal-conflict", "data/participants.csv", host, "principal"),
    }


def a_name_no_source_writes(root):
    row = row_of(root, "people", "person_id", "per-manabu-sakai")
    set_cell(root, "people", row, "name", "Sakai Manabu-san")
    set_cell(root, "people", row, "name_en", "Sakai Manabu-san")
    return {("unattested-name", "data/people.csv", row, "name")}


def signed_elsewhere_than_its_event(root):
    row = row_of(root, "agreements", "agreement_id", "agr-rus-sut-ptit-mou")
    set_cell(root, "agreements", row, "signed_country_code", "JPN")
    return {("agreement-place", "data/agreements.csv", row, "signed_country_code")}


def stated_year_not_written(root):
    row = row_of(root, "events", "event_id", "evt-tza-ccm-reception")
    set_cell(root, "events", row, "date_basis", "stated")
    set_cell(root, "events", row, "date_note", "")
    return {("rule-error", "data/events.csv", row, "date_text")}


def signed_with_neither_event_nor_date(root):
    row = row_of(root, "agreements", "agreement_id", "agr-rus-sut-ptit-mou")
    for field, value in (
        ("signed_at_event_id", ""),
        ("date_edtf", ""),
        ("date_precision", "unknown"),
        ("date_qualifier", "undated"),
        ("date_basis", "not_stated"),
    ):
        set_cell(root, "agreements", row, field, value)
    return {("rule-error", "data/agreements.csv", row, "status")}


def a_counterpart_beside_a_convener(root):
    """The joint working group made the convener of its own meeting, beside Japan as counterpart."""
    event, body = "evt-jpn-jwg-meeting", "org-vnm-jpn-jwg"
    partners = read_table(root, "event_partners")
    partners.append(
        {
            "partner_id": f"{event}/{body}",
            "event_id": event,
            "country_code": "",
            "organization_id": body,
            "role": "convener",
        }
    )
    partners.sort(key=lambda r: r["partner_id"])
    write_rows(root, "event_partners", partners)
    evidence = read_table(root, "evidence")
    quote = next(r for r in evidence if r["record_key"] == f"{event}/JPN")
    evidence.append({**quote, "record_key": f"{event}/{body}", "field": "organization_id"})
    evidence.sort(key=lambda r: (r["resource"], r["record_key"], r["field"], r["source_id"]))
    write_rows(root, "evidence", evidence)
    return {
        (
            "partner-roles",
            "data/event_partners.csv",
            row_of(root, "event_partners", "partner_id", f"{event}/JPN"),
            "role",
        )
    }


FAULTS = [
    Fault("wrong_type", wrong_type, "same-rows"),
    Fault("impossible_date", impossible_date, "same-rows"),
    Fault("bounds_reversed", bounds_reversed, "blind"),
    Fault("unknown_vocabulary", unknown_vocabulary, "same-rows"),
    Fault("nfd_text", nfd_text, "blind"),
    Fault("huge_cell", huge_cell, "same-rows"),
    Fault("duplicate_key", duplicate_key, "same-rows"),
    Fault("dangling_reference", dangling_reference, "same-rows"),
    Fault("dangling_self_reference", dangling_self_reference, "same-rows"),
    Fault("child_outside_parent", child_outside_parent, "blind"),
    Fault("rows_out_of_order", rows_out_of_order, "blind"),
    Fault("quote_off_its_offsets", quote_off_its_offsets, "blind"),
    Fault("quote_from_a_caption", quote_from_a_caption, "blind"),
    Fault("quote_no_fact_cites", quote_no_fact_cites, "blind"),
    Fault("quote_of_another_source", quote_of_another_source, "blind"),
    Fault("missing_evidence", missing_evidence, "blind"),
    Fault("date_text_not_in_quote", date_text_not_in_quote, "blind"),
    Fault("changed_seed", changed_seed, "blind"),
    Fault("missing_seed", missing_seed, "blind"),
    Fault("symlinked_seed", symlinked_seed, "blind"),
    Fault("byte_order_mark", byte_order_mark, "blind"),
    Fault("crlf", crlf, "blind"),
    Fault("not_utf8", not_utf8, "invalid"),
    Fault("missing_column", missing_column, "same-rows"),
    Fault("extra_column", extra_column, "same-rows"),
    Fault("empty_file", empty_file, "invalid"),
    Fault("header_only", header_only, "blind"),
    Fault("blank_row", blank_row, "same-rows"),
    Fault("short_row", short_row, "same-rows"),
    Fault("descriptor_not_json", descriptor_not_json, "invalid"),
    Fault("descriptor_without_resources", descriptor_without_resources, "invalid"),
    Fault("descriptor_without_schema_version", descriptor_without_schema_version, "blind"),
    Fault("stale_hash", stale_hash, "invalid"),
    Fault("absolute_path", absolute_path, "invalid"),
    Fault("climbing_path", climbing_path, "invalid"),
    Fault("url_path", url_path, "fetches"),
    Fault("symlink_outside", symlink_outside, "blind"),
    Fault("external_without_outside_knowledge", external_without_outside_knowledge, "blind"),
    Fault("evidence_of_no_record", evidence_of_no_record, "blind"),
    Fault("evidence_of_no_field", evidence_of_no_field, "blind"),
    Fault("outside_knowledge_of_no_record", outside_knowledge_of_no_record, "blind"),
    Fault("outside_knowledge_of_no_field", outside_knowledge_of_no_field, "blind"),
    Fault("quote_kind_on_a_cited_source", quote_kind_on_a_cited_source, "blind"),
    Fault("date_claim_outside_the_bounds", date_claim_outside_the_bounds, "blind"),
    Fault("claimed_date_that_does_not_exist", claimed_date_that_does_not_exist, "blind"),
    Fault("two_principals_on_one_side", two_principals_on_one_side, "blind"),
    Fault("a_name_no_source_writes", a_name_no_source_writes, "blind"),
    Fault("signed_elsewhere_than_its_event", signed_elsewhere_than_its_event, "blind"),
    Fault("stated_year_not_written", stated_year_not_written, "blind"),
    Fault("signed_with_neither_event_nor_date", signed_with_neither_event_nor_date, "blind"),
    Fault("a_counterpart_beside_a_convener", a_counterpart_beside_a_convener, "blind"),
    *hostile_faults(Fault),  # issue 14: descriptors, paths and merges a careless tool or an attacker writes
]


# ----------------------------------------------------------------------------- figures

from ict_coop.errors import FIGURES_END as END  # noqa: E402
from ict_coop.errors import FIGURES_START as START  # noqa: E402


def run_corpus() -> dict[str, Any]:
    """Run every fault; count what validate found, what load raised, and what frictionless saw.

    ``codes`` maps each fault to the finding codes ``ict-coop validate`` gave it.
    """
    import tempfile

    from ict_coop import DataValidationError, load, validate
    from tests.conftest import copy_package

    figures = dict.fromkeys(
        (
            "tried",
            "found_exactly",
            "located",
            "load_raised",
            "other_exceptions",
            "rows_lost",
            "same_rows",
            "frictionless_invalid",
            "frictionless_blind",
            "frictionless_crashes",
            "not_run",
        ),
        0,
    )
    figures["codes"] = {}
    for fault in FAULTS:
        with tempfile.TemporaryDirectory() as folder:
            root = copy_package(Path(folder) / "pkg")
            expected = fault.apply(root)
            issues = validate(root).issues
            figures["codes"][fault.name] = sorted({i.code for i in issues})
            figures["tried"] += 1
            figures["found_exactly"] += {(i.code, i.file, i.row, i.field) for i in issues} == expected
            figures["located"] += bool(issues) and all(i.file for i in issues)
            try:
                load(path=root)
                figures["rows_lost"] += 1  # returned data from a broken package
            except DataValidationError:
                figures["load_raised"] += 1
            except Exception:
                figures["other_exceptions"] += 1
        key = {
            "same-rows": "same_rows",
            "invalid": "frictionless_invalid",
            "blind": "frictionless_blind",
            "crashes": "frictionless_crashes",
        }
        figures[key.get(fault.frictionless, "not_run")] += 1
    return figures


#: What the reference validator makes of a fault, as the per-fault table says it.
VERDICTS = {
    "same-rows": "flags the same rows",
    "invalid": "flags or refuses the package",
    "blind": "finds nothing",
    "crashes": "stops with an exception",
    "fetches": "not run: it would fetch the URL",
}


def figures_markdown(figures: dict[str, Any]) -> str:
    rows = [
        ("faults tried", figures["tried"]),
        ("found by `ict-coop validate` with exactly the expected findings", figures["found_exactly"]),
        ("every finding located (file, and row or field)", figures["located"]),
        ("`load()` raised `DataValidationError`", figures["load_raised"]),
        ("any other exception", figures["other_exceptions"]),
        ("data returned from a broken package (rows lost silently)", figures["rows_lost"]),
        ("frictionless flags the same files and rows", figures["same_rows"]),
        ("frictionless flags the package otherwise (descriptor, hash, encoding)", figures["frictionless_invalid"]),
        ("frictionless finds nothing; ict-coop sees more", figures["frictionless_blind"]),
        ("frictionless stops with an exception (a traceback)", figures["frictionless_crashes"]),
        ("not given to frictionless (it would fetch a URL)", figures["not_run"]),
    ]
    lines = [START, "", "| seeded-error corpus (`tests/corpus.py`) | count |", "|---|---|"]
    lines += [f"| {label} | {count} |" for label, count in rows]
    lines += ["", "Each fault, what ict-coop reports and what frictionless does:", ""]
    lines += ["| fault | `ict-coop validate` finds | frictionless |", "|---|---|---|"]
    for fault in FAULTS:
        codes = ", ".join(f"`{code}`" for code in figures["codes"].get(fault.name, []))
        lines.append(f"| `{fault.name}` | {codes} | {VERDICTS[fault.frictionless]} |")
    return "\n".join([*lines, "", END])


def main(argv: list[str] | None = None) -> int:
    import argparse

    from tests.conftest import REPO

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="update the figures in docs/errors.md")
    args = parser.parse_args(argv)
    block = figures_markdown(run_corpus())
    if not args.write:
        print(block)
        return 0
    path = REPO / "docs" / "errors.md"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    path.write_text(head + block + tail, encoding="utf-8")
    print(f"updated {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
