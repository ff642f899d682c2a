"""Research tools: honest dates, panels, event data, exports, citations, networks, figures."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ict_coop import UnknownResourceError, load
from ict_coop.citation import cite, cite_sources, sources_for
from ict_coop.export import export
from ict_coop.research import (
    cameo_dyads,
    dyad_undated,
    dyad_year_panel,
    edge_list,
    happened_in,
    happened_in_table,
    plover_records,
    resolve_date,
    resolve_dates,
)
from tests.conftest import REPO, set_cell

YEARS = range(2015, 2026)


def test_helpers_agree_on_objects_and_arrow(dataset):
    table = load("events", format="arrow")
    events = dataset.events
    for how in ("earliest", "latest", "midpoint"):
        assert resolve_dates(table, how).to_pylist() == [resolve_date(e, how) for e in events]
    for year in YEARS:
        assert happened_in_table(table, year).to_pylist() == [happened_in(e, year) for e in events]


class Bounds:
    def __init__(self, low, high):
        self.date_earliest, self.date_latest = low, high


days = st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))


@given(days, days, st.integers(1999, 2031))
def test_happened_in_is_honest(low, high, year):
    if low and high and low > high:
        low, high = high, low
    verdict = happened_in(Bounds(low, high), year)
    if low is None or high is None:
        assert verdict != "certain"  # an open bound is never certain
    if verdict == "certain":
        assert low.year == high.year == year
    if verdict == "no":
        assert (low and low.year > year) or (high and high.year < year)
    midpoint = resolve_date(Bounds(low, high), "midpoint")
    assert midpoint is None if (low is None or high is None) else low <= midpoint <= high


def test_policy_must_be_named():
    with pytest.raises(ValueError, match="how must be"):
        resolve_date(Bounds(date(2020, 1, 1), date(2020, 1, 2)), "first")  # type: ignore[arg-type]


def test_panel_keeps_certain_possible_and_undated_apart(dataset):
    """Engagements by default: each counted once per partner, in a certain year, a possible one, or as undated."""
    panel = dyad_year_panel(dataset)
    rows = panel.to_pylist()
    assert panel.schema.metadata == {b"count": b"engagements", b"outside_knowledge": b"exclude"}
    counterparts = dataset.counterpart_countries
    from ict_coop.research import certain_year

    events = {e.event_id: e for e in dataset.events}
    states = {eid: [c for c in counterparts.get(eid, ()) if c != "VNM"] for eid in dataset.engagement_ids}
    # certain: the engagement's own bounds lie in one year, or else one of its sessions' do
    # (the year coverage gives it); outside knowledge is excluded by default
    certain = [
        eid for eid, cs in states.items() for _ in cs if certain_year(eid, events, outside_knowledge="exclude")[0]
    ]
    assert sum(r["events_certain"] for r in rows) == len(certain)
    undated = sum(
        1
        for eid, cs in states.items()
        for _ in cs
        if (
            (not events[eid].date_earliest and not events[eid].date_latest) or str(events[eid].date_basis) == "external"
        )
        and certain_year(eid, events, outside_knowledge="exclude")[0] is None
    )
    apart = dyad_undated(dataset).to_pylist()
    assert "events_undated" not in panel.column_names  # undated records are in no year's row
    assert sum(r["events_undated"] for r in apart) == undated  # once per dyad: summing never double-counts
    assert len({r["iso3_b"] for r in apart}) == len(apart)
    assert {r["iso3_a"] for r in rows} == {"VNM"}
    splits = ("events_certain_stated", "events_certain_inferred", "events_certain_external")
    assert all(r["events_certain"] == sum(r[k] for k in splits) for r in rows)  # by basis, apart
    assert {(r["gw_a"], r["iso3_b"], r["gw_b"], r["cow_b"]) for r in rows} >= {(816, "JPN", 740, 740)}
    every = dyad_year_panel(dataset, count="events")
    assert every.column_names == panel.column_names  # one naming scheme, whatever the arguments
    total = sum(r["events_certain"] + r["events_possible"] for r in every.to_pylist())
    total += sum(r["events_undated"] for r in dyad_undated(dataset, count="events").to_pylist())
    assert total > sum(r["events_certain"] + r["events_possible"] for r in rows) + undated
    # a trip without bounds of its own counts in the year of its dated session
    assert certain_year("evt-jpn-mic-visit", events) == (2018, "stated")
    japan = [r for r in rows if r["iso3_b"] == "JPN" and r["year"] == 2018]
    assert japan and japan[0]["events_certain_stated"] >= 1


def test_panel_arguments_are_checked_and_code_is_deprecated(dataset):
    with pytest.warns(DeprecationWarning, match="every panel has"):
        old = dyad_year_panel(dataset, code="gw")
    assert old == dyad_year_panel(dataset)
    with pytest.raises(ValueError, match="'engagements' or 'events'"):
        dyad_year_panel(dataset, count="engagement")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'exclude' or 'include'"):
        dyad_undated(dataset, outside_knowledge="yes")  # type: ignore[arg-type]


def test_outside_knowledge_is_a_policy_never_silent(dataset):

    events = [
        e.model_copy(update={"date_basis": "external"}) if e.event_id == "evt-jpn-mic-reception" else e
        for e in dataset.events
    ]
    from ict_coop.loading import Dataset

    changed = Dataset(root=dataset.root, version=dataset.version, tables={**dataset.tables, "events": tuple(events)})
    excluded = dyad_year_panel(changed, count="events").to_pylist()
    included = dyad_year_panel(changed, count="events", outside_knowledge="include").to_pylist()
    japan_2018 = [r for r in included if r["iso3_b"] == "JPN" and r["year"] == 2018]
    assert japan_2018 and japan_2018[0]["events_certain"] >= 1
    assert sum(r["events_certain"] for r in excluded) == sum(r["events_certain"] for r in included) - 1


def test_cameo_dyads_pair_visits_and_keep_codes_as_strings(dataset):
    dyads = cameo_dyads(dataset)
    coded = [e for e in dataset.events if e.cameo_code and e.reported_as == "occurred"]
    assert dyads.num_rows == 2 * len(coded)
    assert dyads.schema.field("EventCode").type == pa.string()
    rows = {r["GlobalEventID"]: r for r in dyads.to_pylist()}
    trip = rows["evt-rus-mic-trip#as_coded"], rows["evt-rus-mic-trip#mirror"]
    assert [(r["Actor1CountryCode"], r["Actor2CountryCode"], r["EventCode"]) for r in trip] == [
        ("VNM", "RUS", "042"),
        ("RUS", "VNM", "043"),
    ]
    reception = rows["evt-jpn-mic-reception#as_coded"]
    assert (reception["SQLDATE"], reception["EventRootCode"], reception["QuadClass"]) == (20180502, "04", 1)
    assert rows["evt-ind-meity-talks#as_coded"]["SQLDATE"] is None  # no year: no SQLDATE


def test_plover_lines_rest_on_their_sentences(dataset):
    records = plover_records(dataset)
    assert len(records) == sum(1 for e in dataset.events if e.plover_event_type and e.reported_as == "occurred")
    for record in records:
        source = record["source"]
        text = dataset.source_text(source["source_id"])
        assert text[source["start"] : source["end"]] == record["text"]
        assert record["citation"].endswith(".txt.")
        assert record["text_kind"] == "verbatim quote"
        assert record["event_type"] in {"CONSULT", "SUPPORT"}


@pytest.mark.parametrize("name", ["events", "meetings", "cameo", "panel", "edges", "evidence"])
def test_exports_open_in_their_tools(tmp_path, name):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    expected = load(name if name not in ("cameo", "panel", "edges") else "events", format="arrow").num_rows
    parquet = export(name, tmp_path / f"{name}.parquet", "parquet")
    frame = pd.read_parquet(parquet)
    assert len(pl.read_parquet(parquet)) == len(frame)
    if name in ("events", "meetings", "evidence"):
        assert len(frame) == expected
    lines = export(name, tmp_path / f"{name}.jsonl", "jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]).keys() == set(frame.columns)
    database = export(name, tmp_path / f"{name}.sqlite", "sqlite")
    table = "meetings" if name == "meetings" else name
    assert sqlite3.connect(database).execute(f'select count(*) from "{table}"').fetchone() == (len(frame),)
    if name == "meetings":  # a view of a table keeps the table's keys
        schema = sqlite3.connect(database).execute("select sql from sqlite_master where name = 'meetings'").fetchone()
        assert "PRIMARY KEY (event_id)" in schema[0]


def test_sqlite_of_everything_keeps_keys(tmp_path):
    db = sqlite3.connect(export("all", tmp_path / "all.sqlite", "sqlite"))
    joined = db.execute(
        "select e.event_id, p.person_id from events e join participants p using (event_id) "
        "where e.date_earliest = '2018-05-02' order by p.person_id"
    ).fetchall()
    assert joined == [("evt-jpn-mic-reception", "per-manabu-sakai"), ("evt-jpn-mic-reception", "per-truong-minh-tuan")]
    schema = db.execute("select sql from sqlite_master where name = 'participants'").fetchone()[0]
    assert "PRIMARY KEY (participant_id)" in schema and "REFERENCES events (event_id)" in schema
    assert "date_earliest DATE" in db.execute("select sql from sqlite_master where name = 'events'").fetchone()[
        0
    ].replace('"', "")
    assert "principal BOOLEAN NOT NULL" in schema.replace('"', "")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # vocabularies are declared
        db.execute("update events set kind = 'banquet' where event_id = 'evt-jpn-mic-reception'")
    # the views are in every export, with their keys
    views = db.execute("select sql from sqlite_master where name = 'engagement_partners'").fetchone()[0]
    assert "PRIMARY KEY (event_id, partner_id)" in views and "REFERENCES engagements (event_id)" in views
    assert db.execute("select count(*) from engagements").fetchone() == (len(load("engagements")),)
    with pytest.raises(ValueError, match="JSON Lines"):
        export("plover", tmp_path / "x.csv", "csv")
    with pytest.raises(UnknownResourceError, match=r"choose one of: .*engagements"):
        export("engagement", tmp_path / "x.csv", "csv")
    with pytest.raises(ValueError, match="format must be one of"):
        export("events", tmp_path / "x.xlsx", "xlsx")  # type: ignore[arg-type]


def test_export_all_to_a_folder_of_parquet_files(tmp_path):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    from ict_coop.export import everything

    folder = export("all", tmp_path / "out", "parquet")
    assert sorted(p.stem for p in folder.glob("*.parquet")) == sorted(everything())
    assert {"engagements", "engagement_partners"} <= set(everything())
    manifest = json.loads((folder / "ict-coop.json").read_text(encoding="utf-8"))
    assert manifest["version"] == load().version and set(manifest["files"]) == {f"{n}.parquet" for n in everything()}
    engagements = pl.read_parquet(folder / "engagements.parquet")
    assert engagements.schema["date_earliest"] == pl.Date and engagements.schema["partner_names"] == pl.List(pl.String)
    events = pd.read_parquet(folder / "events.parquet", dtype_backend="pyarrow")
    assert str(events["date_earliest"].dtype) == "date32[day][pyarrow]"
    import pyarrow.parquet as pq

    assert pq.read_schema(folder / "events.parquet").metadata[b"licenses"]
    csv_folder = export("all", tmp_path / "csv", "csv")
    assert (csv_folder / "engagement_partners.csv").read_text(encoding="utf-8").startswith('"event_id","partner_id"')


def test_export_all_to_duckdb_with_dates_and_enums(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    database = export("all", tmp_path / "all.duckdb", "duckdb")
    db = duckdb.connect(str(database), read_only=True)
    types = dict(
        db.execute(
            "select column_name, data_type from information_schema.columns where table_name = 'events'"
        ).fetchall()
    )
    assert types["date_earliest"] == "DATE" and types["kind"].startswith("ENUM('visit'")
    kinds = db.execute("select enum_range(null::event_kind)").fetchone()[0]
    from ict_coop.vocab import EventKind

    assert kinds == [str(k) for k in EventKind]  # the whole vocabulary, not only the values used
    signed = db.execute(
        "select e.event_id, p.name_en from engagements e join engagement_partners p using (event_id) "
        "where e.agreements_signed > 0 order by e.event_id"
    ).fetchall()
    expected = [(e.event_id, n) for e in load("engagements") if e.agreements_signed for n in e.partner_names]
    assert signed == expected
    lists = db.execute("select data_type from information_schema.columns where column_name = 'partner_names'")
    assert lists.fetchone()[0] == "VARCHAR[]"
    db.close()
    writable = duckdb.connect(str(database))
    with pytest.raises(duckdb.ConstraintException):  # primary keys are declared
        writable.execute("insert into countries select * from countries limit 1")
    with pytest.raises(duckdb.ConstraintException, match="foreign key"):  # and foreign keys
        writable.execute("update engagement_partners set event_id = 'evt-none' where true")


def test_citations():
    import ict_coop

    bibtex = cite("bibtex")
    assert f"version      = {{{ict_coop.__version__}}}" in bibtex and bibtex.startswith("@misc{ict_coop_")
    assert f"(Version {ict_coop.__version__})" in cite("apa")
    assert cite("cff") == (REPO / "CITATION.cff").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="style"):
        cite("mla")  # type: ignore[arg-type]


def test_sources_behind_any_subset(dataset):
    japan = [m for m in dataset.meetings if dataset.counterpart_countries.get(m.event_id) == ("JPN",)]
    assert [s.source_id for s in sources_for(japan, dataset)] == ["src-002"]
    assert cite_sources(japan, dataset) == [
        "Tạp chí Thông tin & Truyền thông, “Bộ trưởng Trương Minh Tuấn tiếp đoàn Bộ Nội vụ và Truyền thông Nhật Bản”, "
        "03 May 2018, ict-coop seed 002_fee9090671b3a111.txt."
    ]
    people = [dataset.get("people", "per-nguyen-manh-hung")]
    assert [s.source_id for s in sources_for(people, dataset)] == ["src-000"]


def test_edges_and_graph(dataset):
    countries = edge_list(dataset, level="country").to_pylist()
    assert {(e["source"], e["target"]) for e in countries} == {(c, "VNM") for c in ("IND", "JPN", "KHM", "RUS", "TZA")}
    nx = pytest.importorskip("networkx")
    graph = __import__("ict_coop.research", fromlist=["to_networkx"]).to_networkx(dataset)
    assert isinstance(graph, nx.Graph)
    assert graph.nodes["org-vnm-mic"]["name"] == "Ministry of Information and Communications"
    assert graph["org-jpn-mic"]["org-vnm-mic"]["weight"] == 2


def test_figure_is_drawn_from_the_data(tmp_path, package):
    pytest.importorskip("matplotlib")
    from ict_coop.figures import engagements_over_time

    first = engagements_over_time(tmp_path / "a.png", load(path=package)).read_bytes()
    assert first.startswith(b"\x89PNG") and len(first) > 10_000
    row = next(i for i, r in enumerate(load("events", path=package)) if r.event_id == "evt-jpn-jwg-meeting") + 2
    set_cell(package, "events", row, "date_edtf", "../2016-05-03")
    set_cell(package, "events", row, "date_latest", "2016-05-03")
    second = engagements_over_time(tmp_path / "b.png", load(path=package)).read_bytes()
    assert first != second


def test_figure_marks_count_coincident_days_and_keep_open_and_undated_apart():
    """Two engagements on one day are one mark counted twice; open and undated ones are kept apart."""
    from datetime import date
    from types import SimpleNamespace

    from ict_coop.figures import marks

    def event(eid, low, high, parent=None):
        return SimpleNamespace(event_id=eid, parent_event_id=parent, date_earliest=low, date_latest=high)

    day = date(2019, 3, 1)
    rows = [
        event("evt-a", day, day),
        event("evt-b", day, day),
        event("evt-c", date(2019, 1, 1), date(2019, 12, 31)),
        event("evt-d", None, date(2020, 5, 3)),
        event("evt-e", None, None),
        event("evt-f", day, day, parent="evt-c"),  # a session: its trip counts, not it
    ]
    dataset = SimpleNamespace(
        tables={"events": rows},
        engagement_ids=("evt-a", "evt-b", "evt-c", "evt-d", "evt-e"),
        partner_ids={"evt-a": ("JPN",), "evt-b": ("JPN",), "evt-c": ("KOR",), "evt-d": ("JPN",), "evt-e": ("KOR",)},
    )
    drawn = marks(dataset)
    assert drawn.days == {("JPN", day): 2}
    assert drawn.ranges == [("KOR", date(2019, 1, 1), date(2019, 12, 31))]
    assert drawn.open_ranges == [("JPN", None, date(2020, 5, 3))]
    assert drawn.undated == {"KOR": 1}


def test_every_engagement_of_the_fixture_has_one_mark_per_partner(dataset):
    from ict_coop.figures import marks
    from ict_coop.research import engagement_partners

    drawn = marks(dataset)
    pairs = sum(len(partners) for partners in engagement_partners(dataset).values())
    assert sum(drawn.days.values()) + len(drawn.ranges) + len(drawn.open_ranges) + sum(drawn.undated.values()) == pairs


def test_a_year_the_sources_give_comes_before_outside_knowledge(dataset):
    """A trip bounded only by outside knowledge takes its year from a session the sources date."""
    from datetime import date as day

    from ict_coop.loading import Dataset
    from ict_coop.research import certain_year, coverage, sourced_year

    events = tuple(
        e.model_copy(
            update={"date_basis": "external", "date_earliest": day(2018, 5, 1), "date_latest": day(2018, 5, 4)}
        )
        if e.event_id == "evt-jpn-mic-visit"
        else e
        for e in dataset.events
    )
    by_id = {e.event_id: e for e in events}
    assert certain_year("evt-jpn-mic-visit", by_id) == (2018, "external")  # its own bounds, as before
    assert certain_year("evt-jpn-mic-visit", by_id, outside_knowledge="exclude") == (2018, "stated")
    assert sourced_year("evt-jpn-mic-visit", by_id) == (2018, "stated")
    changed = Dataset(root=dataset.root, version=dataset.version, tables={**dataset.tables, "events": events})
    assert coverage(changed)["certain_year"] == coverage(dataset)["certain_year"]  # still stated
    visit = next(e for e in changed.engagements if e.event_id == "evt-jpn-mic-visit")
    assert (visit.year, visit.year_basis, visit.outside_year) == (2018, "stated", None)
    assert (visit.outside_date_earliest, visit.date_earliest) == (day(2018, 5, 1), None)
    alone = {
        **by_id,
        "evt-jpn-mic-reception": by_id["evt-jpn-mic-reception"].model_copy(update={"date_basis": "external"}),
    }
    assert sourced_year("evt-jpn-mic-visit", alone) == (2018, "external")  # no source dates it: outside knowledge
