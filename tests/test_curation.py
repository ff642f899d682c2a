"""The curation build: curation files in, a valid package out, every problem at its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ict_coop import validate
from ict_coop.build import build, read_yaml
from ict_coop.cli import main
from tests.conftest import FIXTURE, read_table

ARTICLE = """\
# A cited page written for this test: an invented reception, paraphrased.
source:
  url: https://example.org/news/minister-receives-ambassador
  kind: cited
  outlet: Example News
  publisher_kind: national_media
  language: en
  title: Minister receives ambassador
  published: 2019-04-02
  published_basis: stated
  published_text: "02/04/2019"
  part_read: the whole page as saved for the test
  read_on: 2026-12-01
review:
  state: curated
  curated_by: test-curator
  curated_on: 2026-12-01
names:
  per-truong-minh-tuan: Truong Minh Tuan
  org-vnm-mic: Ministry of Information and Communications
  org-jpn-mic: "Ministry of Internal Affairs and Communications"
events:
  - event_id: evt-jpn-2019-04-01-test-reception
    kind: reception
    reported_as: occurred
    title_en: The minister receives a Japanese delegation (test)
    summary_en: An invented reception used to test the build.
    direction: inbound
    country_code: VNM
    country_basis: inferred_from_context
    city_basis: not_stated
    place_note: A reception by the minister, so in Viet Nam.
    date_text: "April 1, 2019"
    date_edtf: 2019-04-01
    date_basis: stated
    date_qualifier: exact
    cameo_code: "043"
    plover_event_type: CONSULT
    plover_mode: visit
    plover_contexts: [technology]
    evidence:
      kind: {at: headline, says: "The minister received the delegation."}
      date_text: {at: paragraph 1, says: "It was on 1 April 2019.", terms: "April 1, 2019", edtf: 2019-04-01}
    partners:
      - organization_id: org-jpn-mic
        role: counterpart
        evidence:
          organization_id:
            {at: headline, says: "The visitors came from Japan's ministry.",
             terms: "Ministry of Internal Affairs and Communications"}
    participants:
      - person_id: per-truong-minh-tuan
        organization_id: org-vnm-mic
        side: viet_nam
        role: host
        principal: true
        evidence:
          role: {at: headline, says: "The minister hosted."}
      - organization_id: org-jpn-mic
        side: partner
        role: lead
        evidence:
          role: {at: paragraph 1, says: "The ministry's delegation was received."}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A scratch copy of the fixture's curation files and the package they build."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    return root


def _add(root: Path, text: str) -> Path:
    from ict_coop.build import cited_source_id

    path = (
        root
        / "curation"
        / "sources"
        / f"{cited_source_id('https://example.org/news/minister-receives-ambassador')}.yaml"
    )
    path.write_text(text, encoding="utf-8")
    return path


def test_the_committed_fixture_is_what_its_curation_files_build(repo):
    assert build(repo, check=True) == []


def test_one_more_article_builds_and_validates_without_editing_anything_else(repo):
    events_before = len(read_table(repo, "events"))
    path = _add(repo, ARTICLE)
    assert build(repo) == []
    assert validate(repo).valid
    assert len(read_table(repo, "events")) == events_before + 1
    ids = {r["source_id"]: r for r in read_table(repo, "sources")}
    assert ids[path.stem]["url"] == "https://example.org/news/minister-receives-ambassador"
    assert build(repo, check=True) == []


def test_every_scalar_stays_a_string(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 040\nb: NO\nc: 2018-05-02\nd: 1e3\ne: true\nf: ~\n", encoding="utf-8")
    assert dict(read_yaml(path)) == {"a": "040", "b": "NO", "c": "2018-05-02", "d": "1e3", "e": "true", "f": "~"}


def _findings(root: Path) -> list:
    return build(root, dry_run=True)


def test_a_misspelt_quote_names_its_file_line_and_the_nearest_passage(repo):
    path = repo / "curation" / "sources" / "src-002.yaml"
    text = path.read_text(encoding="utf-8")
    quote = "    date_text: Chiều ngày 2/5/2018, tại"
    assert quote in text
    path.write_text(text.replace(quote, quote.replace("2/5", "3/5"), 1), encoding="utf-8")
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "3/5/2018" in row)
    found = _findings(repo)
    assert [i.code for i in found] == ["quote-mismatch"]  # one mistake, one message
    assert (found[0].file, found[0].row) == ("curation/sources/src-002.yaml", line)
    assert "2/5/2018" in found[0].message  # the nearest passage of the source, as text


def test_a_broken_date_names_its_file_line_and_field(repo):
    path = _add(repo, ARTICLE.replace("    date_edtf: 2019-04-01\n", "    date_edtf: 2019-04-31\n"))
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "2019-04-31" in row)
    found = _findings(repo)
    assert [(i.file, i.row, i.field) for i in found] == [(path.relative_to(repo).as_posix(), line, "date_edtf")]


def test_one_id_for_two_things_is_a_collision_naming_both_files(repo):
    _add(repo, ARTICLE.replace("evt-jpn-2019-04-01-test-reception", "evt-jpn-mic-reception"))
    found = [i for i in _findings(repo) if i.code == "duplicate-id"]
    assert found and "src-002.yaml" in found[0].message


def test_a_file_not_named_after_its_id_and_an_unknown_section_are_refused(repo):
    path = _add(repo, ARTICLE + "draft:\n  leftover: yes\n")
    path.rename(path.with_name("my-article.yaml"))
    codes = [(i.code, i.file) for i in _findings(repo)]
    assert ("curation-error", "curation/sources/my-article.yaml") in codes
    assert sum(1 for code, _ in codes if code == "curation-error") >= 2


def test_a_hand_edited_table_is_build_drift(repo, capsys):
    events = repo / "data" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("Talks", "Talk", 1), encoding="utf-8")
    drift = [i for i in build(repo, check=True) if i.code == "build-drift"]
    assert [i.file for i in drift] == ["data/events.csv"]
    assert main(["curate", "build", "--check", "--path", str(repo)]) == 1
    assert "build-drift" in capsys.readouterr().out
    assert main(["curate", "build", "--path", str(repo)]) == 0
    assert main(["curate", "build", "--check", "--path", str(repo)]) == 0


def test_outside_knowledge_is_kept_apart_and_required_for_an_external_basis(repo):
    external = ARTICLE.replace(
        "    date_basis: stated\n", "    date_basis: external\n    date_note: From outside knowledge.\n"
    )
    _add(repo, external)
    assert "missing-outside-knowledge" in {i.code for i in _findings(repo)}
    with_outside = external.replace(
        '      date_text: {at: paragraph 1, says: "It was on 1 April 2019.", terms: "April 1, 2019", '
        "edtf: 2019-04-01}\n",
        '      date_text: {at: paragraph 1, says: "It was on 1 April.", terms: "April 1, 2019"}\n'
        '      date_edtf: {outside: "The series met in 2019.", confidence: medium, references: [https://example.org/x]}\n',
    )
    _add(repo, with_outside)
    assert _findings(repo) == []
    build(repo)
    rows = read_table(repo, "outside_knowledge")
    assert [(r["record_key"], r["field"], r["confidence"]) for r in rows] == [
        ("evt-jpn-2019-04-01-test-reception", "date_edtf", "medium")
    ]


def test_conflicting_claims_must_be_covered_by_the_bounds(repo):
    claim = ARTICLE.replace("edtf: 2019-04-01}", "edtf: 2019-04-08}")
    _add(repo, claim)
    assert "date-claim-outside" in {i.code for i in _findings(repo)}


def test_draft_from_a_saved_page_never_copies_its_sentences(repo, tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text(
        "Minister Truong Minh Tuan receives Japanese delegation\n\n"
        "On March 21, 2019, Minister Truong Minh Tuan received a delegation of the Ministry of Internal Affairs "
        "and Communications of Japan in Hanoi and the two sides discussed smart cities at length.\n",
        encoding="utf-8",
    )
    assert main(["curate", "new", "--url", "https://example.org/p", "--text", str(page), "--path", str(repo)]) == 0
    from ict_coop.build import cited_source_id

    draft = (repo / "curation" / "sources" / f"{cited_source_id('https://example.org/p')}.yaml").read_text("utf-8")
    assert "2019-03-21" in draft and "the two sides discussed smart cities" not in draft
    assert _findings(repo)  # a draft does not validate until a curator confirms it


def test_a_page_example_that_raises_is_refused_unless_it_shows_the_error(repo):
    """A regenerated page never prints an error nobody meant to show (`doc-example`)."""
    page = repo / "docs" / "tutorial.md"
    page.parent.mkdir()
    meant = ">>> {}['missing']\nTraceback (most recent call last):\n    ...\nKeyError: 'missing'\n"
    page.write_text(
        f"# Tutorial\n\n```pycon\n{meant}>>> from ict_coop import load\n>>> load().nope\n```\n", encoding="utf-8"
    )
    found = [(i.code, i.file, i.row) for i in _findings(repo)]
    assert found == [("doc-example", "docs/tutorial.md", 9)]  # the line of `load().nope`
    page.write_text(f"# Tutorial\n\n```pycon\n{meant}```\n", encoding="utf-8")
    assert _findings(repo) == []
