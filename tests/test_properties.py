"""Property tests: valid records survive a round trip; random damage never escapes or loses rows."""

from __future__ import annotations

import csv
import itertools
import socket
import tempfile
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ict_coop import DataValidationError, load, validate
from ict_coop.curation import write_table
from ict_coop.models import MODELS, Country, Event
from ict_coop.reading import read_resource
from ict_coop.rules import failing_rows
from tests.conftest import REPO, copy_package, read_table, refresh_descriptor, write_rows

# Example counts come from the hypothesis profile (tests/conftest.py): HYPOTHESIS_PROFILE=deep for more.

# ----------------------------------------------------------------------------- strategies

TRICKY = [
    "NA",
    "N/A",
    "null",
    "NaN",
    "nan",
    "None",
    "-",
    "0",
    "TRUE",
    'say "hi", twice',
    "a,b",
    "line\nbreak",
    "Nguyễn Mạnh Hùng",
    "Liên bang Nga",
    "日本",
    "🙂",
    "no-break\u00a0inside",
]


def _text_ok(value: str) -> bool:
    return bool(value) and value == value.strip() and unicodedata.is_normalized("NFC", value)


plain_text = (
    st.text(
        # no control or invisible formatting character: refused outside quotes (hidden-character)
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf"), blacklist_characters="\u2028\u2029\x85"),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: unicodedata.normalize("NFC", s))
    .filter(_text_ok)
)
text = st.one_of(st.sampled_from(TRICKY), plain_text)
optional_text = st.one_of(st.none(), text)
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


@st.composite
def date_layers(draw):
    """Three date layers that agree, at every precision the model knows."""
    precision = draw(
        st.sampled_from(["day", "month", "year", "range", "day_unknown_year", "range_unknown_year", "unknown"])
    )
    day = draw(days)
    length = draw(st.integers(0, 30))
    end = day + timedelta(days=length)
    layers = {
        "day": (day.isoformat(), day, day),
        "month": (day.isoformat()[:7], day.replace(day=1), None),
        "year": (str(day.year), date(day.year, 1, 1), date(day.year, 12, 31)),
        "range": (f"{day}/{end}", day, end),
        "day_unknown_year": (f"XXXX-{day:%m-%d}", None, None),
        "range_unknown_year": (f"[XXXX-{day:%m-%d}..XXXX-{end:%m-%d}]", None, None),
        "unknown": (None, None, None),
    }
    edtf, earliest, latest = layers[precision]
    if precision == "month":
        from calendar import monthrange

        latest = day.replace(day=monthrange(day.year, day.month)[1])
    stated = precision != "unknown"
    return {
        # a stated date writes its year (the EDTF itself is a text that does)
        "date_text": f"{draw(text)} {edtf}" if stated else None,
        "date_edtf": edtf,
        "date_earliest": earliest,
        "date_latest": latest,
        "date_precision": precision,
        "date_qualifier": draw(st.sampled_from(["exact", "approximate", "uncertain"])) if stated else "undated",
        "date_basis": "stated" if stated else "not_stated",
        "date_note": draw(optional_text) if stated else draw(text),
    }


@st.composite
def events(draw):
    count = draw(st.integers(1, 6))
    rows = []
    for index in range(count):
        partner = draw(st.sampled_from([None, "JPN", "RUS"]))
        city = draw(optional_text)
        rows.append(
            Event.model_validate(
                {
                    "event_id": f"evt-gen-{index}",
                    "parent_event_id": draw(st.sampled_from([None, "evt-gen-0"])) if index else None,
                    "kind": draw(st.sampled_from(["visit", "talks", "signing", "forum"])),
                    "reported_as": draw(st.sampled_from(["occurred", "referenced", "context", "planned"])),
                    "title_en": draw(text),
                    "summary_en": draw(text),
                    "direction": draw(st.sampled_from(["inbound", "outbound", "unknown"])),
                    "country_code": partner,
                    "country_basis": "stated" if partner else "not_stated",
                    "city_text": city,
                    "city_en": draw(text) if city else None,
                    "city_basis": "stated" if city else "not_stated",
                    "venue_text": draw(optional_text),
                    "place_note": draw(optional_text),
                    **draw(date_layers()),
                    "cameo_code": "046" if partner else None,
                    "plover_event_type": "CONSULT" if partner else None,
                    "plover_mode": draw(st.sampled_from([None, "visit"])) if partner else None,
                }
            )
        )
    return rows


@st.composite
def countries(draw):
    codes = draw(
        st.lists(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3), min_size=1, max_size=5, unique=True)
    )
    return [
        Country.model_validate(
            {
                "country_code": "Q" + code[1:],  # Q.. is a user-assigned ISO range: never clashes with real codes
                "alpha2": draw(st.sampled_from(["NA", "XX", "QQ"])),
                "iso_numeric": f"{draw(st.integers(900, 999))}",
                "name_en": draw(text),
                "name_vi": draw(text),
                "cow_code": draw(st.one_of(st.none(), st.integers(2, 999))),
                "gw_code": draw(st.one_of(st.none(), st.integers(2, 999))),
            }
        )
        for code in codes
    ]


# ----------------------------------------------------------------------------- round trips


@given(events())
def test_events_round_trip_through_csv_and_arrow(rows):
    """Unicode, null versus text, and dates at every precision survive writing and reading."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_table(root, "events", [r.model_dump(mode="json") for r in rows])
        table, _, issues, _ = read_resource(root, "events", {"path": "data/events.csv"})
        assert [str(i) for i in issues if i.code != "foreign-key"] == []
        assert not any(failing_rows("events", table).to_pylist())  # the column-wise rules agree
        expected = sorted(rows, key=lambda r: r.event_id)
        assert table.to_pylist() == [r.model_dump() for r in expected]
        assert [Event.model_validate(row) for row in table.to_pylist()] == expected


@given(countries())
def test_a_whole_package_round_trips(extra):
    """Rows added to a real package come back equal from load(), as objects and through Arrow."""
    with tempfile.TemporaryDirectory() as folder:
        root = copy_package(Path(folder) / "pkg")
        original = read_table(root, "countries")
        write_table(root, "countries", [*original, *(c.model_dump(mode="json") for c in extra)])
        refresh_descriptor(root)
        loaded = {c.country_code: c for c in load("countries", path=root)}
        for country in extra:
            assert loaded[country.country_code] == country
        table = load("countries", format="arrow", path=root)
        assert table.num_rows == len(original) + len(extra)
        by_code = {row["country_code"]: row for row in table.to_pylist()}
        for country in extra:
            assert by_code[country.country_code] == country.model_dump()


# ----------------------------------------------------------------------------- mutations

CSV_FILES = sorted(f"data/{name}.csv" for name in MODELS)
SEEDS = sorted(f"seeds/{p.name}" for p in (REPO / "seeds").glob("*.txt"))


def _records_in(path: Path) -> int:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.DictReader(handle))
    except (UnicodeDecodeError, csv.Error):
        return -1


mutation = st.one_of(
    st.tuples(st.just("byte"), st.sampled_from(CSV_FILES + SEEDS), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("cell"), st.sampled_from(sorted(MODELS)), st.floats(0, 1), st.one_of(text, st.just(""))),
    st.tuples(
        st.just("row"),
        st.sampled_from(sorted(MODELS)),
        st.floats(0, 1),
        st.sampled_from(["delete", "duplicate", "swap"]),
    ),
)


def _mutate(root: Path, change) -> None:
    kind, target, where, what = change
    if kind == "byte":
        path = root / target
        data = bytearray(path.read_bytes())
        data[min(int(where * len(data)), len(data) - 1)] = what
        path.write_bytes(bytes(data))
    else:
        try:
            rows = read_table(root, target)
        except (UnicodeDecodeError, csv.Error):
            return  # an earlier byte change already broke this file
        if not rows:
            return
        index = min(int(where * len(rows)), len(rows) - 1)
        if kind == "cell":
            field = sorted(rows[index])[index % len(rows[index])]
            rows[index][field] = what
        elif what == "delete":
            del rows[index]
        elif what == "duplicate":
            rows.insert(index, dict(rows[index]))
        else:
            rows[index], rows[-1] = rows[-1], rows[index]
        if rows:
            write_rows(root, target, rows, refresh=False)
    refresh_descriptor(root)  # so that the data checks, not the stale hash, must catch the damage


@given(st.lists(mutation, min_size=1, max_size=3))
def test_damage_never_escapes_and_never_loses_rows(changes):
    """Either every row of every file loads, or the documented exception lists what is wrong."""
    with tempfile.TemporaryDirectory() as folder:
        root = copy_package(Path(folder) / "pkg")
        for change in changes:
            _mutate(root, change)
        try:
            dataset = load(path=root)
        except DataValidationError as exc:
            issues = exc.issues
        else:
            issues = ()
        if issues:
            assert all(issue.code and issue.message for issue in issues)
            return
        for name in MODELS:
            assert len(dataset.tables[name]) == _records_in(root / "data" / f"{name}.csv"), name


# ----------------------------------------------------------------------------- safety


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_nothing_is_fetched(package, no_network):
    from tests.corpus import url_path

    url_path(package)
    issues = validate(package).issues
    assert [(i.code, i.value) for i in issues] == [("unsafe-path", "https://example.org/agreement_topics.csv")]
    assert "never fetches" in issues[0].message
    assert load("events") and validate().valid  # the shipped data needs no network either


@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.text(alphabet="aAzé\u00a0Ệ|", max_size=3)), st.integers(-3, 3)),
        max_size=12,
    )
)
def test_the_linear_key_order_check_agrees_with_sorting(keys):
    """The fast path of the primary-key check: strictly increasing <=> complete, sorted, unique."""
    import pyarrow as pa

    from ict_coop.reading import _strictly_increasing

    table = pa.table({"a": pa.array([k[0] for k in keys], pa.string()), "b": pa.array([k[1] for k in keys])})
    complete = all(k[0] is not None for k in keys)
    encoded = [(k[0].encode("utf-8"), k[1]) for k in keys] if complete else []
    expected = complete and all(x < y for x, y in itertools.pairwise(encoded))
    assert _strictly_increasing(table, ("a", "b")) == expected
    assert _strictly_increasing(table.select(["a"]), ("a",)) == (
        complete and all(x[0] < y[0] for x, y in itertools.pairwise(encoded))
    )


def _parents_reference(rows):
    """The row-by-row parent check the vectorised one replaced: (index, code, field) found."""
    by_id = {event_id: (index, parent, low, high) for index, event_id, parent, low, high in rows}
    found = set()
    for index, event_id, parent_id, low, high in rows:
        parent = by_id.get(parent_id or "")
        if parent is not None:
            _, _, parent_low, parent_high = parent
            low_ok = low is None or parent_low is None or low >= parent_low
            high_ok = high is None or parent_high is None or high <= parent_high
            if not (low_ok and high_ok):
                found.add((index, "parent-bounds", "date_earliest" if not low_ok else "date_latest"))
        seen, current = {event_id}, parent_id
        while current in by_id:
            if current in seen:
                found.add((index, "rule-error", "parent_event_id"))
                break
            seen.add(current)
            current = by_id[current][1]
    return found


@given(st.data())
def test_the_vectorised_parent_check_agrees_with_the_row_by_row_one(data):
    import pyarrow as pa

    from ict_coop.reading import PackageRead, check_foreign_keys
    from ict_coop.validation import _check_cycles, _check_parents, _kept_pointers

    events = load("events", format="arrow")
    ids = events.column("event_id").to_pylist()
    n = len(ids)
    parents = data.draw(st.lists(st.one_of(st.none(), st.sampled_from(ids)), min_size=n, max_size=n))
    day = st.one_of(st.none(), st.dates(date(2016, 1, 1), date(2016, 1, 20)))
    lows = data.draw(st.lists(day, min_size=n, max_size=n))
    highs = data.draw(st.lists(day, min_size=n, max_size=n))
    table = events
    for name, values, kind in (
        ("parent_event_id", parents, pa.string()),
        ("date_earliest", lows, pa.date32()),
        ("date_latest", highs, pa.date32()),
    ):
        table = table.set_column(table.schema.get_field_index(name), name, pa.array(values, kind))
    flagged_rows = set(data.draw(st.lists(st.integers(0, n - 1), max_size=3)))
    flagged = {"events": {i + 2 for i in flagged_rows}} if flagged_rows else {}
    rows = [(i, ids[i], parents[i], lows[i], highs[i]) for i in range(n) if i not in flagged_rows]
    expected = _parents_reference(rows)
    # both ways to each row's parent: the key check's pointers (what validate passes on) and,
    # without them (a table that lost rows is not key-checked), the rules' own lookup
    for kept in (True, False):
        read = PackageRead(root=REPO, descriptor=None, tables={"events": table})
        if kept:
            pointers = dict.fromkeys(_kept_pointers())
            check_foreign_keys(read.tables, {"events": "data/events.csv"}, set(), {}, pointers)
            read.pointers = {link: at for link, at in pointers.items() if at is not None}
            assert ("events", ("parent_event_id",)) in read.pointers
        issues = []
        _check_parents(read, flagged, issues)
        _check_cycles(read, flagged, issues)
        assert {(issue.row - 2, issue.code, issue.field) for issue in issues} == expected, kept


@given(st.data())
def test_needed_links_by_the_key_checks_rows_agree_with_a_set_of_keys(data):
    """`missing-link` from the key check's rows (`PackageRead.pointed`) or by looking keys up: what a set of keys says.

    An event id twice (a ``primary-key`` finding) makes both its rows linked, so the key check's
    rows (the first of the two) are not used then.
    """
    import pyarrow as pa

    from ict_coop.reading import PackageRead, check_foreign_keys, primary_key_issues
    from ict_coop.validation import _check_links, _kept_pointers

    events = load("events", format="arrow")
    if data.draw(st.booleans()):  # an id twice
        at = data.draw(st.integers(0, events.num_rows - 1))
        events = pa.concat_tables([events.slice(0, at + 1), events.slice(at)])
    ids = events.column("event_id").to_pylist()
    event_ids = data.draw(st.lists(st.one_of(st.none(), st.just("evt-unknown"), st.sampled_from(ids)), max_size=40))
    tables = {
        "events": events,
        "participants": pa.table({"event_id": pa.array(sorted(event_ids, key=lambda e: e or ""), pa.string())}),
    }
    linked = set(tables["participants"].column("event_id").to_pylist())
    expected = {index for index, event_id in enumerate(ids) if event_id not in linked}
    found = {}
    for kept in (True, False):
        read = PackageRead(root=REPO, descriptor=None, tables=dict(tables))
        read.issues = primary_key_issues("events", read.tables["events"], "data/events.csv", lambda i: i + 2)
        if kept:
            pointers = dict.fromkeys(_kept_pointers())
            files = {"events": "data/events.csv", "participants": "data/participants.csv"}
            check_foreign_keys(read.tables, files, set(), {}, pointers)
            read.pointers = {link: rows for link, rows in pointers.items() if rows is not None}
            assert ("participants", ("event_id",)) in read.pointers
        issues = []
        _check_links(read, issues)
        found[kept] = {issue.row - 2 for issue in issues if issue.code == "missing-link"}
    assert found[True] == found[False] == expected


@given(st.data())
def test_external_values_need_outside_knowledge_as_a_set_of_triples_says(data):
    """`missing-outside-knowledge`, looked up column-wise, is what a set of (resource, record_key, field) says."""
    import pyarrow as pa

    from ict_coop.crosschecks import _outside_required
    from ict_coop.reading import PackageRead

    events = load("events", format="arrow")
    ids = events.column("event_id").to_pylist()
    n = len(ids)
    basis = st.sampled_from([None, "stated", "inferred", "external"])
    tables = {"events": events}
    for column in ("date_basis", "country_basis", "city_basis"):
        values = data.draw(st.lists(basis, min_size=n, max_size=n))
        table = tables["events"]
        tables["events"] = table.set_column(table.schema.get_field_index(column), column, pa.array(values))
    rows = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(["events", "agreements", None]),
                st.one_of(st.none(), st.just("evt-unknown"), st.sampled_from(ids)),
                st.sampled_from(["date_edtf", "country_code", "city_en", None]),
            ),
            max_size=30,
        )
    )
    rows = sorted(rows, key=lambda r: tuple("" if v is None else v for v in r))  # as the table is kept
    known = pa.table(
        {
            name: pa.array([r[i] for r in rows], pa.string())
            for i, name in enumerate(("resource", "record_key", "field"))
        }
    )
    for with_table in (True, False):
        if with_table:
            tables["outside_knowledge"] = known
        else:
            tables.pop("outside_knowledge", None)
        read = PackageRead(root=REPO, descriptor=None, tables=dict(tables))
        supplied = set(rows) if with_table else set()
        expected = [
            (index + 2, basis_field)
            for basis_field, value in (
                ("date_basis", "date_edtf"),
                ("country_basis", "country_code"),
                ("city_basis", "city_en"),
            )
            for index, (event_id, said) in enumerate(
                zip(ids, tables["events"].column(basis_field).to_pylist(), strict=True)
            )
            if said == "external" and ("events", event_id, value) not in supplied
        ]
        found = [(issue.row, issue.field) for issue in _outside_required(read, {})]
        assert found == expected
