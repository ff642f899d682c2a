"""Validation stamps: a package validated once is then only read, until any file changes."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time

import pytest

from ict_coop import DataValidationError, _locate, load, stamps, validate
from ict_coop import loading as loading_module
from ict_coop.build import build
from ict_coop.cli import main
from ict_coop.loading import build_records
from ict_coop.models import MODELS
from ict_coop.reading import package_metadata, read_package, read_validated
from ict_coop.validation import check_and_stamp
from tests.conftest import FIXTURE, REPO, copy_package, read_table, refresh_descriptor, set_cell, write_rows

sys.path.insert(0, str(REPO / "benchmarks"))
import generate


def _age(root, seconds: float = 3600) -> None:
    """Make every file of the package older, as files are that were not just written.

    The status-change time (``ctime``) cannot be set back: it is now, so the files settle
    for :data:`stamps.SETTLE_SECONDS`, made short in these tests (see ``quick_settle``).
    """
    past = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))
    time.sleep(2 * stamps.SETTLE_SECONDS)


@pytest.fixture(autouse=True)
def quick_settle(monkeypatch):
    """Files settle in 50 ms here, not 2 s, so that a test need not wait to see a stamp."""
    monkeypatch.setattr(stamps, "SETTLE_SECONDS", 0.05)


def _forget_in_process(root) -> None:
    loading_module._loaded.pop(root.resolve(), None)
    loading_module._loaded.pop(root, None)


@pytest.fixture
def stamp_dir(tmp_path, monkeypatch):
    folder = tmp_path / "stamps"
    monkeypatch.setenv("ICT_COOP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def synthetic(tmp_path):
    """A generated package big enough for chunked reads, shared strings and null cells."""
    root = tmp_path / "synthetic"
    generate.generate(root, 300)
    _age(root)
    return root


def test_first_load_stamps_and_the_next_skips_the_check(package, stamp_dir, monkeypatch):
    _age(package)
    first = load(path=package)
    shipped_events = load("events", format="arrow")
    assert stamps.is_stamped(package, stamps.fingerprint(package))
    _forget_in_process(package)

    def no_check(*args):
        raise AssertionError("a stamped package must not be checked again")

    monkeypatch.setattr(loading_module, "check_and_stamp", no_check)
    again = load(path=package)
    assert again.tables == first.tables
    assert load("events", format="arrow", path=package).equals(shipped_events)


def test_any_change_means_a_full_check_again(package, stamp_dir):
    _age(package)
    load(path=package)
    _forget_in_process(package)
    set_cell(package, "events", 2, "country_code", "ZZZ")
    with pytest.raises(DataValidationError) as caught:
        load(path=package)
    assert {i.code for i in caught.value.issues} >= {"foreign-key"}


def test_a_changed_seed_is_seen(package, stamp_dir):
    _age(package)
    load(path=package)
    _forget_in_process(package)
    seed = next((package / "seeds").glob("*.txt"))
    seed.write_bytes(seed.read_bytes() + b"\n")
    with pytest.raises(DataValidationError) as caught:
        load(path=package)
    assert "seed-error" in {i.code for i in caught.value.issues}


def test_fresh_files_are_not_stamped(package, stamp_dir, monkeypatch):
    # files written within SETTLE_SECONDS could change again within the same clock tick
    monkeypatch.setattr(stamps, "SETTLE_SECONDS", 2.0)
    (package / "datapackage.json").touch()
    assert load(path=package) is not None
    assert not list(stamp_dir.glob("valid-*.json"))


def test_invalid_packages_are_never_stamped(package, stamp_dir):
    set_cell(package, "events", 2, "country_code", "ZZZ")
    _age(package)
    with pytest.raises(DataValidationError):
        load(path=package)
    assert not validate(package).valid
    assert not list(stamp_dir.glob("valid-*.json"))


def test_validate_stamps_and_a_new_library_ignores_old_stamps(package, stamp_dir, monkeypatch):
    _age(package)
    assert validate(package).valid
    files = stamps.fingerprint(package)
    assert stamps.is_stamped(package, files)
    monkeypatch.setattr(stamps, "library_fingerprint", lambda: "another library")
    assert not stamps.is_stamped(package, files)


def test_stamps_can_be_turned_off_and_an_unwritable_folder_only_costs_time(package, tmp_path, monkeypatch):
    _age(package)
    monkeypatch.setenv("ICT_COOP_CACHE_DIR", "off")
    assert stamps.cache_dir() is None
    assert load("events", path=package)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ICT_COOP_CACHE_DIR", str(blocker / "stamps"))
    _forget_in_process(package)
    assert load("events", path=package)
    assert not stamps.write_stamp(package, stamps.fingerprint(package), stamps.now(), {})


def test_stamped_reads_equal_checked_reads(synthetic):
    """The unchecked read of a valid file gives the very table the checking reader gives."""
    checked = read_package(synthetic)
    assert not checked.issues
    metadata = package_metadata(checked.descriptor)
    entries = {r["name"]: r for r in checked.descriptor["resources"]}
    assert checked.single_line == set(MODELS)  # no value spans lines here
    for name in MODELS:
        fast = read_validated(synthetic, name, entries[name], metadata, single_line=True)
        slow = checked.tables[name]
        assert fast.schema.equals(slow.schema, check_metadata=True), name
        assert fast.equals(slow), name


@pytest.mark.parametrize("name", ["evidence", "events", "participants", "commitments"])
def test_shared_strings_and_nulls_build_the_same_records(synthetic, name):
    table = read_validated(synthetic, name, {"path": f"data/{name}.csv"})
    built = build_records(name, table)
    assert built == tuple(MODELS[name].model_validate(row) for row in table.to_pylist())


def test_a_value_spanning_lines_is_read_whole_from_a_stamp(package, stamp_dir, monkeypatch):
    rows = read_table(package, "events")
    rows[0]["summary_en"] = "First line.\nSecond line of the same summary."
    write_rows(package, "events", rows)
    refresh_descriptor(package)
    _age(package)
    checked = load("events", format="arrow", path=package)
    assert "events" not in read_package(package).single_line
    assert "participants" in read_package(package).single_line
    _forget_in_process(package)
    monkeypatch.setattr(loading_module, "check_and_stamp", lambda *args: pytest.fail("stamped data was checked again"))
    stamped = load("events", format="arrow", path=package)
    assert stamped.equals(checked)
    assert stamped.column("summary_en")[0].as_py() == "First line.\nSecond line of the same summary."


def _flip_a_byte_keeping_size_and_times(path) -> None:
    """What a careless tool or a rotting disk does: one byte changed, size and modification time put back."""
    before = path.stat()
    data = bytearray(path.read_bytes())
    at = data.index(b"a")
    data[at : at + 1] = b"e"
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns


@pytest.mark.parametrize("relative", ["data/people.csv", "seeds/001_832d0b9617072722.txt"])
def test_a_byte_flipped_after_validation_is_never_trusted(package, stamp_dir, relative):
    _age(package)
    assert validate(package).valid
    assert stamps.is_stamped(package, stamps.fingerprint(package))
    _flip_a_byte_keeping_size_and_times(package / relative)
    assert not stamps.is_stamped(package, stamps.fingerprint(package))  # its ctime moved on
    _forget_in_process(package)
    with pytest.raises(DataValidationError) as caught:
        load("people", format="arrow", path=package)
    assert {i.code for i in caught.value.issues} & {"descriptor-drift", "seed-error"}


def test_a_table_whose_bytes_are_not_the_validated_ones_is_not_returned(package, stamp_dir, monkeypatch):
    """With ICT_COOP_VERIFY=hash even a change the status cannot see (a disk rotting under the files) is refused."""
    monkeypatch.setenv("ICT_COOP_VERIFY", "hash")
    _age(package)
    assert validate(package).valid
    looks_stamped = stamps.fingerprint(package)
    monkeypatch.setattr(stamps, "fingerprint", lambda root: looks_stamped)
    countries = package / "data" / "countries.csv"
    countries.write_bytes(countries.read_bytes().replace(b"Japan", b"Nippon"))  # the descriptor says otherwise
    _forget_in_process(package)
    with pytest.raises(DataValidationError) as caught:  # the stamp matched; the bytes did not: checked again
        load("countries", format="arrow", path=package)
    assert "descriptor-drift" in {i.code for i in caught.value.issues}
    set_cell(package, "countries", 2, "name_en", "Somewhere else")  # a valid change, descriptor refreshed
    _forget_in_process(package)
    table = load("countries", format="arrow", path=package)  # checked again: the new, valid rows
    assert table.column("name_en")[0].as_py() == "Somewhere else"


@pytest.mark.parametrize("by", ["status", "hash"])
def test_a_stamped_table_is_checked_against_the_validated_file_as_it_is_parsed(synthetic, stamp_dir, by):
    checked = read_package(synthetic)
    entry = next(r for r in checked.descriptor["resources"] if r["name"] == "events")
    path = synthetic / entry["path"]

    def expecting(value):
        return {"expected_status": value} if by == "status" else {"expected_hash": value}

    validated = stamps.status(path.stat()) if by == "status" else checked.hashes[entry["path"]]
    other = (1, 2, 3, 4) if by == "status" else "sha256:" + "0" * 64
    table = read_validated(synthetic, "events", entry, single_line=True, **expecting(validated))
    assert table.equals(checked.tables["events"])
    with pytest.raises(stamps.FileChanged):
        read_validated(synthetic, "events", entry, single_line=True, **expecting(other))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # cut mid-row, as a writer at work leaves it
    with pytest.raises(stamps.FileChanged):
        read_validated(synthetic, "events", entry, single_line=True, **expecting(validated))


# --------------------------------------------------------------------------- the shipped manifest


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """A copy of the fixture package with its manifest, standing in for the wheel's installed data."""
    root = copy_package(tmp_path / "site-packages" / "ict_coop" / "_data")
    shutil.copy2(FIXTURE / stamps.MANIFEST, root / stamps.MANIFEST)
    _age(root)
    monkeypatch.setattr(_locate, "installed_data", lambda: root.resolve())
    return root


@pytest.fixture
def checks(monkeypatch):
    """The full validations loads run, by package folder (each still runs)."""
    ran = []

    def counting(root, *args):
        ran.append(root)
        return check_and_stamp(root, *args)

    monkeypatch.setattr(loading_module, "check_and_stamp", counting)
    return ran


def test_the_installed_datas_first_load_checks_hashes_instead_of_validating(installed, stamp_dir, monkeypatch):
    monkeypatch.setattr(loading_module, "check_and_stamp", lambda *args: pytest.fail("the shipped data was validated"))
    dataset = load(path=installed)
    assert loading_module.how_checked(installed) == "shipped"
    events = load("events", format="arrow", path=installed)
    monkeypatch.undo()
    _forget_in_process(installed)
    monkeypatch.setenv("ICT_COOP_CACHE_DIR", "off")  # no stamp: a full validation, to compare with
    assert load(path=installed).tables == dataset.tables
    assert loading_module.how_checked(installed) == "validation"
    assert load("events", format="arrow", path=installed).equals(events)


def test_the_first_load_leaves_the_users_stamp_for_the_next(installed, stamp_dir, checks):
    load("countries", path=installed)
    assert stamps.is_stamped(installed, stamps.fingerprint(installed))
    _forget_in_process(installed)  # as a new process
    load("countries", path=installed)
    assert loading_module.how_checked(installed) == "stamp"
    assert checks == []


def test_with_stamps_off_every_process_checks_the_hashes_again(installed, checks, monkeypatch):
    monkeypatch.setenv("ICT_COOP_CACHE_DIR", "off")
    assert loading_module.how_checked(installed) is None
    for _ in range(2):  # two processes, as it were
        _forget_in_process(installed)
        load("countries", path=installed)
        assert loading_module.how_checked(installed) == "shipped"
    assert checks == []


def test_an_installed_file_edited_validly_is_validated_in_full_and_reported(installed, stamp_dir, checks, caplog):
    set_cell(installed, "countries", 2, "name_en", "Somewhere else")  # the descriptor refreshed: still valid
    _age(installed)
    table = load("countries", format="arrow", path=installed)
    assert table.column("name_en")[0].as_py() == "Somewhere else"
    assert loading_module.how_checked(installed) == "validation"
    assert checks == [installed]
    assert "datapackage.json differs from the file validated before it was shipped" in caplog.text


def test_an_installed_file_edited_invalidly_is_refused(installed, stamp_dir, checks, caplog):
    set_cell(installed, "events", 2, "country_code", "ZZZ")
    _age(installed)
    with pytest.raises(DataValidationError) as caught:
        load("events", format="arrow", path=installed)
    assert "foreign-key" in {i.code for i in caught.value.issues}
    assert checks == [installed]
    assert "differs from the file validated before it was shipped" in caplog.text


@pytest.mark.parametrize("change", ["another version", "a file more", "no manifest", "not json"])
def test_a_manifest_that_is_not_this_versions_for_these_files_is_not_trusted(installed, stamp_dir, checks, change):
    manifest = installed / stamps.MANIFEST
    if change == "another version":
        manifest.write_text(manifest.read_text(encoding="utf-8").replace('"0.', '"9.'), encoding="utf-8")
    elif change == "a file more":
        (installed / "seeds" / "999_extra.txt").write_text("unlisted", encoding="utf-8")
    elif change == "no manifest":
        manifest.unlink()
    else:
        manifest.write_text("{", encoding="utf-8")
    _age(installed)
    files = stamps.fingerprint(installed)
    assert stamps.shipped_stamp(installed, files) is None
    with contextlib.suppress(DataValidationError):  # an extra seed is an error; the rest is valid
        load("countries", path=installed)
    assert checks == [installed]


def test_the_hashes_are_of_the_files_with_the_status_fingerprinted(installed, stamp_dir):
    """Bytes hashed, then parsed, are the same bytes: a file written since its status was taken is not trusted."""
    files = stamps.fingerprint(installed)
    path = installed / "data" / "events.csv"
    path.write_bytes(path.read_bytes())  # the same bytes, hashing as the manifest says; a new status
    assert stamps.shipped_stamp(installed, files) is None
    assert stamps.shipped_stamp(installed, stamps.fingerprint(installed)) is not None


def test_a_manifest_in_a_users_folder_lets_nothing_skip_validation(package, stamp_dir, checks):
    """A manifest is as writable as the data beside it: outside the installed data it proves nothing."""
    set_cell(package, "events", 2, "country_code", "ZZZ")
    record = stamps.manifest_record(package, {}, stamps.validation_facts(set(MODELS)))
    (package / stamps.MANIFEST).write_text(stamps.render_manifest(record), encoding="utf-8")  # vouches for them
    _age(package)
    assert stamps.shipped_stamp(package, stamps.fingerprint(package)) is None
    with pytest.raises(DataValidationError):
        load("events", path=package)
    assert checks == [package]


def test_ict_coop_validate_checks_the_manifest_against_the_files(installed, stamp_dir, capsys):
    assert main(["validate", str(installed)]) == 0
    assert capsys.readouterr().out.startswith("valid: ")
    set_cell(installed, "countries", 2, "name_en", "Somewhere else")  # valid, but not what the manifest lists
    assert [i.code for i in validate(installed).issues] == ["manifest-mismatch"]  # the API says what the CLI says
    assert main(["validate", str(installed), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(i["code"], i["file"]) for i in report["issues"]] == [("manifest-mismatch", stamps.MANIFEST)]
    assert "(data/countries.csv, datapackage.json differ)" in report["issues"][0]["message"]
    set_cell(installed, "events", 2, "country_code", "ZZZ")  # invalid, and unlike the manifest: one finding
    assert main(["validate", str(installed), "--json"]) == 1
    assert "manifest-mismatch" not in capsys.readouterr().out


def test_ict_coop_validate_refuses_a_manifest_vouching_for_invalid_files(package, stamp_dir, capsys):
    set_cell(package, "events", 2, "country_code", "ZZZ")
    record = stamps.manifest_record(package, {}, stamps.validation_facts(set(MODELS)))
    (package / stamps.MANIFEST).write_text(stamps.render_manifest(record), encoding="utf-8")
    assert main(["validate", str(package), "--json"]) == 1
    codes = {i["code"] for i in json.loads(capsys.readouterr().out)["issues"]}
    assert codes >= {"foreign-key", "manifest-mismatch"}


@pytest.fixture
def repo(tmp_path):
    """A scratch copy of the fixture's curation files and the package they build."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    return root


def test_a_stale_manifest_fails_curate_build_check_and_the_build_mends_it(repo):
    manifest = repo / stamps.MANIFEST
    built = manifest.read_text(encoding="utf-8")
    record = json.loads(built)
    record["files"]["data/events.csv"] = "sha256:" + "0" * 64
    manifest.write_text(json.dumps(record, indent=1), encoding="utf-8")
    assert [(i.code, i.file) for i in build(repo, check=True)] == [("build-drift", stamps.MANIFEST)]
    assert build(repo) == []
    assert manifest.read_text(encoding="utf-8") == built


def test_a_build_that_does_not_validate_leaves_no_manifest(repo):
    source = repo / "curation" / "sources" / "src-002.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Chiều ngày 2/5/2018", "Chiều ngày 3/5/2018", 1), encoding="utf-8")
    assert build(repo)  # findings: the data are written, unvouched for
    assert not (repo / stamps.MANIFEST).exists()
