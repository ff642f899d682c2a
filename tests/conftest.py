"""Shared fixtures.

Exact figures come from ``tests/fixtures/seeds``: a small package frozen for the tests (the five
seed articles as curated for release 0.1, as curation files and the package they build).
Tests of the shipped dataset check properties only, never counts or ids, so that adding an
article never means editing a test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
#: The frozen fixture package every test with exact figures uses.
FIXTURE = REPO / "tests" / "fixtures" / "seeds"

# CI: a fixed, reproducible sample. Locally, HYPOTHESIS_PROFILE=deep searches harder.
settings.register_profile(
    "default", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "deep", max_examples=400, deadline=None, derandomize=False, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Validation stamps go to a folder of this test run (inherited by subprocesses), never to the
# user's cache: a test starts from no stamp at all.
os.environ["ICT_COOP_CACHE_DIR"] = tempfile.mkdtemp(prefix="ict-coop-stamps-")
# `load()` with no path reads the frozen fixture in every test (and subprocess): figures a test
# asserts never change when an article is added. The shipped data is read by `path=REPO` only.
os.environ["ICT_COOP_DATA_DIR"] = str(FIXTURE)


def copy_package(destination: Path, source: Path = FIXTURE) -> Path:
    """Copy a package (by default the frozen fixture: descriptor, data, seeds) into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "datapackage.json", destination / "datapackage.json")
    shutil.copytree(source / "data", destination / "data")
    shutil.copytree(source / "seeds", destination / "seeds")
    return destination


def refresh_descriptor(root: Path) -> None:
    """Recompute bytes and hashes, so that a deliberate fault is the only finding."""
    from ict_coop.schema import render_descriptor, updated_descriptor

    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    (root / "datapackage.json").write_text(render_descriptor(updated_descriptor(root, descriptor)), encoding="utf-8")


def read_table(root: Path, resource: str) -> list[dict[str, str]]:
    with (root / "data" / f"{resource}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(root: Path, resource: str, rows: list[dict[str, str]], *, refresh: bool = True) -> None:
    """Write rows back exactly in the given order (no sorting), as LF CSV."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (root / "data" / f"{resource}.csv").write_bytes(out.getvalue().encode("utf-8"))
    if refresh:
        refresh_descriptor(root)


def set_cell(root: Path, resource: str, row: int, field: str, value: str) -> None:
    """Set one cell; ``row`` counts like the findings do (header = 1, first record = 2)."""
    rows = read_table(root, resource)
    rows[row - 2][field] = value
    write_rows(root, resource, rows)


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A fresh, valid copy of the fixture package, to break on purpose."""
    return copy_package(tmp_path / "pkg")


@pytest.fixture(scope="session")
def dataset():
    """The fixture dataset (exact figures are known), loaded once."""
    from ict_coop import load

    return load(path=FIXTURE)


@pytest.fixture(scope="session")
def shipped():
    """The shipped dataset, loaded once: check properties of it, never counts or ids."""
    from ict_coop import load

    return load(path=REPO)
