"""The shipped dataset: provenance, integrity and what a reader can answer from it."""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter

import pytest

from ict_coop import validate
from ict_coop.models import MODELS
from tests.conftest import REPO, read_table

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def test_the_shipped_package_is_valid():
    report = validate()
    assert report.valid, str(report)


def test_seed_hashes_match_the_sources_table():
    rows = read_table(REPO, "sources")
    assert len(rows) == 5
    for row in rows:
        data = (REPO / "seeds" / row["file_name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the shared seed folder is not beside this checkout")
def test_seeds_are_byte_for_byte_the_shared_ones():
    for shared in sorted(SHARED_SEEDS.glob("*.txt")):
        assert (REPO / "seeds" / shared.name).read_bytes() == shared.read_bytes()


def test_every_quote_is_its_source_text_at_its_offsets(dataset):
    texts = {s.source_id: dataset.source_text(s.source_id) for s in dataset.sources}
    assert len(dataset.evidence) > 200
    for ev in dataset.evidence:
        assert unicodedata.is_normalized("NFC", ev.quote)
        assert texts[ev.source_id][ev.start : ev.end] == ev.quote


def test_every_foreign_key_resolves(dataset):
    keys = {name: {r.key for r in rows} for name, rows in dataset.tables.items()}
    checked = 0
    for name, model in MODELS.items():
        for fk in model.foreign_keys:
            for record in dataset.tables[name]:
                value = "|".join(str(getattr(record, f)) for f in fk.fields if getattr(record, f) is not None)
                if value:
                    assert value in keys[fk.resource], (name, record.key, fk)
                    checked += 1
    assert checked > 300


def test_every_event_has_evidence_for_its_date_place_and_leads(dataset):
    for event in dataset.events:
        fields = {e.field for e in dataset.evidence_for("events", event.event_id)}
        assert "kind" in fields
        if event.date_text is not None:
            assert "date_text" in fields, event.event_id
        else:
            assert event.date_basis != "stated" and event.date_note, event.event_id
        if event.country_code is not None:
            assert "country_code" in fields, event.event_id
        if event.city_text is not None:
            assert "city_text" in fields, event.event_id
        leads = [p for p in dataset.participants if p.event_id == event.event_id and p.role in ("lead", "host")]
        assert leads, event.event_id
        for lead in leads:
            quotes = dataset.evidence_for("participants", lead.participant_id, "role")
            assert quotes, lead.participant_id
            if lead.title_text:
                assert any(lead.title_text in q.quote for q in dataset.evidence_for("participants", lead.key))


def test_child_events_fall_inside_their_parents(dataset):
    events = {e.event_id: e for e in dataset.events}
    children = [e for e in dataset.events if e.parent_event_id]
    assert len(children) >= 15
    for child in children:
        parent = events[child.parent_event_id]
        if child.date_earliest and parent.date_earliest:
            assert child.date_earliest >= parent.date_earliest
        if child.date_latest and parent.date_latest:
            assert child.date_latest <= parent.date_latest


def test_no_year_is_invented(dataset):
    """Sources without a dateline give no year: their events have no year bounds."""
    undated = {s.source_id for s in dataset.sources if s.published is None}
    for ev in dataset.evidence:
        if ev.resource == "events" and ev.field == "kind" and ev.source_id in undated:
            event = dataset.get("events", ev.record_key)
            assert event.date_earliest is None and event.date_latest is None, event.event_id
            assert event.date_edtf is None or event.date_edtf.lstrip("[.").startswith("XXXX")


def test_inferred_dates_say_how():
    for row in read_table(REPO, "events") + read_table(REPO, "agreements"):
        if row["date_basis"] != "stated":
            assert row["date_note"], row


def test_no_evidence_comes_from_page_furniture(dataset):
    spans = {}
    for f in dataset.furniture:
        spans.setdefault(f.source_id, []).append((f.start, f.end))
    for ev in dataset.evidence:
        if ev.resource != "sources":
            assert not any(s < ev.end and ev.start < e for s, e in spans.get(ev.source_id, [])), ev.key


def test_files_are_utf8_lf_nfc_and_sorted():
    from ict_coop.curation import read_rows, render_table

    for name in MODELS:
        data = (REPO / "data" / f"{name}.csv").read_bytes()
        text = data.decode("utf-8")
        assert "\r" not in text and not text.startswith("\ufeff")
        assert unicodedata.is_normalized("NFC", text)
        assert render_table(name, read_rows(REPO, name)) == text, f"{name} is not in canonical order"


def test_row_counts():
    """Update these numbers with every data change: they make additions and losses visible."""
    counts = {name: len(read_table(REPO, name)) for name in MODELS}
    assert counts == {
        "sources": 5,
        "furniture": 17,
        "countries": 6,
        "organizations": 31,
        "people": 8,
        "topics": 17,
        "events": 24,
        "event_plover_contexts": 38,
        "event_topics": 52,
        "participants": 47,
        "agreements": 2,
        "agreement_parties": 4,
        "agreement_mentions": 1,
        "agreement_topics": 1,
        "commitments": 19,
        "commitment_makers": 29,
        "evidence": 252,
    }


def test_country_codes_for_joins(dataset):
    vnm = dataset.get("countries", "VNM")
    assert (vnm.cow_code, vnm.gw_code, vnm.alpha2, vnm.name_vi) == (816, 816, "VN", "Việt Nam")
    names = {c.country_code: c.name_vi for c in dataset.countries}
    assert names["RUS"] == "Liên bang Nga" and names["KHM"] == "Campuchia" and names["JPN"] == "Nhật Bản"


def test_a_reader_can_answer_who_when_where_what_from_the_data(dataset):
    """For each meeting: who met whom, when, where, about what, what was signed or promised, with quotes."""
    answers = Counter()
    for meeting in dataset.meetings:
        event = meeting.event
        who = [p.person_id or p.organization_id for p in meeting.participants]
        assert who, event.event_id
        when = event.date_edtf or event.date_note
        assert when
        if event.partner_country_code:
            assert meeting.partner_country is not None
        for topic in meeting.topics:
            assert dataset.evidence_for("event_topics", f"{event.event_id}|{topic}", "topic_id")
        for commitment in meeting.commitments:
            assert dataset.evidence_for("commitments", commitment.commitment_id, "summary_en")
        answers["topics"] += bool(meeting.topics)
        answers["commitments"] += bool(meeting.commitments)
        answers["agreements"] += bool(meeting.agreement_ids)
    # Exact, like the row counts: events with topics, with commitments, with agreements.
    assert (answers["topics"], answers["commitments"], answers["agreements"]) == (14, 7, 3)
    reception = dataset.get("events", "evt-tza-ccm-reception")
    quote = dataset.evidence_for("events", reception.event_id, "date_text")[0]
    assert reception.date_text in quote.quote and reception.date_edtf == "2023-05-17"
    assert reception.date_basis == "inferred_from_dateline"
