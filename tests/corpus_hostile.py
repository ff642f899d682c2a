"""Hostile packages: what a careless tool, a bad merge or an attacker writes (issue 14).

Each kind of fault comes as several generated variants, each with the exact findings expected,
so that a fix at the root of a kind, not at one example, is what makes them pass:

- the descriptor as bytes: nested too deep, a byte-order mark, another encoding, JSON
  extensions (``NaN``), a key twice, too large;
- the descriptor's properties: of the wrong type (a resource ``name`` that is a list or a
  number, ``licenses`` that is text), a resource listed twice, declarations that are not true
  of the files (a ``dialect``, an ``encoding``, a ``format``);
- paths no file system or reader should be given: a NUL, a control or bidi character, a
  name of 300 characters, the descriptor itself a symlink to a file outside the package;
- a bad merge that repeats rows: findings stay bounded (listed up to ``MAX_LISTED``, the rest
  counted).

``tests/corpus.py`` adds these faults to its list; their ``frictionless`` column says what the
reference validator makes of each (``invalid``: it refuses or flags the package; ``blind``: it
finds nothing; ``crashes``: it stops with an exception of its own, e.g. ``ValueError``).
"""

from __future__ import annotations

import json
from pathlib import Path

from ict_coop.errors import MAX_LISTED
from tests.conftest import read_table, write_rows

DESCRIPTOR = "datapackage.json"


def _load(root: Path) -> dict:
    return json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))


def _save(root: Path, descriptor: dict) -> None:
    (root / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")


def _index(descriptor: dict, name: str) -> int:
    return [r["name"] for r in descriptor["resources"]].index(name)


def _unreadable_descriptor(make):
    """A fault that writes the descriptor's bytes; the finding is always the same one."""

    def apply(root: Path):
        (root / DESCRIPTOR).write_bytes(make((root / DESCRIPTOR).read_bytes()))
        return {("descriptor-error", DESCRIPTOR, None, None)}

    return apply


def _nested(depth: int):
    def make(data: bytes) -> bytes:
        return data.rstrip()[:-1] + b', "extra": ' + b"[" * depth + b"]" * depth + b"}"

    return make


# (name, how the bytes are made, frictionless's verdict)
DESCRIPTOR_BYTES = [
    ("descriptor_nested_100000_deep", _nested(100_000), "invalid"),
    ("descriptor_nested_40_deep", _nested(40), "blind"),
    ("descriptor_with_a_bom", lambda b: b"\xef\xbb\xbf" + b, "invalid"),
    ("descriptor_in_utf16", lambda b: b.decode("utf-8").encode("utf-16"), "invalid"),
    ("descriptor_with_nan", lambda b: b.rstrip()[:-1] + b', "extra": NaN}', "blind"),
    ("descriptor_with_a_key_twice", lambda b: b.rstrip()[:-1] + b', "name": "again"}', "blind"),
    ("descriptor_of_17_mib", lambda b: b.rstrip()[:-1] + b', "extra": "' + b"x" * (17 * 2**20) + b'"}', "blind"),
]


def _property(change, expected):
    """A fault that changes the parsed descriptor; ``expected(root, descriptor)`` gives the findings."""

    def apply(root: Path):
        descriptor = _load(root)
        found = expected(descriptor)
        change(descriptor)
        _save(root, descriptor)
        return found

    return apply


def _name_of_type(value):
    def change(d):
        d["resources"][_index(d, "agreement_topics")]["name"] = value

    def expected(d):
        index = _index(d, "agreement_topics")
        return {
            ("descriptor-error", DESCRIPTOR, None, f"resources/{index}/name"),
            ("unknown-resource", DESCRIPTOR, None, None),  # agreement_topics: missing from the descriptor
        }

    return change, expected


def _listed_twice(d):
    d["resources"].append(dict(d["resources"][_index(d, "countries")]))


def _declares(key, value):
    def change(d):
        d["resources"][_index(d, "countries")][key] = value

    def expected(d):
        return {("descriptor-error", DESCRIPTOR, None, f"resources/{_index(d, 'countries')}/{key}")}

    return change, expected


def _dialect(key, value):
    def change(d):
        d["resources"][_index(d, "countries")]["dialect"] = {key: value}

    def expected(d):
        return {("descriptor-error", DESCRIPTOR, None, f"resources/{_index(d, 'countries')}/dialect/{key}")}

    return change, expected


PROPERTIES = [
    ("resource_name_a_list", *_name_of_type(["agreement_topics"]), "invalid"),
    ("resource_name_a_number", *_name_of_type(7), "invalid"),
    (
        "licenses_as_text",
        lambda d: d.update(licenses="CC-BY-4.0"),
        lambda d: {("descriptor-error", DESCRIPTOR, None, "licenses")},
        "invalid",
    ),
    (
        "resource_listed_twice",
        _listed_twice,
        lambda d: {("descriptor-error", DESCRIPTOR, None, f"resources/{len(d['resources'])}/name")},
        "invalid",
    ),
    ("dialect_with_semicolons", *_dialect("delimiter", ";"), "invalid"),
    ("dialect_without_a_header", *_dialect("header", False), "invalid"),
    ("dialect_with_single_quotes", *_dialect("quoteChar", "'"), "blind"),
    ("encoding_latin1", *_declares("encoding", "latin-1"), "blind"),
    ("format_tsv", *_declares("format", "tsv"), "invalid"),
]


def _path(path: str, frictionless_field: bool):
    """The path of one resource replaced; unsafe, so it is refused before anything reads it."""

    def apply(root: Path):
        descriptor = _load(root)
        index = _index(descriptor, "agreement_topics")
        descriptor["resources"][index]["path"] = path
        _save(root, descriptor)
        found = {("unsafe-path", DESCRIPTOR, None, None)}
        if frictionless_field:  # the profile's path pattern refuses it too
            found.add(("descriptor-error", DESCRIPTOR, None, f"resources/{index}/path"))
        return found

    return apply


# (name, path, whether the profile refuses it too, frictionless's verdict)
PATHS = [
    ("path_with_a_nul", "data/agreement_topics\x00.csv", False, "crashes"),
    ("path_with_a_control_character", "data/agreement\x1b[2Jtopics.csv", False, "invalid"),
    ("path_with_a_bidi_override", "data/agreement_topics\u202evsc.csv", False, "invalid"),
    ("path_with_a_300_character_name", "data/" + "a" * 296 + ".csv", False, "invalid"),
    ("path_of_2000_characters", "data/" + "a/" * 1000 + "x.csv", False, "invalid"),
]


def descriptor_symlinked_outside(root: Path):
    outside = root.parent / "outside-datapackage.json"
    outside.write_bytes((root / DESCRIPTOR).read_bytes())
    (root / DESCRIPTOR).unlink()
    (root / DESCRIPTOR).symlink_to(outside)
    return {("unsafe-path", DESCRIPTOR, None, None)}


def _repeated_rows(resource: str, copies: int):
    """A bad merge: the first row of a table repeated; findings listed up to MAX_LISTED, then counted."""

    def apply(root: Path):
        rows = read_table(root, resource)
        write_rows(root, resource, [rows[0]] * copies + rows[1:])
        key = {"countries": "country_code", "topics": "topic_id"}[resource]
        listed = {
            ("primary-key", f"data/{resource}.csv", row, key) for row in range(3, 3 + min(copies - 1, MAX_LISTED))
        }
        counted = {("primary-key", f"data/{resource}.csv", None, key)} if copies - 1 > MAX_LISTED else set()
        return listed | counted

    return apply


REPEATS = [
    ("countries_row_repeated_3_times", _repeated_rows("countries", 3), "invalid"),
    ("countries_row_repeated_500_times", _repeated_rows("countries", 500), "invalid"),
]


CITED = "src-w0123456789"


def _add_a_cited_page(root: Path) -> None:
    """A cited page among the sources (valid as it is): the fixture ships seeds only, and only cited pages have URLs."""
    rows = read_table(root, "sources")
    page = {key: "" for key in rows[0]}
    page.update(
        {key: rows[0][key] for key in ("language", "review_state", "curated_by", "curated_on")},
        source_id=CITED,
        kind="cited",
        url="https://example.org/p",
        publisher_kind="other",
        part_read="the first 2,000 characters",
        read_on="2026-12-01",
        published_basis="not_stated",
    )
    write_rows(root, "sources", [*rows, page])


def _cell(resource: str, key: str, key_value: str, field: str, change, expected_codes):
    """One cell of one row changed by ``change(old) -> new``; the findings are ``expected_codes`` at that cell."""

    def apply(root: Path):
        if key_value == CITED:
            _add_a_cited_page(root)
        rows = read_table(root, resource)
        index = next(i for i, row in enumerate(rows) if row[key] == key_value)
        rows[index][field] = change(rows[index][field])
        write_rows(root, resource, rows)
        return {(code, f"data/{resource}.csv", index + 2, field) for code in expected_codes}

    return apply


def _insert(text: str, at: int = 3):
    return lambda old: old[:at] + text + old[at:]


# (name, resource, key field, key, field, change, codes expected, frictionless's verdict)
TEXT_HYGIENE = [
    (
        "bidi_override_in_a_name",
        "people",
        "person_id",
        "per-nguyen-manh-hung",
        "name",
        _insert("\u202e"),
        ["hidden-character"],
        "blind",
    ),
    (
        "zero_width_space_in_a_title",
        "organizations",
        "organization_id",
        "org-jpn-mic",
        "name_en",
        _insert("\u200b"),
        ["hidden-character"],
        "blind",
    ),
    (
        "c1_control_in_a_name",
        "organizations",
        "organization_id",
        "org-jpn-mic",
        "name_en",
        _insert("\x85"),
        ["hidden-character"],
        "blind",
    ),
    (
        "bidi_override_in_a_url",
        "sources",
        "source_id",
        CITED,
        "url",
        _insert("\u202e", 12),
        ["hidden-character"],
        "blind",
    ),
    (
        "ten_mib_in_a_url",
        "sources",
        "source_id",
        CITED,
        "url",
        lambda old: old + "x" * (10 * 2**20),
        ["cell-too-large"],
        "blind",
    ),
]


def _cycle(resource: str, key: str, field: str, start: str, through: str, *, evidenced: bool = False):
    """``start``'s parent set to ``through`` (which already leads up to ``start``): a loop.

    Every row whose chain of parents enters the loop is reported, at ``field``; when the field
    needs evidence, the new link has none either.
    """

    def apply(root: Path):
        rows = read_table(root, resource)
        parent = {row[key]: row[field] for row in rows}
        parent[start] = through
        for row in rows:
            row[field] = parent[row[key]]
        write_rows(root, resource, rows)

        def loops(node: str) -> bool:
            seen = set()
            while node and node not in seen:
                seen.add(node)
                node = parent.get(node, "")
            return bool(node)

        found = {("rule-error", f"data/{resource}.csv", i + 2, field) for i, row in enumerate(rows) if loops(row[key])}
        if evidenced:
            row = next(i for i, row in enumerate(rows) if row[key] == start) + 2
            found.add(("missing-evidence", f"data/{resource}.csv", row, field))
        return found

    return apply


CYCLES = [
    (
        "event_parents_in_a_loop",
        _cycle("events", "event_id", "parent_event_id", "evt-ind-mic-trip", "evt-ind-ficci-meeting"),
    ),
    (
        "organization_parents_in_a_loop",
        _cycle(
            "organizations",
            "organization_id",
            "parent_organization_id",
            "org-vnm-viettel",
            "org-tza-halotel",
            evidenced=True,
        ),
    ),
]


def _bounds_against_unspecified_digits(earliest: str, latest: str):
    """The talks of ``XXXX-03-28`` (year unknown) given bounds that hold no 28 March."""

    def apply(root: Path):
        rows = read_table(root, "events")
        index = next(i for i, row in enumerate(rows) if row["event_id"] == "evt-ind-meity-talks")
        assert rows[index]["date_edtf"] == "XXXX-03-28"
        rows[index].update(date_earliest=earliest, date_latest=latest)
        write_rows(root, "events", rows)
        return {("rule-error", "data/events.csv", index + 2, "date_edtf")}

    return apply


DATES = [
    ("unknown_year_with_bounds_in_july", _bounds_against_unspecified_digits("2018-07-01", "2018-07-31")),
    ("unknown_year_with_bounds_just_after", _bounds_against_unspecified_digits("2018-03-29", "2019-03-27")),
]


def hostile_faults(fault_type):
    """The faults of this module as ``fault_type(name, apply, frictionless)`` (``tests.corpus.Fault``)."""
    faults = [fault_type(name, _unreadable_descriptor(make), verdict) for name, make, verdict in DESCRIPTOR_BYTES]
    faults += [fault_type(name, _property(change, found), verdict) for name, change, found, verdict in PROPERTIES]
    faults += [fault_type(name, _path(path, field), verdict) for name, path, field, verdict in PATHS]
    faults.append(fault_type("descriptor_symlinked_outside", descriptor_symlinked_outside, "blind"))
    faults += [fault_type(name, apply, verdict) for name, apply, verdict in REPEATS]
    faults += [fault_type(name, _cell(*cell, codes), verdict) for name, *cell, codes, verdict in TEXT_HYGIENE]
    faults += [fault_type(name, apply, "blind") for name, apply in CYCLES + DATES]
    return faults
