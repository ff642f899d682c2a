"""Loading: typed objects and Arrow agree; working copies; errors; threads; NA stays NA."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pytest

import ict_coop
from ict_coop import (
    AgreementRecord,
    DataNotFoundError,
    DataValidationError,
    Meeting,
    UnknownResourceError,
    UnsafePathError,
    load,
)
from ict_coop.models import MODELS
from tests.conftest import read_table, set_cell, write_rows


def test_meetings_objects_and_arrow_agree_row_for_row():
    meetings = load("meetings")
    table = load("meetings", format="arrow")
    assert all(isinstance(m, Meeting) for m in meetings)
    assert [m.event_id for m in meetings] == table.column("event_id").to_pylist()
    rows = table.to_pylist()
    for meeting, row in zip(meetings, rows, strict=True):
        assert meeting.event.model_dump(mode="python") == row


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_table_objects_and_arrow_agree(name):
    records = load(name)
    if name == "agreements":  # load("agreements") is the rich view; its rows are .agreement
        records = [r.agreement for r in records]
    table = load(name, format="arrow")
    assert [r.model_dump() for r in records] == table.to_pylist()


def test_agreements_view():
    agreements = load("agreements")
    assert all(isinstance(a, AgreementRecord) for a in agreements)
    mou = next(a for a in agreements if a.agreement_id == "agr-tza-mic-micit-mou")
    assert {p.organization_id for p in mou.parties} == {"org-vnm-mic", "org-tza-micit"}
    assert mou.signed_at is not None and mou.signed_at.cameo_code == "057"
    assert mou.mentioned_at_event_ids == ("evt-tza-ccm-reception",)
    assert [c.commitment_id for c in mou.commitments] == ["cmt-tza-mou-implementation"]
    assert load("agreements", format="arrow").num_rows == len(agreements)


def test_arrow_types_and_metadata():
    table = load("events", format="arrow")
    assert table.schema.field("date_earliest").type == pa.date32()
    assert pa.types.is_dictionary(table.schema.field("kind").type)
    assert table.schema.metadata[b"version"] == ict_coop.__version__.encode()
    assert b"CC-BY-4.0" in table.schema.metadata[b"licenses"]
    assert table.schema.field("summary_en").metadata[b"description"]
    reception = table.filter(pa.compute.equal(table["event_id"], "evt-jpn-mic-reception")).to_pylist()[0]
    assert reception["date_earliest"] == dt.date(2018, 5, 2)


def test_dataset_links_resolve(dataset):
    meeting = next(m for m in dataset.meetings if m.event_id == "evt-rus-mic-trip")
    assert len(meeting.child_event_ids) == 7
    assert meeting.partner_country.name_en == "Russia"
    talks = dataset.get("events", "evt-ind-meity-talks")
    evidence = dataset.evidence_for("events", talks.event_id, "date_text")[0]
    quote = dataset.quote_for(evidence)
    assert quote.source_id == evidence.source_id
    assert dataset.source_text(quote.source_id)[quote.start : quote.end] == quote.text
    assert dataset.quote_for(evidence) is quote  # recorded once: every fact it backs names the same row
    assert dataset["events"] is dataset.events
    with pytest.raises(UnknownResourceError, match="choose one of"):
        dataset["nope"]


def test_unknown_resource_and_format():
    with pytest.raises(UnknownResourceError, match="meetings, agreements"):
        load("meeting")
    with pytest.raises(ValueError, match="format must be"):
        load("events", format="excel")  # type: ignore[arg-type]


def test_pandas_and_polars():
    pd = pytest.importorskip("pandas")
    frame = load("events", format="pandas")
    assert isinstance(frame, pd.DataFrame) and len(frame) == 24
    pl = pytest.importorskip("polars")
    assert load("events", format="polars").height == 24
    assert isinstance(load("events", format="polars"), pl.DataFrame)


def test_working_copy_by_folder_or_descriptor(package):
    assert len(load("events", path=package)) == 24
    assert len(load("events", path=package / "datapackage.json")) == 24


def test_edits_are_seen_and_bad_data_never_returned_in_part(package):
    assert len(load("events", path=package)) == 24
    set_cell(package, "events", 2, "date_earliest", "2023-02-30")
    with pytest.raises(DataValidationError) as caught:
        load("events", path=package)
    issue = caught.value.issues[0]
    assert (issue.code, issue.file, issue.row, issue.field) == ("type-error", "data/events.csv", 2, "date_earliest")
    assert "data/events.csv:2:date_earliest" in str(caught.value)


def test_namibia_is_not_null(package):
    """pyarrow's defaults would read 'NA' as null; the loader takes nulls from the schema only."""
    rows = read_table(package, "countries")
    rows.append(
        {
            "country_code": "NAM",
            "alpha2": "NA",
            "iso_numeric": "516",
            "name_en": "Namibia",
            "name_vi": "Namibia",
            "cow_code": "565",
            "gw_code": "565",
        }
    )
    write_rows(package, "countries", sorted(rows, key=lambda r: r["country_code"]))
    namibia = next(c for c in load("countries", path=package) if c.country_code == "NAM")
    assert namibia.alpha2 == "NA"
    table = load("countries", format="arrow", path=package)
    assert "NA" in table.column("alpha2").to_pylist()


def test_concurrent_loads_are_identical(package):
    def work(_):
        return [m.model_dump() for m in load("meetings", path=package)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(16)))
    assert all(r == results[0] for r in results)


def test_no_url_and_no_missing_package(tmp_path):
    with pytest.raises(UnsafePathError, match="never fetches"):
        load("events", path="https://example.org/datapackage.json")
    with pytest.raises(DataNotFoundError, match=r"no datapackage\.json"):
        load("events", path=tmp_path)


def test_env_override(package, monkeypatch):
    from ict_coop._locate import find_root

    monkeypatch.setenv("ICT_COOP_DATA_DIR", str(package))
    assert find_root() == package.resolve()
    monkeypatch.setenv("ICT_COOP_DATA_DIR", str(package / "nowhere"))
    assert find_root() != package.resolve()  # falls back to the shipped data, and says so only when none


def test_the_dataset_cannot_be_mutated(dataset):
    with pytest.raises(TypeError):
        dataset.tables["events"] = ()  # type: ignore[index]
    with pytest.raises(AttributeError):
        dataset.version = "9"  # type: ignore[misc]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_fast_built_records_equal_validated_ones(name):
    """Records are built without re-validation; each must equal the model's own validation of it."""
    from ict_coop.loading import build_records

    table = load(name if name != "agreements" else "agreements", format="arrow")
    built = build_records(name, table)
    validated = tuple(MODELS[name].model_validate(row) for row in table.to_pylist())
    assert built == validated
    for a, b in zip(built, validated, strict=True):
        assert type(a) is type(b)
        assert a.model_fields_set == b.model_fields_set or a.model_dump() == b.model_dump()
        assert {k: type(v) for k, v in a.__dict__.items()} == {k: type(v) for k, v in b.__dict__.items()}


def test_every_quote_gives_its_sentence_and_paragraph(dataset):
    """Each shipped quote lies inside its sentence, which lies inside its paragraph; cited evidence has none."""
    for evidence in dataset.evidence:
        quote = dataset.quote_for(evidence)
        sentence, paragraph = dataset.sentence_for(evidence), dataset.paragraph_for(evidence)
        if quote is None:
            assert sentence is None and paragraph is None
            continue
        assert quote.text in sentence and sentence in paragraph, evidence.key


def test_records_passed_on_are_not_checked_again(monkeypatch, package):
    """A record already made is taken as it is when it becomes a field of a view (a Meeting, an agreement).

    Checking a record costs milliseconds (the table's rules on a one-row table); the views of
    a loaded dataset hold thousands of records that were validated column-wise already.
    """
    import ict_coop.models as models

    data = ict_coop.load(path=package)
    checked = []
    original = models.check_record
    monkeypatch.setattr(models, "check_record", lambda record: (checked.append(record), original(record)))
    assert data.meetings and data.agreements
    assert checked == []
    event = data.events[0]
    with pytest.raises(ValueError, match="date_edtf"):  # a record made from values is still checked
        models.Event.model_validate({**event.__dict__, "date_edtf": "2018-02-30"})
    assert len(checked) == 1
