"""Research views: one row per engagement, names next to ids, types pandas and polars compute with."""

from __future__ import annotations

import pyarrow as pa
import pytest

from ict_coop import load
from ict_coop.loading import Dataset
from ict_coop.views import Engagement


def _with_events(dataset, **changes):
    """The dataset with some events' fields changed (a small package written for the test)."""
    events = tuple(e.model_copy(update=changes[e.event_id]) if e.event_id in changes else e for e in dataset.events)
    return Dataset(root=dataset.root, version=dataset.version, tables={**dataset.tables, "events": events})


def _descendants(dataset, event_id):
    children = {}
    for e in dataset.events:
        children.setdefault(e.parent_event_id, []).append(e.event_id)
    found, stack = [], list(children.get(event_id, []))
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def test_one_row_per_engagement(dataset):
    engagements = dataset.engagements
    assert all(isinstance(e, Engagement) for e in engagements)
    assert [e.event_id for e in engagements] == list(dataset.engagement_ids)
    assert len(engagements) == 6  # the fixture: a trip counts once, its sessions are counted
    assert load("engagements") == engagements


def test_counts_take_in_the_sessions(dataset):
    trip = next(e for e in dataset.engagements if e.event_id == "evt-rus-mic-trip")
    tree = {"evt-rus-mic-trip", *_descendants(dataset, "evt-rus-mic-trip")}
    assert trip.sessions == len(tree) - 1 == 8
    signed = sorted(a.agreement_id for a in dataset.tables["agreements"] if a.signed_at_event_id in tree)
    assert trip.signed_agreement_ids == tuple(signed) and trip.agreements_signed == len(signed) == 1
    assert trip.commitments == sum(1 for c in dataset.commitments if c.event_id in tree)
    topics = {str(t.topic_id) for t in dataset.tables["event_topics"] if t.event_id in tree}
    assert {str(t) for t in trip.topics} == topics
    sources = {ev.source_id for ev in dataset.evidence if str(ev.resource) == "events" and ev.record_key in tree}
    assert sources <= set(trip.source_ids)
    assert (trip.partner_ids, trip.partner_names, trip.country_name) == (("RUS",), ("Russia",), "Russia")


def test_principals_by_name_and_title(dataset):
    visit = next(e for e in dataset.engagements if e.event_id == "evt-jpn-mic-visit")
    assert (visit.partner_principal_id, visit.partner_principal, visit.partner_principal_title) == (
        "per-manabu-sakai",
        "Manabu Sakai",
        "Vice-Minister",
    )
    assert visit.viet_nam_principal is None  # the visit records no Vietnamese principal; its session does
    session = next(e for e in dataset.engagements if e.event_id == "evt-khm-mic-mpt-session")
    assert (session.viet_nam_principal, session.partner_principal) == ("Nguyen Manh Hung", "Chea Vandeth")
    assert session.viet_nam_principal_organization == "Ministry of Information and Communications"
    # the principal columns follow participants.principal, one per side
    for engagement in dataset.engagements:
        principals = {
            str(p.side): p.person_id or p.organization_id
            for p in dataset.participants
            if p.event_id == engagement.event_id and p.principal
        }
        assert engagement.viet_nam_principal_id == principals.get("viet_nam")
        assert engagement.partner_principal_id == principals.get("partner")


def test_year_from_a_dated_session(dataset):
    visit = next(e for e in dataset.engagements if e.event_id == "evt-jpn-mic-visit")
    assert (visit.year, str(visit.year_basis), visit.outside_year) == (2018, "stated", None)
    assert visit.date_earliest is None  # the trip's own bounds: the source gives none


def test_outside_knowledge_stays_in_its_own_columns(dataset):
    """A date or place known only from outside knowledge is never in the sources' columns."""
    changed = _with_events(
        dataset,
        **{
            "evt-jpn-mic-reception": {"date_basis": "external"},
            "evt-khm-mic-mpt-session": {
                "date_basis": "external",
                "country_basis": "external",
                "city_basis": "external",
            },
        },
    )
    session = next(e for e in changed.engagements if e.event_id == "evt-khm-mic-mpt-session")
    original = dataset.get("events", "evt-khm-mic-mpt-session")
    assert (session.date_earliest, session.date_latest, session.country_code, session.city_en) == (None,) * 4
    assert (session.outside_date_earliest, session.outside_date_latest) == (
        original.date_earliest,
        original.date_latest,
    )
    assert (session.outside_country_code, session.outside_city_en) == (original.country_code, original.city_en)
    visit = next(e for e in changed.engagements if e.event_id == "evt-jpn-mic-visit")
    assert (visit.year, visit.year_basis, visit.outside_year) == (None, None, 2018)
    # and nothing moves when the sources give the value
    for engagement in dataset.engagements:
        assert engagement.outside_date_earliest is engagement.outside_date_latest is None
        assert engagement.outside_year is None


def test_objects_arrow_pandas_polars_agree(dataset):
    engagements = dataset.engagements
    table = load("engagements", format="arrow")
    assert table.column("event_id").to_pylist() == [e.event_id for e in engagements]
    assert table.schema.field("partner_names").type == pa.list_(pa.string())
    assert pa.types.is_dictionary(table.schema.field("kind").type)
    assert table.schema.field("date_earliest").type == pa.date32()
    assert table.schema.field("year").type == pa.int64()
    assert table.schema.field("viet_nam_principal").metadata[b"description"]
    assert (
        table.schema.metadata[b"version"] == dataset.version.encode()
        and b"CC-BY-4.0" in table.schema.metadata[b"licenses"]
    )
    for engagement, row in zip(engagements, table.to_pylist(), strict=True):
        assert engagement.model_dump(mode="json") == Engagement.model_validate(row).model_dump(mode="json")
    pd = pytest.importorskip("pandas")
    frame = load("engagements", format="pandas")
    assert pd.api.types.is_datetime64_any_dtype(frame["date_earliest"])
    assert str(frame["year"].dtype) == "Int64" and str(frame["sessions"].dtype) == "Int64"
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype)
    visit = frame[frame["event_id"] == "evt-jpn-mic-visit"].iloc[0]
    assert visit["year"] == 2018 and visit["partner_names"] == ["Japan"]
    assert frame["date_earliest"].dt.year.dropna().tolist() == [
        e.date_earliest.year for e in engagements if e.date_earliest
    ]
    pl = pytest.importorskip("polars")
    polars = load("engagements", format="polars")
    assert polars.schema["date_earliest"] == pl.Date and polars.schema["partner_names"] == pl.List(pl.String)
    assert polars["event_id"].to_list() == [e.event_id for e in engagements]


def test_engagement_partners_table(dataset):
    rows = load("engagement_partners")
    expected = [
        (e.event_id, p, n) for e in dataset.engagements for p, n in zip(e.partner_ids, e.partner_names, strict=True)
    ]
    assert [(r.event_id, r.partner_id, r.name_en) for r in rows] == expected
    assert {r.partner_id: r.is_state for r in rows} == {p: True for _, p, _ in expected}  # the fixture: states only
    assert load("engagement_partners", format="arrow").num_rows == len(rows)


def test_views_of_the_shipped_data_keep_their_rules(shipped):
    """Properties only: every engagement once, outside knowledge apart, counts that add up."""
    assert [e.event_id for e in shipped.engagements] == list(shipped.engagement_ids)
    events = {e.event_id: e for e in shipped.events}
    for engagement in shipped.engagements:
        event = events[engagement.event_id]
        if event.date_basis == "external":
            assert engagement.date_earliest is engagement.date_latest is None
        else:
            assert (engagement.date_earliest, engagement.date_latest) == (event.date_earliest, event.date_latest)
        assert engagement.year is None or engagement.year_basis != "external"
        assert engagement.outside_year is None or engagement.year is None
        assert len(engagement.partner_ids) == len(engagement.partner_names)
        assert engagement.agreements_signed <= engagement.agreements
    assert sum(len(e.partner_ids) for e in shipped.engagements) == len(shipped.engagement_partners)


def test_flat_exports_keep_ids_and_put_names_in_their_table(tmp_path):
    import csv
    import sqlite3

    from ict_coop.export import export

    out = export("engagements", tmp_path / "e.csv", "csv")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert "partner_names" not in rows[0]
    trip = next(r for r in rows if r["event_id"] == "evt-rus-mic-trip")
    assert trip["partner_ids"] == "RUS" and trip["sessions"] == "8"
    db = sqlite3.connect(export("engagement_partners", tmp_path / "p.sqlite", "sqlite"))
    assert db.execute("select name_en from engagement_partners where event_id = 'evt-rus-mic-trip'").fetchall() == [
        ("Russia",)
    ]


def test_show_prints_the_view(capsys):
    from ict_coop.cli import main

    assert main(["show", "engagements", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "event_id: evt-ind-mic-trip" in out and "(1 of 6 rows of engagements)" in out


def test_meetings_carry_names_next_to_ids(dataset):
    people = {p.person_id: p for p in dataset.people}
    orgs = {o.organization_id: o for o in dataset.organizations}
    spellings: dict[str, set[str]] = {}
    for alias in dataset.aliases:
        spellings.setdefault(alias.person_id or alias.organization_id, set()).add(alias.text)
    for meeting in dataset.meetings:
        for p in meeting.participants:
            actor = people.get(p.person_id) or orgs[p.organization_id]
            assert (p.name, p.name_en) == (actor.name, actor.name_en)
            assert set(p.aliases) == spellings.get(p.person_id or p.organization_id, set())
            assert p.organization_name_en == (orgs[p.organization_id].name_en if p.organization_id else None)
        for partner in meeting.partners:
            assert partner.name_en == (
                orgs[partner.organization_id].name_en
                if partner.organization_id
                else dataset.get("countries", partner.country_code).name_en
            )
    reception = next(m for m in dataset.meetings if m.event_id == "evt-jpn-mic-reception")
    principals = sorted((str(p.side), p.name_en, p.role.value) for p in reception.participants if p.principal)
    assert principals == [("partner", "Manabu Sakai", "lead"), ("viet_nam", "Truong Minh Tuan", "host")]


def test_agreements_carry_party_and_signatory_names(dataset):
    mou = next(a for a in dataset.agreements if a.agreement_id == "agr-rus-sut-ptit-mou")
    for party in mou.parties:
        org = dataset.get("organizations", party.organization_id)
        assert (party.organization_name, party.organization_name_en) == (org.name, org.name_en)
        if party.signatory_person_id:
            assert party.signatory_name_en == dataset.get("people", party.signatory_person_id).name_en
        else:
            assert party.signatory_name is party.signatory_name_en is None


def test_named_rows_are_still_their_table_rows(dataset):
    """The named views are the table's rows plus names: every table field is unchanged."""
    rows = {p.participant_id: p for p in dataset.participants}
    for meeting in dataset.meetings:
        for p in meeting.participants:
            assert {k: getattr(p, k) for k in type(rows[p.participant_id]).model_fields} == rows[
                p.participant_id
            ].model_dump()


def test_edges_carry_names_and_make_a_graph(dataset):
    from ict_coop.research import edge_list, to_networkx

    edges = edge_list(dataset, level="country")
    names = {c.country_code: c.name_en for c in dataset.countries}
    for row in edges.to_pylist():
        assert (row["source_name"], row["target_name"]) == (names[row["source"]], names[row["target"]])
    with pytest.raises(ValueError, match="'organization' or 'country'"):
        edge_list(dataset, level="countries")  # type: ignore[arg-type]
    nx = pytest.importorskip("networkx")
    graph = to_networkx(edges)  # the README's edges, as the README implies
    assert isinstance(graph, nx.Graph) and graph.number_of_edges() == edges.num_rows
    assert graph.nodes["VNM"]["name"] == "Viet Nam"
    assert sorted(graph["VNM"]) == sorted(
        r["source"] if r["target"] == "VNM" else r["target"] for r in edges.to_pylist()
    )


def test_pandas_tables_have_types_pandas_computes_with():
    pd = pytest.importorskip("pandas")
    events = load("events", format="pandas")
    assert pd.api.types.is_datetime64_any_dtype(events["date_earliest"])
    assert events["date_earliest"].isna().sum() == sum(1 for e in load("events") if e.date_earliest is None)
    assert isinstance(events["kind"].dtype, pd.CategoricalDtype)
    commitments = load("commitments", format="pandas")
    assert str(commitments["target_year"].dtype) == "Int64"  # not float64: an empty year stays <NA>
    assert str(load("participants", format="pandas")["principal"].dtype) == "boolean"
    everything = load(format="pandas")
    assert pd.api.types.is_datetime64_any_dtype(everything["agreements"]["date_latest"])


def test_named_views_equal_their_validated_twins(dataset):
    """Named rows are built without re-validation; each must equal the model's own validation of it."""
    for meeting in dataset.meetings:
        for row in (*meeting.participants, *meeting.partners):
            twin = type(row).model_validate(row.model_dump())
            assert row == twin
            assert {k: type(v) for k, v in row.__dict__.items()} == {k: type(v) for k, v in twin.__dict__.items()}
    for agreement in dataset.agreements:
        for party in agreement.parties:
            assert party == type(party).model_validate(party.model_dump())
