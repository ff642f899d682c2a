"""The data: properties every shipped record must have, and exact figures of the frozen fixture.

Tests of the shipped dataset (``shipped``) check rules, never counts or ids, so adding an
article never means editing a test. Exact figures come from ``tests/fixtures/seeds``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter

import pytest

from ict_coop import validate
from ict_coop.models import MODELS
from tests.conftest import FIXTURE, REPO, read_table

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def test_the_shipped_package_is_valid():
    report = validate(REPO)
    assert report.valid, str(report)


def test_the_fixture_is_valid_and_built_from_its_curation_files():
    from ict_coop.build import build

    assert validate(FIXTURE).valid
    assert build(FIXTURE, check=True) == []


@pytest.mark.parametrize("root", [REPO, FIXTURE], ids=["shipped", "fixture"])
def test_seed_hashes_match_the_sources_table(root):
    rows = [r for r in read_table(root, "sources") if r["kind"] == "shipped"]
    assert rows
    for row in rows:
        data = (root / "seeds" / row["file_name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the shared seed folder is not beside this checkout")
def test_seeds_are_byte_for_byte_the_shared_ones():
    for shared in sorted(SHARED_SEEDS.glob("*.txt")):
        assert (REPO / "seeds" / shared.name).read_bytes() == shared.read_bytes()


def test_every_quote_is_its_source_text_at_its_offsets(shipped):
    texts = {s.source_id: shipped.source_text(s.source_id) for s in shipped.sources if s.kind == "shipped"}
    for quote in shipped.quotes:
        assert unicodedata.is_normalized("NFC", quote.text)
        assert texts[quote.source_id][quote.start : quote.end] == quote.text


def test_every_quote_is_recorded_once_and_backs_some_fact(shipped):
    cited = {ev.quote_id for ev in shipped.evidence if ev.quote_id is not None}
    spans = [(q.source_id, q.start, q.end) for q in shipped.quotes]
    assert len(spans) == len(set(spans))
    assert cited == {q.quote_id for q in shipped.quotes}


def test_cited_pages_are_cited_not_copied(shipped):
    """Every cited source has a URL; its evidence is a paraphrase with at most 100 characters of terms."""
    cited = {s.source_id for s in shipped.sources if s.kind == "cited"}
    for source in shipped.sources:
        if source.kind == "cited":
            assert source.url and source.part_read and source.read_on, source.source_id
    for ev in shipped.evidence:
        if ev.source_id in cited:
            assert ev.kind == "cited" and ev.paraphrase and ev.locator, ev.key
            assert ev.quote_id is None and (ev.terms is None or len(ev.terms) <= 100), ev.key


def test_every_foreign_key_resolves(shipped):
    keys = {name: {r.key for r in rows} for name, rows in shipped.tables.items()}
    for name, model in MODELS.items():
        for fk in model.foreign_keys:
            for record in shipped.tables[name]:
                value = "|".join(str(getattr(record, f)) for f in fk.fields if getattr(record, f) is not None)
                if value:
                    assert value in keys[fk.resource], (name, record.key, fk)


def test_stated_facts_have_their_evidence(shipped):
    """A stated date, place or title has evidence; an external one outside knowledge; an inferred one a note."""
    outside = {(o.resource, o.record_key, o.field) for o in shipped.outside_knowledge}
    for event in shipped.events:
        fields = {e.field for e in shipped.evidence_for("events", event.event_id)}
        assert "kind" in fields or ("events", event.event_id, "kind") in outside, event.event_id
        if event.date_basis == "stated":
            assert "date_text" in fields, event.event_id
        elif event.date_basis == "external":
            assert ("events", event.event_id, "date_edtf") in outside, event.event_id
        elif event.date_basis != "not_stated":
            assert event.date_note, event.event_id
        if event.city_text is not None and event.city_basis == "stated":
            assert "city_text" in fields, event.event_id


def test_child_events_fall_inside_their_parents(shipped):
    events = {e.event_id: e for e in shipped.events}
    for child in (e for e in shipped.events if e.parent_event_id):
        parent = events[child.parent_event_id]
        if child.date_earliest and parent.date_earliest:
            assert child.date_earliest >= parent.date_earliest
        if child.date_latest and parent.date_latest:
            assert child.date_latest <= parent.date_latest


def test_no_year_is_invented(shipped):
    """A date stated by a source writes its year; any other year says where it came from."""
    from ict_coop.dates import stated_year_problem

    for record in (*shipped.events, *shipped.tables["agreements"]):
        if record.date_basis == "stated":
            assert stated_year_problem(record.date_edtf, record.date_text) is None, record.key
        elif record.date_edtf is not None:
            assert record.date_note, record.key


def test_no_evidence_comes_from_page_furniture(shipped):
    spans = {}
    for f in shipped.furniture:
        spans.setdefault(f.source_id, []).append((f.start, f.end))
    for ev in shipped.evidence:
        if ev.resource != "sources" and ev.kind == "quote":
            quote = shipped.quote_for(ev)
            assert not any(s < quote.end and quote.start < e for s, e in spans.get(ev.source_id, [])), ev.key


@pytest.mark.parametrize("root", [REPO, FIXTURE], ids=["shipped", "fixture"])
def test_files_are_utf8_lf_nfc_and_sorted(root):
    from ict_coop.curation import read_rows, render_table

    for name in MODELS:
        data = (root / "data" / f"{name}.csv").read_bytes()
        text = data.decode("utf-8")
        assert "\r" not in text and not text.startswith("\ufeff")
        assert unicodedata.is_normalized("NFC", text)
        assert render_table(name, read_rows(root, name)) == text, f"{name} is not in canonical order"


def test_fixture_row_counts():
    """The frozen fixture's figures: a change here means the fixture (not the shipped data) changed."""
    counts = {name: len(read_table(FIXTURE, name)) for name in MODELS}
    assert counts == {
        "sources": 5,
        "furniture": 17,
        "countries": 82,
        "organizations": 31,
        "people": 8,
        "topics": 17,
        "events": 24,
        "event_plover_contexts": 38,
        "event_topics": 52,
        "event_partners": 22,
        "participants": 47,
        "agreements": 2,
        "agreement_parties": 4,
        "agreement_mentions": 1,
        "agreement_topics": 1,
        "commitments": 19,
        "commitment_makers": 29,
        "aliases": 39,
        "quotes": 142,
        "evidence": 274,
        "outside_knowledge": 0,
    }


def test_country_codes_for_joins(shipped):
    vnm = shipped.get("countries", "VNM")
    assert (vnm.cow_code, vnm.gw_code, vnm.alpha2, vnm.name_vi) == (816, 816, "VN", "Việt Nam")
    for country in shipped.countries:
        assert len(country.alpha2) == 2 and len(country.iso_numeric) == 3


def test_a_reader_can_answer_who_when_where_what_from_the_data(dataset):
    """For each meeting of the fixture: who met whom, when, where, about what, what was signed or promised."""
    answers = Counter()
    for meeting in dataset.meetings:
        event = meeting.event
        who = [p.person_id or p.organization_id for p in meeting.participants]
        assert who, event.event_id
        assert event.date_edtf or event.date_note or event.date_basis == "not_stated"
        if (
            len({p.country_code or p.organization_id for p in meeting.partners}) == 1
            and meeting.partners[0].country_code
        ):
            assert meeting.partner_country is not None
        for topic in meeting.topics:
            assert dataset.evidence_for("event_topics", f"{event.event_id}|{topic}", "topic_id")
        for commitment in meeting.commitments:
            assert dataset.evidence_for("commitments", commitment.commitment_id, "summary_en")
        answers["topics"] += bool(meeting.topics)
        answers["commitments"] += bool(meeting.commitments)
        answers["agreements"] += bool(meeting.agreement_ids)
    assert (answers["topics"], answers["commitments"], answers["agreements"]) == (14, 7, 3)
    reception = dataset.get("events", "evt-tza-ccm-reception")
    quote = dataset.evidence_for("events", reception.event_id, "date_text")[0]
    assert reception.date_text in dataset.quote_for(quote).text and reception.date_edtf == "2023-05-17"
    assert reception.date_basis == "inferred_from_dateline"
