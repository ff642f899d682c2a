"""The models own the schema: mapper, generated files, official profile, frictionless."""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest

from ict_coop import vocab
from ict_coop.build import generated_files
from ict_coop.errors import CODES
from ict_coop.models import MODELS, Event
from ict_coop.schema import arrow_schema, table_schema
from ict_coop.validation import _profile
from tests.conftest import REPO


def fields_of(model):
    return {f["name"]: f for f in table_schema(model)["fields"]}


def test_mapper_keeps_types_constraints_and_vocabularies():
    fields = fields_of(Event)
    assert fields["date_earliest"]["type"] == "date"
    assert fields["event_id"]["constraints"] == {"required": True, "pattern": "^(evt-[a-z0-9]+(-[a-z0-9]+)*)$"}
    assert "required" not in fields["parent_event_id"].get("constraints", {})
    assert fields["kind"]["constraints"]["enum"] == [str(k) for k in vocab.EventKind]
    assert [c["value"] for c in fields["kind"]["categories"]] == [str(k) for k in vocab.EventKind]
    assert fields["cameo_code"]["constraints"]["enum"][0] == "030"  # a string: leading zeros kept
    assert fields["title_en"]["constraints"]["minLength"] == 1


def test_every_field_has_a_description_and_every_table_a_primary_key():
    for name, model in MODELS.items():
        schema = table_schema(model)
        assert schema["primaryKey"], name
        assert schema["missingValues"] == [""]
        for field in schema["fields"]:
            assert field["description"].strip(), f"{name}.{field['name']}"


def test_every_vocabulary_is_closed_in_the_descriptor():
    """Each enum-typed field lists exactly its vocabulary, as enum and as categories."""
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    checked = 0
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            if "categories" in field:
                assert field["constraints"]["enum"] == [c["value"] for c in field["categories"]]
                checked += 1
    assert checked >= 20


def test_self_references_omit_the_resource():
    fks = table_schema(Event)["foreignKeys"]
    assert {"fields": ["parent_event_id"], "reference": {"fields": ["event_id"]}} in fks


def test_arrow_schema_is_typed():
    schema = arrow_schema("events", (("package", "ict-coop"),))
    assert schema.field("date_earliest").type == pa.date32()
    assert pa.types.is_dictionary(schema.field("kind").type)
    assert schema.field("event_id").metadata[b"description"]
    assert schema.metadata[b"package"] == b"ict-coop"
    assert arrow_schema("countries").field("cow_code").type == pa.int64()


def test_generated_files_are_current():
    """Descriptor schemas, bytes and hashes, topics.csv, data dictionary and error catalogue."""
    stale = [
        str(path.relative_to(REPO))
        for path, text in generated_files(REPO).items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run `ict-coop schema --write`"


def test_error_catalogue_lists_every_code():
    text = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in text


def test_descriptor_meets_the_official_profile():
    import jsonschema

    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    assert _profile(descriptor) == []
    # in full, generated schemas included (the validator stubs those it generated itself)
    profile = json.loads((REPO / "src/ict_coop/profiles/datapackage-2.0.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(profile).iter_errors(descriptor)) == []
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for key in (
        "name",
        "title",
        "description",
        "version",
        "created",
        "licenses",
        "sources",
        "contributors",
        "keywords",
    ):
        assert descriptor[key], key
    # the package's licence is the data's; the code's (MIT) is the library's, in pyproject.toml
    assert {lic["name"] for lic in descriptor["licenses"]} == {"CC-BY-4.0"}
    assert len(descriptor["sources"]) == len(list((REPO / "seeds").glob("*.txt")))


def test_profile_catches_a_broken_descriptor():
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["licenses"] = [{"title": "neither name nor path"}]
    descriptor["resources"][0]["path"] = "../outside.csv"
    descriptor["resources"][1]["schema"]["fields"][0]["type"] = 7  # a hand-edited schema is checked in full
    found = {issue.field for issue in _profile(descriptor)}
    assert "licenses/0" in found
    assert any(f.startswith("resources/0") for f in found)
    assert any(f.startswith("resources/1/schema") for f in found)


def test_frictionless_validates_the_repository_package():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.Package(str(REPO / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_package_resaved_by_frictionless_has_no_drift(tmp_path):
    """frictionless writes self-references as "resource": "" and adds "scheme": "file": same meaning."""
    frictionless = pytest.importorskip("frictionless")
    from ict_coop import validate
    from tests.conftest import copy_package

    root = copy_package(tmp_path / "resaved")
    descriptor = root / "datapackage.json"
    before = json.loads(descriptor.read_text(encoding="utf-8"))
    frictionless.Package(str(descriptor)).to_json(str(descriptor))
    after = json.loads(descriptor.read_text(encoding="utf-8"))
    assert after != before, "frictionless no longer rewrites the descriptor: this test checks nothing"
    assert validate(root).issues == ()
    # the comparison still sees a real change of meaning
    self_key = next(
        key
        for resource in after["resources"]
        for key in resource["schema"].get("foreignKeys", [])
        if key["reference"].get("resource") == ""
    )
    self_key["reference"]["resource"] = "countries"
    descriptor.write_text(json.dumps(after), encoding="utf-8")
    assert {issue.code for issue in validate(root).issues} == {"descriptor-drift"}


def test_resource_titles_are_short_and_descriptions_plain():
    descriptor = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert len(resource["title"]) <= 40 and "`" not in resource["title"], resource["title"]
        assert "`" not in resource["description"], resource["name"]


def test_the_data_dictionary_explains_dates_and_vocabularies_once():
    from ict_coop.dates import EDTF_PATTERN
    from ict_coop.schema import data_dictionary, data_facts, table_page
    from tests.conftest import FIXTURE

    facts = data_facts(FIXTURE)
    overview = data_dictionary(facts)
    pages = {name: table_page(name, facts.get(name)) for name in MODELS}
    headings = re.findall(r"^### (\w+) \{ #(vocabulary-\w+) \}$", overview, re.M)
    assert len(headings) == len({name for name, _ in headings}), "a vocabulary is listed twice"
    anchors = {anchor for _, anchor in headings}
    for name, page in pages.items():
        assert f"[`{name}`](tables/{name}.md) | {facts[name]['rows']:,} |" in overview
        linked = set(re.findall(r"data-dictionary\.md#(vocabulary-\w+)", page))
        assert linked <= anchors, f"{name}: a link to a vocabulary the dictionary does not list"
        assert "maxLength" not in page and "20000" not in page, f"{name}: a default constraint is shown"
        assert EDTF_PATTERN not in page, f"{name}: the EDTF pattern is spelled out instead of linked"
    assert "data-dictionary.md#dates" in pages["events"]
    # an example value for every field the fixture fills, taken from its first row that has one
    example = facts["events"]["examples"]["event_id"]
    assert f"`{example}`" in pages["events"] or f"`{example[:31]}…`" in pages["events"]
