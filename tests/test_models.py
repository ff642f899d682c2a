"""Model rules, one row at a time."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from ict_coop.models import Event, Evidence, Participant, Quote, check_date_layers

BASE = dict(
    event_id="evt-xyz-test",
    kind="talks",
    title_en="Talks",
    summary_en="Talks were held.",
    reported_as="occurred",
    direction="outbound",
    country_code="JPN",
    country_basis="stated",
    city_basis="not_stated",
    date_text="ngày 2/5/2018",
    date_edtf="2018-05-02",
    date_earliest=date(2018, 5, 2),
    date_latest=date(2018, 5, 2),
    date_precision="day",
    date_qualifier="exact",
    date_basis="stated",
    cameo_code="046",
    plover_event_type="CONSULT",
)


def event(**changes):
    return Event.model_validate({**BASE, **changes})


def test_valid_event():
    assert event().date_latest == date(2018, 5, 2)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date_earliest": date(2018, 5, 3)}, "after date_latest"),
        ({"date_latest": date(2018, 5, 3)}, "date_latest must be 2018-05-02"),
        ({"date_precision": "month"}, "date_precision must be day"),
        ({"date_qualifier": "approximate"}, None),
        (
            {
                "date_edtf": "2018-05~",
                "date_earliest": date(2018, 5, 1),
                "date_latest": date(2018, 5, 31),
                "date_precision": "month",
            },
            "must be approximate",
        ),
        ({"date_edtf": "2018-05-02?"}, "must be uncertain"),
        ({"date_qualifier": "undated"}, "undated needs an empty date_edtf"),
        ({"date_edtf": "201X", "date_precision": "year"}, "pattern"),
        ({"reported_as": "rumoured"}, "Input should be"),
        ({"date_basis": "inferred_from_context"}, "needs a date_note"),
        ({"date_text": None}, "needs the date_text"),
        ({"date_basis": "not_stated"}, "not_stated needs empty"),
        ({"date_edtf": "2018-05-33"}, "day is out of range"),
        ({"city_text": "Tokyo", "city_en": "Tokyo"}, "city_basis must be not_stated exactly"),
        ({"city_text": "Tokyo"}, "city_text and city_en"),
        ({"plover_event_type": None}, "cameo_code and plover_event_type"),
        ({"plover_event_type": "SUPPORT", "plover_mode": "visit"}, "CONSULT events only"),
        ({"parent_event_id": "evt-xyz-test"}, "its own parent"),
        ({"kind": "party"}, "Input should be"),
        ({"title_en": "Talks\u0301"}, "NFC"),
        ({"title_en": " Talks"}, "white space"),
        ({"title_en": ""}, "at least 1 character"),
        ({"event_id": "EVT-1"}, "pattern"),
    ],
)
def test_event_rules(changes, message):
    if message is None:  # a qualifier with no suffix to contradict it is the curators' reading
        assert event(**changes)
        return
    with pytest.raises(ValidationError, match=message):
        event(**changes)


def test_unknown_year_has_no_bounds_but_is_valid():
    e = event(
        date_text="ngày 28/3",
        date_edtf="XXXX-03-28",
        date_earliest=None,
        date_latest=None,
        date_precision="day_unknown_year",
    )
    assert e.date_earliest is None


def test_date_not_stated():
    e = event(
        date_text=None,
        date_edtf=None,
        date_earliest=None,
        date_latest=None,
        date_precision="unknown",
        date_qualifier="undated",
        date_basis="not_stated",
        date_note="Not given.",
    )
    assert e.date_precision == "unknown"
    check_date_layers(e)


def test_participant_id_is_composed():
    good = dict(
        participant_id="evt-a/per-b", event_id="evt-a", person_id="per-b", side="partner", role="lead", principal=True
    )
    assert Participant.model_validate(good).key == "evt-a/per-b"
    with pytest.raises(ValidationError, match="participant_id must be"):
        Participant.model_validate({**good, "participant_id": "evt-a/per-c"})
    with pytest.raises(ValidationError, match="needs a person_id or an organization_id"):
        Participant.model_validate({**good, "person_id": None})


def test_a_quote_is_named_by_where_it_is_and_matches_its_length():
    row = dict(quote_id="src-000:3-8", source_id="src-000", start=3, end=8, text="abcde")
    assert Quote.model_validate(row).end == 8
    with pytest.raises(ValidationError, match="length of the text"):
        Quote.model_validate({**row, "end": 9, "quote_id": "src-000:3-9"})
    with pytest.raises(ValidationError, match="quote_id must be source_id:start-end"):
        Quote.model_validate({**row, "quote_id": "src-000:4-9"})
    with pytest.raises(ValidationError, match="0 <= start < end"):
        Quote.model_validate({**row, "start": 9, "quote_id": "src-000:9-8", "text": "x"})


def test_shipped_evidence_names_a_passage_of_its_own_source():
    row = dict(resource="events", record_key="evt-a", field="kind", source_id="src-000", kind="quote")
    assert Evidence.model_validate({**row, "quote_id": "src-000:3-8"}).quote_id == "src-000:3-8"
    with pytest.raises(ValidationError, match="needs its quote_id"):
        Evidence.model_validate(row)
    with pytest.raises(ValidationError, match="passage of the evidence's source"):
        Evidence.model_validate({**row, "quote_id": "src-001:3-8"})
    with pytest.raises(ValidationError, match="no locator, paraphrase or terms"):
        Evidence.model_validate({**row, "quote_id": "src-000:3-8", "terms": "abc"})
    with pytest.raises(ValidationError, match="Input should be"):
        Evidence.model_validate({**row, "quote_id": "src-000:3-8", "resource": "nowhere"})


def test_records_are_frozen():
    with pytest.raises(ValidationError):
        event().kind = "visit"  # type: ignore[misc]


def test_event_and_agreement_declare_the_date_layers_alike():
    """The eight date fields are declared in both models (so that ids stay the first column); keep them equal."""
    from ict_coop.models import Agreement

    names = [n for n in Event.model_fields if n.startswith("date_")]
    assert len(names) == 8
    for name in names:
        event, agreement = Event.model_fields[name], Agreement.model_fields[name]
        assert event.annotation == agreement.annotation, name  # types and constraints
        assert event.metadata == agreement.metadata, name
        assert event.default == agreement.default, name


CITED = dict(
    resource="events",
    record_key="evt-a",
    field="date_text",
    source_id="src-w0123456789",
    kind="cited",
    locator="paragraph 1",
    paraphrase="The talks were on 8 September.",
    terms="September 8",
)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"paraphrase": None}, "needs a locator and a paraphrase"),
        ({"quote_id": "src-w0123456789:0-11"}, "no quote_id"),
        ({"terms": "x" * 101}, "at most 100 characters"),
        ({"claimed_edtf": "2016-09-08", "field": "kind"}, "belongs on a date field"),
        ({"claimed_edtf": "2016-09-31"}, "claimed_edtf is not a date that exists"),
        ({"kind": "quote"}, "needs its quote_id"),
        ({"source_id": "src-w01234"}, "pattern"),
    ],
)
def test_cited_evidence_rules(changes, message):
    assert Evidence.model_validate(CITED).kind == "cited"
    with pytest.raises(ValidationError, match=message):
        Evidence.model_validate({**CITED, **changes})


SOURCE = dict(
    source_id="src-w0123456789",
    kind="cited",
    url="https://example.org/a",
    publisher_kind="ministry_portal",
    language="en",
    published="2016-09-08",
    published_basis="inferred_from_metadata",
    part_read="the first 2,000 characters",
    read_on="2026-12-01",
    review_state="reviewed",
    curated_by="curator-1",
    curated_on="2026-12-01",
    reviewed_by="curator-2",
    reviewed_on="2026-12-02",
)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": None}, "url is set exactly for cited sources"),
        ({"file_name": "000_8f451541f6ada9f5.txt"}, "file_name is set exactly for shipped"),
        ({"published": None}, "published_basis must be not_stated"),
        ({"published_basis": "stated"}, "needs the published_text"),
        ({"reviewed_by": "curator-1"}, "must not be the curator"),
        ({"reviewed_on": None}, "review_state reviewed needs"),
        ({"curated_by": None}, "needs curated_by and curated_on"),
    ],
)
def test_source_rules(changes, message):
    from ict_coop.models import Source

    assert Source.model_validate(SOURCE).kind == "cited"
    with pytest.raises(ValidationError, match=message):
        Source.model_validate({**SOURCE, **changes})


def test_composed_ids_of_link_tables():
    from ict_coop.models import Alias, CommitmentMaker, EventPartner

    assert (
        EventPartner.model_validate(
            dict(partner_id="evt-a/JPN", event_id="evt-a", country_code="JPN", role="counterpart")
        ).key
        == "evt-a/JPN"
    )
    with pytest.raises(ValidationError, match="not both"):
        EventPartner.model_validate(
            dict(partner_id="evt-a/JPN", event_id="evt-a", country_code="JPN", organization_id="org-x", role="member")
        )
    with pytest.raises(ValidationError, match="maker_id must be"):
        CommitmentMaker.model_validate(dict(commitment_id="cmt-a", maker_id="VNM", organization_id="org-vnm-mic"))
    with pytest.raises(ValidationError, match="alias_id must be"):
        Alias.model_validate(dict(alias_id="per-a@src-000", person_id="per-b", source_id="src-000", text="B"))
