"""Hostile packages: validate() and load() raise nothing but the library's own exceptions.

The seeded-error corpus (``tests/corpus_hostile.py``) pins the exact findings of known faults;
here, generated descriptors stand for the faults nobody has written down yet: whatever JSON
takes the place of a property, validation returns (it never raises), every finding has a
foreseen code (never ``check-failed``, the code of a fault no check foresaw) and a file, and
``load()`` raises an :class:`~ict_coop.IctCoopError` unless the package is still valid.
"""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ict_coop import DataNotFoundError, IctCoopError, load, validate
from ict_coop.errors import MAX_LISTED
from tests.conftest import FIXTURE, copy_package, read_table, refresh_descriptor, write_rows

DESCRIPTOR = json.loads((FIXTURE / "datapackage.json").read_text(encoding="utf-8"))
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
TOP_KEYS = st.sampled_from([*DESCRIPTOR, "resources"])
COPIES = itertools.count()
RESOURCE_KEYS = st.sampled_from(["name", "path", "schema", "dialect", "encoding", "format", "bytes", "hash", "type"])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


def _validate_and_load(root):
    report = validate(root)  # never raises: a fault is a finding
    assert "check-failed" not in {i.code for i in report.issues}, [str(i) for i in report.issues]
    assert all(i.file for i in report.issues)
    if report.valid:  # a free-text property (a title) may take another text and stay valid
        assert load(path=root) is not None
    else:
        with pytest.raises(IctCoopError):
            load(path=root)


@settings(max_examples=20)
@given(key=TOP_KEYS, value=JSON)
def test_any_value_of_a_descriptor_property_is_a_finding(scratch, key, value):
    root = copy_package(scratch / f"top-{next(COPIES)}")
    descriptor = {**DESCRIPTOR, key: value}
    if descriptor == DESCRIPTOR:
        return
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    _validate_and_load(root)


@settings(max_examples=20)
@given(index=st.integers(0, len(DESCRIPTOR["resources"]) - 1), key=RESOURCE_KEYS, value=JSON)
def test_any_value_of_a_resource_property_is_a_finding(scratch, index, key, value):
    root = copy_package(scratch / f"res-{next(COPIES)}")
    resources = [dict(r) for r in DESCRIPTOR["resources"]]
    if resources[index].get(key) == value:
        return
    resources[index][key] = value
    (root / "datapackage.json").write_text(json.dumps({**DESCRIPTOR, "resources": resources}), encoding="utf-8")
    _validate_and_load(root)


@pytest.mark.parametrize("path", ["data\x00pkg", "x" * 5000, "a/" * 3000])
def test_a_path_no_file_system_takes_is_not_found_not_a_crash(path):
    with pytest.raises(DataNotFoundError):
        validate(path)
    with pytest.raises(DataNotFoundError):
        load(path=path)


def test_a_bad_merge_is_reported_in_bounded_findings_with_the_rest_counted(package):
    rows = read_table(package, "countries")
    write_rows(package, "countries", [rows[0]] * 5000 + rows[1:])
    report = validate(package)
    duplicates = [i for i in report.issues if i.code == "primary-key"]
    assert len(duplicates) == MAX_LISTED + 1
    assert [i.unlisted for i in duplicates][-1] == 4999 - MAX_LISTED
    assert report.to_dict()["count"] == len(report.issues) - 1 + (4999 - MAX_LISTED)


@pytest.mark.parametrize("resource", sorted(r["name"] for r in DESCRIPTOR["resources"]))
def test_a_table_emptied_to_its_header_is_findings_not_a_crash(scratch, resource):
    """Each table with no rows at all: the rules over it (and over the tables pointing into it) report, none fails.

    An empty column has no type of its own in Arrow (``pa.array([])`` is of type null), so a
    rule that starts from such a mask used to fail the whole check (``check-failed``).
    """
    root = copy_package(scratch / f"empty-{resource}")
    path = root / "data" / f"{resource}.csv"
    path.write_bytes(path.read_bytes().split(b"\n", 1)[0] + b"\n")
    refresh_descriptor(root)
    _validate_and_load(root)
