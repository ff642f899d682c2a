"""Validation stamps: a package validated once is then only read, until any file changes."""

from __future__ import annotations

import os
import sys
import time

import pytest

from ict_coop import DataValidationError, load, stamps, validate
from ict_coop import loading as loading_module
from ict_coop.loading import build_records
from ict_coop.models import MODELS
from ict_coop.reading import package_metadata, read_package, read_validated
from tests.conftest import REPO, read_table, refresh_descriptor, set_cell, write_rows

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
