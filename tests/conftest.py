"""Shared fixtures: copies of the real package that tests may break on purpose."""

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


def copy_package(destination: Path) -> Path:
    """Copy the shipped package (descriptor, data, seeds) into ``destination``."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "datapackage.json", destination / "datapackage.json")
    shutil.copytree(REPO / "data", destination / "data")
    shutil.copytree(REPO / "seeds", destination / "seeds")
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
    """A fresh, valid copy of the shipped package."""
    return copy_package(tmp_path / "pkg")


@pytest.fixture(scope="session")
def dataset():
    """The shipped dataset, loaded once."""
    from ict_coop import load

    return load()
