"""The shapes of curation: one invented cited page per shape, added to the fixture and built.

Every file under ``tests/fixtures/shapes/`` is invented test data (example.org pages, facts made
up, paraphrased, no sentence of any real page), written in the curation-file format that
``docs/curation.md`` describes; the guide quotes these files as its worked examples. For each
shape, the fixture package with that file added builds with no finding and holds the shape
truthfully; and a wrong variant, one line of the file changed, is refused with the finding code
a curator would meet. The registry entity a shape needs that the fixture lacks is in
``tests/fixtures/shapes/registry/``.
"""

from __future__ import annotations

import difflib
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from ict_coop import load, validate
from ict_coop.build import build, cited_source_id, read_yaml
from ict_coop.research import coverage, engagement_partners, happened_in
from tests.conftest import FIXTURE, REPO

SHAPES = Path(__file__).resolve().parent / "fixtures" / "shapes"
#: shapes that need another shape's file beside them (the second outlet reports the first's event)
COMPANIONS = {"conflicting-dates-b": ("conflicting-dates-a",), "conflicting-dates-a": ("conflicting-dates-b",)}


def source_id(shape: str) -> str:
    """The id (and file name) the build requires for a shape's page: from its URL."""
    return cited_source_id(read_yaml(SHAPES / f"{shape}.yaml")["source"]["url"])


def _one_line_changed(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    changed = text.replace(old, new)
    diff = [line[0] for line in difflib.ndiff(text.splitlines(), changed.splitlines()) if line[:1] in "+-"]
    assert max(diff.count("-"), diff.count("+")) == 1, "a wrong variant changes one line"
    return changed


def scratch(tmp_path: Path, shape: str, change: tuple[str, str] | None = None) -> Path:
    """A copy of the fixture with the shape's file(s) and the shapes' registry entities added."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    for path in sorted((SHAPES / "registry").glob("*/*.yaml")):  # unused entities are not shipped
        shutil.copy2(path, root / "curation" / "registry" / path.parent.name / path.name)
    for name in (shape, *COMPANIONS.get(shape, ())):
        text = (SHAPES / f"{name}.yaml").read_text(encoding="utf-8")
        if name == shape and change is not None:
            text = _one_line_changed(text, *change)
        (root / "curation" / "sources" / f"{source_id(name)}.yaml").write_text(text, encoding="utf-8")
    return root


def built(tmp_path: Path, shape: str):
    """The dataset the fixture plus the shape builds: no finding, valid, loaded."""
    root = scratch(tmp_path, shape)
    assert build(root) == []
    assert validate(root).valid
    return load(path=root)


@pytest.fixture(scope="module")
def base() -> dict:
    """What the fixture alone covers, to compare with."""
    return coverage(load(path=FIXTURE))


def meeting(data, event_id: str):
    return next(m for m in data.meetings if m.event_id == event_id)


def agreement(data, agreement_id: str):
    return next(a for a in data.agreements if a.agreement_id == agreement_id)


def principals(found) -> dict[str, str]:
    """side -> the principal's person id (or organisation id)."""
    return {str(p.side): p.person_id or p.organization_id for p in found.participants if p.principal}


def makers(data, commitment_id: str) -> set[str]:
    return {m.maker_id for m in data.tables["commitment_makers"] if m.commitment_id == commitment_id}


# --------------------------------------------------------------------------- each shape builds, truthfully


def test_a_bilateral_reception(tmp_path, base):
    data = built(tmp_path, "reception")
    found = meeting(data, "evt-khm-2023-03-14-mic-mpt-reception")
    event = found.event
    assert (event.kind, event.direction, event.cameo_code, event.plover_mode) == (
        "reception",
        "inbound",
        "043",
        "visit",
    )
    assert (event.country_code, event.country_basis, event.city_text, event.city_basis) == (
        "VNM",
        "inferred_from_context",
        "Hà Nội",
        "stated",
    )
    assert (event.date_edtf, event.date_basis, event.date_earliest) == ("2023-03-14", "stated", date(2023, 3, 14))
    assert [(p.organization_id, p.role) for p in found.partners] == [("org-khm-mpt", "counterpart")]
    assert found.partner_country.country_code == "KHM"
    assert principals(found) == {"viet_nam": "per-nguyen-manh-hung", "partner": "per-chea-vandeth"}
    statuses = {c.commitment_id: c.status for c in found.commitments}
    assert statuses == {
        "cmt-khm-2023-03-14-digital-skills-training": "undertaking",  # "nhất trí"
        "cmt-khm-2023-03-14-postal-experience": "offer",  # "sẵn sàng"
    }
    assert makers(data, "cmt-khm-2023-03-14-digital-skills-training") == {"org-vnm-mic", "org-khm-mpt"}
    assert makers(data, "cmt-khm-2023-03-14-postal-experience") == {"org-vnm-mic"}
    source = data.get("sources", source_id("reception"))
    assert source.review_state == "reviewed" and source.reviewed_by != source.curated_by
    assert coverage(data)["engagements"] == base["engagements"] + 1


def test_a_trip_with_sessions_is_one_engagement(tmp_path, base):
    data = built(tmp_path, "trip-with-sessions")
    trip_id = "evt-jpn-2019-06-10-mic-delegation-visit"
    sessions = {"evt-jpn-2019-06-11-mic-mic-talks", "evt-jpn-2019-06-12-mic-nhk-working-session"}
    trip = meeting(data, trip_id)
    assert trip.event.kind == "visit" and trip.event.direction == "outbound" and trip.event.cameo_code == "042"
    assert set(trip.child_event_ids) == sessions
    assert trip_id in data.engagement_ids and not sessions & set(data.engagement_ids)
    for session_id in sessions:
        session = meeting(data, session_id).event
        assert session.parent_event_id == trip_id and session.reported_as == "occurred"
        assert session.date_basis == "inferred_from_context" and "2019" in session.date_note
        assert trip.event.date_earliest <= session.date_earliest <= session.date_latest <= trip.event.date_latest
    # the sessions' partners (a ministry, a broadcaster) are Japan's: one partner for one engagement
    assert engagement_partners(data)[trip_id] == ("JPN",)
    assert coverage(data)["engagements"] == base["engagements"] + 1


def test_a_call_with_a_remotely_signed_mou(tmp_path):
    data = built(tmp_path, "call-remote-signing")
    event_id = "evt-ind-2020-11-25-mic-meity-video-call"
    call = meeting(data, event_id)
    event = call.event
    assert (event.kind, event.direction, event.cameo_code, event.plover_mode) == ("call", "remote", "041", "phone")
    assert (event.country_code, event.country_basis, event.city_basis) == (None, "not_stated", "not_stated")
    mou = agreement(data, "agr-ind-2020-mic-meity-digital-technologies-mou")
    assert mou.agreement.status == "signed" and mou.signed_at.event_id == event_id
    assert mou.agreement.signed_country_code is None  # signed remotely: no one place of signature
    assert mou.agreement.agreement_id in call.agreement_ids
    assert {(p.organization_id, p.signatory_person_id) for p in mou.parties} == {
        ("org-vnm-mic", "per-nguyen-manh-hung"),
        ("org-ind-meity", "per-ravi-shankar-prasad"),
    }
    assert principals(call) == {"viet_nam": "per-nguyen-manh-hung", "partner": "per-ravi-shankar-prasad"}
    deputy = next(p for p in call.participants if p.person_id == "per-phan-tam")
    assert (deputy.role, deputy.principal) == ("member", False)


def test_a_multilateral_meeting_is_one_engagement_with_the_body_as_partner(tmp_path, base):
    data = built(tmp_path, "multilateral-meeting")
    event_id = "evt-asean-2019-10-18-ict-ministers-meeting"
    found = meeting(data, event_id)
    assert found.event.kind == "multilateral_meeting" and found.event.plover_mode == "multilateral"
    roles = sorted((str(p.role), p.organization_id or p.country_code) for p in found.partners)
    assert roles == [("convener", "org-int-asean"), ("member", "KHM"), ("member", "LAO"), ("member", "THA")]
    assert found.is_engagement and found.partner_country is None  # no counterpart state
    assert engagement_partners(data)[event_id] == ("org-int-asean",)  # the members are not counted
    after = coverage(data)
    assert after["engagements"] == base["engagements"] + 1
    assert after["partners"] == base["partners"] + 1
    counted = {row["partner"]: row["engagements"] for row in after["by_partner"]}
    assert counted["org-int-asean"] == 1
    before = {row["partner"]: row["engagements"] for row in base["by_partner"]}
    assert all(counted.get(code) == before.get(code) for code in ("KHM", "LAO", "THA"))


def test_a_company_counterpart_and_a_department_signing(tmp_path):
    data = built(tmp_path, "company-counterpart")
    event_id = "evt-rus-2019-08-20-ais-kaspersky-mou-signing"
    found = meeting(data, event_id)
    assert (found.event.kind, found.event.cameo_code, found.event.plover_event_type) == ("signing", "057", "SUPPORT")
    [partner] = found.partners
    assert (partner.organization_id, partner.country_code, partner.role) == ("org-rus-kaspersky", None, "counterpart")
    company = data.get("organizations", "org-rus-kaspersky")
    assert (company.kind, company.country_code) == ("company", "RUS")
    assert data.counterpart_countries[event_id] == ("RUS",)  # from the registry, never typed in the source
    assert found.partner_country.country_code == "RUS"
    department = data.get("organizations", "org-vnm-ais")
    assert (department.kind, department.parent_organization_id) == ("government_department", "org-vnm-mic")
    assert data.evidence_for("organizations", "org-vnm-ais", "parent_organization_id")
    assert principals(found) == {"viet_nam": "org-vnm-ais", "partner": "org-rus-kaspersky"}
    mou = agreement(data, "agr-rus-2019-ais-kaspersky-mou")
    assert {p.organization_id for p in mou.parties} == {"org-vnm-ais", "org-rus-kaspersky"}
    assert mou.signed_at.event_id == event_id and mou.agreement.signed_country_code == "VNM"


def test_an_agreement_with_no_meeting(tmp_path, base):
    data = built(tmp_path, "agreement-without-meeting")
    assert len(data.tables["events"]) == base["events"]  # nothing invented to hang it on
    mou = agreement(data, "agr-jpn-2020-mic-mic-postal-mou")
    assert mou.agreement.status == "signed" and mou.signed_at is None and mou.mentioned_at_event_ids == ()
    assert (mou.agreement.date_edtf, mou.agreement.date_basis) == ("2020-08-05", "stated")
    assert {p.organization_id for p in mou.parties} == {"org-vnm-mic", "org-jpn-mic"}
    after = coverage(data)
    assert (after["engagements"], after["agreements"]) == (base["engagements"], base["agreements"] + 1)


def test_a_planned_agreement(tmp_path):
    data = built(tmp_path, "planned-agreement")
    event_id = "evt-rus-2021-04-07-mintsifry-delegation-reception"
    mou = agreement(data, "agr-rus-2021-mic-mintsifry-digital-transformation-mou")
    assert mou.agreement.status == "planned" and mou.signed_at is None
    assert (mou.agreement.date_edtf, mou.agreement.date_qualifier, mou.agreement.date_precision) == (
        None,
        "undated",
        "unknown",
    )
    assert mou.mentioned_at_event_ids == (event_id,)
    found = meeting(data, event_id)
    assert {c.commitment_id: c.status for c in found.commitments} == {
        "cmt-rus-2021-04-07-sign-dx-mou": "undertaking",  # "nhất trí"
        "cmt-rus-2021-04-07-russian-wish-startups": "wish",  # "mong muốn"
    }
    lead = next(p for p in found.participants if p.side == "partner")
    assert (lead.person_id, lead.organization_id, lead.title_text) == (None, "org-rus-mintsifry", "Thứ trưởng")


def test_a_headline_that_overstates(tmp_path):
    data = built(tmp_path, "overstating-headline")
    source = data.get("sources", source_id("overstating-headline"))
    assert "sign" in source.title  # kept verbatim, as the bibliographic title
    assert "headline" in source.headline_note and "draft" in source.headline_note
    event_id = "evt-tza-2023-09-12-mic-micit-talks"
    found = meeting(data, event_id)
    assert (found.event.kind, found.event.cameo_code) == ("talks", "046")  # what the text reports
    mou = agreement(data, "agr-tza-2023-mic-micit-digital-transformation-mou")
    assert mou.agreement.status == "planned" and mou.signed_at is None
    assert not [a for a in data.agreements if a.signed_at is not None and a.signed_at.event_id == event_id]


def test_two_outlets_that_disagree_on_a_date(tmp_path, base):
    data = built(tmp_path, "conflicting-dates-a")
    event_id = "evt-upu-2017-03-director-general-reception"
    claims = {e.source_id: e.claimed_edtf for e in data.evidence_for("events", event_id, "date_text")}
    assert claims == {source_id("conflicting-dates-a"): "2017-03-03", source_id("conflicting-dates-b"): "2017-03-10"}
    event = data.get("events", event_id)
    assert (event.date_edtf, event.date_qualifier, event.date_precision) == (
        "[2017-03-03..2017-03-10]",
        "uncertain",
        "range",
    )
    assert event.date_earliest <= date(2017, 3, 3) and date(2017, 3, 10) <= event.date_latest  # both claims inside
    assert "10 March" in event.date_note and "3 March" in event.date_note
    after = coverage(data)
    assert after["engagements"] == base["engagements"] + 1  # one event, two sources: never split
    assert after["engagements_with_two_or_more_sources"] == base["engagements_with_two_or_more_sources"] + 1


def test_a_year_inferred_from_an_event_name(tmp_path):
    data = built(tmp_path, "year-from-event-name")
    event = data.get("events", "evt-itu-2018-10-30-pp18-sideline-meeting")
    assert (event.date_text, event.date_edtf, event.date_basis) == (
        "On October 30",
        "2018-10-30",
        "inferred_from_context",
    )
    assert "PP-18" in event.date_note
    source = data.get("sources", source_id("year-from-event-name"))
    assert (source.published, source.published_basis) == (None, "not_stated")  # no dateline to take it from
    assert (event.direction, event.country_code, event.cameo_code, event.plover_mode) == (
        "third_country",
        "ARE",
        "044",
        "third-party",
    )
    assert event.parent_event_id is None and event.event_id in data.engagement_ids  # a sideline is its own


def test_a_deputy_minister_meeting_from_an_english_source(tmp_path):
    data = built(tmp_path, "deputy-minister-english")
    found = meeting(data, "evt-itu-2019-07-16-bdt-director-reception")
    assert principals(found) == {"viet_nam": "per-phan-tam", "partner": "per-doreen-bogdan-martin"}
    deputy = next(p for p in found.participants if p.person_id == "per-phan-tam")
    assert deputy.title_text == "Deputy Minister of Information and Communications"
    assert {p.person_id for p in found.participants if p.side == "viet_nam"} == {"per-phan-tam"}
    sid = source_id("deputy-minister-english")
    assert data.get("sources", sid).language == "en"
    assert data.get("aliases", f"per-phan-tam@{sid}").text == "Phan Tam"  # the registry writes Phan Tâm
    assert data.get("people", "per-phan-tam").name == "Phan Tâm"
    [proposal] = found.commitments
    assert proposal.status == "proposal" and makers(data, proposal.commitment_id) == {"org-int-itu"}


def test_a_year_from_outside_knowledge(tmp_path, base):
    data = built(tmp_path, "outside-knowledge")
    event = data.get("events", "evt-apt-2019-06-12-secretary-general-reception")
    assert (event.date_text, event.date_edtf, event.date_basis) == ("Ngày 12/6", "2019-06-12", "external")
    [known] = [k for k in data.tables["outside_knowledge"] if k.record_key == event.event_id]
    assert (known.field, known.confidence) == ("date_edtf", "medium") and known.references.startswith("https://")
    assert happened_in(event, 2019) == "certain"
    after = coverage(data)
    assert after["certain_year"]["external"] == base["certain_year"]["external"] + 1


# --------------------------------------------------------------------------- a wrong variant is refused

WRONG = [
    pytest.param(
        "reception",
        "    city_text: Hà Nội\n",
        "    city_text: Hanoi\n",
        "text-not-in-quote",
        "reception",
        id="reception: a translated city is not verbatim",
    ),
    pytest.param(
        "trip-with-sessions",
        "    date_edtf: 2019-06-12\n",
        "    date_edtf: 2019-06-14\n",
        "parent-bounds",
        "trip-with-sessions",
        id="trip: a session dated after the trip ended",
    ),
    pytest.param(
        "call-remote-signing",
        "        principal: false\n",
        "        principal: true\n",
        "principal-conflict",
        "call-remote-signing",
        id="call: two principals on one side",
    ),
    pytest.param(
        "multilateral-meeting",
        '        evidence: {country_code: {at: "paragraph 2", says: "Thailand\'s minister attended.",'
        ' terms: "Thailand"}}\n',
        "",
        "missing-evidence",
        "multilateral-meeting",
        id="multilateral: a member state the page does not name",
    ),
    pytest.param(
        "company-counterpart",
        "        role: counterpart\n",
        "        role: counterpart\n        country_code: RUS\n",
        "rule-error",
        "company-counterpart",
        id="company: its country typed beside its id",
    ),
    pytest.param(
        "agreement-without-meeting",
        "    # no signed_at_event_id: the page reports no signing ceremony or meeting\n",
        "    signed_at_event_id: evt-jpn-2020-08-05-mou-signing\n",
        "foreign-key",
        "agreement-without-meeting",
        id="agreement: a signing event nobody recorded",
    ),
    pytest.param(
        "planned-agreement",
        "    # planned: no signed_at_event_id, no date of signature (undated)\n",
        "    signed_at_event_id: evt-rus-2021-04-07-mintsifry-delegation-reception\n",
        "rule-error",
        "planned-agreement",
        id="planned: given a signing event",
    ),
    pytest.param(
        "overstating-headline",
        "    status: planned\n",
        "    status: planned\n    signed_at_event_id: evt-tza-2023-09-12-mic-micit-talks\n",
        "rule-error",
        "overstating-headline",
        id="headline: believed, the talks made the signing of a planned MoU",
    ),
    pytest.param(
        "conflicting-dates-a",
        '    date_edtf: "[2017-03-03..2017-03-10]"\n',
        "    date_edtf: 2017-03-03\n",
        "date-claim-outside",
        "conflicting-dates-b",
        id="disagreeing dates: bounds that leave one claim out",
    ),
    pytest.param(
        "year-from-event-name",
        "    date_basis: inferred_from_context\n",
        "    date_basis: stated\n",
        "rule-error",
        "year-from-event-name",
        id="PP-18: a year marked stated that the text does not write",
    ),
    pytest.param(
        "deputy-minister-english",
        "        title_text: Deputy Minister of Information and Communications\n",
        "        title_text: Thứ trưởng\n",
        "text-not-in-quote",
        "deputy-minister-english",
        id="deputy minister: a title translated back, not as the English page writes it",
    ),
    pytest.param(
        "outside-knowledge",
        "      date_edtf: {outside: ",
        "      # date_edtf: {outside: ",
        "missing-outside-knowledge",
        "outside-knowledge",
        id="outside knowledge: an external basis without its outside item",
    ),
]


@pytest.mark.parametrize(("shape", "old", "new", "code", "at"), WRONG)
def test_a_wrong_variant_is_refused(tmp_path, shape, old, new, code, at):
    found = build(scratch(tmp_path, shape, (old, new)), dry_run=True)
    assert found and {i.code for i in found} == {code}, [(i.code, i.message) for i in found]
    assert {i.file for i in found} == {f"curation/sources/{source_id(at)}.yaml"}  # named at the file to fix
    assert all(i.row for i in found)  # and its line


# --------------------------------------------------------------------------- what the model does not refuse (yet)


def test_a_member_state_made_a_counterpart_is_refused(tmp_path):
    change = (
        "      - country_code: THA\n        role: member\n",
        "      - country_code: THA\n        role: counterpart\n",
    )
    assert {i.code for i in build(scratch(tmp_path, "multilateral-meeting", change), dry_run=True)} == {"partner-roles"}


def test_a_headline_believed_as_a_signed_agreement_is_refused(tmp_path):
    change = ("    status: planned\n", "    status: signed\n")
    assert {i.code for i in build(scratch(tmp_path, "overstating-headline", change), dry_run=True)} == {"rule-error"}


# --------------------------------------------------------------------------- the guide quotes these files


def test_the_curation_guide_quotes_the_tested_files_verbatim():
    """Every excerpt in docs/curation.md is a run of lines of the file it names (``# ...`` elides)."""
    guide = (REPO / "docs" / "curation.md").read_text(encoding="utf-8")
    excerpts = re.findall(r"<!-- excerpt: (\S+) -->\n```yaml\n(.*?)```", guide, re.S)
    named = {path for path, _ in excerpts}
    assert {f"tests/fixtures/shapes/{p.name}" for p in SHAPES.glob("*.yaml")} <= named
    for path, block in excerpts:
        text = (REPO / path).read_text(encoding="utf-8")
        for chunk in re.split(r"^ *# \.\.\.\n", block, flags=re.M):
            assert chunk in text, f"{path}: {chunk[:80]!r}"
